/**
 * The HTTP request pipeline. For every API request, in this order:
 * 1. record it (api-key redacted) and take a matching scripted fault;
 * 2. `status`/`html`/`reset` faults answer now; `delay` waits, then processing goes on;
 * 3. `api-key` must equal the configured key (401, Azure's gateway message);
 * 4. the path must be `/openai/v1/<path>` or the dated form `/openai/<path>?api-version=YYYY-MM-DD[-preview]`
 *    (required there: missing or malformed → 400 `BadRequest`), mapped onto a spec operation (else 404);
 * 5. a malformed JSON or multipart body → 400; undeclared query parameters are dropped (Azure ignores them), as is
 *    `api-version` on the dated path; the request is validated against the spec (400 `invalidPayload`, with `param`);
 * 6. the operation's handler runs; with `selfCheck` its 2xx JSON answer is validated against the spec;
 * 7. `truncated` cuts the answer's body in half, `lost-response` drops the connection instead of answering.
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
import {
	ApiError,
	badRequest,
	fromValidationErrors,
	invalidPayload,
	UNAUTHORIZED,
	UNKNOWN_PATH,
} from './errors';
import { faultAnswer, IMMEDIATE_FAULTS, type FaultQueue } from './faults';
import { HANDLERS, type HandlerResult } from './handlers';
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
}

/** An answer ready to be written. */
interface Answer {
	status: number;
	contentType: string;
	body: Buffer;
	headers: Record<string, string>;
	error?: unknown;
}

/** A request body as read: JSON, multipart, or the reason it could not be read. */
interface ReadBody {
	json?: unknown;
	upload?: MultipartBody;
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
		query: scrub(Object.fromEntries(url.searchParams), deps.apiKey),
		headers: redactHeaders(req.headers, deps.apiKey),
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
		const answer = faultAnswer(fault as Extract<Fault, { kind: 'status' | 'html' }>);
		return write(res, record, requestId, { ...answer, body: Buffer.from(answer.body) });
	}
	if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { ref: false });

	const answer = await produce(deps, req, url, body);
	if (fault?.kind === 'lost-response') {
		record.status = answer.status;
		return void req.socket.destroy();
	}
	if (fault?.kind === 'truncated')
		answer.body = answer.body.subarray(0, Math.floor(answer.body.length / 2));
	write(res, record, requestId, answer);
}

/** Steps 3–6: authentication, routing, validation and the handler; errors become Azure-shaped answers (a bug: 500). */
async function produce(
	deps: ServerDeps,
	req: IncomingMessage,
	url: URL,
	body: ReadBody,
): Promise<Answer> {
	try {
		if (req.headers['api-key'] !== deps.apiKey) throw UNAUTHORIZED;
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

		const baseUrl = `http://${req.headers.host ?? 'localhost'}`;
		const result = HANDLERS[operationId]({
			store: deps.store,
			params,
			query,
			body: body.json,
			upload: body.upload,
			datedVersion,
			baseUrl,
		});
		return await toAnswer(deps, operationId, result);
	} catch (error) {
		if (error instanceof ApiError) return json(error.status, error.body, {}, error.body.error);
		const failure = {
			code: 'emulatorError',
			message: `Emulator bug: ${error instanceof Error ? error.stack : String(error)}`,
		};
		return json(500, { error: failure }, {}, failure);
	}
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

function json(
	status: number,
	value: unknown,
	headers: Record<string, string>,
	error?: unknown,
): Answer {
	return {
		status,
		contentType: 'application/json',
		body: Buffer.from(JSON.stringify(value)),
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
		'content-type': answer.contentType,
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

/** JSON (also when no content type is given) or multipart; anything else is not read. */
async function readBody(contentType: string | undefined, raw: Buffer): Promise<ReadBody> {
	const type = (contentType ?? '').toLowerCase();
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

/** Header values as strings; `api-key` and `authorization` always `<redacted>`, the key's value anywhere else too. */
function redactHeaders(headers: IncomingHttpHeaders, apiKey: string): Record<string, string> {
	const out = stringHeaders(headers);
	for (const name of ['api-key', 'authorization']) if (name in out) out[name] = REDACTED;
	return scrub(out, apiKey);
}

/** Replaces the api-key's value wherever it occurs in the values. */
function scrub(values: Record<string, string>, apiKey: string): Record<string, string> {
	if (!apiKey) return values;
	return Object.fromEntries(
		Object.entries(values).map(([name, value]) => [name, value.split(apiKey).join(REDACTED)]),
	);
}
