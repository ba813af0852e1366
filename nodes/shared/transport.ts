/**
 * The only module that does HTTP. Every call to the Azure AI Foundry fine-tuning and files API goes through
 * {@link apiRequest}: it resolves the URL from the credential (endpoint.ts), authenticates through the
 * credential's `authenticate`, and turns any failure into a NodeApiError that shows the API's own error.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';
import { CredentialSettingError, resolveApiTarget } from './endpoint';
import { describeApiFailure, type ApiFailure } from './apiError';

/** Contexts that may call the API: node execution, polling trigger, resource-locator search. */
export type ApiContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, e.g. `/fine_tuning/jobs/ftjob-abc`. IDs in it must be checked (validation.ts) first. */
	path: string;
	qs?: IDataObject;
	/** JSON body, or a multipart FormData for uploads. */
	body?: IDataObject | FormData;
	/** Return the raw bytes (file downloads) instead of parsed JSON. */
	raw?: boolean;
	/** Per-request timeout in milliseconds (default {@link DEFAULT_TIMEOUT_MS}). */
	timeoutMs?: number;
}

/** Default per-request timeout: 60 000 ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Sends one request to the API.
 *
 * @returns the parsed JSON body (`T`), or a Buffer when `raw` is set.
 * @throws NodeOperationError when the credential's endpoint or API version is unusable (nothing is sent);
 *   NodeApiError for any HTTP status outside 2xx, with the API's `error.code`, `error.message` and `error.param`,
 *   the HTTP status and Azure's `apim-request-id` (see apiError.ts); NodeApiError for network failures.
 */
export async function apiRequest<T = IDataObject>(this: ApiContext, request: ApiRequest): Promise<T> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	let target;
	try {
		target = resolveApiTarget(credentials, request.path);
	} catch (error) {
		if (error instanceof CredentialSettingError) {
			throw new NodeOperationError(this.getNode(), `Credential "${error.field}" is not usable`, {
				description: error.message,
			});
		}
		throw error;
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url: target.url,
		qs: { ...request.qs, ...target.qs },
		body: request.body as IHttpRequestOptions['body'],
		json: !(request.body instanceof FormData),
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options);
	} catch (error) {
		throw new NodeApiError(this.getNode(), error as JsonObject, {
			message: `The request to Azure failed before an answer arrived: ${(error as Error).message}`,
		});
	}
	const bytes = toBuffer(response.body);
	if (response.statusCode >= 200 && response.statusCode < 300) {
		if (request.raw) return bytes as T;
		return parseJsonBody(this, bytes, response.statusCode) as T;
	}
	throw failureToError(this, {
		status: response.statusCode,
		body: bytes.toString('utf8'),
		requestId: headerValue(response.headers, 'apim-request-id'),
	});
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(JSON.stringify(body ?? ''), 'utf8');
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return typeof value === 'string' && value ? value : undefined;
}

function parseJsonBody(ctx: ApiContext, bytes: Buffer, status: number): unknown {
	if (bytes.length === 0) return {};
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		throw failureToError(ctx, { status, body: bytes.toString('utf8'), unreadableSuccess: true });
	}
}

function failureToError(ctx: ApiContext, failure: ApiFailure): NodeApiError {
	const described = describeApiFailure(failure);
	const error = new NodeApiError(ctx.getNode(), (described.apiError ?? {}) as JsonObject, {
		message: described.message,
		description: described.description,
		httpCode: String(failure.status),
	});
	// Kept for continue-on-fail output (router.ts) and for callers that react to a specific API code.
	error.context.apiError = { ...described.apiError, status: failure.status, requestId: failure.requestId };
	return error;
}
