/**
 * Issue 5, real n8n: List (Return All over two pages, local status filter) → Cancel → List Events on the emulator,
 * and Cancel of a finished job with On Error: Continue (the API's refusal as the item's error, verbatim, with its
 * code). Both workflows run with `n8n execute`: no n8n server start in this file.
 */
import {
	azureCredential,
	cancelJobContinueOnFailWorkflow,
	cancelRunningJobsWorkflow,
	NODE_NAMES,
} from '../fixtures/workflows';
import {
	emulatorNow,
	nodeOutput,
	seedJobs,
	setEmulatorNow,
	type EmulatedJob,
	type EmulatorProcess,
	type ExecutionRun,
	type LoggedRequest,
	type RealN8n,
} from '../support/n8n';
import { n8nWithEmulator, secretInFiles } from './support';

const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureE2eCred0005', name: 'Azure AI Foundry (emulator)' };
const CANCEL_RUNNING_ID = 'azureE2eLife0001';
const CANCEL_FINISHED_ID = 'azureE2eLife0002';
const JOBS_PATH = '/openai/v1/fine_tuning/jobs';

let n8n: RealN8n;
let emulator: EmulatorProcess;
/** The 25 jobs in the API's list order (newest first): 24 succeeded, then the running one (the oldest). */
let listed: EmulatedJob[];
let runningJob: EmulatedJob;
let succeededJob: EmulatedJob;

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator({ name: 'lifecycle' }, API_KEY));

	// The running job is the oldest, so it is the 25th job: on page 2 of the list (page size 20). The succeeded ones
	// come an hour later (the clock is moved, not stepped: a step would move the running job on).
	[runningJob] = await seedJobs(emulator, 1, { status: 'running' });
	await setEmulatorNow(emulator, (await emulatorNow(emulator)) + 3600);
	const succeeded = await seedJobs(emulator, 24);
	succeededJob = succeeded[succeeded.length - 1];
	const page = await emulator.api('GET', '/fine_tuning/jobs?limit=100');
	listed = page.json.data as EmulatedJob[];

	await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, API_KEY)]);
	await n8n.importWorkflow(
		cancelRunningJobsWorkflow({ id: CANCEL_RUNNING_ID, credential: CREDENTIAL }),
	);
	await n8n.importWorkflow(
		cancelJobContinueOnFailWorkflow({
			id: CANCEL_FINISHED_ID,
			credential: CREDENTIAL,
			jobId: succeededJob.id,
		}),
	);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
});

test('the emulator lists 25 jobs, the running one last', () => {
	expect(listed).toHaveLength(25);
	expect(listed.map((j) => j.status)).toEqual([...Array(24).fill('succeeded'), 'running']);
	expect(listed[24].id).toBe(runningJob.id);
});

describe('List (Return All, status running) → Cancel → List Events', () => {
	let run: ExecutionRun;
	let requests: LoggedRequest[];

	beforeAll(async () => {
		await emulator.clearRequests();
		run = (await n8n.execute(CANCEL_RUNNING_ID)).run;
		requests = await emulator.requests();
	});

	test('the run succeeds', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');
	});

	test('List returns only the running job, after reading both pages; the second request carries after=<20th id>', () => {
		const found = nodeOutput(run, NODE_NAMES.listRunning);
		expect(found).toHaveLength(1);
		expect(found[0]).toEqual(expect.objectContaining({ id: runningJob.id, status: 'running' }));

		const lists = requests.filter((r) => r.method === 'GET' && r.path === JOBS_PATH);
		expect(lists).toHaveLength(2);
		expect(lists.map((r) => r.status)).toEqual([200, 200]);
		expect(lists[0].query?.after).toBeUndefined();
		expect(String(lists[0].query?.limit)).toBe('20');
		expect(lists[1].query?.after).toBe(listed[19].id);
	});

	test('Cancel answers the job with status cancelled, after exactly one POST …/cancel', () => {
		const cancelled = nodeOutput(run, NODE_NAMES.cancel);
		expect(cancelled).toHaveLength(1);
		expect(cancelled[0]).toEqual(
			expect.objectContaining({ id: runningJob.id, status: 'cancelled' }),
		);

		const cancels = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
		expect(cancels).toHaveLength(1);
		expect(cancels[0].path).toBe(`${JOBS_PATH}/${runningJob.id}/cancel`);
		expect(cancels[0].status).toBe(200);
	});

	test('List Events of the cancelled job includes the cancellation', async () => {
		const events = nodeOutput(run, NODE_NAMES.listEvents);
		expect(events.length).toBeGreaterThanOrEqual(1);
		expect(events.every((e) => e.object === 'fine_tuning.job.event')).toBe(true);
		expect(events.map((e) => e.message)).toContain('Job cancelled.');
		// The node returns the API's event log as it is.
		const direct = await emulator.api('GET', `/fine_tuning/jobs/${runningJob.id}/events?limit=100`);
		expect(events).toEqual(direct.json.data);

		const eventReads = requests.filter(
			(r) => r.method === 'GET' && r.path === `${JOBS_PATH}/${runningJob.id}/events`,
		);
		expect(eventReads).toHaveLength(1);
	});

	test('the emulator now holds the job as cancelled, and no other job changed', async () => {
		const after = (await emulator.api('GET', '/fine_tuning/jobs?limit=100')).json
			.data as EmulatedJob[];
		expect(after.find((j) => j.id === runningJob.id)?.status).toBe('cancelled');
		expect(after.filter((j) => j.id !== runningJob.id).map((j) => j.status)).toEqual(
			Array(24).fill('succeeded'),
		);
	});
});

describe('Cancel of a succeeded job with On Error: Continue', () => {
	let run: ExecutionRun;
	let requests: LoggedRequest[];
	let refusal: { code: string; message: string };

	beforeAll(async () => {
		// What the API itself answers (a refused cancel changes nothing, so asking first is harmless).
		const direct = await emulator.api('POST', `/fine_tuning/jobs/${succeededJob.id}/cancel`);
		expect(direct.status).toBe(400);
		refusal = direct.json.error;
		await emulator.clearRequests();
		run = (await n8n.execute(CANCEL_FINISHED_ID)).run;
		requests = await emulator.requests();
	});

	test('the run succeeds and the item carries the API’s message verbatim with code jobNotCancellable', () => {
		expect(run.status).toBe('success');
		expect(refusal.code).toBe('jobNotCancellable');
		const items = nodeOutput(run, NODE_NAMES.cancel);
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0]).sort()).toEqual(['details', 'error']);
		expect(items[0].error).toBe(refusal.message);
		expect(items[0].details).toEqual(
			expect.objectContaining({ code: 'jobNotCancellable', httpStatus: 400 }),
		);
	});

	test('one POST …/cancel was sent (a 400 is not retried) and the job is still succeeded', async () => {
		expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(requests[0]).toEqual(
			expect.objectContaining({
				method: 'POST',
				path: `${JOBS_PATH}/${succeededJob.id}/cancel`,
				status: 400,
			}),
		);
		const job = await emulator.api('GET', `/fine_tuning/jobs/${succeededJob.id}`);
		expect(job.json.status).toBe('succeeded');
	});
});

test('the api-key appears nowhere in what this file wrote (n8n output, runs, workflows, emulator log)', async () => {
	await emulator.stop();
	expect(n8n.redactor.leaks).toEqual([]);
	expect(secretInFiles(n8n.artifactsDir, API_KEY)).toEqual([]);
});
