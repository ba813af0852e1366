/**
 * Runs in a worker thread (started by validator.ts): owns the `openapi-backend` instance and answers routing and
 * validation questions. It lives in a worker because `openapi-backend` needs an ESM-only dependency that Jest's
 * module loader cannot `require` on Node 20; a worker uses Node's own loader.
 */
import { parentPort } from 'node:worker_threads';
import { OpenAPIBackend, type Document } from 'openapi-backend';
import { loadSpec, V1_ROOT, withoutAzureDeviations } from './spec';
import type { CheckRequest, CheckResult, WorkerReply, WorkerRequest } from './validator';

async function main(): Promise<void> {
	const port = parentPort!;
	let api: OpenAPIBackend;
	try {
		// strict: an invalid (patched) spec throws here instead of silently routing nothing.
		api = await new OpenAPIBackend({
			definition: loadSpec() as unknown as Document,
			apiRoot: V1_ROOT,
			strict: true,
			ajvOpts: { formats: { unixtime: true } },
		}).init();
	} catch (error) {
		port.postMessage({
			ready: false,
			message: error instanceof Error ? error.message : String(error),
		});
		return;
	}
	port.on('message', (request: WorkerRequest) => {
		let reply: WorkerReply;
		try {
			const result =
				request.kind === 'check'
					? check(api, request.request)
					: checkResponse(api, request.operationId, request.body);
			reply = { id: request.id, result };
		} catch (error) {
			reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
		}
		port.postMessage(reply);
	});
	port.postMessage({ ready: true });
}

/** Routes, drops undeclared query parameters, validates, and extracts path parameters. */
function check(api: OpenAPIBackend, request: CheckRequest): CheckResult {
	const { method, path, headers } = request;
	const operation = api.matchOperation({ method, path, headers });
	if (!operation?.operationId) return { params: {}, query: {}, errors: null };
	const declared = new Set(
		(operation.parameters ?? []).flatMap((p) => ('name' in p && p.in === 'query' ? [p.name] : [])),
	);
	if (request.dropApiVersion) declared.delete('api-version');
	const query = Object.fromEntries(
		Object.entries(request.query).filter(([name]) => declared.has(name)),
	);
	const filtered = { method, path, headers, query, body: request.body };
	const validation = api.validateRequest(filtered, operation);
	const params = api.router.parseRequest(filtered, operation).params as Record<string, string>;
	return {
		operationId: operation.operationId,
		params,
		query,
		errors: validation.valid ? null : (validation.errors ?? []),
	};
}

/** Spec mismatches of a success body, after replacing the documented Azure deviations. */
function checkResponse(api: OpenAPIBackend, operationId: string, body: unknown) {
	const result = api.validateResponse(withoutAzureDeviations(body), operationId, 200);
	return (result.errors ?? []).map((error) => ({
		instancePath: error.instancePath,
		message: error.message,
	}));
}

void main();
