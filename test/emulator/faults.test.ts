/** Scripted faults: each kind, matching by method/path/times in order, and their recording. */
import { call, processedFile } from './helpers';
import { startEmulator, type Emulator } from './';

let emulator: Emulator;
let trainingFile: string;

beforeAll(async () => {
	emulator = await startEmulator();
	trainingFile = (await processedFile(emulator)).id;
});
afterAll(() => emulator.close());
beforeEach(() => {
	emulator.clearFaults();
	emulator.clearRequests();
});

const JOBS = '/openai/v1/fine_tuning/jobs';
const createBody = () => ({
	json: { model: 'gpt-4.1-mini-2025-04-14', training_file: trainingFile },
});

it('answers 429 with retry-after headers and the given code, without processing', async () => {
	emulator.injectFault({
		kind: 'status',
		method: 'POST',
		path: '/fine_tuning/jobs$',
		status: 429,
		code: 'daily_rate_limit_exceeded',
		retryAfter: 2,
		retryAfterMs: 1500,
	});
	const before = emulator.jobs().length;
	const reply = await call(emulator, 'POST', JOBS, createBody());
	expect(reply.status).toBe(429);
	expect(reply.headers.get('retry-after')).toBe('2');
	expect(reply.headers.get('retry-after-ms')).toBe('1500');
	expect(reply.json).toEqual({
		error: { code: 'daily_rate_limit_exceeded', message: expect.any(String) },
	});
	expect(emulator.jobs()).toHaveLength(before);
	expect(emulator.requests[0]).toMatchObject({
		status: 429,
		fault: 'status',
		error: { code: 'daily_rate_limit_exceeded' },
	});
	expect((await call(emulator, 'POST', JOBS, createBody())).status).toBe(200); // used up
});

it('answers a scripted 400 with param and type', async () => {
	emulator.injectFault({
		kind: 'status',
		status: 400,
		code: 'invalidPayload',
		message: 'Bad suffix.',
		param: 'suffix',
		type: 'invalid_request_error',
	});
	const reply = await call(emulator, 'POST', JOBS, createBody());
	expect(reply.json).toEqual({
		error: {
			code: 'invalidPayload',
			message: 'Bad suffix.',
			param: 'suffix',
			type: 'invalid_request_error',
		},
	});
});

it.each([500, 502, 503])('answers %i with an Azure error body', async (status) => {
	emulator.injectFault({ kind: 'status', status });
	const reply = await call(emulator, 'GET', JOBS);
	expect(reply.status).toBe(status);
	expect(reply.json.error).toEqual({ code: String(status), message: expect.any(String) });
	expect(reply.headers.get('apim-request-id')).toBeTruthy();
});

it('answers a gateway HTML page', async () => {
	emulator.injectFault({ kind: 'html', status: 502 });
	const reply = await call(emulator, 'GET', JOBS);
	expect(reply.status).toBe(502);
	expect(reply.headers.get('content-type')).toBe('text/html');
	expect(reply.text).toMatch(/^<html>[\s\S]*<title>502 Bad Gateway<\/title>/);
	expect(emulator.requests[0]).toMatchObject({ status: 502, fault: 'html' });
});

it('resets the connection before answering', async () => {
	emulator.injectFault({ kind: 'reset', path: '/fine_tuning/jobs$' });
	const before = emulator.jobs().length;
	await expect(call(emulator, 'POST', JOBS, createBody())).rejects.toThrow(/fetch failed/);
	expect(emulator.jobs()).toHaveLength(before);
	expect(emulator.requests[0]).toMatchObject({
		status: 0,
		fault: 'reset',
		body: createBody().json,
	});
});

it('answers after a delay', async () => {
	emulator.injectFault({ kind: 'delay', ms: 300 });
	const started = Date.now();
	const reply = await call(emulator, 'GET', JOBS);
	expect(reply.status).toBe(200);
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	expect(emulator.requests[0]).toMatchObject({ status: 200, fault: 'delay' });
});

it('cuts the JSON body in half', async () => {
	emulator.injectFault({ kind: 'truncated', method: 'GET' });
	const reply = await call(emulator, 'GET', `${JOBS}?limit=1`);
	expect(reply.status).toBe(200);
	expect(reply.text.startsWith('{"object":"list"')).toBe(true);
	expect(() => JSON.parse(reply.text)).toThrow();
	expect(emulator.requests[0]).toMatchObject({ status: 200, fault: 'truncated' });
});

it('cuts the body to `bytes` bytes: 0 gives an empty body with the real status', async () => {
	emulator.injectFault({ kind: 'truncated', method: 'GET', bytes: 0 });
	const reply = await call(emulator, 'GET', `${JOBS}?limit=1`);
	expect(reply.status).toBe(200);
	expect(reply.text).toBe('');
	expect(emulator.requests[0]).toMatchObject({ status: 200, fault: 'truncated' });
});

describe('redirect', () => {
	/** A request that does not follow redirects (fetch follows by default). */
	const send = (method: string, path: string, body?: string) =>
		fetch(`${emulator.url}${path}`, {
			method,
			redirect: 'manual',
			headers: { 'api-key': emulator.apiKey, 'content-type': 'application/json' },
			body,
		});

	it('answers 302 to a GET and 307 to a POST, pointing at the redirect target with the same path and query, without processing', async () => {
		emulator.injectFault({ kind: 'redirect', times: 2 });
		const before = emulator.jobs().length;
		const get = await send('GET', `${JOBS}?limit=1`);
		const post = await send('POST', JOBS, JSON.stringify(createBody().json));
		expect([get.status, post.status]).toEqual([302, 307]);
		expect(get.headers.get('location')).toBe(`${emulator.redirectTargetUrl}${JOBS}?limit=1`);
		expect(post.headers.get('location')).toBe(`${emulator.redirectTargetUrl}${JOBS}`);
		expect(emulator.redirectTargetUrl).not.toBe(emulator.url);
		expect(emulator.jobs()).toHaveLength(before);
		expect(emulator.requests.map((r) => [r.status, r.fault])).toEqual([
			[302, 'redirect'],
			[307, 'redirect'],
		]);
		expect(emulator.redirected()).toEqual([]);
	});

	it('a given status is used; the target records what a client that follows sends, unredacted, and clearRequests empties it', async () => {
		emulator.injectFault({ kind: 'redirect', status: 308 });
		const reply = await send('POST', JOBS, '{"a":1}');
		expect(reply.status).toBe(308);
		const followed = await fetch(reply.headers.get('location')!, {
			method: 'POST',
			headers: { 'api-key': 'k-sent-along' },
			body: '{"a":1}',
		});
		expect(await followed.json()).toMatchObject({ object: 'fine_tuning.job' });
		expect(emulator.redirected()).toEqual([
			expect.objectContaining({
				method: 'POST',
				url: JOBS,
				headers: expect.objectContaining({ 'api-key': 'k-sent-along' }),
				body: '{"a":1}',
			}),
		]);
		emulator.clearRequests();
		expect(emulator.redirected()).toEqual([]);
	});
});

it('loses the response after the job was created', async () => {
	emulator.injectFault({ kind: 'lost-response', method: 'POST', path: '/fine_tuning/jobs$' });
	const before = emulator.jobs().length;
	await expect(call(emulator, 'POST', JOBS, createBody())).rejects.toThrow(/fetch failed/);
	expect(emulator.jobs()).toHaveLength(before + 1);
	expect(emulator.requests[0]).toMatchObject({ status: 200, fault: 'lost-response' });
});

it('matches method and path, honours times, and takes faults in order', async () => {
	emulator.injectFault({ kind: 'status', method: 'POST', status: 500 });
	emulator.injectFault({ kind: 'status', path: '^/openai/v1/models$', status: 503, times: 2 });
	emulator.injectFault({ kind: 'status', status: 502 });
	expect(emulator.pendingFaults()).toHaveLength(3);
	const statuses = [];
	for (const path of [
		'/openai/v1/models',
		'/openai/v1/models',
		'/openai/v1/files',
		'/openai/v1/models',
		JOBS,
	]) {
		statuses.push((await call(emulator, 'GET', path)).status);
	}
	expect(statuses).toEqual([503, 503, 502, 200, 200]);
	expect(emulator.pendingFaults()).toEqual([
		expect.objectContaining({ method: 'POST', status: 500, times: 1 }),
	]);
});

it('refuses a malformed fault', () => {
	expect(() => emulator.injectFault({ kind: 'boom' } as never)).toThrow(/Unknown fault kind/);
	expect(() => emulator.injectFault({ kind: 'delay' } as never)).toThrow(/ms/);
	expect(() => emulator.injectFault({ kind: 'reset', path: '(' })).toThrow();
	expect(() => emulator.injectFault({ kind: 'reset', times: 0 })).toThrow(/times/);
	expect(() => emulator.injectFault({ kind: 'redirect', status: 200 })).toThrow(/3xx/);
	expect(() => emulator.injectFault({ kind: 'truncated', bytes: -1 })).toThrow(/bytes/);
	expect(emulator.pendingFaults()).toEqual([]);
});
