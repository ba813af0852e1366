/** The trigger's parameters (config.ts), emit filters (filters.ts) and one whole poll (poll.ts) on a fake source. */
import type { IDataObject } from 'n8n-workflow';

import { readConfig, type TriggerConfig } from '../../nodes/AzureAiFoundryFineTuningTrigger/config';
import { passes, suffixOf, toItem } from '../../nodes/AzureAiFoundryFineTuningTrigger/filters';
import type { JobSource } from '../../nodes/AzureAiFoundryFineTuningTrigger/observe';
import { pollOnce, STATE_KEY } from '../../nodes/AzureAiFoundryFineTuningTrigger/poll';
import type { Job } from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';
import { FieldError } from '../../nodes/shared/validation';

const job = (id: string, created_at: number, status: string, extra: IDataObject = {}): Job => ({
	id,
	created_at,
	status,
	...extra,
});
const change = (j: Job) => ({ job: j, previous: null });

describe('readConfig', () => {
	test('defaults: all jobs, any change, page size 100', () => {
		expect(readConfig({})).toEqual({ scope: 'all', filter: { statuses: null }, pageSize: 100 });
	});

	test('one job: scope job:<id>; the all-jobs filters do not apply', () => {
		expect(readConfig({ watch: 'one', jobId: ' ftjob-abc ', filters: { suffix: 'x' } })).toEqual({
			scope: 'job:ftjob-abc',
			jobId: 'ftjob-abc',
			filter: { statuses: null },
			pageSize: 100,
		});
	});

	test('statuses are normalised (canceled = cancelled), filters and page size read', () => {
		const config = readConfig({
			triggerOn: 'statuses',
			statuses: ['succeeded', 'Canceled'],
			filters: { suffix: ' exp1 ', metadataKey: 'workflow', metadataValue: 'nightly' },
			options: { pageSize: '20' },
		});
		expect([...config.filter.statuses!]).toEqual(['succeeded', 'cancelled']);
		expect(config.filter).toMatchObject({
			suffix: 'exp1',
			metadata: { key: 'workflow', value: 'nightly' },
		});
		expect(config.pageSize).toBe(20);
	});

	test.each([
		['no status chosen', 'Statuses', { triggerOn: 'statuses', statuses: [] }],
		['a metadata value without key', 'Metadata Key', { filters: { metadataValue: 'x' } }],
		['page size 0', 'Page Size', { options: { pageSize: 0 } }],
		['page size 101', 'Page Size', { options: { pageSize: 101 } }],
		[
			'a job id that would change the URL path',
			'Fine-Tuning Job',
			{ watch: 'one', jobId: '../files' },
		],
		['no job id', 'Fine-Tuning Job', { watch: 'one', jobId: '' }],
	])('%s → FieldError naming %s', (_name, field, parameters) => {
		expect(() => readConfig(parameters)).toThrow(FieldError);
		expect(() => readConfig(parameters)).toThrow(field);
	});
});

describe('filters', () => {
	test('statuses: the new status must be chosen; canceled matches cancelled', () => {
		const filter = { statuses: new Set(['succeeded', 'cancelled']) };
		expect(passes(filter, change(job('a', 1, 'canceled')))).toBe(true);
		expect(passes(filter, change(job('a', 1, 'running')))).toBe(false);
		expect(passes({ statuses: null }, change(job('a', 1, 'anything')))).toBe(true);
	});

	test('suffix: Azure returns suffix, the spec says user_provided_suffix; both are read, exact match', () => {
		expect(suffixOf(job('a', 1, 'x', { suffix: 'mine' }))).toBe('mine');
		expect(suffixOf(job('a', 1, 'x', { user_provided_suffix: 'spec' }))).toBe('spec');
		expect(
			passes({ statuses: null, suffix: 'mine' }, change(job('a', 1, 'x', { suffix: 'mine' }))),
		).toBe(true);
		expect(
			passes({ statuses: null, suffix: 'mine' }, change(job('a', 1, 'x', { suffix: 'mine2' }))),
		).toBe(false);
		expect(
			passes({ statuses: null, suffix: 'mine' }, change(job('a', 1, 'x', { suffix: null }))),
		).toBe(false);
	});

	test('metadata: key with value, or key with any value; null metadata never matches', () => {
		const tagged = change(job('a', 1, 'x', { metadata: { workflow: 'nightly' } }));
		expect(
			passes({ statuses: null, metadata: { key: 'workflow', value: 'nightly' } }, tagged),
		).toBe(true);
		expect(passes({ statuses: null, metadata: { key: 'workflow', value: 'weekly' } }, tagged)).toBe(
			false,
		);
		expect(passes({ statuses: null, metadata: { key: 'workflow' } }, tagged)).toBe(true);
		expect(
			passes(
				{ statuses: null, metadata: { key: 'workflow' } },
				change(job('a', 1, 'x', { metadata: null })),
			),
		).toBe(false);
	});

	test('item: the job as returned plus previous_status', () => {
		const j = job('a', 1, 'succeeded', { fine_tuned_model: 'm.ft-1', suffix: null });
		expect(toItem({ job: j, previous: 'running' })).toEqual({ ...j, previous_status: 'running' });
	});
});

describe('pollOnce', () => {
	const config = (partial: Partial<TriggerConfig> = {}): TriggerConfig => ({
		scope: 'all',
		filter: { statuses: null },
		pageSize: 10,
		...partial,
	});
	const clock = { now: () => 0, budgetMs: 1000 };

	function source(jobs: Job[], fail = false): JobSource {
		return {
			list: async () => {
				if (fail) throw new Error('503 Service Unavailable');
				return { data: structuredClone(jobs), hasMore: false };
			},
			get: async () => null,
		};
	}

	test('baseline: no items, state written; quiet poll: no items and static data not touched', async () => {
		const jobs = [job('X', 200, 'running'), job('Y', 100, 'running')];
		const staticData: IDataObject = {};
		expect(await pollOnce(source(jobs), staticData, config(), clock)).toEqual([]);
		const written = staticData[STATE_KEY];
		expect(written).toMatchObject({
			top: 200,
			active: { X: { s: 'running' }, Y: { s: 'running' } },
		});
		expect(await pollOnce(source(jobs), staticData, config(), clock)).toEqual([]);
		expect(staticData[STATE_KEY]).toBe(written);
	});

	test('a failed poll throws and leaves static data exactly as it was', async () => {
		const staticData: IDataObject = {};
		await pollOnce(source([job('X', 200, 'running')]), staticData, config(), clock);
		const before = JSON.stringify(staticData);
		await expect(
			pollOnce(source([job('X', 200, 'succeeded')], true), staticData, config(), clock),
		).rejects.toThrow('503');
		expect(JSON.stringify(staticData)).toBe(before);
		const items = await pollOnce(source([job('X', 200, 'succeeded')]), staticData, config(), clock);
		expect(items).toEqual([{ ...job('X', 200, 'succeeded'), previous_status: 'running' }]);
	});

	test('a filtered-out change updates the state, so it is not emitted later', async () => {
		const staticData: IDataObject = {};
		const onlySucceeded = config({ filter: { statuses: new Set(['succeeded']) } });
		await pollOnce(source([job('X', 200, 'queued')]), staticData, onlySucceeded, clock);
		expect(
			await pollOnce(source([job('X', 200, 'running')]), staticData, onlySucceeded, clock),
		).toEqual([]);
		expect(await pollOnce(source([job('X', 200, 'running')]), staticData, config(), clock)).toEqual(
			[],
		);
		const items = await pollOnce(
			source([job('X', 200, 'succeeded')]),
			staticData,
			onlySucceeded,
			clock,
		);
		expect(items.map((item) => item.previous_status)).toEqual(['running']);
	});

	test('changing what is watched starts a new baseline (nothing emitted for the switch)', async () => {
		const staticData: IDataObject = {};
		await pollOnce(source([job('X', 200, 'running')]), staticData, config(), clock);
		const one: JobSource = { ...source([]), get: async () => job('X', 200, 'succeeded') };
		expect(await pollOnce(one, staticData, config({ scope: 'job:X', jobId: 'X' }), clock)).toEqual(
			[],
		);
		expect(staticData[STATE_KEY]).toMatchObject({ scope: 'job:X', active: {} });
	});
});
