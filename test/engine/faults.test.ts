/**
 * Retry behaviour of the real transport under injected faults (docs/azure-api.md#errors-and-retries): the node runs in
 * n8n-core's WorkflowExecute against the emulator (api-key: the canary) with waits of milliseconds and a 150 ms
 * per-request timeout. Reads are retried; a create is repeated only after its marker lookup found nothing; a cancel
 * only after the job shows it had no effect; waits follow retry-after; attempts and total wait are bounded; every error
 * shows the API's code, message and param, the HTTP status and apim-request-id, or a short readable sentence.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MAX_MESSAGE_LENGTH } from '../../nodes/shared/transport/apiError';
import { settings } from '../../nodes/shared/transport/settings';
import type { Fault } from '../emulator/types';
import { byId, startBench, trainingJsonl, RUN_TIMEOUT_MS, type Bench } from '../support/faultRun';
import { fileItem } from '../support/fileHarness';
import { runNode, type NodeRun } from '../support/engine';
import { withSettings } from '../support/settings';

let bench: Bench;
beforeAll(async () => {
	bench = await startBench();
});
afterAll(async () => await bench.close());
beforeEach(() => {
	bench.emu.clearRequests();
	bench.emu.clearFaults();
});

/** The grader object GRADER's fields build (grader/body.ts). */
const GRADER_SENT = { type: 'string_check', name: 'exact', operation: 'eq' };
const REQUEST_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The run's error, checked to read well: a message, never `[object Object]`, no HTML. */
function readableError(run: NodeRun): {
	message: string;
	description: string;
	context: IDataObject;
} {
	const error = run.error as unknown as
		{ message: string; description?: string | null; context: IDataObject } | undefined;
	expect(error).toBeDefined();
	const { message, description } = {
		message: error!.message,
		description: error!.description ?? '',
	};
	for (const text of [message, description]) {
		expect(text).not.toContain('[object Object]');
		expect(text).not.toMatch(/<[a-z!]/i);
	}
	expect(message.length).toBeGreaterThan(10);
	expect(message.length).toBeLessThanOrEqual(300);
	return { message, description, context: error!.context };
}

/** `METHOD /path-after-v1` of the requests received so far, e.g. `POST /fine_tuning/jobs`. */
const sequence = () =>
	bench.emu.requests.map(
		(request) => `${request.method} ${request.path.replace('/openai/v1', '')}`,
	);

/** Waits until requests held by a `delay` fault have been processed. */
async function settle(): Promise<void> {
	while (bench.emu.requests.some((request) => request.fault === 'delay' && request.status === 0))
		await new Promise((resolve) => setTimeout(resolve, 10));
}

const late: Pick<Extract<Fault, { kind: 'delay' }>, 'kind' | 'ms'> = {
	kind: 'delay',
	ms: RUN_TIMEOUT_MS + 150,
};

describe('reads are retried (Get Job)', () => {
	const getJob = async (fault: Fault | undefined) => {
		const [job] = bench.emu.seedJobs(1, { status: 'running' });
		if (fault) bench.emu.injectFault({ ...fault, method: 'GET', path: `/jobs/${job.id}$` });
		return {
			job,
			run: await runNode(
				{ resource: 'job', operation: 'get', jobId: byId(job.id) },
				bench.credentials,
			),
		};
	};

	test.each<[string, Fault]>([
		['408', { kind: 'status', status: 408, code: 'RequestTimeout' }],
		[
			'429 with retry-after-ms',
			{ kind: 'status', status: 429, code: 'RateLimitReached', retryAfterMs: 10 },
		],
		['500', { kind: 'status', status: 500 }],
		['502', { kind: 'status', status: 502 }],
		['503', { kind: 'status', status: 503 }],
		['504', { kind: 'status', status: 504 }],
		['connection reset', { kind: 'reset' }],
		['an answer slower than the timeout', late],
		['an HTML error page', { kind: 'html', status: 502 }],
		['truncated JSON', { kind: 'truncated' }],
	])('%s once: sent again, and the job is output', async (_, fault) => {
		const { job, run } = await getJob(fault);
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toEqual([job]);
		expect(bench.emu.requests.map((request) => request.fault ?? request.status)).toEqual([
			fault.kind,
			200,
		]);
		await settle();
	});

	test('a slow answer is given up after the per-request timeout, not waited for', async () => {
		const started = Date.now();
		const { run } = await getJob({ kind: 'delay', ms: 3_000 });
		const elapsed = Date.now() - started;
		expect(run.error).toBeUndefined();
		expect(elapsed).toBeGreaterThanOrEqual(RUN_TIMEOUT_MS - 5);
		expect(elapsed).toBeLessThan(2_000);
		await settle();
	});

	test("a 503 that persists: exactly as many attempts as the policy allows, then the API's error", async () => {
		const { run } = await getJob({
			kind: 'status',
			status: 503,
			code: 'ServiceUnavailable',
			message: 'Try again later.',
			times: 10,
		});
		const { message, description, context } = readableError(run);
		expect(bench.emu.requests).toHaveLength(settings.retry.attempts);
		expect(message).toBe('Try again later.');
		expect(description).toMatch(
			new RegExp(`^Code: ServiceUnavailable · HTTP 503 · apim-request-id: ${REQUEST_ID}$`),
		);
		expect(context.retries).toBe(
			`${settings.retry.attempts} attempts; stopped: gave up after ${settings.retry.attempts} attempts`,
		);
	});
});

describe('a POST that changes nothing is retried like a read; one that may bill is not (the Grader resource)', () => {
	const GRADER = { graderType: 'string_check', graderName: 'exact' };
	const graderRun = async (operation: 'validate' | 'run', fault: Fault) => {
		bench.emu.injectFault({ ...fault, method: 'POST', path: `/graders/${operation}$` });
		return await runNode(
			{
				resource: 'grader',
				operation,
				...GRADER,
				modelSample: 'Paris',
				item: '{"reference_answer":"Paris"}',
			},
			bench.credentials,
		);
	};
	const outcomes = () => bench.emu.requests.map((request) => request.fault ?? request.status);

	test.each<[string, Fault]>([
		['500', { kind: 'status', status: 500 }],
		['a lost answer', { kind: 'lost-response' }],
	])('Validate after %s: sent again, and the answer is output', async (_, fault) => {
		const run = await graderRun('validate', fault);
		expect(run.error).toBeUndefined();
		expect(run.outputs[0]).toEqual([{ grader: expect.objectContaining(GRADER_SENT) }]);
		expect(outcomes()).toEqual([fault.kind, 200]);
	});

	test('Run after a 500: not sent again (a score model grader is billed per run), the API error shown', async () => {
		const run = await graderRun('run', { kind: 'status', status: 500 });
		expect(readableError(run).description).toMatch(/HTTP 500/);
		expect(outcomes()).toEqual(['status']);
	});
});

describe('server-given waits and the bound on waiting', () => {
	const getSeeded = async (fault: Fault) => {
		const [job] = bench.emu.seedJobs(1);
		bench.emu.injectFault(fault);
		const started = Date.now();
		const run = await runNode(
			{ resource: 'job', operation: 'get', jobId: byId(job.id) },
			bench.credentials,
		);
		return { run, elapsed: Date.now() - started };
	};

	test('retry-after-ms: 300 → the retry comes after about 300 ms (backoff alone would be ≤ 5 ms)', async () => {
		const { run, elapsed } = await getSeeded({ kind: 'status', status: 429, retryAfterMs: 300 });
		expect(run.error).toBeUndefined();
		expect(bench.emu.requests).toHaveLength(2);
		expect(elapsed).toBeGreaterThanOrEqual(295);
		expect(elapsed).toBeLessThan(1_500);
	});

	test('retry-after: 1 (seconds) → the retry comes after about 1 s', async () => {
		const { run, elapsed } = await getSeeded({ kind: 'status', status: 429, retryAfter: 1 });
		expect(run.error).toBeUndefined();
		expect(bench.emu.requests).toHaveLength(2);
		expect(elapsed).toBeGreaterThanOrEqual(995);
		expect(elapsed).toBeLessThan(2_500);
	});

	test('429 with retry-after-ms 400 every time, 1 s budget: 2 waits (800 ms), then the error — not a third wait', async () => {
		const { run, elapsed } = await getSeeded({
			kind: 'status',
			status: 429,
			code: 'RateLimitReached',
			retryAfterMs: 400,
			times: 10,
		});
		const { message, description, context } = readableError(run);
		expect(bench.emu.requests).toHaveLength(3);
		expect(elapsed).toBeGreaterThanOrEqual(795);
		expect(elapsed).toBeLessThan(2_000);
		expect(message).toBe('Rate limit is exceeded. Try again later.');
		expect(description).toMatch(/^Code: RateLimitReached · HTTP 429 · apim-request-id: /);
		expect(context.retries).toMatch(/^3 attempts; stopped: the service asks to wait/);
	});

	test("the issue's case: 429 daily_rate_limit_exceeded with retry-after 86400 → one create request, the API's code and message at once", async () => {
		const production = {
			attempts: 4,
			baseDelayMs: 1_000,
			maxDelayMs: 15_000,
			maxTotalWaitMs: 60_000,
		};
		await withSettings({ retry: production }, async () => {
			const message =
				'You have exceeded the daily token limit of your subscription. Try again tomorrow.';
			bench.emu.injectFault({
				kind: 'status',
				status: 429,
				code: 'daily_rate_limit_exceeded',
				message,
				retryAfter: 86_400,
				method: 'POST',
				times: 5,
			});
			const started = Date.now();
			const run = await runNode(
				{
					resource: 'job',
					operation: 'create',
					model: byId('gpt-4.1-mini-2025-04-14'),
					trainingFile: byId(bench.trainingFile),
					options: { checkFilesFirst: false },
				},
				bench.credentials,
			);
			expect(Date.now() - started).toBeLessThan(1_000);
			const error = readableError(run);
			expect(error.message).toBe(message);
			expect(error.description).toMatch(
				new RegExp(`^Code: daily_rate_limit_exceeded · HTTP 429 · apim-request-id: ${REQUEST_ID}$`),
			);
			expect(sequence()).toEqual(['GET /fine_tuning/jobs', 'POST /fine_tuning/jobs']);
		});
	});
});

describe('errors show what the API said, or a short readable sentence', () => {
	const failGet = async (fault: Fault) => {
		const [job] = bench.emu.seedJobs(1);
		bench.emu.injectFault({ ...fault, times: 10 });
		return readableError(
			await runNode({ resource: 'job', operation: 'get', jobId: byId(job.id) }, bench.credentials),
		);
	};

	test('a 400 with code, message and param: the message verbatim; code, param, status and request id in the description', async () => {
		const { message, description } = await failGet({
			kind: 'status',
			status: 400,
			code: 'invalidPayload',
			message: 'The job ID is malformed.',
			param: 'fine_tuning_job_id',
		});
		expect(message).toBe('The job ID is malformed.');
		expect(description).toMatch(
			new RegExp(
				`^Code: invalidPayload · Param: fine_tuning_job_id · HTTP 400 · apim-request-id: ${REQUEST_ID}$`,
			),
		);
		expect(bench.emu.requests).toHaveLength(1);
	});

	test('an HTML error page → one sentence with the page title', async () => {
		const { message, description } = await failGet({ kind: 'html', status: 502 });
		expect(message).toBe(
			'The API answered HTTP 502 with an HTML page instead of JSON: "502 Bad Gateway"',
		);
		expect(description).toMatch(new RegExp(`^HTTP 502 · apim-request-id: ${REQUEST_ID}$`));
	});

	test('truncated JSON → says the body was cut off, with a short excerpt', async () => {
		const { message, description } = await failGet({ kind: 'truncated' });
		expect(message).toMatch(
			/^The API answered HTTP 200 but its body is not valid JSON \(it may have been cut off\): \{"id":"ftjob-/,
		);
		expect(description).toMatch(new RegExp(`^HTTP 200 · apim-request-id: ${REQUEST_ID}$`));
	});

	test("connection reset → n8n's sentence for it and the network code", async () => {
		const { message, description } = await failGet({ kind: 'reset' });
		expect(message).toMatch(/^The connection to the server was closed unexpectedly/);
		expect(description).toBe('Network error ECONNRESET');
	});

	test('no answer within the timeout → says so, with the timeout', async () => {
		const { message, description } = await failGet(late);
		expect(message).toBe(
			`No answer from Azure within ${RUN_TIMEOUT_MS} ms (the request timed out)`,
		);
		expect(description).toBe('Network error ECONNABORTED');
		await settle();
	});

	test('an empty 200 body where JSON is expected → an error saying so (sent again, as a read), never {}', async () => {
		const { message, description } = await failGet({ kind: 'truncated', bytes: 0 });
		expect(message).toBe('The API answered HTTP 200 with an empty body where JSON was expected');
		expect(description).toMatch(new RegExp(`^HTTP 200 · apim-request-id: ${REQUEST_ID}$`));
		expect(bench.emu.requests).toHaveLength(settings.retry.attempts);
	});

	test('a 1 MB error message → cut, saying so; code, param and status kept (also in the continue-on-fail item)', async () => {
		const [job] = bench.emu.seedJobs(1);
		const long = `The request is invalid. ${'x'.repeat(1_000_000)}`;
		const fault: Fault = {
			kind: 'status',
			status: 400,
			code: 'invalidPayload',
			param: 'fine_tuning_job_id',
			message: long,
		};
		const parameters = { resource: 'job', operation: 'get', jobId: byId(job.id) };
		bench.emu.injectFault(fault);
		const { error } = await runNode(parameters, bench.credentials);
		bench.emu.injectFault(fault);
		const continued = await runNode(parameters, bench.credentials, {
			onError: 'continueRegularOutput',
		});
		const shortened = `${long.slice(0, MAX_MESSAGE_LENGTH)}… (shortened: ${long.length} characters in all)`;
		expect(error?.message).toBe(shortened);
		expect((error as { description?: string }).description).toMatch(
			/^Code: invalidPayload · Param: fine_tuning_job_id · HTTP 400 · /,
		);
		expect(continued.outputs[0][0]).toEqual({
			error: shortened,
			details: expect.objectContaining({
				code: 'invalidPayload',
				param: 'fine_tuning_job_id',
				httpStatus: 400,
			}),
		});
		expect(JSON.stringify(continued.outputs).length).toBeLessThan(10_000);
	});

	test('an https Endpoint answered by a plain-http server → says the endpoint answered without TLS, keeps the code', async () => {
		const { message, description } = readableError(
			await runNode(
				{ resource: 'job', operation: 'get', jobId: byId('ftjob-abc123') },
				{ ...bench.credentials, endpoint: bench.emu.url.replace('http:', 'https:') },
			),
		);
		const host = new URL(bench.emu.url).host;
		expect(message).toBe(
			`The endpoint ${host} answered without TLS (plain http where https:// was expected): check the scheme and port of the credential's Endpoint`,
		);
		expect(description).toMatch(/^Network error (EPROTO|ERR_SSL_\w+) \(.*wrong version number\)$/);
	});

	test('a mistyped resource name (host not found) → names the host and what to check', async () => {
		const { message, description } = readableError(
			await runNode(
				{ resource: 'job', operation: 'get', jobId: byId('ftjob-abc123') },
				{ ...bench.credentials, endpoint: 'https://no-such-resource.invalid' },
			),
		);
		expect(message).toBe(
			"The endpoint's host no-such-resource.invalid was not found (DNS): check the resource name in the credential's Endpoint",
		);
		expect(description).toBe('Network error ENOTFOUND');
	});
});

describe('a redirect is never followed: the other host receives nothing, not even the key', () => {
	const REDIRECT =
		/^The endpoint answered HTTP (302|307), a redirect to (127\.0\.0\.1:\d+)\. Azure's API does not redirect, so the redirect was not followed: no API key or request data was sent to \2\. Check the credential's Endpoint\.$/;

	const expectRefused = (run: NodeRun, status: number) => {
		const { message, description } = readableError(run);
		const match = REDIRECT.exec(message);
		expect(match?.[1]).toBe(String(status));
		expect(match?.[2]).toBe(new URL(bench.emu.redirectTargetUrl).host);
		expect(description).toMatch(new RegExp(`^HTTP ${status} · apim-request-id: ${REQUEST_ID}$`));
		expect(run.outputs).toEqual([]);
		expect(bench.emu.redirected()).toEqual([]);
	};

	test('Get Job (302): one request, the run fails naming the host, no output from the other host', async () => {
		const [job] = bench.emu.seedJobs(1);
		bench.emu.injectFault({ kind: 'redirect', times: 10 });
		const run = await runNode(
			{ resource: 'job', operation: 'get', jobId: byId(job.id) },
			bench.credentials,
		);
		expectRefused(run, 302);
		expect(bench.emu.requests).toHaveLength(1);
	});

	test('Create Job (307 on the POST): the body is not sent on, no job is created, the create is not repeated', async () => {
		bench.emu.injectFault({ kind: 'redirect', method: 'POST', times: 10 });
		const before = bench.emu.jobs().length;
		const run = await runNode(
			{
				resource: 'job',
				operation: 'create',
				model: byId('gpt-4.1-mini-2025-04-14'),
				trainingFile: byId(bench.trainingFile),
				options: { checkFilesFirst: false },
			},
			bench.credentials,
		);
		expectRefused(run, 307);
		expect(sequence()).toEqual(['GET /fine_tuning/jobs', 'POST /fine_tuning/jobs']);
		expect(bench.emu.jobs()).toHaveLength(before);
	});

	test('Upload (307 on the streamed POST): the file is not sent on', async () => {
		bench.emu.injectFault({ kind: 'redirect', method: 'POST', times: 10 });
		const run = await runNode(
			{ resource: 'file', operation: 'upload', fileName: 'redirected.jsonl' },
			bench.credentials,
			{ items: [fileItem(trainingJsonl(10, 'redirected'))] },
		);
		expectRefused(run, 307);
		expect(sequence().filter((request) => request === 'POST /files')).toHaveLength(1);
	});
});

describe('a used-up quota is not waited for', () => {
	const getWith = async (fault: Fault) => {
		const [job] = bench.emu.seedJobs(1);
		bench.emu.injectFault({ times: 10, ...fault });
		const run = await runNode(
			{ resource: 'job', operation: 'get', jobId: byId(job.id) },
			bench.credentials,
		);
		return { run };
	};

	test.each<[string, Fault]>([
		[
			'a daily-quota code without retry-after',
			{ kind: 'status', status: 429, code: 'daily_rate_limit_exceeded', message: 'Daily limit.' },
		],
		[
			'insufficient_quota without retry-after',
			{ kind: 'status', status: 429, code: 'insufficient_quota', message: 'Quota used up.' },
		],
		[
			"the gateway's 429 naming a day-long wait in its message only",
			{
				kind: 'status',
				status: 429,
				code: '429',
				message: 'Rate limit is exceeded. Try again in 86400 seconds.',
			},
		],
	])("%s → one request, the API's message at once", async (_, fault) => {
		const { run } = await getWith(fault);
		const { message, context } = readableError(run);
		expect(bench.emu.requests).toHaveLength(1);
		expect(message).toBe((fault as { message: string }).message);
		expect(context.retries).toBeUndefined();
	});

	test('a plain rate limit (RateLimitReached, no retry-after) is still retried after a backoff wait', async () => {
		const { run } = await getWith({
			kind: 'status',
			status: 429,
			code: 'RateLimitReached',
			times: 1,
		});
		expect(run.error).toBeUndefined();
		expect(bench.emu.requests.map((request) => request.status)).toEqual([429, 200]);
	});
});

describe('Create Job: the create is sent again only after the marker lookup found nothing', () => {
	const create = async (fault: Fault | undefined, options: INodeParameters = {}) => {
		if (fault) bench.emu.injectFault({ ...fault, method: 'POST', path: '/fine_tuning/jobs$' });
		const before = bench.emu.jobs().length;
		const run = await runNode(
			{
				resource: 'job',
				operation: 'create',
				model: byId('gpt-4.1-mini-2025-04-14'),
				trainingFile: byId(bench.trainingFile),
				options: { checkFilesFirst: false, ...options },
			},
			bench.credentials,
		);
		await settle();
		return { run, created: bench.emu.jobs().length - before };
	};
	const LOOKUP = 'GET /fine_tuning/jobs';
	const CREATE = 'POST /fine_tuning/jobs';

	test.each<[string, Fault, string[]]>([
		['500', { kind: 'status', status: 500 }, [LOOKUP, CREATE, LOOKUP, CREATE]],
		['502', { kind: 'status', status: 502 }, [LOOKUP, CREATE, LOOKUP, CREATE]],
		['503', { kind: 'status', status: 503 }, [LOOKUP, CREATE, LOOKUP, CREATE]],
		['an HTML 502 page', { kind: 'html' }, [LOOKUP, CREATE, LOOKUP, CREATE]],
		['connection reset', { kind: 'reset' }, [LOOKUP, CREATE, LOOKUP, CREATE]],
		[
			'429 (refused before processing: no lookup needed)',
			{ kind: 'status', status: 429, retryAfterMs: 10 },
			[LOOKUP, CREATE, CREATE],
		],
		[
			'the job created, then the connection dropped',
			{ kind: 'lost-response' },
			[LOOKUP, CREATE, LOOKUP],
		],
		['the job created, then the answer cut off', { kind: 'truncated' }, [LOOKUP, CREATE, LOOKUP]],
	])('%s → one job, output by the node', async (_, fault, expected) => {
		const { run, created } = await create(fault);
		expect(run.error).toBeUndefined();
		expect(sequence()).toEqual(expected);
		expect(created).toBe(1);
		expect(run.outputs[0][0].id).toBe(bench.emu.jobs()[0].id);
	});

	test.each<[string, Fault, number]>([
		['an answer slower than the timeout (Azure still creating the job)', late, 1],
		['a gateway 504 (Azure may still create the job)', { kind: 'status', status: 504 }, 0],
	])(
		'%s, and no job shows up while the node looks → not sent again: the run fails saying so, and at most one job exists',
		async (_, fault, jobs) => {
			const { run, created } = await create(fault);
			const { description } = readableError(run);
			expect(description).toContain(
				'Azure may still carry out this request, so it was not sent again',
			);
			// It looks once at once, then again after each backoff wait, as many times as there are attempts.
			expect(sequence()).toEqual([
				LOOKUP,
				CREATE,
				...Array<string>(settings.retry.attempts).fill(LOOKUP),
			]);
			expect(created).toBe(jobs);
		},
	);

	test('an answer slower than the timeout, and the job shows up while the node looks again → that job is output, not a second one', async () => {
		// Backoff waits long enough for the late create to land between two looks (the job appears ~150 ms after the timeout).
		const random = jest.spyOn(Math, 'random').mockReturnValue(1);
		try {
			await withSettings({ retry: { baseDelayMs: 200, maxDelayMs: 400 } }, async () => {
				const { run, created } = await create(late);
				expect(run.error).toBeUndefined();
				expect(created).toBe(1);
				expect(sequence().filter((request) => request === CREATE)).toHaveLength(1);
				expect(run.outputs[0][0].id).toBe(bench.emu.jobs()[0].id);
			});
		} finally {
			random.mockRestore();
		}
	});

	test('with Prevent Duplicate Jobs off there is no lookup, so a 500 is never answered by sending the create again', async () => {
		const { run, created } = await create(
			{ kind: 'status', status: 500 },
			{ preventDuplicates: false },
		);
		expect(readableError(run).description).toMatch(/^HTTP 500 · apim-request-id: /);
		expect(sequence()).toEqual([CREATE]);
		expect(created).toBe(0);
	});
});

describe('Cancel Job is not blindly repeated', () => {
	const cancel = async (fault: Fault | undefined, status: 'running' | 'succeeded' = 'running') => {
		const [job] = bench.emu.seedJobs(1, { status });
		if (fault) bench.emu.injectFault({ ...fault, method: 'POST', path: '/cancel$' });
		const run = await runNode(
			{ resource: 'job', operation: 'cancel', jobId: byId(job.id) },
			bench.credentials,
		);
		await settle();
		const cancelPath = `/fine_tuning/jobs/${job.id}`;
		return {
			run,
			job,
			requests: sequence().map((request) => request.replace(cancelPath, '<job>')),
			final: bench.emu.jobs().find((j) => j.id === job.id)!,
		};
	};

	test('a 500 before it took effect: the job is read, still running, so the cancel is sent again', async () => {
		const { run, requests, final } = await cancel({ kind: 'status', status: 500 });
		expect(run.error).toBeUndefined();
		expect(requests).toEqual(['POST <job>/cancel', 'GET <job>', 'POST <job>/cancel']);
		expect(final.status).toBe('cancelled');
	});

	test('the cancel took effect but its answer was lost: the job read shows it cancelled; no second cancel', async () => {
		const { run, requests } = await cancel({ kind: 'lost-response' });
		expect(run.error).toBeUndefined();
		expect(requests).toEqual(['POST <job>/cancel', 'GET <job>']);
		expect(run.outputs[0][0].status).toBe('cancelled');
	});

	test('no answer in time: not sent again while Azure may still act on it', async () => {
		const { run, requests, final } = await cancel(late);
		expect(readableError(run).description).toContain('it was not sent again');
		expect(requests.filter((request) => request === 'POST <job>/cancel')).toHaveLength(1);
		expect(requests[0]).toBe('POST <job>/cancel');
		expect(final.status).toBe('cancelled');
	});

	test("a job that has ended: the API's refusal at once, one request", async () => {
		const { run, requests } = await cancel(undefined, 'succeeded');
		const { message, description } = readableError(run);
		expect(message).toMatch(/cannot be cancelled because it has already ended/);
		expect(description).toMatch(/^Code: jobNotCancellable · HTTP 400 · apim-request-id: /);
		expect(requests).toEqual(['POST <job>/cancel']);
	});
});
