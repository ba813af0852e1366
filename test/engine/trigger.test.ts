/**
 * The Azure AI Foundry Fine-Tuning Trigger through n8n-core's PollContext (real HTTP, real workflow static data)
 * against the emulator: the behaviour README.md and docs/operations.md promise for the trigger, case by case, with
 * the requests each poll costs.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AzureAiFoundryFineTuningTrigger } from '../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import { STATE_KEY } from '../../nodes/AzureAiFoundryFineTuningTrigger/poll';
import { CLOCK_TOLERANCE_SECONDS } from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';
import { settings } from '../../nodes/shared/transport/settings';
import { startEmulator, type Emulator } from '../emulator';
import { nodeTypeMap, pollRunner, type CredentialData, type PollRunner } from '../support/engine';
import { useSettings } from '../support/settings';

nodeTypeMap['azure.trigger'] = new AzureAiFoundryFineTuningTrigger();

let emu: Emulator;
let credentials: CredentialData;

useSettings({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxTotalWaitMs: 100 } });
beforeEach(async () => {
	emu = await startEmulator();
	credentials = { endpoint: emu.url, apiKey: emu.apiKey, apiVersion: 'v1' };
});
afterEach(async () => await emu.close());

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * A trigger node of `version` (default: the one new nodes get, 1.1) with these parameters; `budgetMs` is n8n's poll
 * budget (default 5 minutes).
 */
function trigger(
	parameters: INodeParameters = {},
	staticData: IDataObject = {},
	version = 1.1,
	budgetMs?: number,
): PollRunner {
	return pollRunner(
		'azure.trigger',
		{ watch: 'all', triggerOn: 'anyChange', ...parameters },
		credentials,
		staticData,
		version,
		budgetMs,
	);
}

/** One poll: its items (json) and the API requests it made. */
async function poll(runner: PollRunner, mode: 'trigger' | 'manual' = 'trigger') {
	emu.clearRequests();
	const output: INodeExecutionData[][] | null = await runner.poll(mode);
	const requests = emu.requests.map(
		(r) =>
			`${r.method} ${r.path.replace('/openai/v1', '')}${r.query.after ? ` after=${r.query.after}` : ''}`,
	);
	return { items: output ? output[0].map((item) => item.json) : [], requests, output };
}

const brief = (items: IDataObject[]) =>
	items.map((item) => `${item.id}:${item.previous_status}→${item.status}`);
const LIST = 'GET /fine_tuning/jobs';

describe('documented trigger cases', () => {
	test('X (t=200, running) and Y (t=100, running) listed twice unchanged: the second poll emits nothing, in one request', async () => {
		const [y] = emu.seedJobs(1, { created_at: 100, status: 'running' });
		const [x] = emu.seedJobs(1, { created_at: 200, status: 'running' });
		const runner = trigger();
		expect((await poll(runner)).output).toBeNull();
		const second = await poll(runner);
		expect(second.output).toBeNull();
		expect(second.requests).toEqual([LIST]);
		expect(emu.jobs().map((job) => job.id)).toEqual([x.id, y.id]);
	});

	test('14 jobs change status in the same second, page size 10: 14 items in all, none dropped, none repeated', async () => {
		emu.seedJobs(20);
		const now = emu.now();
		const running = emu.seedJobs(14, { status: 'running', created_at: now + 5 });
		const runner = trigger({ options: { pageSize: 10 } });
		expect((await poll(runner)).output).toBeNull();
		running.forEach((job) => emu.advanceJob(job.id));
		const first = await poll(runner);
		const second = await poll(runner);
		expect([...first.items, ...second.items].map((item) => item.id).sort()).toEqual(
			running.map((job) => job.id).sort(),
		);
		expect(new Set(brief(first.items))).toEqual(
			new Set(running.map((job) => `${job.id}:running→succeeded`)),
		);
		expect(first.requests).toEqual([LIST, `${LIST} after=${emu.jobs()[9].id}`]);
		expect(second.output).toBeNull();
	});

	test('14 jobs created in the same second, page size 10: each emitted once as new (previous_status null)', async () => {
		emu.seedJobs(5);
		const runner = trigger({ options: { pageSize: 10 } });
		await poll(runner);
		const created = emu.seedJobs(14, { status: 'pending', created_at: emu.now() + 1 });
		const first = await poll(runner);
		expect(first.items.map((item) => item.previous_status)).toEqual(Array(14).fill(null));
		expect(first.items.map((item) => item.id).sort()).toEqual(created.map((job) => job.id).sort());
		expect((await poll(runner)).output).toBeNull();
	});

	test('activation with 30 existing jobs → 0 items; then one job changes → exactly 1 item', async () => {
		emu.seedJobs(25);
		const active = emu.seedJobs(5, { status: 'queued' });
		const runner = trigger();
		const baseline = await poll(runner);
		expect(baseline.output).toBeNull();
		expect(baseline.requests).toEqual([LIST]);
		emu.advanceJob(active[2].id);
		const next = await poll(runner);
		expect(brief(next.items)).toEqual([`${active[2].id}:queued→running`]);
		expect(next.items[0]).toEqual({
			...emu.jobs().find((job) => job.id === active[2].id),
			previous_status: 'queued',
		});
		expect(next.requests).toEqual([LIST]);
		expect((await poll(runner)).output).toBeNull();
	});

	test('Fetch Test Event twice: one item each, shaped like an event; static data untouched; the baseline holds', async () => {
		const [older] = emu.seedJobs(1, { status: 'running' });
		const runner = trigger();
		await poll(runner);
		const before = JSON.stringify(runner.workflow.staticData);
		emu.seedJobs(1, { status: 'succeeded', created_at: emu.now() + 1 });
		const newest = emu.jobs()[0];
		for (let i = 0; i < 2; i++) {
			const test = await poll(runner, 'manual');
			expect(test.items).toEqual([{ ...newest, previous_status: null }]);
			expect(test.requests).toEqual([LIST]);
			expect(emu.requests[0].query.limit).toBe('1');
		}
		expect(JSON.stringify(runner.workflow.staticData)).toBe(before);
		emu.advanceJob(older.id);
		expect(brief((await poll(runner)).items)).toEqual(
			[`${newest.id}:null→succeeded`, `${older.id}:running→succeeded`].reverse(),
		);
	});

	test('Fetch Test Event with no jobs: a clear error, no state written', async () => {
		const runner = trigger();
		const failure = await runner.poll('manual').catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure).toMatchObject({
			message: 'There are no fine-tuning jobs in this account yet',
			description: expect.stringContaining('Create a fine-tuning job'),
		});
		expect(runner.workflow.staticData).toEqual({});
	});

	test("poll 1 gets a 503: the API's error, state untouched; poll 2 gets 200: the changes since the last good poll, once", async () => {
		const [job] = emu.seedJobs(1, { status: 'running' });
		const runner = trigger();
		await poll(runner);
		const before = JSON.stringify(runner.staticData());
		emu.advanceJob(job.id);
		const [created] = emu.seedJobs(1, { status: 'pending', created_at: emu.now() + 1 });
		emu.injectFault({
			kind: 'status',
			status: 503,
			path: '/fine_tuning/jobs',
			times: settings.retry.attempts,
		});
		const failure = await runner.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).message).toBe(
			'The service is temporarily unable to process your request. Please try again later.',
		);
		expect((failure as NodeApiError).httpCode).toBe('503');
		expect(JSON.stringify(runner.staticData())).toBe(before);
		const recovered = await poll(runner);
		expect(brief(recovered.items)).toEqual([
			`${job.id}:running→succeeded`,
			`${created.id}:null→pending`,
		]);
		expect((await poll(runner)).output).toBeNull();
	});

	test('validating_files → queued → running → succeeded, one per poll: 3 items with the right previous_status', async () => {
		const [job] = emu.seedJobs(1, { status: 'validating_files' });
		for (const parameters of [{}, { watch: 'one', jobId: byId(job.id) }]) {
			emu.advanceJob(job.id, 'validating_files');
			const runner = trigger(parameters);
			await poll(runner);
			const seen: string[] = [];
			for (let step = 0; step < 3; step++) {
				emu.advanceJob(job.id);
				const { items, requests } = await poll(runner);
				seen.push(...brief(items));
				expect(requests).toEqual(parameters.watch ? [`GET /fine_tuning/jobs/${job.id}`] : [LIST]);
			}
			expect(seen).toEqual([
				`${job.id}:validating_files→queued`,
				`${job.id}:queued→running`,
				`${job.id}:running→succeeded`,
			]);
			const after = await poll(runner);
			expect(after.output).toBeNull();
			expect(after.requests).toEqual(parameters.watch ? [] : [LIST]);
		}
	});
});

describe('more behaviour through the engine', () => {
	test('several transitions between two polls: one item, latest status, previous = last emitted', async () => {
		const [job] = emu.seedJobs(1, { status: 'pending' });
		const runner = trigger();
		await poll(runner);
		['validating_files', 'queued', 'running', 'pausing', 'paused'].forEach((status) =>
			emu.advanceJob(job.id, status),
		);
		expect(brief((await poll(runner)).items)).toEqual([`${job.id}:pending→paused`]);
	});

	test('A → B → A between two polls is not observable: nothing', async () => {
		const [job] = emu.seedJobs(1, { status: 'running' });
		const runner = trigger();
		await poll(runner);
		emu.advanceJob(job.id, 'pausing');
		emu.advanceJob(job.id, 'running');
		expect((await poll(runner)).output).toBeNull();
	});

	test('unknown statuses are followed like any other', async () => {
		const [job] = emu.seedJobs(1, { status: 'running' });
		const runner = trigger();
		await poll(runner);
		emu.advanceJob(job.id, 'trainingStarted');
		expect(brief((await poll(runner)).items)).toEqual([`${job.id}:running→trainingStarted`]);
		emu.advanceJob(job.id, 'canceled');
		expect(brief((await poll(runner)).items)).toEqual([`${job.id}:trainingStarted→canceled`]);
		expect(runner.staticData()[STATE_KEY]).toMatchObject({ active: {} });
	});

	test('Specific Statuses: other changes are noted but not emitted, and never emitted later', async () => {
		const [job] = emu.seedJobs(1, { status: 'queued' });
		const runner = trigger({ triggerOn: 'statuses', statuses: ['succeeded', 'failed'] });
		await poll(runner);
		emu.advanceJob(job.id);
		expect((await poll(runner)).output).toBeNull();
		expect((await poll(runner)).output).toBeNull();
		emu.advanceJob(job.id);
		expect(brief((await poll(runner)).items)).toEqual([`${job.id}:running→succeeded`]);
	});

	/** Seeds three new jobs, one with suffix nightly and owner wf-1; the filters must pick only that one. */
	async function onlyMine(runner: PollRunner) {
		await poll(runner);
		const at = emu.now() + 1;
		const [mine] = emu.seedJobs(1, {
			status: 'pending',
			suffix: 'nightly',
			metadata: { owner: 'wf-1' },
			created_at: at,
		});
		emu.seedJobs(1, {
			status: 'pending',
			suffix: 'nightly',
			metadata: { owner: 'wf-2' },
			created_at: at,
		});
		emu.seedJobs(1, {
			status: 'pending',
			suffix: 'other',
			metadata: { owner: 'wf-1' },
			created_at: at,
		});
		expect(brief((await poll(runner)).items)).toEqual([`${mine.id}:null→pending`]);
	}

	test('suffix and metadata filters: only the jobs a workflow created', async () => {
		await onlyMine(
			trigger({
				filters: { suffix: 'nightly', metadata: { pairs: [{ key: 'owner', value: 'wf-1' }] } },
			}),
		);
	});

	test('a version-1 node saved with Metadata Key / Metadata Value still filters by that pair', async () => {
		await onlyMine(
			trigger(
				{ filters: { suffix: 'nightly', metadataKey: 'owner', metadataValue: 'wf-1' } },
				{},
				1,
			),
		);
	});

	test('version 1, Metadata Key without a value: jobs with that key, any value', async () => {
		const runner = trigger({ filters: { metadataKey: 'owner' } }, {}, 1);
		await poll(runner);
		const at = emu.now() + 1;
		const owned = emu.seedJobs(2, { status: 'pending', metadata: { owner: 'x' }, created_at: at });
		emu.seedJobs(1, { status: 'pending', metadata: { other: 'x' }, created_at: at });
		expect((await poll(runner)).items.map((item) => item.id).sort()).toEqual(
			owned.map((job) => job.id).sort(),
		);
	});

	test('a purged active job is fetched by id (404) once, then forgotten', async () => {
		const [job] = emu.seedJobs(1, { status: 'running' });
		const runner = trigger();
		await poll(runner);
		emu.deleteJob(job.id);
		const first = await poll(runner);
		expect(first.output).toBeNull();
		expect(first.requests).toEqual([LIST, `GET /fine_tuning/jobs/${job.id}`]);
		expect((await poll(runner)).requests).toEqual([LIST]);
	});

	test('an active job buried under more than a page of newer jobs is fetched by id', async () => {
		const [old] = emu.seedJobs(1, { status: 'paused', created_at: emu.now() - 60 * 200 });
		emu.seedJobs(150);
		const runner = trigger();
		const baseline = await poll(runner);
		expect(baseline.requests).toHaveLength(2);
		emu.advanceJob(old.id, 'resuming');
		const next = await poll(runner);
		expect(brief(next.items)).toEqual([`${old.id}:paused→resuming`]);
		expect(next.requests).toEqual([LIST, `GET /fine_tuning/jobs/${old.id}`]);
	});

	test('the state survives a JSON round trip (an n8n restart) and stays small', async () => {
		const [job] = emu.seedJobs(1, { status: 'running' });
		emu.seedJobs(300);
		const first = trigger();
		await poll(first);
		const saved = JSON.stringify(first.workflow.staticData);
		expect(Buffer.byteLength(saved)).toBeLessThan(400);
		const restarted = trigger({}, JSON.parse(saved) as IDataObject);
		emu.advanceJob(job.id);
		expect(brief((await poll(restarted)).items)).toEqual([`${job.id}:running→succeeded`]);
	});

	test("one job that does not exist: the API's 404 on the first poll", async () => {
		const runner = trigger({ watch: 'one', jobId: byId('ftjob-missing') });
		await expect(runner.poll()).rejects.toThrow(
			"Fine-tuning job with id 'ftjob-missing' not found.",
		);
		expect(runner.staticData()).toEqual({});
	});

	test('one job, Fetch Test Event: that job', async () => {
		const [job] = emu.seedJobs(2, { status: 'running' });
		const { items, requests } = await poll(
			trigger({ watch: 'one', jobId: byId(job.id) }),
			'manual',
		);
		expect(items).toEqual([{ ...job, previous_status: null }]);
		expect(requests).toEqual([`GET /fine_tuning/jobs/${job.id}`]);
	});
});

describe('clock skew, poll budget and Fetch Test Event filters', () => {
	test('a job dated 3 hours ahead does not hide new jobs: one created and finished between two polls is emitted', async () => {
		emu.seedJobs(5);
		const [ahead] = emu.seedJobs(1, { status: 'running', created_at: emu.now() + 3 * 3600 });
		const runner = trigger({ triggerOn: 'statuses', statuses: ['succeeded'] });
		await poll(runner);
		const state = runner.staticData()[STATE_KEY] as { top: number; topIds: string[] };
		expect(state.top).toBeLessThanOrEqual(Date.now() / 1000 - CLOCK_TOLERANCE_SECONDS);
		expect(state.topIds).toContain(ahead.id);
		const [created] = emu.seedJobs(1, { status: 'succeeded', created_at: emu.now() + 1 });
		expect(brief((await poll(runner)).items)).toEqual([`${created.id}:null→succeeded`]);
		emu.advanceJob(ahead.id, 'succeeded');
		expect(brief((await poll(runner)).items)).toEqual([`${ahead.id}:running→succeeded`]);
		expect((await poll(runner)).output).toBeNull();
	});

	test('a small poll budget: tracked jobs are read least recently read first, so every change comes within ⌈T / k⌉ polls', async () => {
		const tracked = emu.seedJobs(12, { status: 'running', created_at: emu.now() - 7200 });
		emu.seedJobs(10);
		const baseline = trigger({ options: { pageSize: 10 } });
		await poll(baseline);
		// Every request now takes 150 ms and a poll may take 1 s: the walk from the head, then a few GETs by id.
		emu.injectFault({
			kind: 'delay',
			ms: 150,
			method: 'GET',
			path: '/fine_tuning/jobs',
			times: 10_000,
		});
		const runner = trigger({ options: { pageSize: 10 } }, baseline.workflow.staticData, 1.1, 1000);
		tracked.forEach((job) => emu.advanceJob(job.id, 'paused'));
		const fetchedPerPoll: string[][] = [];
		const items: string[] = [];
		while (items.length < tracked.length && fetchedPerPoll.length < tracked.length) {
			const { items: polled, requests } = await poll(runner);
			items.push(...brief(polled));
			expect(requests[0]).toBe(LIST);
			fetchedPerPoll.push(requests.slice(1).map((request) => request.split('/').at(-1)!));
		}
		const k = Math.min(...fetchedPerPoll.map((ids) => ids.length));
		expect(k).toBeGreaterThanOrEqual(1);
		expect(fetchedPerPoll.length).toBeLessThanOrEqual(Math.ceil(tracked.length / k));
		expect(items.sort()).toEqual(tracked.map((job) => `${job.id}:running→paused`).sort());
		// Round robin: no job was read twice before every job was read once.
		const order = fetchedPerPoll.flat().slice(0, tracked.length);
		expect(new Set(order).size).toBe(tracked.length);
	});

	test('Fetch Test Event: the newest job that passes the filters; a clear error naming them when none does', async () => {
		const [nightly] = emu.seedJobs(1, { suffix: 'nightly-run', created_at: emu.now() - 600 });
		emu.seedJobs(3, { suffix: 'other' });
		const matching = await poll(trigger({ filters: { suffix: 'Nightly' } }), 'manual');
		expect(matching.items).toEqual([{ ...nightly, previous_status: null }]);
		expect(matching.requests).toEqual([LIST]);
		const runner = trigger({
			triggerOn: 'statuses',
			statuses: ['failed'],
			filters: { suffix: 'nomatch' },
		});
		const failure = await runner.poll('manual').catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect(failure).toMatchObject({
			message: 'No fine-tuning job matches the filters',
			description: expect.stringContaining(
				'None of the newest 4 jobs passes Statuses: failed; Suffix contains "nomatch"',
			),
		});
		expect(runner.workflow.staticData).toEqual({});
	});
});

describe('node description', () => {
	const node = new AzureAiFoundryFineTuningTrigger();

	test('a polling trigger with the credential tested like the main node, and the job search', () => {
		expect(node.description).toMatchObject({
			name: 'azureAiFoundryFineTuningTrigger',
			displayName: 'Azure AI Foundry Fine-Tuning Trigger',
			polling: true,
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			icon: { light: 'file:azureAiFoundry.svg', dark: 'file:azureAiFoundry.dark.svg' },
		});
		// The same credentials, the same Authentication choice and the same Entra ID credential test as the main node.
		const main = nodeTypeMap['azure.fineTuning'];
		expect(node.description.credentials).toEqual(main.description.credentials);
		expect(node.description.credentials?.map((c) => c.name)).toEqual([
			'azureAiFoundryApi',
			'azureAiFoundryEntraApi',
		]);
		expect(node.description.properties[0]).toEqual(main.description.properties[0]);
		expect(node.description.properties[0].name).toBe('authentication');
		expect(node.methods.credentialTest).toBe(main.methods!.credentialTest);
		expect(Object.keys(node.methods.listSearch)).toEqual(['searchJobs']);
	});

	test('the job locator is shown only for One Job, the filters only for All Jobs', () => {
		const byName = Object.fromEntries(node.description.properties.map((p) => [p.name, p]));
		expect(byName.jobId.displayOptions).toEqual({ show: { watch: ['one'] } });
		expect(byName.statuses.displayOptions).toEqual({ show: { triggerOn: ['statuses'] } });
		const filters = node.description.properties.filter((p) => p.name === 'filters');
		expect(filters.map((p) => p.displayOptions)).toEqual([
			{ show: { watch: ['all'], '@version': [{ _cnd: { gte: 1.1 } }] } },
			{ show: { watch: ['all'], '@version': [{ _cnd: { lt: 1.1 } }] } },
		]);
	});

	test('version 1.1 (new nodes) has the shared Metadata pairs; version 1 keeps Metadata Key / Value', () => {
		expect(node.description).toMatchObject({ version: [1, 1.1], defaultVersion: 1.1 });
		const [current, version1] = node.description.properties
			.filter((p) => p.name === 'filters')
			.map((p) => (p.options as Array<{ name: string }>).map((option) => option.name));
		expect(current).toEqual(['metadata', 'suffix']);
		expect(version1).toEqual(['metadataKey', 'metadataValue', 'suffix']);
	});

	test("n8n's Workflow keeps each version's own filters (the @version display rule)", () => {
		const saved = { metadataKey: 'owner', metadataValue: 'wf-1' };
		const pairs = { metadata: { pairs: [{ key: 'owner', value: 'wf-1' }] } };
		const filtersOf = (version: number) =>
			trigger({ filters: { ...saved, ...pairs } }, {}, version).workflow.getNode('Trigger')
				?.parameters.filters;
		expect(filtersOf(1)).toEqual(saved);
		expect(filtersOf(1.1)).toEqual(pairs);
	});
});
