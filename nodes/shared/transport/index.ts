/**
 * The only module that does HTTP. Every call to the Azure AI Foundry fine-tuning and files API goes through
 * {@link apiRequest} / {@link apiDownload}: it resolves the URL from the credential (endpoint.ts), authenticates
 * through the credential's `authenticate`, retries what is safe to retry (retry.ts), and turns any failure into a
 * NodeApiError that shows the API's own error (apiError.ts).
 */
import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { describeApiFailure, type ApiFailure } from './apiError';
import { CREDENTIAL_TYPE } from '../constants';
import { CredentialSettingError, resolveApiTarget } from './endpoint';
import {
	backoffDelayMs,
	classifyFailure,
	decideRetry,
	isSafeToRepeat,
	retryPolicy,
	TIMEOUT_CODES,
	type AttemptFailure,
	type RetryPolicy,
} from './retry';

/** Contexts that may call the API: node execution, polling trigger, resource-locator search. */
export type ApiContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, e.g. `/fine_tuning/jobs/ftjob-abc`. IDs in it must be checked (validation.ts) first. */
	path: string;
	qs?: IDataObject;
	/**
	 * JSON body; or raw bytes sent as they are with {@link ApiRequest.contentType} (a multipart upload built by
	 * multipart.ts; the same bytes are sent again on a retry); or a multipart FormData built anew for each attempt.
	 */
	body?: Record<string, unknown> | Buffer | (() => FormData);
	/** Content-Type header of a Buffer `body`, e.g. `multipart/form-data; boundary=…`. */
	contentType?: string;
	/** Per-attempt timeout in milliseconds (default {@link requestTimeout}`.defaultMs`). */
	timeoutMs?: number;
	/**
	 * For requests that are not safe to repeat (creating a job, uploading a file): after an answer was lost
	 * (reset, timeout, 5xx), looks for what the request would have created. Returning it ends the request with that
	 * result; returning undefined means the request had no effect, so it is sent again.
	 */
	recover?: () => Promise<IDataObject | undefined>;
}

/** Default per-attempt timeout: 60 000 ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The per-attempt timeout in force for requests that set none ({@link DEFAULT_TIMEOUT_MS}). Tests shorten it. */
export const requestTimeout = { defaultMs: DEFAULT_TIMEOUT_MS };

/**
 * Sends a request and parses the JSON answer.
 *
 * @returns the parsed JSON body (`{}` for an empty body).
 * @throws NodeOperationError when the credential's key, endpoint or API version is unusable (nothing is sent);
 *   NodeApiError for an HTTP status outside 2xx once retries are exhausted or not allowed, showing the API's
 *   `error.message` with its code, param, the HTTP status and Azure's `apim-request-id`; NodeApiError when no
 *   answer arrived, or a 2xx body is not JSON.
 */
export async function apiRequest(this: ApiContext, request: ApiRequest): Promise<IDataObject> {
	const answer = await send(this, request, true);
	return Buffer.isBuffer(answer) ? {} : answer;
}

/** Like {@link apiRequest} but returns the raw response bytes (file content downloads). */
export async function apiDownload(this: ApiContext, request: ApiRequest): Promise<Buffer> {
	const answer = await send(this, request, false);
	return Buffer.isBuffer(answer) ? answer : Buffer.from(JSON.stringify(answer), 'utf8');
}

/** A list answer (`{object: "list", data, has_more}`; checkpoints and files add `first_id`/`last_id`). */
export interface ListResponse {
	data: IDataObject[];
	has_more?: boolean;
	first_id?: string | null;
	last_id?: string | null;
}

/** `GET <path>` of a list endpoint. @throws as {@link apiRequest}. */
export async function apiList(
	this: ApiContext,
	path: string,
	qs: IDataObject = {},
): Promise<ListResponse> {
	const page = (await apiRequest.call(this, {
		method: 'GET',
		path,
		qs,
	})) as unknown as ListResponse;
	return { ...page, data: Array.isArray(page.data) ? page.data : [] };
}

type Attempt =
	| { ok: true; answer: Buffer | IDataObject }
	| { ok: false; failure: AttemptFailure & Partial<ApiFailure>; error: NodeApiError };

/**
 * Sends with retries; resolves with the 2xx body (parsed when `readJson`, a 2xx body that is not JSON counting as a
 * failed attempt, e.g. cut off), or with what `recover` found.
 */
async function send(
	ctx: ApiContext,
	request: ApiRequest,
	readJson: boolean,
): Promise<Buffer | IDataObject> {
	const prepared = await prepare(ctx, request);
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await attemptOnce(ctx, request, prepared, readJson);
		if (outcome.ok) return outcome.answer;
		const kind = classifyFailure(outcome.failure);
		let repeatable = isSafeToRepeat(request.method);
		if (!repeatable && request.recover && (kind === 'maybe-processed' || kind === 'in-flight')) {
			const found =
				kind === 'in-flight'
					? await recoverInFlight(request.recover, waitedMs)
					: await request.recover();
			if (found) return found;
			// Nothing found: a request that was answered had no effect; one still in flight may act later.
			repeatable = kind === 'maybe-processed';
		}
		const decision = decideRetry(outcome.failure, {
			attempt,
			waitedMs,
			repeatable,
			policy: retryPolicy,
			now: Date.now(),
			random: Math.random,
		});
		if (!decision.retry) {
			if (attempt > 1)
				outcome.error.context.retries = `${attempt} attempts; stopped: ${decision.reason}`;
			if (kind === 'in-flight' && !repeatable) {
				outcome.error.description =
					`${outcome.error.description ?? ''}. ${STILL_IN_FLIGHT}`.replace(/^\. /, '');
			}
			throw outcome.error;
		}
		await sleep(decision.delayMs);
		waitedMs += decision.delayMs;
	}
}

/** The request options of every attempt, and the credential read once for all of them. */
interface Prepared {
	options: IHttpRequestOptions;
	/** Handed to httpRequestWithAuthentication so it does not read and decrypt the credential again per attempt. */
	credential: IAdditionalCredentialOptions;
}

async function prepare(ctx: ApiContext, request: ApiRequest): Promise<Prepared> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	let target;
	try {
		target = resolveApiTarget(credentials, request.path);
	} catch (error) {
		const field = error instanceof CredentialSettingError ? error.field : 'Endpoint';
		throw new NodeOperationError(ctx.getNode(), `Credential "${field}" is not usable`, {
			description: `${(error as Error).message}. Nothing was sent to Azure.`,
		});
	}
	const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	const options: IHttpRequestOptions = {
		method: request.method,
		url: target.url,
		qs: { ...request.qs, ...target.qs },
		json: typeof request.body !== 'function' && !Buffer.isBuffer(request.body),
		...(request.contentType ? { headers: { 'content-type': request.contentType } } : {}),
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? requestTimeout.defaultMs,
	};
	const credentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CREDENTIAL_TYPE,
		data: credentials,
	};
	return { options, credential: { credentialsDecrypted } };
}

/**
 * After a create or upload timed out, Azure may still be working on it: looks for its effect now and, while the
 * retry budget lasts, again after backoff waits (up to {@link RetryPolicy.attempts} looks in all).
 */
async function recoverInFlight(
	recover: () => Promise<IDataObject | undefined>,
	waitedMs: number,
): Promise<IDataObject | undefined> {
	let waited = waitedMs;
	for (let look = 0; look < retryPolicy.attempts; look++) {
		if (look > 0) {
			const delayMs = backoffDelayMs(look - 1, retryPolicy, Math.random);
			if (waited + delayMs > retryPolicy.maxTotalWaitMs) return undefined;
			await sleep(delayMs);
			waited += delayMs;
		}
		const found = await recover();
		if (found) return found;
	}
	return undefined;
}

/** Why a request that is not safe to repeat was not sent again after it timed out (or a gateway's 504). */
const STILL_IN_FLIGHT =
	'Azure may still carry out this request, so it was not sent again (a repeat could act twice, e.g. create a second job): check whether it took effect before running the node again';

async function attemptOnce(
	ctx: ApiContext,
	request: ApiRequest,
	prepared: Prepared,
	readJson: boolean,
): Promise<Attempt> {
	const { options } = prepared;
	const body = typeof request.body === 'function' ? request.body() : request.body;
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			{ ...options, body: body as IHttpRequestOptions['body'] },
			prepared.credential,
		);
	} catch (error) {
		const failure = networkError(ctx, error, options.timeout);
		return {
			ok: false,
			failure: { networkCode: failure.context.networkCode as string | undefined },
			error: failure,
		};
	}
	const bytes = toBuffer(response.body);
	const failure = {
		status: response.statusCode,
		headers: response.headers,
		body: bytes.toString('utf8'),
		requestId: headerValue(response.headers, 'apim-request-id'),
	};
	if (response.statusCode < 200 || response.statusCode >= 300)
		return { ok: false, failure, error: failureToError(ctx, failure) };
	if (!readJson) return { ok: true, answer: bytes };
	try {
		return { ok: true, answer: bytes.length ? (JSON.parse(failure.body) as IDataObject) : {} };
	} catch {
		const unreadable = { ...failure, unreadableSuccess: true };
		return { ok: false, failure: unreadable, error: failureToError(ctx, unreadable) };
	}
}

/**
 * A request that got no HTTP answer (refused, reset, timed out). The original error is not attached: its request
 * config holds the api-key header, and n8n saves an error's properties with the execution. n8n replaces the message
 * of known network codes with its own sentence; for a timeout that sentence ("The connection was aborted") hides
 * the cause, so the message says the timeout.
 */
function networkError(
	ctx: ApiContext,
	error: unknown,
	timeoutMs: number | undefined,
): NodeApiError {
	const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
	const code = typeof cause?.code === 'string' ? cause.code : undefined;
	const reason = typeof cause?.message === 'string' ? cause.message : (error as Error).message;
	const failure = new NodeApiError(
		ctx.getNode(),
		{ message: reason, ...(code ? { code } : {}) } as JsonObject,
		{
			message: `No answer from Azure: ${reason}`,
			description: code ? `Network error ${code}` : undefined,
		},
	);
	if (code && TIMEOUT_CODES.has(code))
		failure.message = `No answer from Azure within ${timeoutMs ?? '?'} ms (the request timed out)`;
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
	error.context.apiError = {
		...described.apiError,
		status: failure.status,
		requestId: failure.requestId,
	};
	return error;
}
