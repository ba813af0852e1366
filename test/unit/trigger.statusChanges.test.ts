/** Rules of the trigger's pure change detection (statusChanges.ts), one test each. */
import {
	createdAtOf,
	detectChanges,
	isNewJob,
	isTerminal,
	parseState,
	statusOf,
	type Job,
	type Observation,
	type Sighting,
	type TriggerState,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';

const job = (
	id: string,
	created_at: number,
	status: string,
	extra: Record<string, unknown> = {},
): Job => ({ id, object: 'fine_tuning.job', created_at, status, ...extra });
const listed = (...jobs: Job[]): Sighting[] => jobs.map((j) => ({ id: j.id, job: j, via: 'top' }));
const seen = (sightings: Sighting[], backfill: string[] | null = null): Observation => ({
	sightings,
	backfill,
});
const summary = (changes: ReturnType<typeof detectChanges>['changes']) =>
	changes.map((c) => `${c.job.id}:${c.previous}→${c.job.status}`);

function state(partial: Partial<TriggerState> = {}): TriggerState {
	return { v: 1, scope: 'all', top: 200, topIds: ['X'], active: {}, ...partial };
}

describe('baseline (no previous state)', () => {
	test('emits nothing, tracks the non-terminal jobs, records the newest second and its ids', () => {
		const { changes, next } = detectChanges(
			null,
			'all',
			seen(listed(job('X', 200, 'running'), job('W', 200, 'succeeded'), job('Y', 100, 'paused'))),
		);
		expect(changes).toEqual([]);
		expect(next).toEqual({
			v: 1,
			scope: 'all',
			top: 200,
			topIds: ['X', 'W'],
			active: { X: { s: 'running', c: 200 }, Y: { s: 'paused', c: 100 } },
		});
	});

	test('an empty account gives top null (every job listed later is new)', () => {
		const { next } = detectChanges(null, 'all', seen([]));
		expect(next).toEqual({ v: 1, scope: 'all', top: null, topIds: [], active: {} });
		expect(isNewJob(next, job('A', 1, 'pending'))).toBe(true);
	});

	test('keeps the baseline scan cursors when the scan is unfinished', () => {
		expect(
			detectChanges(null, 'all', seen(listed(job('X', 200, 'running')), ['X'])).next.backfill,
		).toEqual(['X']);
	});
});

describe('tracked jobs', () => {
	const before = state({ active: { X: { s: 'running', c: 200 }, Y: { s: 'running', c: 100 } } });

	test('X (t=200) and Y (t=100) listed again unchanged: nothing', () => {
		const { changes, next } = detectChanges(
			before,
			'all',
			seen(listed(job('X', 200, 'running'), job('Y', 100, 'running'))),
		);
		expect(changes).toEqual([]);
		expect(next).toEqual(before);
	});

	test('a status change is one item with previous_status = the recorded status; terminal jobs stop being tracked', () => {
		const { changes, next } = detectChanges(
			before,
			'all',
			seen(listed(job('X', 200, 'succeeded'), job('Y', 100, 'paused'))),
		);
		expect(summary(changes)).toEqual(['Y:running→paused', 'X:running→succeeded']);
		expect(next.active).toEqual({ Y: { s: 'paused', c: 100 } });
	});

	test('several transitions between polls: one item, latest status, previous = last recorded', () => {
		// X went running → paused → resuming → running → succeeded; the poll only sees the end.
		const { changes } = detectChanges(before, 'all', seen(listed(job('X', 200, 'succeeded'))));
		expect(summary(changes)).toEqual(['X:running→succeeded']);
	});

	test('A → B → A between two polls is not observable: nothing is emitted', () => {
		expect(detectChanges(before, 'all', seen(listed(job('X', 200, 'running')))).changes).toEqual(
			[],
		);
	});

	test('a job not seen in this poll keeps its record', () => {
		const { changes, next } = detectChanges(before, 'all', seen(listed(job('X', 200, 'running'))));
		expect(changes).toEqual([]);
		expect(next.active.Y).toEqual({ s: 'running', c: 100 });
	});

	test('a job answering 404 is forgotten without an item', () => {
		const { changes, next } = detectChanges(
			before,
			'all',
			seen([{ id: 'Y', job: null, via: 'id' }]),
		);
		expect(changes).toEqual([]);
		expect(Object.keys(next.active)).toEqual(['X']);
	});

	test('a job last seen by id is flagged f (fetched by id next time); seen on a page again, the flag goes', () => {
		const byId = detectChanges(
			before,
			'all',
			seen([{ id: 'Y', job: job('Y', 100, 'running'), via: 'id' }]),
		).next;
		expect(byId.active.Y).toEqual({ s: 'running', c: 100, f: 1 });
		expect(
			detectChanges(byId, 'all', seen(listed(job('Y', 100, 'running')))).next.active.Y,
		).toEqual({ s: 'running', c: 100 });
	});

	test('the last sighting of a job in a poll wins', () => {
		const sightings: Sighting[] = [
			...listed(job('Y', 100, 'paused')),
			{ id: 'Y', job: job('Y', 100, 'resuming'), via: 'deep' },
		];
		expect(summary(detectChanges(before, 'all', seen(sightings)).changes)).toEqual([
			'Y:running→resuming',
		]);
	});

	test('unknown statuses are non-terminal and compared as text (no crash on odd values)', () => {
		const { changes, next } = detectChanges(
			before,
			'all',
			seen(listed(job('X', 200, 'notRunning'), job('Y', 100, undefined as never))),
		);
		expect(summary(changes)).toEqual(['Y:running→undefined', 'X:running→notRunning']);
		expect(next.active.X.s).toBe('notRunning');
	});
});

describe('new jobs', () => {
	test('a job newer than top is emitted with previous_status null and tracked when not terminal', () => {
		const { changes, next } = detectChanges(
			state(),
			'all',
			seen(listed(job('N', 201, 'pending'), job('X', 200, 'succeeded'))),
		);
		expect(summary(changes)).toEqual(['N:null→pending']);
		expect(next).toMatchObject({
			top: 201,
			topIds: ['N'],
			active: { N: { s: 'pending', c: 201 } },
		});
	});

	test('a job of second top that is not in topIds is new (several jobs per second); one in topIds is not', () => {
		const { changes, next } = detectChanges(
			state(),
			'all',
			seen(listed(job('X', 200, 'succeeded'), job('Z', 200, 'succeeded'))),
		);
		expect(summary(changes)).toEqual(['Z:null→succeeded']);
		expect(next.topIds.sort()).toEqual(['X', 'Z']);
	});

	test('a job created already terminal is emitted once, then never again', () => {
		const first = detectChanges(state(), 'all', seen(listed(job('N', 300, 'failed'))));
		expect(summary(first.changes)).toEqual(['N:null→failed']);
		expect(detectChanges(first.next, 'all', seen(listed(job('N', 300, 'failed')))).changes).toEqual(
			[],
		);
	});

	test('an older job that is not tracked is not new: terminal → ignored, non-terminal → tracked silently', () => {
		const { changes, next } = detectChanges(
			state(),
			'all',
			seen(listed(job('O', 150, 'succeeded'), job('P', 140, 'paused'))),
		);
		expect(changes).toEqual([]);
		expect(next.active).toEqual({ P: { s: 'paused', c: 140 } });
	});

	test('a new job seen by the baseline scan (deep) is left to the walk from the head, which reports it once', () => {
		const deepOnly = detectChanges(
			state(),
			'all',
			seen([{ id: 'N', job: job('N', 300, 'failed'), via: 'deep' }]),
		);
		expect(deepOnly.changes).toEqual([]);
		expect(deepOnly.next).toMatchObject({ top: 200, active: {} });
		const both: Sighting[] = [
			...listed(job('N', 300, 'pending')),
			{ id: 'N', job: job('N', 300, 'running'), via: 'deep' },
		];
		expect(summary(detectChanges(state(), 'all', seen(both)).changes)).toEqual(['N:null→pending']);
	});

	test('top only moves with jobs listed from the head, never with deep or by-id sightings', () => {
		const sightings: Sighting[] = [
			{ id: 'D', job: job('D', 150, 'running'), via: 'deep' },
			{ id: 'X', job: job('X', 999, 'running'), via: 'id' },
		];
		expect(
			detectChanges(state({ active: { X: { s: 'running', c: 200 } } }), 'all', seen(sightings))
				.next,
		).toMatchObject({ top: 200, topIds: ['X'] });
	});

	test('items come oldest job first (created_at, then id)', () => {
		const { changes } = detectChanges(
			state(),
			'all',
			seen(
				listed(job('N3', 203, 'pending'), job('N2b', 202, 'pending'), job('N2a', 202, 'pending')),
			),
		);
		expect(changes.map((c) => c.job.id)).toEqual(['N2a', 'N2b', 'N3']);
	});

	test('the item carries the job object exactly as seen', () => {
		const n = job('N', 201, 'pending', {
			suffix: 'mine',
			metadata: { a: '1' },
			estimated_finish: null,
		});
		expect(detectChanges(state(), 'all', seen(listed(n))).changes[0].job).toBe(n);
	});
});

describe('helpers', () => {
	test('terminal statuses: succeeded, failed, cancelled, canceled (any case); the rest is not', () => {
		expect(['succeeded', 'failed', 'cancelled', 'canceled', 'Succeeded'].every(isTerminal)).toBe(
			true,
		);
		expect(
			[
				'pending',
				'paused',
				'pausing',
				'resuming',
				'running',
				'queued',
				'validating_files',
				'whatever',
				'',
			].some(isTerminal),
		).toBe(false);
	});

	test('statusOf and createdAtOf never throw', () => {
		expect(statusOf({ id: 'a', status: 3 })).toBe('3');
		expect(createdAtOf({ id: 'a', created_at: '12' })).toBe(12);
		expect(createdAtOf({ id: 'a' })).toBe(0);
	});
});

describe('parseState', () => {
	const valid = state({ active: { Y: { s: 'running', c: 100, f: 1 } }, backfill: ['a', 'b'] });

	test('a valid state comes back as a plain copy', () => {
		const parsed = parseState(valid, 'all');
		expect(parsed).toEqual(valid);
		expect(parsed).not.toBe(valid);
	});

	test('another scope means a new baseline', () => {
		expect(parseState(valid, 'job:ftjob-1')).toBeNull();
	});

	test.each([
		['nothing', undefined],
		['another version', { ...valid, v: 2 }],
		['top not a number', { ...valid, top: '200' }],
		['topIds not strings', { ...valid, topIds: [1] }],
		['active an array', { ...valid, active: [] }],
		['a tracked job without status', { ...valid, active: { Y: { c: 1 } } }],
		['a bad f flag', { ...valid, active: { Y: { s: 'running', c: 1, f: true } } }],
		['an empty backfill', { ...valid, backfill: [] }],
	])('%s → null', (_name, raw) => {
		expect(parseState(raw, 'all')).toBeNull();
	});

	test('survives a JSON round trip unchanged', () => {
		expect(parseState(JSON.parse(JSON.stringify(valid)), 'all')).toEqual(valid);
	});
});
