/** The trigger's parameters (config.ts), emit filters (filters.ts) and one whole poll (poll.ts) on a fake source. */
import type { IDataObject } from 'n8n-workflow';

import { readConfig, type TriggerConfig } from '../../nodes/AzureAiFoundryFineTuningTrigger/config';
import { describeFilter, toItem } from '../../nodes/AzureAiFoundryFineTuningTrigger/filters';
import { pollOnce, STATE_KEY } from '../../nodes/AzureAiFoundryFineTuningTrigger/poll';
import {
	newestMatchingJob,
	TEST_EVENT_PAGES,
	type JobSource,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/observe';
import {
	CLOCK_TOLERANCE_SECONDS,
	type Job,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';
import { jobMatchesFilter, type JobFilter } from '../../nodes/shared/jobs';
import { FieldError } from '../../nodes/shared/validation';

const job = (id: string, created_at: number, status: string, extra: IDataObject = {}): Job => ({
	id,
	created_at,
	status,
	...extra,
});

describe('readConfig', () => {
	test('defaults: all jobs, any change, page size 100', () => {
		expect(readConfig({})).toEqual({ scope: 'all', filter: {}, pageSize: 100 });
	});

	test('one job: scope job:<id>; the all-jobs filters do not apply', () => {
		expect(readConfig({ watch: 'one', jobId: ' ftjob-abc ', filters: { suffix: 'x' } })).toEqual({
			scope: 'job:ftjob-abc',
			jobId: 'ftjob-abc',
			filter: {},
			pageSize: 100,
		});
	});

	test('statuses are normalised (canceled = cancelled), filters and page size read', () => {
		const config = readConfig({
			triggerOn: 'statuses',
			statuses: ['succeeded', 'Canceled'],
			filters: {
				suffix: ' Exp1 ',
				metadata: { pairs: [{ key: 'workflow', value: 'nightly' }, { key: 'team' }] },
			},
			options: { pageSize: '20' },
		});
		expect(config.filter).toEqual({
			statuses: ['succeeded', 'cancelled'],
			suffix: 'exp1',
			metadata: [{ key: 'workflow', value: 'nightly' }, { key: 'team' }],
		});
		expect(config.pageSize).toBe(20);
	});

	test('version 1: Metadata Key / Metadata Value are read as one pair (an empty value: any value)', () => {
		const filters = { suffix: 'exp1', metadataKey: ' workflow ', metadataValue: 'nightly' };
		expect(readConfig({ version: 1, filters }).filter).toEqual({
			suffix: 'exp1',
			metadata: [{ key: 'workflow', value: 'nightly' }],
		});
		expect(readConfig({ version: 1, filters: { metadataKey: 'workflow' } }).filter).toEqual({
			metadata: [{ key: 'workflow' }],
		});
		expect(readConfig({ version: 1.1, filters }).filter).toEqual({ suffix: 'exp1' });
	});

	test.each([
		['no status chosen', 'Statuses', { triggerOn: 'statuses', statuses: [] }],
		[
			'version 1: a metadata value without key',
			'Metadata Key',
			{ version: 1, filters: { metadataValue: 'x' } },
		],
		[
			'a metadata pair without key',
			'Metadata › Key',
			{ filters: { metadata: { pairs: [{ key: ' ', value: 'x' }] } } },
		],
		['a suffix that is not text', 'Suffix', { filters: { suffix: { a: 1 } } }],
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
	/** The jobs of `jobs` whose change the trigger emits with `filter` (what jobMatchesFilter decides in poll.ts). */
	const emitted = (filter: JobFilter, jobs: Job[]) =>
		jobs.filter((j) => jobMatchesFilter(j, filter)).map((j) => j.id);

	test('statuses: the new status must be chosen; canceled matches cancelled', () => {
		const jobs = [job('a', 1, 'canceled'), job('b', 1, 'running'), job('c', 1, 'Succeeded')];
		expect(emitted({ statuses: ['succeeded', 'cancelled'] }, jobs)).toEqual(['a', 'c']);
		expect(emitted({}, [job('a', 1, 'anything')])).toEqual(['a']);
	});

	test('suffix: Azure returns suffix, the spec says user_provided_suffix; both are read, contained in any case', () => {
		const jobs = [
			job('a', 1, 'x', { suffix: 'mine' }),
			job('b', 1, 'x', { user_provided_suffix: 'spec-mine' }),
			job('c', 1, 'x', { suffix: 'MINE2' }),
			job('d', 1, 'x', { suffix: 'yours' }),
			job('e', 1, 'x', { suffix: null }),
		];
		expect(emitted({ suffix: 'mine' }, jobs)).toEqual(['a', 'b', 'c']);
	});

	test('metadata: key with value, or key with any value; null metadata never matches', () => {
		const tagged = job('a', 1, 'x', { metadata: { workflow: 'nightly' } });
		const untagged = job('b', 1, 'x', { metadata: null });
		expect(emitted({ metadata: [{ key: 'workflow', value: 'nightly' }] }, [tagged])).toEqual(['a']);
		expect(emitted({ metadata: [{ key: 'workflow', value: 'weekly' }] }, [tagged])).toEqual([]);
		expect(emitted({ metadata: [{ key: 'workflow' }] }, [tagged, untagged])).toEqual(['a']);
	});

	test("describeFilter: the filters in the editor's words; empty when nothing filters", () => {
		expect(
			describeFilter({
				statuses: ['succeeded', 'failed'],
				suffix: 'nightly',
				metadata: [{ key: 'owner', value: 'wf-1' }, { key: 'team' }],
			}),
		).toBe(
			'Statuses: succeeded, failed; Suffix contains "nightly"; Metadata: owner = wf-1, team (any value)',
		);
		expect(describeFilter({})).toBe('');
	});

	test('item: the job as returned plus previous_status', () => {
		const j = job('a', 1, 'succeeded', { fine_tuned_model: 'm.ft-1', suffix: null });
		expect(toItem({ job: j, previous: 'running' })).toEqual({ ...j, previous_status: 'running' });
	});
});

describe('pollOnce', () => {
	const config = (partial: Partial<TriggerConfig> = {}): TriggerConfig => ({
		scope: 'all',
		filter: {},
		pageSize: 10,
		...partial,
	});
	const clock = { now: () => 1_000_000_000, budgetMs: 1000 };

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
			top: 200 - CLOCK_TOLERANCE_SECONDS,
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
		const onlySucceeded = config({ filter: { statuses: ['succeeded'] } });
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

describe('newestMatchingJob (Fetch Test Event on All Jobs)', () => {
	/** `count` jobs, newest first, as pages of the list; every request logged as `after:limit`. */
	function pagedSource(jobs: Job[]) {
		const requests: string[] = [];
		const source: JobSource = {
			list: async (after, limit) => {
				requests.push(`${after ?? '-'}:${limit}`);
				const start = after === undefined ? 0 : jobs.findIndex((j) => j.id === after) + 1;
				const data = jobs.slice(start, start + limit);
				return { data, hasMore: start + data.length < jobs.length };
			},
			get: async () => null,
		};
		return { source, requests };
	}
	const many = (count: number) =>
		Array.from({ length: count }, (_, i) =>
			job(`j${i}`, 10_000 - i, i === 250 ? 'failed' : 'succeeded', {
				suffix: i === 250 ? 'nightly-x' : 'other',
			}),
		);

	test('no filter: the newest job, one request with limit 1', async () => {
		const { source, requests } = pagedSource(many(3));
		expect(await newestMatchingJob(source, {})).toEqual({ job: many(3)[0], read: 1 });
		expect(requests).toEqual(['-:1']);
	});

	test('a filter: the newest job that passes it, reading pages of 100 until found', async () => {
		const { source, requests } = pagedSource(many(600));
		const found = await newestMatchingJob(source, { suffix: 'nightly', statuses: ['failed'] });
		expect(found.job?.id).toBe('j250');
		expect(requests).toEqual(['-:100', 'j99:100', 'j199:100']);
	});

	test(`none passes: null after at most ${TEST_EVENT_PAGES} pages (or the end of the list), with the count read`, async () => {
		const long = pagedSource(many(1000));
		expect(await newestMatchingJob(long.source, { suffix: 'nothing' })).toEqual({
			job: null,
			read: TEST_EVENT_PAGES * 100,
		});
		expect(long.requests).toHaveLength(TEST_EVENT_PAGES);
		const short = pagedSource(many(30));
		expect(await newestMatchingJob(short.source, { suffix: 'nothing' })).toEqual({
			job: null,
			read: 30,
		});
		expect(await newestMatchingJob(pagedSource([]).source, { suffix: 'x' })).toEqual({
			job: null,
			read: 0,
		});
	});
});
