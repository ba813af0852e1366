/**
 * Issue 3, real n8n: a published workflow "Fine-Tuning Job Status Changed (All Jobs, Any Status Change) → No
 * Operation" against the emulator. The activation poll at `n8n start` records the baseline; then a job is created
 * and moved pending → validating_files → queued → running → succeeded through the emulator's admin API, and after
 * each change a poll is forced by deactivating and re-activating the workflow through the public API (the
 * activation poll runs inside the activate request). Each change must start the workflow exactly once, with one item:
 * the job as the API returns it plus `previous_status`.
 *
 * n8n keeps workflow static data across deactivate/activate (2.41.1: WorkflowService.deactivateWorkflow →
 * ActiveWorkflowManager.remove only removes triggers, pollers and webhooks; static data lives on in the workflow row
 * and is read again on activation; 1.123.81 behaves the same), so a re-activation poll continues from the stored
 * state rather than starting a new baseline. The test would catch the opposite: the change right after a
 * re-activation would go unseen. (n8n writes static data to the database after an activation and after a poll that
 * emits; a quiet scheduled poll's changes stay in memory until then.)
 *
 * The schedule is every minute (the shortest n8n allows); a scheduled poll may land between two forced ones. That
 * does not change what must hold — each change once, nothing repeated — so the checks count executions, not polls.
 * One n8n server start in this file.
 */
import * as path from 'node:path';

import { azureCredential, NODE_NAMES, statusTriggerWorkflow } from '../fixtures/workflows';
import { findSecret } from '../secrets/scan';
import {
	advanceJob,
	REPO_ROOT,
	seedJobs,
	sleep,
	type EmulatedJob,
	type EmulatorProcess,
	type LoggedRequest,
	type RealN8n,
} from '../support/n8n';
import { n8nWithEmulator, secretInFiles, waitFor } from './support';

const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureE2eCred0003', name: 'Azure AI Foundry (emulator)' };
const WORKFLOW_ID = 'azureE2eTrig0001';
const TRAINING_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'training-chat.jsonl');
const JOBS_PATH = '/openai/v1/fine_tuning/jobs';
/** How long to keep watching for an execution that must not come (one comes well within a second when due). */
const QUIET_MS = 2_000;

type Execution = Awaited<ReturnType<RealN8n['listExecutions']>>[number];

let n8n: RealN8n;
let emulator: EmulatorProcess;
let trainingFileId: string;
/** The emulator's requests up to and including the activation poll at start. */
let startRequests: LoggedRequest[];

const isListRequest = (r: LoggedRequest) => r.method === 'GET' && r.path === JOBS_PATH;

/** The trigger's items of one execution (json only), and those the No Operation node passed on. */
function itemsOf(execution: Execution): { trigger: unknown[]; handled: unknown[] } {
	const runData = execution.data?.resultData.runData ?? {};
	const pick = (name: string) => (runData[name]?.[0]?.data?.main[0] ?? []).map((i) => i.json);
	return { trigger: pick(NODE_NAMES.trigger), handled: pick(NODE_NAMES.handleChange) };
}

/** Executions of the workflow, oldest first. */
async function executions(): Promise<Execution[]> {
	return (await n8n.listExecutions(WORKFLOW_ID)).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Waits until exactly `count` executions exist and all have finished; then watches QUIET_MS for a surplus one. */
async function expectExecutions(count: number): Promise<Execution[]> {
	await waitFor(
		`${count} finished executions`,
		async () => {
			const all = await executions();
			return all.length >= count && all.every((e) => e.status !== 'running' && e.status !== 'new')
				? all
				: undefined;
		},
		20_000,
		250,
	);
	await sleep(QUIET_MS);
	const all = await executions();
	expect(all).toHaveLength(count);
	return all;
}

/**
 * Forces one poll: deactivate + activate through the public API (the activation poll runs inside the activate
 * request). Returns the list requests that poll made.
 */
async function forcePoll(): Promise<LoggedRequest[]> {
	await emulator.clearRequests();
	await n8n.deactivate(WORKFLOW_ID);
	await n8n.activate(WORKFLOW_ID);
	return await waitFor(
		'the poll of the re-activation',
		async () => {
			const lists = (await emulator.requests()).filter(isListRequest);
			return lists.length ? lists : undefined;
		},
		15_000,
	);
}

/** The job as the API returns it now. */
async function jobNow(id: string): Promise<EmulatedJob> {
	const res = await emulator.api('GET', `/fine_tuning/jobs/${id}`);
	expect(res.status).toBe(200);
	return res.json as EmulatedJob;
}

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator({ name: 'trigger' }, API_KEY));
	// History the baseline must absorb silently: 3 finished jobs, plus a processed file for the job created later.
	await seedJobs(emulator, 3);
	trainingFileId = await emulator.uploadProcessedFile(TRAINING_FILE);
	await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, API_KEY)]);
	await n8n.importWorkflow(statusTriggerWorkflow({ id: WORKFLOW_ID, credential: CREDENTIAL }));
	await n8n.publish(WORKFLOW_ID);
	await emulator.clearRequests();
	await n8n.start();
	await n8n.setupOwner();
	await n8n.createApiKey();
	startRequests = await waitFor(
		'the activation poll at start',
		async () => {
			const requests = await emulator.requests();
			return requests.some(isListRequest) ? requests : undefined;
		},
		30_000,
	);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
});

test('the activation poll at start records the baseline with one list request and starts no execution', async () => {
	expect(startRequests.filter(isListRequest)).toHaveLength(1);
	expect(startRequests.filter(isListRequest)[0].status).toBe(200);
	await expectExecutions(0);
});

test('a quiet re-activation poll makes one list request and starts no execution (no new baseline either, see below)', async () => {
	const lists = await forcePoll();
	expect(lists).toHaveLength(1);
	await expectExecutions(0);
});

describe('one job through its statuses: each change starts the workflow once, with the job and previous_status', () => {
	let jobId: string;
	/** [status, previous_status] of each expected execution, in order. */
	const expected: Array<[string, string | null]> = [];

	test('a job created after the baseline → one execution, previous_status null', async () => {
		const created = await emulator.api('POST', '/fine_tuning/jobs', {
			json: { model: 'gpt-4.1-mini-2025-04-14', training_file: trainingFileId },
		});
		expect([200, 201]).toContain(created.status);
		jobId = created.json.id;
		const job = await jobNow(jobId);
		expect(job.status).toBe('pending');
		await forcePoll();
		const all = await expectExecutions(1);
		expected.push(['pending', null]);
		const { trigger, handled } = itemsOf(all[0]);
		expect(all[0].status).toBe('success');
		expect(all[0].mode).toBe('trigger');
		expect(trigger).toEqual([{ ...job, previous_status: null }]);
		expect(handled).toEqual(trigger);
	});

	test.each([
		['validating_files', 'pending'],
		['queued', 'validating_files'],
		['running', 'queued'],
		['succeeded', 'running'],
	])('→ %s: one more execution whose item has previous_status %s', async (status, previous) => {
		expect(jobId).toBeDefined();
		const advanced = await advanceJob(emulator, jobId);
		expect(advanced.status).toBe(status);
		const job = await jobNow(jobId);
		await forcePoll();
		expected.push([status, previous]);
		const all = await expectExecutions(expected.length);
		const last = all[all.length - 1];
		expect(last.status).toBe('success');
		const { trigger, handled } = itemsOf(last);
		expect(trigger).toEqual([{ ...job, previous_status: previous }]);
		expect(handled).toEqual(trigger);
	});

	test('nothing is repeated: a final quiet poll adds no execution, and the executions are exactly the 5 changes in order', async () => {
		const lists = await forcePoll();
		expect(lists).toHaveLength(1); // no job is active any more: one request per quiet poll
		const all = await expectExecutions(5);
		const seen = all.map((e) => {
			const [item] = itemsOf(e).trigger as Array<{
				id: string;
				status: string;
				previous_status: string | null;
			}>;
			expect(itemsOf(e).trigger).toHaveLength(1);
			return [item.id, item.status, item.previous_status];
		});
		expect(seen).toEqual(expected.map(([status, previous]) => [jobId, status, previous]));
	});

	test('static data survives deactivation: the stored state knows the job and tracks nothing as active', async () => {
		await n8n.deactivate(WORKFLOW_ID);
		const workflow = await n8n.publicApi<{ active: boolean; staticData?: Record<string, any> }>(
			'GET',
			`/workflows/${WORKFLOW_ID}`,
		);
		expect(workflow.active).toBe(false);
		const state = workflow.staticData?.[`node:${NODE_NAMES.trigger}`]?.state;
		expect(state).toEqual(expect.objectContaining({ v: 1, scope: 'all', active: {} }));
		expect(state.topIds).toContain(jobId);
	});
});

test('the api-key appears nowhere: not in the saved executions, nor in what this file wrote (n8n output, workflows, emulator log)', async () => {
	const saved = await n8n.listExecutions(WORKFLOW_ID);
	expect(saved.length).toBeGreaterThan(0);
	expect(findSecret(saved, API_KEY)).toEqual([]);
	await n8n.stop();
	await emulator.stop();
	expect(n8n.redactor.leaks).toEqual([]);
	expect(secretInFiles(n8n.artifactsDir, API_KEY)).toEqual([]);
});
