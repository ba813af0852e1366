/**
 * The HTTP request pipeline. For every API request, in this order:
 * 1. record it (api-key, client secrets and tokens redacted) and take a matching scripted fault;
 * 2. `status`/`html`/`reset`/`redirect` faults answer now; `delay` waits, then processing goes on;
 *    (the Entra token endpoint `/<tenant>/oauth2/v2.0/token` answers next, see entra.ts; ARM paths `/subscriptions/…`
 *    go to arm/index.ts; the rest is the data plane:)
 * 3. an `api-key` header must equal the configured key and key authentication must be on (`disableLocalAuth`
 *    off); without one, an `Authorization: Bearer` token for the data plane must be valid (401 otherwise, Azure's
 *    gateway texts); `POST /openai/v1/chat/completions` then goes to inference.ts;
 * 4. the path must be `/openai/v1/<path>` or the dated form `/openai/<path>?api-version=YYYY-MM-DD[-preview]`
 *    (required there: missing or malformed → 400 `BadRequest`), mapped onto a spec operation (else 404);
 * 5. a malformed JSON or multipart body → 400; undeclared query parameters are dropped (Azure ignores them), as is
 *    `api-version` on the dated path; the request is validated against the spec (400 `invalidPayload`, with `param`);
 * 6. the operation's handler runs; with `selfCheck` its 2xx JSON answer is validated against the spec;
 * 7. `truncated` cuts the answer's body (in half, or to `bytes`), `lost-response` drops the connection instead of
 *    answering.
 * Every answer carries an `apim-request-id` (uuid). Paths under `/__emulator/` go to the admin routes instead.
 */
import { randomUUID } from 'node:crypto';
import type {
	IncomingHttpHeaders,
	IncomingMessage,
	RequestListener,
	ServerResponse,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type Controls } from './admin';
import { armAnswer, isArmPath, type ArmDeps } from './arm';
import { DATA_PLANE_AUDIENCES, SECRET_FORM_FIELDS, TOKEN_PATH, type Entra } from './entra';
import {
	ApiError,
	badRequest,
	fromValidationErrors,
	invalidPayload,
	BEARER_UNAUTHORIZED,
	UNAUTHORIZED,
	UNKNOWN_PATH,
} from './errors';
import { faultAnswer, IMMEDIATE_FAULTS, redirectAnswer, type FaultQueue } from './faults';
import { HANDLERS, type HandlerResult } from './handlers';
import { CHAT_COMPLETIONS_PATH, chatCompletion } from './inference';
import { parseMultipart, recordedView, schemaView, type MultipartBody } from './multipart';
import { V1_ROOT } from './spec';
import type { Store } from './store';
import type { Fault, RecordedRequest } from './types';
import type { SpecValidator } from './validator';

/** Everything the pipeline works with. */
export interface ServerDeps {
	validator: SpecValidator;
	store: Store;
	faults: FaultQueue;
	requests: RecordedRequest[];
	apiKey: string;
	selfCheck: boolean;
	controls: Controls;
	/** The emulated Entra ID (token endpoint, bearer tokens). */
	entra: Entra;
	/** ARM: its spec, state (accounts, deployments, `disableLocalAuth`) and settings. */
	arm: ArmDeps;
	/** `EmulatorOptions.filesPageSize`. */
	filesPageSize?: number;
	/** Where `redirect` faults point (redirectTarget.ts). */
	redirectTargetUrl: string;
}

/** An answer ready to be written. */
interface Answer {
	status: number;
	contentType: string;
	body: Buffer;
	headers: Record<string, string>;
	error?: unknown;
}

/** A request body as read: JSON, multipart, form fields, or the reason it could not be read. */
interface ReadBody {
	json?: unknown;
	upload?: MultipartBody;
	form?: Record<string, string>;
	recorded: unknown;
	malformed?: string;
}

/** Dated API versions: `2024-10-21`, `2025-04-01-preview`. */
const DATED_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

const REDACTED = '<redacted>';

/** Builds the `node:http` request listener. */
export function createListener(deps: ServerDeps): RequestListener {
	return (req, res) => {
		handle(deps, req, res).catch((error: unknown) => {
			if (!res.headersSent) {
				const body = {
					error: {
						code: 'emulatorError',
						message: error instanceof Error ? error.message : String(error),
					},
				};
				res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			}
		});
	};
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://emulator.local');
	const raw = await readAll(req);
	if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) {
		handleAdmin(deps.controls, req, res, url.pathname, raw);
		return;
	}
	const method = req.method ?? 'GET';
	const record: RecordedRequest = {
		method,
		path: url.pathname,
		query: scrub(Object.fromEntries(url.searchParams), secretsOf(deps)),
		headers: redactHeaders(req.headers, secretsOf(deps)),
		body: undefined,
		status: 0,
	};
	deps.requests.push(record);
	const body = await readBody(req.headers['content-type'], raw);
	record.body = body.recorded;
	const fault = deps.faults.take(method, url.pathname);
	if (fault) record.fault = fault.kind;
	const requestId = randomUUID();

	if (fault && IMMEDIATE_FAULTS.has(fault.kind)) {
		if (fault.kind === 'reset') return void req.socket.destroy();
		const answer =
			fault.kind === 'redirect'
				? redirectAnswer(fault, method, `${deps.redirectTargetUrl}${url.pathname}${url.search}`)
				: faultAnswer(fault as Extract<Fault, { kind: 'status' | 'html' }>);
		return write(res, record, requestId, { ...answer, body: Buffer.from(answer.body) });
	}
	if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { ref: false });

	const answer = await produce(deps, req, url, body);
	if (fault?.kind === 'lost-response') {
		record.status = answer.status;
		return void req.socket.destroy();
	}
	if (fault?.kind === 'truncated')
		answer.body = answer.body.subarray(0, fault.bytes ?? Math.floor(answer.body.length / 2));
	write(res, record, requestId, answer);
}

/**
 * Steps 3–6 (or the token endpoint, or ARM): authentication, routing, validation and the handler; errors become
 * Azure-shaped answers (a bug: 500).
 */
async function produce(
	deps: ServerDeps,
	req: IncomingMessage,
	url: URL,
	body: ReadBody,
): Promise<Answer> {
	try {
		const tenant = TOKEN_PATH.exec(url.pathname)?.[1];
		if (tenant !== undefined) {
			const token = deps.entra.token(
				req.method ?? 'GET',
				decodeURIComponent(tenant),
				body.form ?? {},
				req.headers.authorization,
			);
			const noStore = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };
			return json(token.status, token.body, noStore, token.status >= 400 ? token.body : undefined);
		}
		const baseUrl = `http://${req.headers.host ?? 'localhost'}`;
		if (isArmPath(url.pathname)) {
			const answer = armAnswer(deps.arm, {
				method: req.method ?? 'GET',
				url,
				authorization: req.headers.authorization,
				body: body.json,
				malformed: body.malformed,
				baseUrl,
			});
			return json(answer.status, answer.body, answer.headers);
		}
		authenticate(deps, req.headers);
		if (url.pathname === CHAT_COMPLETIONS_PATH && req.method === 'POST') {
			if (body.malformed) throw invalidPayload(body.malformed, null);
			return json(200, chatCompletion(deps.arm.state, body.json, deps.store.now()), {});
		}
		const { path, datedVersion } = resolveRoute(url);
		const checked = await deps.validator.check({
			method: req.method ?? 'GET',
			path,
			headers: stringHeaders(req.headers),
			query: Object.fromEntries(url.searchParams),
			body: body.upload ? schemaView(body.upload) : body.json,
			dropApiVersion: datedVersion !== undefined,
		});
		const { operationId, params, query } = checked;
		if (!operationId) throw UNKNOWN_PATH;
		if (body.malformed) throw invalidPayload(body.malformed, null);
		if (checked.errors) throw fromValidationErrors(checked.errors);

		const result = HANDLERS[operationId]({
			store: deps.store,
			params,
			query,
			body: body.json,
			upload: body.upload,
			datedVersion,
			baseUrl,
			...(deps.filesPageSize === undefined
				? {}
				: {
						filesPaging: {
							pageSize: deps.filesPageSize,
							after: url.searchParams.get('after') ?? undefined,
						},
					}),
		});
		return await toAnswer(deps, operationId, result);
	} catch (error) {
		if (error instanceof ApiError)
			return json(error.status, error.body, error.headers, error.recorded);
		const failure = {
			code: 'emulatorError',
			message: `Emulator bug: ${error instanceof Error ? error.stack : String(error)}`,
		};
		return json(500, { error: failure }, {}, failure);
	}
}

/**
 * Data-plane authentication: an `api-key` header must be the configured key, and key authentication must be on;
 * without one, a bearer token issued for a data-plane audience in the account's tenant, unexpired.
 * @throws ApiError 401 `UNAUTHORIZED` (key refused or no credential) or `BEARER_UNAUTHORIZED` (token refused).
 */
function authenticate(deps: ServerDeps, headers: IncomingHttpHeaders): void {
	const { state } = deps.arm;
	const key = headers['api-key'];
	if (key !== undefined) {
		if (state.localAuthDisabled || key !== deps.apiKey) throw UNAUTHORIZED;
		return;
	}
	if (headers.authorization === undefined) throw UNAUTHORIZED;
	const check = deps.entra.check(headers.authorization, DATA_PLANE_AUDIENCES, state.own.tenantId);
	if (check.problem) throw BEARER_UNAUTHORIZED;
}

/** Maps `/openai/v1/<path>` and the dated `/openai/<path>?api-version=…` onto the spec's v1 paths. */
function resolveRoute(url: URL): { path: string; datedVersion?: string } {
	const { pathname } = url;
	if (pathname === V1_ROOT || pathname.startsWith(`${V1_ROOT}/`)) return { path: pathname };
	if (!pathname.startsWith('/openai/')) throw UNKNOWN_PATH;
	const version = url.searchParams.get('api-version');
	if (version === null)
		throw badRequest(
			'BadRequest',
			"Missing required query parameter 'api-version'.",
			'api-version',
		);
	if (!DATED_VERSION.test(version))
		throw badRequest('BadRequest', 'API version not supported', 'api-version');
	return { path: `${V1_ROOT}${pathname.slice('/openai'.length)}`, datedVersion: version };
}

async function toAnswer(
	deps: ServerDeps,
	operationId: string,
	result: HandlerResult,
): Promise<Answer> {
	const status = result.status ?? 200;
	if (result.raw)
		return {
			status,
			contentType: result.raw.contentType,
			body: result.raw.content,
			headers: result.headers ?? {},
		};
	if (deps.selfCheck) {
		const mismatches = await deps.validator.checkResponse(operationId, result.body);
		if (mismatches.length) {
			const error = {
				code: 'emulatorResponseInvalid',
				message: `The emulator's ${operationId} answer does not match the spec`,
				inner_error: mismatches,
			};
			return json(500, { error }, {}, error);
		}
	}
	return json(status, result.body, result.headers ?? {});
}

/** A JSON answer; no `value` = an empty body without a content type (ARM's 202 and 204). */
function json(
	status: number,
	value: unknown,
	headers: Record<string, string>,
	error?: unknown,
): Answer {
	return {
		status,
		contentType: value === undefined ? '' : 'application/json',
		body: value === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(value)),
		headers,
		error,
	};
}

function write(
	res: ServerResponse,
	record: RecordedRequest,
	requestId: string,
	answer: Answer,
): void {
	record.status = answer.status;
	if (answer.error !== undefined) record.error = answer.error;
	res.writeHead(answer.status, {
		...answer.headers,
		...(answer.contentType ? { 'content-type': answer.contentType } : {}),
		'content-length': String(answer.body.length),
		'apim-request-id': requestId,
	});
	res.end(answer.body);
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * JSON (also when no content type is given), multipart, or form fields (recorded with the secret fields redacted);
 * anything else is not read.
 */
async function readBody(contentType: string | undefined, raw: Buffer): Promise<ReadBody> {
	const type = (contentType ?? '').toLowerCase();
	if (type.startsWith('application/x-www-form-urlencoded')) {
		const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
		const recorded = { ...form };
		for (const field of SECRET_FORM_FIELDS) if (field in recorded) recorded[field] = REDACTED;
		return { form, recorded };
	}
	if (type.startsWith('multipart/form-data')) {
		try {
			const upload = await parseMultipart(contentType!, raw);
			return { upload, recorded: recordedView(upload) };
		} catch {
			return {
				recorded: raw.toString('utf8'),
				malformed: 'The multipart/form-data body could not be parsed.',
			};
		}
	}
	if (!raw.length || !(type === '' || type.includes('json'))) return { recorded: undefined };
	const text = raw.toString('utf8');
	try {
		const value: unknown = JSON.parse(text);
		return { json: value, recorded: structuredClone(value) };
	} catch (error) {
		return {
			recorded: text,
			malformed: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
		};
	}
}

/** Header values as single strings. */
function stringHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers))
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	return out;
}

/**
 * Header values as strings; `api-key` and `authorization` always `<redacted>`, the secrets' values anywhere else
 * too.
 */
function redactHeaders(headers: IncomingHttpHeaders, secrets: string[]): Record<string, string> {
	const out = stringHeaders(headers);
	for (const name of ['api-key', 'authorization']) if (name in out) out[name] = REDACTED;
	return scrub(out, secrets);
}

/** What is never recorded: the api-key and the Entra client secrets. */
function secretsOf(deps: ServerDeps): string[] {
	return [deps.apiKey, ...deps.entra.secrets()].filter(Boolean);
}

/** Replaces the secrets' values wherever they occur in the values. */
function scrub(values: Record<string, string>, secrets: string[]): Record<string, string> {
	return Object.fromEntries(
		Object.entries(values).map(([name, value]) => [
			name,
			secrets.reduce((text, secret) => text.split(secret).join(REDACTED), value),
		]),
	);
}
