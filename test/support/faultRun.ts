/**
 * The fault-run library: many Create Job and Upload runs of the real node (n8n-core's WorkflowExecute,
 * test/support/engine.ts) against the emulator, each with an injected fault, counting the jobs and files each run
 * created. Used by the engine tests (test/engine/faults*.test.ts, badInput.test.ts) and by the CLI
 * scripts/fault-run.ts, which prints a long run's summary.
 *
 * Fault kinds: the create/upload answer lost after it took effect, connection reset, 500/502/503/504, a gateway's
 * HTML 502 page, 429 with a small retry-after-ms, an answer slower than the per-request timeout (the request is
 * processed late), truncated JSON, an empty 2xx body, a redirect to another host (which must receive nothing: the
 * secret scan looks there too). Each hits either the create/upload POST, or — after the POST's answer was lost —
 * the job/file list the node reads to find what it created ("lookup"). Some hit more requests than the node attempts.
 *
 * n8n-core and the node are loaded lazily (require inside the functions), so a caller can set n8n's environment
 * (N8N_USER_FOLDER, ...) before the first run.
 */
import type { Emulator, Fault } from '../emulator/types';
import type { CredentialData } from './engine';

/** The base model jobs are created for. */
const MODEL = 'gpt-4.1-mini-2025-04-14';

/** Per-request timeout during the run (ms), and how much later than that a `delay` fault answers. */
export const RUN_TIMEOUT_MS = 150;
const LATE_BY_MS = 150;

/** Retry settings during the run: the real number of attempts, waits of milliseconds. */
const FAST_RETRIES = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 1000 };

/** The faults a run may get, as the summary names them (`delay`: answered only after the per-request timeout). */
export const FAULT_KINDS = [
	'lost-response',
	'reset',
	'status-500',
	'status-502',
	'status-503',
	'status-504',
	'html-502',
	'status-429',
	'delay',
	'truncated',
	'empty',
	'redirect',
] as const;
export type FaultKindName = (typeof FAULT_KINDS)[number];

/** One run's operation and fault. */
export interface FaultCase {
	op: 'create' | 'upload';
	kind: FaultKindName;
	/** `post`: the fault hits the create/upload POST. `lookup`: the POST's answer is lost and the fault hits the list reads. */
	target: 'post' | 'lookup';
	/** How many matching requests the fault hits; above the 4 attempts the run fails. */
	times: number;
}

/** One run's result: the case, what the node did, and the jobs or files that carry the run's tag. */
export interface RunResult extends FaultCase {
	ok: boolean;
	/** IDs of the jobs (create) or files (upload) this run created, counted after late requests were processed. */
	createdIds: string[];
	/** ID of the node's output item, when it succeeded. */
	outputId?: string;
	message?: string;
	description?: string;
	/** API requests the run sent. */
	requests: number;
}

/** An emulator with the canary key and a processed training file; transport retries and timeout shortened. */
export interface Bench {
	emu: Emulator;
	credentials: CredentialData;
	trainingFile: string;
	/** Stops the emulator and restores the retry policy and timeout. */
	close(): Promise<void>;
}

/** `count` supervised chat examples as JSONL; `tag` makes the content (and size) differ per run. */
export function trainingJsonl(count: number, tag = ''): string {
	const line = (i: number) =>
		JSON.stringify({
			messages: [
				{ role: 'user', content: `Question ${i} ${tag}` },
				{ role: 'assistant', content: `Answer ${i}` },
			],
		});
	return Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n';
}

/** A resource-locator value in By ID mode. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Starts the bench: emulator (api-key = the canary), a training file uploaded and processed, retries of milliseconds,
 * per-request timeout {@link RUN_TIMEOUT_MS} (or `timeoutMs`), and the binary-capable Start node for uploads.
 */
export async function startBench(options: { timeoutMs?: number } = {}): Promise<Bench> {
	const { applySettings } = require('./settings') as typeof import('./settings');
	const { startEmulator } = require('../emulator') as typeof import('../emulator');
	const { useBinaryStart } = require('./fileHarness') as typeof import('./fileHarness');
	const { CANARY_API_KEY } = require('../secrets/scan') as typeof import('../secrets/scan');
	const restoreSettings = applySettings({
		retry: FAST_RETRIES,
		timeouts: { requestMs: options.timeoutMs ?? RUN_TIMEOUT_MS },
	});
	useBinaryStart();
	const emu = await startEmulator({ apiKey: CANARY_API_KEY });
	const form = new FormData();
	form.append('purpose', 'fine-tune');
	form.append('file', new Blob([trainingJsonl(10)], { type: 'application/jsonl' }), 'train.jsonl');
	const response = await fetch(`${emu.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': emu.apiKey },
		body: form,
	});
	const trainingFile = ((await response.json()) as { id: string }).id;
	emu.step();
	emu.clearRequests();
	return {
		emu,
		credentials: { endpoint: emu.url, apiKey: emu.apiKey, apiVersion: 'v1' },
		trainingFile,
		close: async () => {
			restoreSettings();
			await emu.close();
		},
	};
}

/** The emulator faults of a case; `lateMs` is how long a `delay` fault holds the answer. */
export function faultsOf(c: FaultCase, lateMs: number): Fault[] {
	const path = c.op === 'create' ? '/fine_tuning/jobs$' : '/files$';
	const match = { method: c.target === 'post' ? 'POST' : 'GET', path, times: c.times };
	const kinds: Record<FaultKindName, Fault> = {
		'lost-response': { ...match, kind: 'lost-response' },
		reset: { ...match, kind: 'reset' },
		'status-500': { ...match, kind: 'status', status: 500, code: 'InternalServerError' },
		'status-502': { ...match, kind: 'status', status: 502, code: 'BadGateway' },
		'status-503': { ...match, kind: 'status', status: 503, code: 'ServiceUnavailable' },
		'status-504': { ...match, kind: 'status', status: 504, code: 'GatewayTimeout' },
		'html-502': { ...match, kind: 'html', status: 502 },
		'status-429': {
			...match,
			kind: 'status',
			status: 429,
			code: 'RateLimitReached',
			retryAfterMs: 20,
		},
		delay: { ...match, kind: 'delay', ms: lateMs },
		truncated: { ...match, kind: 'truncated' },
		empty: { ...match, kind: 'truncated', bytes: 0 },
		redirect: { ...match, kind: 'redirect' },
	};
	const lost: Fault[] =
		c.target === 'lookup' ? [{ method: 'POST', path, kind: 'lost-response' }] : [];
	return [kinds[c.kind], ...lost];
}

/** Waits until every request held by a `delay` fault has been processed (its late effect is then counted). */
async function settle(emu: Emulator): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (emu.requests.some((request) => request.fault === 'delay' && request.status === 0)) {
		if (Date.now() > deadline) throw new Error('A delayed request was not processed within 10 s');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Runs one case through the real node; `index` tags the job (suffix) or file (name) so it can be counted. */
export async function runCase(bench: Bench, c: FaultCase, index: number): Promise<RunResult> {
	const { runNode } = require('./engine') as typeof import('./engine');
	const { fileItem } = require('./fileHarness') as typeof import('./fileHarness');
	const { uploadTimeoutMs } =
		require('../../nodes/AzureAiFoundryFineTuning/actions/file/upload.operation') as typeof import('../../nodes/AzureAiFoundryFineTuning/actions/file/upload.operation');
	const { settings } =
		require('../../nodes/shared/transport/settings') as typeof import('../../nodes/shared/transport/settings');
	const tag = `fr-${index}`;
	const content = trainingJsonl(10, tag);
	const slowest =
		c.op === 'upload' && c.target === 'post'
			? uploadTimeoutMs(Buffer.byteLength(content) + 1024)
			: settings.timeouts.requestMs;
	const { emu, credentials } = bench;
	emu.clearFaults();
	faultsOf(c, slowest + LATE_BY_MS).forEach((fault) => emu.injectFault(fault));
	const firstRequest = emu.requests.length;
	const { outputs, error } =
		c.op === 'create'
			? await runNode(
					{
						resource: 'job',
						operation: 'create',
						model: byId(MODEL),
						trainingFile: byId(bench.trainingFile),
						additionalFields: { suffix: tag },
					},
					credentials,
				)
			: await runNode(
					{ resource: 'file', operation: 'upload', fileName: `${tag}.jsonl` },
					credentials,
					{ items: [fileItem(content)] },
				);
	emu.clearFaults();
	await settle(emu);
	const created =
		c.op === 'create'
			? emu.jobs().filter((job) => job.suffix === tag)
			: emu.files().filter((file) => file.filename === `${tag}.jsonl`);
	const output = outputs[0]?.[0];
	return {
		...c,
		ok: !error,
		createdIds: created.map((object) => object.id),
		...(output ? { outputId: String(output.id) } : {}),
		...(error
			? {
					message: error.message,
					description: (error as { description?: string }).description ?? undefined,
				}
			: {}),
		requests: emu.requests.length - firstRequest,
	};
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `count` random cases: Create Job 60 %, Upload 40 %; any kind; the POST 75 %, the lookup 25 %; 1, 2 or 5 hits. */
export function randomCases(count: number, seed: number): FaultCase[] {
	const random = seededRandom(seed);
	const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
	return Array.from({ length: count }, () => ({
		op: random() < 0.6 ? 'create' : 'upload',
		kind: pick(FAULT_KINDS),
		target: random() < 0.75 ? 'post' : 'lookup',
		times: pick([1, 1, 1, 1, 1, 1, 2, 5]),
	}));
}

/** Every operation × kind × target, each hitting one request. */
export function matrixCases(): FaultCase[] {
	return (['create', 'upload'] as const).flatMap((op) =>
		FAULT_KINDS.flatMap((kind) =>
			(['post', 'lookup'] as const).map((target) => ({ op, kind, target, times: 1 })),
		),
	);
}

/** Figures of a fault run. */
export interface Summary {
	runs: number;
	faultsByKind: Record<string, number>;
	byOperation: Record<string, number>;
	succeeded: number;
	failed: number;
	/** Jobs created beyond the first by one run. */
	duplicateJobs: number;
	/** Files created beyond the first by one run. */
	duplicateFiles: number;
	/** Failed runs by how many objects they left: 0 or 1 (more would be duplicates). */
	failedLeft: Record<string, number>;
	/** Succeeded runs whose output is not the one object they created. */
	wrongOutput: number;
	requests: number;
}

/** How many of `values` have each key. */
export const count = <T>(values: T[], key: (value: T) => string) =>
	values.reduce<Record<string, number>>(
		(counts, value) => ({ ...counts, [key(value)]: (counts[key(value)] ?? 0) + 1 }),
		{},
	);

/** Counts the results. */
export function summarise(results: RunResult[]): Summary {
	const extra = (op: FaultCase['op']) =>
		results
			.filter((r) => r.op === op)
			.reduce((sum, r) => sum + Math.max(0, r.createdIds.length - 1), 0);
	const failed = results.filter((r) => !r.ok);
	return {
		runs: results.length,
		faultsByKind: count(results, (r) => r.kind),
		byOperation: count(results, (r) => r.op),
		succeeded: results.length - failed.length,
		failed: failed.length,
		duplicateJobs: extra('create'),
		duplicateFiles: extra('upload'),
		failedLeft: count(failed, (r) => `${r.createdIds.length}`),
		wrongOutput: results.filter(
			(r) => r.ok && (r.createdIds.length !== 1 || r.outputId !== r.createdIds[0]),
		).length,
		requests: results.reduce((sum, r) => sum + r.requests, 0),
	};
}

/** Runs `cases` one after the other on a fresh bench. */
export async function faultRun(cases: FaultCase[]): Promise<RunResult[]> {
	const bench = await startBench();
	try {
		const results: RunResult[] = [];
		for (const [index, c] of cases.entries()) results.push(await runCase(bench, c, index));
		return results;
	} finally {
		await bench.close();
	}
}

/**
 * What the secret check around every run (test/secrets/guard.ts) has scanned so far in this process; loaded lazily
 * like the runs themselves.
 */
export function secretScanStats(): (typeof import('../secrets/guard'))['scanStats'] {
	return (require('../secrets/guard') as typeof import('../secrets/guard')).scanStats;
}
