/**
 * Queue mode (issue 7, item 5): Redis (Debian's redis-server on a free port, own data dir) + n8n main + one
 * `n8n worker`, both in queue mode with the packed package installed in their (shared) user folder, against the
 * Azure emulator. Manual executions are offloaded to the worker (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true), and
 * the polling trigger runs on the main instance, which enqueues the executions it starts.
 *
 *  - the worker resolves the package's node types: no "Unrecognized node type" in any log;
 *  - the sample workflow (Manual → Create Job → Get Job), started over the REST API like the editor's run button,
 *    runs on the worker (its log shows that execution) and creates and gets the job;
 *  - the published trigger workflow fires once per status change (the job moved through the emulator's admin API,
 *    a poll forced after each change by deactivate + activate), each execution run by the worker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	azureCredential,
	BASE_MODEL,
	createAndGetJobWorkflow,
	NODE_NAMES,
	statusTriggerWorkflow,
} from '../fixtures/workflows';
import {
	advanceJob,
	ARTIFACTS_ROOT,
	nodeOutput,
	REPO_ROOT,
	sleep,
	type EmulatorProcess,
	type ExecutionRun,
	type RealN8n,
} from '../support/n8n';
import { queueEnv, RedisServer, startWorker, type Worker } from './queueMode';
import { n8nWithEmulator, waitFor } from './support';

const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureE2eCredQ001', name: 'Azure AI Foundry (emulator)' };
const SAMPLE_ID = 'azureE2eQueue001';
const TRIGGER_ID = 'azureE2eQueueTr1';
const TRAINING_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'training-chat.jsonl');

type Execution = Awaited<ReturnType<RealN8n['listExecutions']>>[number];

let redis: RedisServer;
let n8n: RealN8n;
let worker: Worker;
let emulator: EmulatorProcess;
let trainingFileId: string;

/** Every log line of this test's n8n processes (main, worker, CLI commands). */
function allLogs(): string {
	return fs
		.readdirSync(n8n.artifactsDir)
		.filter((f) => f.endsWith('.log') && f !== 'emulator.log' && f !== 'redis.log')
		.map((f) => fs.readFileSync(path.join(n8n.artifactsDir, f), 'utf8'))
		.join('\n');
}

const workerRan = (executionId: string) =>
	worker.lines.some((l) => l.includes(`Worker finished execution ${executionId} `));

async function triggerExecutions(): Promise<Execution[]> {
	return (await n8n.listExecutions(TRIGGER_ID)).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Deactivate + activate: the activation poll runs on the main instance right away. */
async function forcePoll(): Promise<void> {
	await emulator.clearRequests();
	await n8n.deactivate(TRIGGER_ID);
	await n8n.activate(TRIGGER_ID);
	await waitFor(
		'the poll of the re-activation',
		async () =>
			(await emulator.requests()).some(
				(r) => r.method === 'GET' && r.path === '/openai/v1/fine_tuning/jobs',
			),
		15_000,
	);
}

/** Waits for exactly `count` finished trigger executions, then watches 2 s for a surplus one. */
async function expectTriggerExecutions(count: number): Promise<Execution[]> {
	await waitFor(
		`${count} finished trigger executions`,
		async () => {
			const all = await triggerExecutions();
			return all.length >= count &&
				all.every((e) => e.finished || ['success', 'error', 'crashed'].includes(e.status))
				? all
				: undefined;
		},
		30_000,
		250,
	);
	await sleep(2_000);
	const all = await triggerExecutions();
	expect(all).toHaveLength(count);
	return all;
}

/** The trigger's executions once none is running and the count has not changed for 2 s. */
async function settledTriggerExecutions(): Promise<Execution[]> {
	let last = -1;
	return await waitFor(
		'the trigger executions to settle',
		async () => {
			const all = await triggerExecutions();
			const settled =
				all.length === last &&
				all.every((e) => e.finished || ['success', 'error', 'crashed'].includes(e.status));
			last = all.length;
			return settled ? all : undefined;
		},
		30_000,
		2_000,
	);
}

beforeAll(async () => {
	// One artifacts folder for Redis, main, worker and emulator logs.
	const artifactsDir = path.join(
		ARTIFACTS_ROOT,
		'e2e',
		`${new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '')}-queue`,
	);
	redis = await RedisServer.start(path.join(artifactsDir, 'redis.log'));
	({ n8n, emulator } = await n8nWithEmulator(
		{ name: 'queue', artifactsDir, env: queueEnv(redis) },
		API_KEY,
	));
	trainingFileId = await emulator.uploadProcessedFile(TRAINING_FILE);
	await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, API_KEY)]);
	await n8n.importWorkflow(
		createAndGetJobWorkflow({
			id: SAMPLE_ID,
			credential: CREDENTIAL,
			trainingFileId,
			suffix: 'n8n-queue',
		}),
	);
	await n8n.importWorkflow(statusTriggerWorkflow({ id: TRIGGER_ID, credential: CREDENTIAL }));
	await n8n.publish(TRIGGER_ID);
	await n8n.start();
	worker = await startWorker(n8n);
	await n8n.setupOwner();
	await n8n.createApiKey();
}, 300_000);

afterAll(async () => {
	await worker?.stop();
	await n8n?.dispose();
	await emulator?.stop();
	await redis?.stop();
});

test('main and worker run in queue mode on the test’s Redis', () => {
	expect(worker.lines.some((l) => l.includes('n8n worker is now ready'))).toBe(true);
	expect(allLogs()).not.toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
});

test('the sample workflow runs on the worker: Create Job → Get Job', async () => {
	await emulator.clearRequests();
	const workflow = await n8n.rest<Record<string, unknown>>('GET', `/workflows/${SAMPLE_ID}`);
	// 2.x reads the workflow from the database and starts from `triggerToStartFrom`; 1.x takes `workflowData`.
	const started = await n8n.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
		'POST',
		`/workflows/${SAMPLE_ID}/run`,
		{
			workflowData: workflow,
			triggerToStartFrom: { name: NODE_NAMES.manual },
		},
	);
	expect(started.executionId).toEqual(expect.any(String));
	const executionId = started.executionId!;

	await waitFor(
		`the worker to finish execution ${executionId}`,
		async () => workerRan(executionId),
		60_000,
	);
	const [execution] = await waitFor(
		'the execution in the public API',
		async () => {
			const all = await n8n.listExecutions(SAMPLE_ID);
			const mine = all.filter((e) => String(e.id) === executionId && e.finished);
			return mine.length ? mine : undefined;
		},
		30_000,
	);
	expect(execution.status).toBe('success');
	const run = { data: execution.data } as ExecutionRun;
	const [created] = nodeOutput(run, NODE_NAMES.create);
	expect(created).toEqual(
		expect.objectContaining({ id: expect.stringMatching(/^ftjob-/), model: BASE_MODEL }),
	);
	expect(nodeOutput(run, NODE_NAMES.get)[0].id).toBe(created.id);
	expect(worker.lines.some((l) => l.includes(`Worker started execution ${executionId} `))).toBe(
		true,
	);
	// The main instance enqueued it and did not run it itself.
	expect(
		fs.readFileSync(
			path.join(
				n8n.artifactsDir,
				fs.readdirSync(n8n.artifactsDir).find((f) => f.includes('n8n-start'))!,
			),
			'utf8',
		),
	).not.toContain(`Worker started execution ${executionId} `);
	const creates = (await emulator.requests()).filter(
		(r) => r.method === 'POST' && r.path === '/openai/v1/fine_tuning/jobs',
	);
	expect(creates).toHaveLength(1);
});

test('the trigger fires once per status change, each execution run by the worker', async () => {
	// The activation poll at start recorded the baseline; the sample's job (when that test ran) came later and is
	// emitted by this first poll. Whatever it emits, wait until it has settled before counting.
	await forcePoll();
	const before = (await settledTriggerExecutions()).length;

	const res = await emulator.api('POST', '/fine_tuning/jobs', {
		json: { model: BASE_MODEL, training_file: trainingFileId, suffix: 'queue-trigger' },
	});
	expect(res.status).toBeLessThan(300);
	const jobId = String(res.json.id);
	const seen: string[] = [String(res.json.status)];

	await forcePoll(); // the new job
	let execs = await expectTriggerExecutions(before + 1);
	for (let i = 0; i < 3; i++) {
		const job = await advanceJob(emulator, jobId);
		seen.push(job.status);
		await forcePoll();
		execs = await expectTriggerExecutions(before + 2 + i);
	}
	await forcePoll(); // no change: no execution
	execs = await expectTriggerExecutions(before + 4);

	const mine = execs.slice(before);
	const statuses = mine.map((e) => {
		const items = e.data?.resultData.runData[NODE_NAMES.trigger]?.[0]?.data?.main[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json.id).toBe(jobId);
		return String(items[0].json.status);
	});
	expect(statuses).toEqual(seen);
	for (const e of mine) {
		expect(e.status).toBe('success');
		expect(workerRan(String(e.id))).toBe(true);
	}
});

test('no "Unrecognized node type" anywhere: the worker resolves the package’s node types', () => {
	const logs = allLogs();
	expect(logs).not.toContain('Unrecognized node type');
	expect(worker.lines.join('\n')).not.toContain('Unrecognized node type');
});
