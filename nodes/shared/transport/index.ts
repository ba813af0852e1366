/**
 * The only module that does HTTP. Every call to the Azure AI Foundry fine-tuning and files API goes through
 * {@link apiRequest} / {@link apiDownload}: it resolves the URL from the credential (endpoint.ts), authenticates
 * through the credential's `authenticate` (the API key, or a Microsoft Entra ID token: credentials.ts), retries what
 * is safe to retry (retry.ts), and turns any failure into a NodeApiError that shows the API's own error
 * (apiError.ts). Azure Resource Manager (deployments) goes through the same code (`plane: 'arm'`; arm.ts).
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

import { describeApiFailure, describeNetworkFailure, type ApiFailure } from './apiError';
import { authorized, readCredential, unusableCredential, type NodeCredential } from './credentials';
import { API_REQUEST_OPTIONS, resolveApiTarget, resolveEndpointTarget } from './endpoint';
import { toNodeError, UnexpectedAnswerError } from '../errors';
import {
	backoffDelayMs,
	classifyFailure,
	decideRetry,
	isSafeToRepeat,
	TIMEOUT_CODES,
	type AttemptFailure,
	type RetryPolicy,
} from './retry';
import { settings } from './settings';
import { StreamedBody } from './streamedBody';

/** Contexts that may call the API: node execution, polling trigger, resource-locator search. */
export type ApiContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, e.g. `/fine_tuning/jobs/ftjob-abc`. IDs in it must be checked (validation.ts) first. */
	path: string;
	qs?: IDataObject;
	/**
	 * JSON body; or raw bytes sent as they are with {@link ApiRequest.contentType} (the same bytes are sent again on a
	 * retry); or a factory of a {@link StreamedBody} (a file upload, multipart.ts), called anew for each attempt so that a
	 * retry reads the file again from the start. A streamed body is sent with its own Content-Type and Content-Length.
	 */
	body?: Record<string, unknown> | Buffer | (() => StreamedBody);
	/** Content-Type header of a Buffer `body`, e.g. `multipart/form-data; boundary=…`. */
	contentType?: string;
	/** Per-attempt timeout in milliseconds (default `settings.timeouts.requestMs`, settings.ts). */
	timeoutMs?: number;
	/**
	 * For requests that are not safe to repeat (creating a job, uploading a file): after an answer was lost
	 * (reset, timeout, 5xx), looks for what the request would have created. Returning it ends the request with that
	 * result; returning undefined means the request had no effect, so it is sent again.
	 */
	recover?: () => Promise<IDataObject | undefined>;
	/**
	 * A POST that only checks what it is sent and changes nothing (validating a grader): retried after a lost answer
	 * or a 5xx as a GET is. Leave unset for anything that creates, changes or bills.
	 */
	changesNothing?: boolean;
	/**
	 * Which API: the data plane (default: `path` below the API root of the credential's Endpoint, authenticated with
	 * the node's credential) or Azure Resource Manager (`arm`: `path` below the Microsoft Entra ID credential's ARM
	 * host, e.g. `/subscriptions/…`, with a token of ARM's audience; arm.ts). ARM may answer 2xx with an empty body
	 * (202, 204), which then reads as `{}`.
	 */
	plane?: 'data' | 'arm';
	/**
	 * Hand on a 2xx body as the response stream instead of reading it (only {@link apiDownloadStream} sets this); an
	 * error answer is still read whole.
	 */
	streamBody?: boolean;
}

/** A readable byte stream, as n8n's helpers take and give them (Node's Readable, typed through n8n-workflow). */
export type ByteStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** A 2xx answer: its status, headers and body (the parsed JSON, or the bytes for a download). */
export interface ApiAnswer<Body = IDataObject> {
	status: number;
	headers: IDataObject;
	body: Body;
	/** True when the answer was lost and `recover` found what the request had done (status 200, no headers). */
	recovered?: boolean;
}

/**
 * Sends a request and parses the JSON answer.
 *
 * @returns the parsed JSON body (every operation answers one: test/fixtures/azure-fine-tuning.openapi.yaml).
 * @throws NodeOperationError when the credential's key, endpoint or API version is unusable (nothing is sent);
 *   NodeApiError for an HTTP status outside 2xx once retries are exhausted or not allowed, showing the API's
 *   `error.message` (at most `MAX_MESSAGE_LENGTH` characters, apiError.ts) with its code, param, the HTTP status and
 *   Azure's `apim-request-id`; NodeApiError for a redirect (not followed: endpoint.ts `API_REQUEST_OPTIONS`), when no
 *   answer arrived, or when a 2xx body is empty or not JSON.
 */
export async function apiRequest(this: ApiContext, request: ApiRequest): Promise<IDataObject> {
	return (await apiExchange.call(this, request)).body;
}

/**
 * Like {@link apiRequest}, with the answer's status and headers (ARM's long-running operations hand out their
 * status URL in `Azure-AsyncOperation` / `Location` and the wait in `Retry-After`). @throws as {@link apiRequest}.
 */
export async function apiExchange(this: ApiContext, request: ApiRequest): Promise<ApiAnswer> {
	const answer = await send(this, request, true);
	return { ...answer, body: Buffer.isBuffer(answer.body) ? {} : answer.body };
}

/** Like {@link apiRequest} but returns the raw response bytes (file content downloads). */
export async function apiDownload(this: ApiContext, request: ApiRequest): Promise<Buffer> {
	const { body } = await send(this, request, false);
	return Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * Like {@link apiDownload} but hands on the content as the response stream, as it arrives, for n8n's binary data
 * (`prepareBinaryData` writes it to disk in filesystem mode, so a large file is never held in memory). Retried like a
 * download until the answer's headers arrive; a connection lost in the middle of the content fails the stream.
 * @throws as {@link apiRequest} for everything before the content.
 */
export async function apiDownloadStream(
	this: ApiContext,
	request: ApiRequest,
): Promise<ByteStream> {
	const { body } = await send(this, { ...request, streamBody: true }, false);
	return body as unknown as ByteStream;
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
	| { ok: true; answer: ApiAnswer<Buffer | IDataObject> }
	| { ok: false; failure: AttemptFailure & Partial<ApiFailure>; error: NodeApiError };

/**
 * Sends with retries; resolves with the 2xx body (parsed when `readJson`, a 2xx body that is not JSON counting as a
 * failed attempt, e.g. cut off), or with what `recover` found.
 */
async function send(
	ctx: ApiContext,
	request: ApiRequest,
	readJson: boolean,
): Promise<ApiAnswer<Buffer | IDataObject>> {
	const prepared = await prepare(ctx, request);
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await authorized(
			ctx,
			prepared.credential,
			request.plane === 'arm' ? 'arm' : 'dataPlane',
			async (authentication) => await attemptOnce(ctx, request, prepared, readJson, authentication),
			(tried) => !tried.ok && 'status' in tried.failure && tried.failure.status === 401,
		);
		if (outcome.ok) return outcome.answer;
		const kind = classifyFailure(outcome.failure);
		let repeatable = request.changesNothing === true || isSafeToRepeat(request.method);
		if (!repeatable && request.recover && (kind === 'maybe-processed' || kind === 'in-flight')) {
			const found =
				kind === 'in-flight'
					? await recoverInFlight(request.recover, waitedMs)
					: await request.recover();
			if (found) return { status: 200, headers: {}, body: found, recovered: true };
			// Nothing found: a request that was answered had no effect; one still in flight may act later.
			repeatable = kind === 'maybe-processed';
		}
		const decision = decideRetry(outcome.failure, {
			attempt,
			waitedMs,
			repeatable,
			policy: settings.retry,
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
	/**
	 * Handed to httpRequestWithAuthentication (with an Entra token added per attempt, credentials.ts) so it does not
	 * read and decrypt the credential again per attempt.
	 */
	credential: NodeCredential;
}

/**
 * Where a request goes: the data plane below the Endpoint, or ARM below the Entra credential's ARM host. An ARM path
 * may be a URL ARM handed out (a list's `nextLink`, an operation's status URL): it must be on the ARM host, or the
 * token would go elsewhere.
 * @throws CredentialSettingError for an unusable Endpoint or API Version; UnexpectedAnswerError for an ARM URL on
 *   another host (nothing is sent).
 */
function targetOf(credential: NodeCredential, request: ApiRequest) {
	if (request.plane === 'arm' && credential.entra) {
		const { armHost } = credential.entra;
		const url = new URL(request.path, armHost);
		if (url.origin !== new URL(armHost).origin)
			throw new UnexpectedAnswerError(
				`Azure Resource Manager handed out a URL on another host (${url.host}); it was not called, so no token was sent there`,
			);
		return { url: url.href, qs: {} };
	}
	return credential.entra
		? resolveEndpointTarget(credential.data, request.path)
		: resolveApiTarget(credential.data, request.path);
}

async function prepare(ctx: ApiContext, request: ApiRequest): Promise<Prepared> {
	const credential = await readCredential(ctx);
	if (request.plane === 'arm' && !credential.entra)
		throw new NodeOperationError(
			ctx.getNode(),
			'Azure Resource Manager (deployments) accepts only Microsoft Entra ID sign-in',
			{
				description:
					'Set Authentication to Microsoft Entra ID and choose a Microsoft Entra ID credential. Nothing was sent to Azure.',
			},
		);
	let target;
	try {
		target = targetOf(credential, request);
	} catch (error) {
		if (error instanceof UnexpectedAnswerError) throw toNodeError(ctx.getNode(), error);
		throw unusableCredential(ctx.getNode(), error);
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url: target.url,
		qs: { ...request.qs, ...target.qs },
		json: typeof request.body !== 'function' && !Buffer.isBuffer(request.body),
		...API_REQUEST_OPTIONS,
		headers: {
			...API_REQUEST_OPTIONS.headers,
			...(request.contentType ? { 'content-type': request.contentType } : {}),
		},
		encoding: request.streamBody ? 'stream' : 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? settings.timeouts.requestMs,
	};
	return { options, credential };
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
	const policy = settings.retry;
	for (let look = 0; look < policy.attempts; look++) {
		if (look > 0) {
			const delayMs = backoffDelayMs(look - 1, policy, Math.random);
			if (waited + delayMs > policy.maxTotalWaitMs) return undefined;
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
	authentication: IAdditionalCredentialOptions,
): Promise<Attempt> {
	const { options } = prepared;
	const body = typeof request.body === 'function' ? request.body() : request.body;
	const streamed = body instanceof StreamedBody;
	const headers = streamed
		? { ...options.headers, 'content-type': body.type, 'content-length': String(body.size) }
		: options.headers;
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			prepared.credential.type,
			{ ...options, headers, body: body as IHttpRequestOptions['body'] },
			authentication,
		);
	} catch (error) {
		if (streamed && body.failure) {
			// Our side failed (the file could not be read, or not at its stated size): not a network fault to retry.
			throw new NodeOperationError(
				ctx.getNode(),
				`Could not send the file: ${body.failure.message}`,
				{
					description: 'The upload was cut off, so Azure received no complete file.',
				},
			);
		}
		const failure = networkError(ctx, error, options);
		return {
			ok: false,
			failure: {
				networkCode: failure.context.networkCode as string | undefined,
				notSent: failure.context.notSent === true,
			},
			error: failure,
		};
	}
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (request.streamBody && ok) {
		const answer = { status: response.statusCode, headers: response.headers };
		return { ok: true, answer: { ...answer, body: response.body as Buffer } }; // the stream (apiDownloadStream)
	}
	const bytes = request.streamBody
		? await readStream(response.body as ByteStream)
		: toBuffer(response.body);
	const location = headerValue(response.headers, 'location');
	const failure = {
		status: response.statusCode,
		headers: response.headers,
		body: bytes.toString('utf8'),
		requestId: headerValue(response.headers, 'apim-request-id'),
		...(location ? { location: absoluteUrl(location, options.url) } : {}),
	};
	if (response.statusCode < 200 || response.statusCode >= 300) return failed(ctx, failure);
	const answered = { status: response.statusCode, headers: response.headers };
	if (!readJson) return { ok: true, answer: { ...answered, body: bytes } };
	// ARM answers 202 and 204 without a body (test/fixtures/deployments.arm.json, Deployments_Delete).
	if (request.plane === 'arm' && !failure.body.trim())
		return { ok: true, answer: { ...answered, body: {} } };
	try {
		// An empty body is not JSON: every operation answers one (test/fixtures/azure-fine-tuning.openapi.yaml).
		return { ok: true, answer: { ...answered, body: JSON.parse(failure.body) as IDataObject } };
	} catch {
		return failed(ctx, { ...failure, unreadableSuccess: true });
	}
}

/** A failed attempt with an HTTP answer; the API's error code and message are kept for the retry rules (retry.ts). */
function failed(ctx: ApiContext, failure: ApiFailure & { headers: IDataObject }): Attempt {
	const error = failureToError(ctx, failure);
	const apiError = error.context.apiError as { code?: string; message?: string };
	return {
		ok: false,
		failure: { ...failure, apiCode: apiError.code, apiMessage: apiError.message },
		error,
	};
}

function absoluteUrl(location: string, base: string): string {
	try {
		return new URL(location, base).href;
	} catch {
		return location;
	}
}

/**
 * A request that got no HTTP answer (refused, reset, timed out, TLS refused), or that failed in n8n before it left.
 * The original error is not attached: its request config holds the api-key header, and n8n saves an error's
 * properties with the execution. The message says what happened and what to check (describeNetworkFailure,
 * apiError.ts); for other codes n8n's own sentence for the code stays (NodeApiError sets it). An error without a
 * network code and without axios' request (e.g. a body that cannot be serialised) was never sent, so it is not
 * called "No answer from Azure".
 */
function networkError(ctx: ApiContext, error: unknown, options: IHttpRequestOptions): NodeApiError {
	const cause = (error as { cause?: { code?: unknown; message?: unknown; request?: unknown } })
		.cause;
	const code = typeof cause?.code === 'string' ? cause.code : undefined;
	const reason = typeof cause?.message === 'string' ? cause.message : (error as Error).message;
	const network = code !== undefined || cause?.request !== undefined;
	const described = describeNetworkFailure(
		{ code, reason, host: hostOf(options.url), timeoutMs: options.timeout, network },
		TIMEOUT_CODES,
	);
	const failure = new NodeApiError(
		ctx.getNode(),
		{ message: reason, ...(code ? { code } : {}) } as JsonObject,
		{
			message: described?.message ?? `No answer from Azure: ${reason}`,
			description: described?.description ?? (code ? `Network error ${code}` : undefined),
		},
	);
	// NodeApiError puts its own sentence for known codes (ENOTFOUND, ECONNREFUSED, ...) over the message given.
	if (described) failure.message = described.message;
	failure.context.networkCode = code;
	if (!network) failure.context.notSent = true;
	return failure;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** The whole of an (error) answer's stream. */
async function readStream(stream: ByteStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
	return Buffer.concat(chunks);
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
