/**
 * The test-control API over HTTP under `/__emulator/` (no api-key), for out-of-process users (a real n8n, `npm run
 * dev`). Every route calls the same in-process control the `Emulator` object exposes:
 *
 * | Route | Effect | Answer |
 * |---|---|---|
 * | `GET /__emulator/requests` | recorded API requests | `RecordedRequest[]` |
 * | `DELETE /__emulator/requests` | `clearRequests()` (and the redirect target's) | 204 |
 * | `GET /__emulator/redirected` | requests the redirect target received, unredacted | `RedirectedRequest[]` |
 * | `POST /__emulator/step` | `step()` | `{now}` |
 * | `POST /__emulator/jobs/<id>/advance` body `{to?}` | `advanceJob(id, to)` | the job |
 * | `POST /__emulator/jobs/<id>/fail` body `{code?, message?}` | `failJob(id, …)` | 204 |
 * | `DELETE /__emulator/jobs/<id>` | `deleteJob(id)` | 204 |
 * | `POST /__emulator/seed` body `{count, ...init}` | `seedJobs(count, init)` | `{data: Job[]}` |
 * | `POST /__emulator/faults` body `Fault` or `Fault[]` | `injectFault(…)` | `{pending: Fault[]}` |
 * | `DELETE /__emulator/faults` | drops pending faults | 204 |
 * | `POST /__emulator/now` body `{now}` | `setNow(now)` | `{now}` |
 * | `GET /__emulator/state` | — | `{now, jobs, files, faults, requestCount, deployments, tokenRequestCount}` |
 * | `GET /__emulator/token-requests[?tenantId=&clientId=]` | `tokenRequestCount(…)` | `{count}` |
 * | `POST /__emulator/token-lifetime` body `{seconds}` | `setTokenLifetime(seconds)` | 204 |
 * | `GET /__emulator/issued-tokens` | `issuedTokens()` | `{tokens}` |
 * | `POST /__emulator/local-auth` body `{disabled}` | `setLocalAuthDisabled(disabled)` | 204 |
 * | `GET /__emulator/deployments` | `deployments()` | `{value}` |
 * | `POST /__emulator/deployments/<name>/script` body `DeploymentScript` | `scriptDeployment(name, …)` | 204 |
 *
 * Unknown job → 404 `notFound`; bad input → 400 `badAdminRequest`; unknown route → 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';
import type { DeploymentScript, Emulator, Fault, Job } from './types';

/** What the admin routes drive: the emulator's in-process control. */
export type Controls = Omit<
	Emulator,
	| 'url'
	| 'apiKey'
	| 'close'
	| 'authorityUrl'
	| 'armUrl'
	| 'account'
	| 'entraApps'
	| 'redirectTargetUrl'
>;

type Json = Record<string, any>;

function send(res: ServerResponse, status: number, body?: unknown): void {
	if (body === undefined) {
		res.writeHead(status).end();
		return;
	}
	res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function parseJson(raw: Buffer): Json {
	if (!raw.length) return {};
	try {
		const value = JSON.parse(raw.toString('utf8'));
		if (value && typeof value === 'object') return value;
	} catch {
		// reported below
	}
	throw new Error('The body must be a JSON object or array.');
}

/** Runs one admin route; `path` is the URL path after `/__emulator`. */
function route(
	controls: Controls,
	method: string,
	path: string,
	body: Json,
	query: URLSearchParams,
): { status: number; body?: unknown } {
	const job = /^\/jobs\/([^/]+)(?:\/(advance|fail))?$/.exec(path);
	const script = /^\/deployments\/([^/]+)\/script$/.exec(path);
	const key = `${method} ${job ? `/jobs/:id${job[2] ? `/${job[2]}` : ''}` : script ? '/deployments/:name/script' : path}`;
	const id = job ? decodeURIComponent(job[1]) : '';
	switch (key) {
		case 'GET /requests':
			return { status: 200, body: controls.requests };
		case 'GET /redirected':
			return { status: 200, body: controls.redirected() };
		case 'DELETE /requests':
			controls.clearRequests();
			return { status: 204 };
		case 'POST /step':
			controls.step();
			return { status: 200, body: { now: controls.now() } };
		case 'POST /jobs/:id/advance':
			if (body.to !== undefined && typeof body.to !== 'string')
				throw new Error("'to' must be a string");
			controls.advanceJob(id, body.to);
			return { status: 200, body: controls.jobs().find((j) => j.id === id) };
		case 'POST /jobs/:id/fail':
			controls.failJob(
				id,
				typeof body.code === 'string'
					? { code: body.code, message: String(body.message ?? body.code) }
					: undefined,
			);
			return { status: 204 };
		case 'DELETE /jobs/:id':
			controls.deleteJob(id);
			return { status: 204 };
		case 'POST /seed': {
			const { count, ...init } = body;
			if (!Number.isInteger(count) || count < 0) throw new Error("'count' must be an integer >= 0");
			return { status: 200, body: { data: controls.seedJobs(count, init as Partial<Job>) } };
		}
		case 'POST /faults':
			for (const fault of Array.isArray(body) ? body : [body]) controls.injectFault(fault as Fault);
			return { status: 200, body: { pending: controls.pendingFaults() } };
		case 'DELETE /faults':
			controls.clearFaults();
			return { status: 204 };
		case 'POST /now':
			if (typeof body.now !== 'number') throw new Error("'now' must be a number (unix seconds)");
			controls.setNow(body.now);
			return { status: 200, body: { now: controls.now() } };
		case 'GET /state':
			return {
				status: 200,
				body: {
					now: controls.now(),
					jobs: controls.jobs(),
					files: controls.files(),
					faults: controls.pendingFaults(),
					requestCount: controls.requests.length,
					deployments: controls.deployments(),
					tokenRequestCount: controls.tokenRequestCount(),
				},
			};
		case 'GET /token-requests':
			return {
				status: 200,
				body: {
					count: controls.tokenRequestCount(
						query.get('tenantId') ?? undefined,
						query.get('clientId') ?? undefined,
					),
				},
			};
		case 'GET /issued-tokens':
			return { status: 200, body: { tokens: controls.issuedTokens() } };
		case 'POST /token-lifetime':
			controls.setTokenLifetime(body.seconds);
			return { status: 204 };
		case 'POST /local-auth':
			if (typeof body.disabled !== 'boolean') throw new Error("'disabled' must be a boolean");
			controls.setLocalAuthDisabled(body.disabled);
			return { status: 204 };
		case 'GET /deployments':
			return { status: 200, body: { value: controls.deployments() } };
		case 'POST /deployments/:name/script':
			controls.scriptDeployment(decodeURIComponent(script![1]), body as DeploymentScript);
			return { status: 204 };
		default:
			return {
				status: 404,
				body: {
					error: { code: 'notFound', message: `No admin route ${method} /__emulator${path}` },
				},
			};
	}
}

/** Handles a request whose path starts with `/__emulator`. */
export function handleAdmin(
	controls: Controls,
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	raw: Buffer,
): void {
	try {
		const result = route(
			controls,
			req.method ?? 'GET',
			path.slice('/__emulator'.length),
			parseJson(raw),
			new URL(req.url ?? '/', 'http://emulator.local').searchParams,
		);
		send(res, result.status, result.body);
	} catch (error) {
		if (error instanceof ApiError) send(res, error.status, error.body);
		else
			send(res, 400, {
				error: {
					code: 'badAdminRequest',
					message: error instanceof Error ? error.message : String(error),
				},
			});
	}
}
