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
	body?: Record<string, unknown> | FormData;
	/** Per-request timeout in milliseconds (default {@link DEFAULT_TIMEOUT_MS}). */
	timeoutMs?: number;
}

/** Default per-request timeout: 60 000 ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Sends one request to the API.
 *
 * @returns the parsed JSON body.
 * @throws NodeOperationError when the credential's endpoint or API version is unusable (nothing is sent);
 *   NodeApiError for any HTTP status outside 2xx, with the API's `error.code`, `error.message` and `error.param`,
 *   the HTTP status and Azure's `apim-request-id` (see apiError.ts); NodeApiError for network failures.
 */
export async function apiRequest(this: ApiContext, request: ApiRequest): Promise<IDataObject> {
	const bytes = await send(this, request);
	try {
		return bytes.length ? (JSON.parse(bytes.toString('utf8')) as IDataObject) : {};
	} catch {
		throw failureToError(this, { status: 200, body: bytes.toString('utf8'), unreadableSuccess: true });
	}
}

/** Like {@link apiRequest} but returns the raw response bytes (file content downloads). */
export async function apiDownload(this: ApiContext, request: ApiRequest): Promise<Buffer> {
	return await send(this, request);
}

/** Sends the request; resolves with the body bytes of a 2xx answer, else throws the API's error. */
async function send(ctx: ApiContext, request: ApiRequest): Promise<Buffer> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	let target;
	try {
		target = resolveApiTarget(credentials, request.path);
	} catch (error) {
		if (error instanceof CredentialSettingError) {
			throw new NodeOperationError(ctx.getNode(), `Credential "${error.field}" is not usable`, {
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
		response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
	} catch (error) {
		throw networkError(ctx, error);
	}
	const bytes = toBuffer(response.body);
	if (response.statusCode >= 200 && response.statusCode < 300) return bytes;
	throw failureToError(ctx, {
		status: response.statusCode,
		body: bytes.toString('utf8'),
		requestId: headerValue(response.headers, 'apim-request-id'),
	});
}

/**
 * A request that got no HTTP answer (refused, reset, timed out). The original error is not attached: its request
 * config holds the api-key header, and n8n saves an error's properties with the execution.
 */
function networkError(ctx: ApiContext, error: unknown): NodeApiError {
	const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
	const code = typeof cause?.code === 'string' ? cause.code : undefined;
	const reason = typeof cause?.message === 'string' ? cause.message : (error as Error).message;
	const failure = new NodeApiError(ctx.getNode(), { message: reason, ...(code ? { code } : {}) } as JsonObject, {
		message: `No answer from Azure: ${reason}`,
		description: code ? `Network error ${code}` : undefined,
	});
	failure.context.networkCode = code;
	return failure;
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

/** A list answer (`{object: "list", data, has_more}`; checkpoints and files add `first_id`/`last_id`). */
export interface ListResponse {
	data: IDataObject[];
	has_more?: boolean;
	first_id?: string | null;
	last_id?: string | null;
}

/** `GET <path>` of a list endpoint. @throws as {@link apiRequest}. */
export async function apiList(this: ApiContext, path: string, qs: IDataObject = {}): Promise<ListResponse> {
	const page = (await apiRequest.call(this, { method: 'GET', path, qs })) as unknown as ListResponse;
	return { ...page, data: Array.isArray(page.data) ? page.data : [] };
}
