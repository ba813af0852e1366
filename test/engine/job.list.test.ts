/** Job › List through n8n's execution engine against the emulator: Return All / Limit over the cursor, local filters, dated API. */
import { getGlobalState, setGlobalState } from 'n8n-workflow';

import { byId, useJobKit } from '../support/jobKit';

const kit = useJobKit();

function clearJobs(): void {
	for (const job of kit.emu.jobs()) kit.emu.deleteJob(job.id);
}

beforeEach(clearJobs);

describe('Return All / Limit over the after cursor', () => {
	test('Return All: page 1 has 20 jobs (has_more), page 2 has 5 → 25 items; the second request carries after=<last id of page 1>', async () => {
		kit.emu.seedJobs(25);
		const newestFirst = kit.emu.jobs().map((job) => job.id);
		const { outputs, error } = await kit.run('list', { returnAll: true });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(25);
		expect(outputs[0].map((job) => job.id)).toEqual(newestFirst);

		const lists = kit.requestsTo('GET', '/openai/v1/fine_tuning/jobs');
		expect(lists.map((request) => request.query)).toEqual([
			{ limit: '20' },
			{ limit: '20', after: newestFirst[19] },
		]);
		expect(lists.map((request) => request.status)).toEqual([200, 200]);
	});

	test('Limit across pages: 23 of 30 → limit=20, then limit=3 after the 20th', async () => {
		kit.emu.seedJobs(30);
		const ids = kit.emu.jobs().map((job) => job.id);
		const { outputs } = await kit.run('list', { returnAll: false, limit: 23 });
		expect(outputs[0].map((job) => job.id)).toEqual(ids.slice(0, 23));
		expect(kit.requestsTo('GET', '/fine_tuning/jobs').map((request) => request.query)).toEqual([
			{ limit: '20' },
			{ limit: '3', after: ids[19] },
		]);
	});

	test('default Limit (50) with fewer jobs returns them all; one item per job', async () => {
		kit.emu.seedJobs(7);
		const { outputs } = await kit.run('list');
		expect(outputs[0]).toHaveLength(7);
		expect(outputs[0][0]).toEqual(
			expect.objectContaining({ object: 'fine_tuning.job', id: expect.stringMatching(/^ftjob-/) }),
		);
	});

	test('no jobs → no items, no error', async () => {
		const { outputs, error } = await kit.run('list', { returnAll: true });
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([]);
	});

	test('a Limit of 0 is refused naming the field, before anything is sent', async () => {
		const { error } = await kit.run('list', { returnAll: false, limit: 0 });
		expect(error?.message).toMatch(/^Limit: must be an integer at least 1/);
		expect(kit.emu.requests).toHaveLength(0);
	});

	test('statuses beyond the spec (pending, pausing, paused, resuming, unknown) are listed as they come', async () => {
		for (const status of ['pending', 'pausing', 'paused', 'resuming', 'trainingStarted'])
			kit.emu.seedJobs(1, { status });
		const { outputs, error } = await kit.run('list', { returnAll: true });
		expect(error).toBeUndefined();
		expect(outputs[0].map((job) => job.status).sort()).toEqual([
			'paused',
			'pausing',
			'pending',
			'resuming',
			'trainingStarted',
		]);
	});
});

describe('local filters', () => {
	test('Statuses: the ones beyond the spec can be chosen; other jobs are left out', async () => {
		kit.emu.seedJobs(3, { status: 'paused' });
		kit.emu.seedJobs(2, { status: 'pending' });
		kit.emu.seedJobs(1, { status: 'resuming' });
		kit.emu.seedJobs(1, { status: 'trainingStarted' });
		kit.emu.seedJobs(4);
		const { outputs } = await kit.run('list', {
			returnAll: true,
			filters: { statuses: ['paused', 'pending', 'resuming'] },
		});
		expect(outputs[0].map((job) => job.status).sort()).toEqual([
			'paused',
			'paused',
			'paused',
			'pending',
			'pending',
			'resuming',
		]);
	});

	test('the Statuses field offers every status Azure uses', async () => {
		const { nodeTypeMap } = await import('../support/engine');
		const filters = nodeTypeMap['azure.fineTuning'].description.properties.find(
			(property) =>
				property.name === 'filters' && property.displayOptions?.show?.operation?.includes('list'),
		);
		const statuses = (
			filters?.options as Array<{ name: string; options?: Array<{ value: string }> }>
		).find((option) => option.name === 'statuses');
		expect(statuses?.options?.map((option) => option.value).sort()).toEqual([
			'cancelled',
			'failed',
			'paused',
			'pausing',
			'pending',
			'queued',
			'resuming',
			'running',
			'succeeded',
			'validating_files',
		]);
	});

	test('Suffix: contains, case-insensitive', async () => {
		kit.emu.seedJobs(2, { suffix: 'support-bot' });
		kit.emu.seedJobs(1, { suffix: 'sales' });
		kit.emu.seedJobs(1);
		const { outputs } = await kit.run('list', { returnAll: true, filters: { suffix: 'SUPPORT' } });
		expect(outputs[0].map((job) => job.suffix)).toEqual(['support-bot', 'support-bot']);
	});

	test('Metadata key=value: every pair must match exactly', async () => {
		kit.emu.seedJobs(2, { metadata: { team: 'support', env: 'prod' } });
		kit.emu.seedJobs(1, { metadata: { team: 'support', env: 'dev' } });
		kit.emu.seedJobs(1, { metadata: null });
		const filters = {
			metadata: {
				pairs: [
					{ key: 'team', value: 'support' },
					{ key: 'env', value: 'prod' },
				],
			},
		};
		const { outputs } = await kit.run('list', { returnAll: true, filters });
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0].every((job) => (job.metadata as Record<string, string>).env === 'prod')).toBe(
			true,
		);
	});

	test('Created After: only jobs created later (ISO time with offset, or unix seconds)', async () => {
		kit.emu.setNow(Date.UTC(2025, 5, 1, 12) / 1000);
		kit.emu.seedJobs(3);
		kit.emu.setNow(Date.UTC(2025, 5, 2, 12) / 1000);
		const newer = kit.emu.seedJobs(2).map((job) => job.id);
		for (const createdAfter of [
			'2025-06-02T00:00:00Z',
			'2025-06-02T02:00:00+02:00',
			Date.UTC(2025, 5, 2) / 1000,
		]) {
			const { outputs } = await kit.run('list', { returnAll: true, filters: { createdAfter } });
			expect(outputs[0].map((job) => job.id).sort()).toEqual([...newer].sort());
		}
	});

	test("Created After from the date picker (no offset) is read in the workflow's time zone", async () => {
		// One job at 2025-06-02 02:00 UTC = 11:00 in Tokyo = 03:00 in London (BST) = 22:00 the day before in New York.
		kit.emu.setNow(Date.UTC(2025, 5, 2, 2) / 1000);
		const [job] = kit.emu.seedJobs(1);
		const listAfter = async (timeZone: string, createdAfter: string) => {
			setGlobalState({ defaultTimezone: timeZone });
			const { outputs } = await kit.run('list', { returnAll: true, filters: { createdAfter } });
			return outputs[0].map((item) => item.id);
		};
		const saved = getGlobalState().defaultTimezone;
		try {
			expect(await listAfter('Asia/Tokyo', '2025-06-02T00:00:00')).toEqual([job.id]);
			expect(await listAfter('America/New_York', '2025-06-02T00:00:00')).toEqual([]);
			expect(await listAfter('America/New_York', '2025-06-01T21:30:00')).toEqual([job.id]);
			expect(await listAfter('Europe/London', '2025-06-02T02:30:00')).toEqual([job.id]);
			expect(await listAfter('Europe/London', '2025-06-02T03:30:00')).toEqual([]);
		} finally {
			setGlobalState({ defaultTimezone: saved });
		}
	});

	test('filters combine, and Limit counts matching jobs across pages', async () => {
		const later = () => kit.emu.setNow(kit.emu.now() + 3600);
		kit.emu.seedJobs(5, { status: 'paused', suffix: 'bot' });
		later();
		kit.emu.seedJobs(25, { status: 'running', suffix: 'bot' });
		later();
		kit.emu.seedJobs(1, { status: 'paused', suffix: 'other' });
		const { outputs } = await kit.run('list', {
			returnAll: false,
			limit: 4,
			filters: { statuses: ['paused'], suffix: 'bot' },
		});
		expect(outputs[0]).toHaveLength(4);
		expect(outputs[0].every((job) => job.status === 'paused' && job.suffix === 'bot')).toBe(true);
		// Matching jobs are the oldest: the node read full pages (limit=20) until it had 4.
		expect(
			kit.requestsTo('GET', '/fine_tuning/jobs').map((request) => request.query.limit),
		).toEqual(['20', '20']);
	});

	test('an unreadable Created After is refused naming the field, before anything is sent', async () => {
		const { error } = await kit.run('list', {
			returnAll: true,
			filters: { createdAfter: 'last tuesday' },
		});
		expect(error?.message).toMatch(/^Created After: must be a date/);
		expect(kit.emu.requests).toHaveLength(0);
	});
});

describe('dated API version', () => {
	test('API Version 2025-04-01-preview → /openai/fine_tuning/jobs?api-version=2025-04-01-preview, pages included', async () => {
		kit.emu.seedJobs(25);
		const ids = kit.emu.jobs().map((job) => job.id);
		const credentials = {
			...kit.credentials,
			apiVersion: 'dated',
			datedApiVersion: '2025-04-01-preview',
		};
		const { outputs, error } = await kit.run('list', { returnAll: true }, { credentials });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(25);
		const lists = kit.emu.requests;
		expect(lists.map((request) => [request.method, request.path, request.query])).toEqual([
			['GET', '/openai/fine_tuning/jobs', { 'api-version': '2025-04-01-preview', limit: '20' }],
			[
				'GET',
				'/openai/fine_tuning/jobs',
				{ 'api-version': '2025-04-01-preview', limit: '20', after: ids[19] },
			],
		]);
	});

	test('the other job operations use the dated form too (Cancel, List Events)', async () => {
		const job = kit.jobIn('running');
		const credentials = { ...kit.credentials, apiVersion: 'dated', datedApiVersion: '2024-10-21' };
		const cancelled = await kit.run('cancel', { jobId: byId(job.id) }, { credentials });
		expect(cancelled.outputs[0][0].status).toBe('cancelled');
		const events = await kit.run(
			'listEvents',
			{ jobId: byId(job.id), returnAll: true },
			{ credentials },
		);
		expect(events.outputs[0][0].message).toBe('Job cancelled.');
		expect(
			kit.emu.requests.map((request) => [
				request.method,
				request.path,
				request.query['api-version'],
			]),
		).toEqual([
			['POST', `/openai/fine_tuning/jobs/${job.id}/cancel`, '2024-10-21'],
			['GET', `/openai/fine_tuning/jobs/${job.id}/events`, '2024-10-21'],
		]);
	});
});
