/** Rules of the trigger's pure change detection (statusChanges.ts), one test each. */
import {
	CLOCK_TOLERANCE_SECONDS,
	createdAtOf,
	detectChanges,
	isNewJob,
	parseState,
	statusOf,
	type Job,
	type Observation,
	type Sighting,
	type TriggerState,
	watermarkFor,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';
import { isTerminalStatus } from '../../nodes/shared/jobs';

const job = (
	id: string,
	created_at: number,
	status: string,
	extra: Record<string, unknown> = {},
): Job => ({ id, object: 'fine_tuning.job', created_at, status, ...extra });
const listed = (...jobs: Job[]): Sighting[] => jobs.map((j) => ({ id: j.id, job: j, via: 'top' }));
/** The poll's clock in these tests (unix s): long after the jobs' created_at, as in real life. */
const NOW = 10_000;
const seen = (
	sightings: Sighting[],
	backfill: string[] | null = null,
	startedAt = NOW,
): Observation => ({ sightings, backfill, startedAt, endedAt: startedAt + 2 });
const summary = (changes: ReturnType<typeof detectChanges>['changes']) =>
	changes.map((c) => `${c.job.id}:${c.previous}→${c.job.status}`);

function state(partial: Partial<TriggerState> = {}): TriggerState {
	return { v: 1, scope: 'all', top: 200, topIds: ['X'], active: {}, ...partial };
}

describe('baseline (no previous state)', () => {
	test('emits nothing, tracks the non-terminal jobs, records the watermark (newest − tolerance) and the ids above it', () => {
		const { changes, next } = detectChanges(
			null,
			'all',
			seen(
				listed(
					job('X', 500, 'running'),
					job('W', 500, 'succeeded'),
					job('V', 400, 'succeeded'),
					job('Y', 100, 'paused'),
				),
			),
		);
		expect(changes).toEqual([]);
		expect(next).toEqual({
			v: 1,
			scope: 'all',
			top: 500 - CLOCK_TOLERANCE_SECONDS,
			topIds: ['X', 'W', 'V'],
			active: { X: { s: 'running', c: 500 }, Y: { s: 'paused', c: 100 } },
		});
	});

	test('an empty account gives top null (every job listed later is new)', () => {
		const { next } = detectChanges(null, 'all', seen([]));
		expect(next).toEqual({ v: 1, scope: 'all', top: null, topIds: [], active: {} });
		expect(isNewJob(next, job('A', 1, 'pending'))).toBe(true);
	});

	test('keeps the baseline scan cursors when the scan is unfinished, and when activation ended (+ tolerance)', () => {
		const { next } = detectChanges(null, 'all', seen(listed(job('X', 200, 'running')), ['X']));
		expect(next).toMatchObject({ backfill: ['X'], since: NOW + 2 + CLOCK_TOLERANCE_SECONDS });
		expect(next.done).toBeUndefined();
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
		expect(next.n).toBeUndefined();
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

	test('a job not seen in this poll keeps its record, stamped with when it was first left unread', () => {
		const { changes, next } = detectChanges(before, 'all', seen(listed(job('X', 200, 'running'))));
		expect(changes).toEqual([]);
		expect(next.active.Y).toEqual({ s: 'running', c: 100, r: 1 });
		expect(next.n).toBe(1);
		// Unread again: the stamp stays (it was read longest ago); X, now unread too, gets the next stamp.
		const later = detectChanges(next, 'all', seen([])).next;
		expect(later.active).toEqual({
			X: { s: 'running', c: 200, r: 2 },
			Y: { s: 'running', c: 100, r: 1 },
		});
		expect(later.n).toBe(2);
		// Read again: the stamp goes.
		const read = detectChanges(later, 'all', seen(listed(job('Y', 100, 'running')))).next;
		expect(read.active.Y).toEqual({ s: 'running', c: 100 });
		expect(read.n).toBe(2);
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

	test('read by id only because the walk ran out of budget (walkCutShort): no new f flag, an old one stays', () => {
		const cut = (from: TriggerState) =>
			detectChanges(from, 'all', {
				...seen([{ id: 'Y', job: job('Y', 100, 'running'), via: 'id' }]),
				walkCutShort: true,
			}).next.active.Y;
		expect(cut(before)).toEqual({ s: 'running', c: 100 });
		expect(
			cut({ ...before, active: { ...before.active, Y: { s: 'running', c: 100, f: 1 } } }),
		).toEqual({ s: 'running', c: 100, f: 1 });
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
			top: 200,
			topIds: ['N', 'X'],
			active: { N: { s: 'pending', c: 201 } },
		});
	});

	test('the watermark rises to the newest job − tolerance and keeps only the ids at or above it', () => {
		const { next } = detectChanges(
			state(),
			'all',
			seen(listed(job('N', 1000, 'pending'), job('M', 900, 'pending'), job('X', 200, 'succeeded'))),
		);
		expect(next).toMatchObject({ top: 1000 - CLOCK_TOLERANCE_SECONDS, topIds: ['N', 'M'] });
		expect(watermarkFor(1000, NOW)).toBe(1000 - CLOCK_TOLERANCE_SECONDS);
	});

	test('a job dated hours ahead of the poll cannot lift the watermark past the poll clock − tolerance', () => {
		const ahead = job('F', NOW + 3 * 3600, 'running');
		const first = detectChanges(state(), 'all', seen(listed(ahead, job('X', 200, 'succeeded'))));
		expect(summary(first.changes)).toEqual(['F:null→running']);
		expect(first.next).toMatchObject({ top: NOW - CLOCK_TOLERANCE_SECONDS, topIds: ['F'] });
		// Later polls: F is not new again; a job created meanwhile (and already finished) is.
		const later = NOW + 600;
		const second = detectChanges(
			first.next,
			'all',
			seen(listed(ahead, job('N', later - 30, 'succeeded')), null, later),
		);
		expect(summary(second.changes)).toEqual(['N:null→succeeded']);
		expect(second.next).toMatchObject({ top: later - CLOCK_TOLERANCE_SECONDS, topIds: ['F', 'N'] });
		expect(isNewJob(second.next, job('N2', later, 'pending'))).toBe(true);
	});

	test('the watermark never goes down (a poll clock behind the last one)', () => {
		const { next } = detectChanges(
			state({ top: 5000, topIds: [] }),
			'all',
			seen(listed(job('N', 6000, 'pending')), null, 100),
		);
		expect(next).toMatchObject({ top: 5000, topIds: ['N'] });
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

	test('a new job met by the baseline scan (deep) is reported then, once; its id is kept so the head walk does not repeat it', () => {
		const deepOnly = detectChanges(
			state(),
			'all',
			seen([{ id: 'N', job: job('N', 300, 'failed'), via: 'deep' }]),
		);
		expect(summary(deepOnly.changes)).toEqual(['N:null→failed']);
		expect(deepOnly.next).toMatchObject({ top: 200, topIds: ['N'], active: {} });
		expect(
			detectChanges(deepOnly.next, 'all', seen(listed(job('N', 300, 'failed')))).changes,
		).toEqual([]);
		const both: Sighting[] = [
			...listed(job('N', 300, 'pending')),
			{ id: 'N', job: job('N', 300, 'running'), via: 'deep' },
		];
		expect(summary(detectChanges(state(), 'all', seen(both)).changes)).toEqual(['N:null→running']);
	});

	test('top only moves with jobs listed from the head, never with deep or by-id sightings', () => {
		const sightings: Sighting[] = [
			{ id: 'D', job: job('D', 9000, 'running'), via: 'deep' },
			{ id: 'X', job: job('X', 9999, 'running'), via: 'id' },
		];
		expect(
			detectChanges(state({ active: { X: { s: 'running', c: 200 } } }), 'all', seen(sightings))
				.next,
		).toMatchObject({ top: 200, topIds: ['D'] });
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

describe('a first scan spread over polls', () => {
	const since = 1_000;
	/** A state whose baseline scan is still under way (activation ended at `since` − tolerance). */
	const scanning = (partial: Partial<TriggerState> = {}) =>
		state({ backfill: ['c1'], since, active: { T: { s: 'running', c: 150 } }, ...partial });
	const deep = (...jobs: Job[]): Sighting[] => jobs.map((j) => ({ id: j.id, job: j, via: 'deep' }));

	test('a job met finished after activation is emitted once (previous_status null); one finished before is not', () => {
		const first = detectChanges(
			scanning(),
			'all',
			seen(
				deep(
					job('A', 120, 'succeeded', { finished_at: since + 1 }),
					job('B', 110, 'failed', { finished_at: since }),
					job('C', 100, 'cancelled', { finished_at: null }),
					job('P', 90, 'paused'),
				),
				['c2'],
			),
		);
		expect(summary(first.changes)).toEqual(['A:null→succeeded']);
		expect(first.next).toMatchObject({
			backfill: ['c2'],
			since,
			done: ['A'],
			active: { T: { s: 'running', c: 150, r: 1 }, P: { s: 'paused', c: 90 } },
		});
		// The scan steps back and lists A again: not emitted twice.
		const again = detectChanges(
			first.next,
			'all',
			seen(deep(job('A', 120, 'succeeded', { finished_at: since + 1 })), ['c3']),
		);
		expect(again.changes).toEqual([]);
	});

	test('a tracked job that ends during the scan is emitted once as a change, and not again as "met finished"', () => {
		const ended = job('T', 150, 'succeeded', { finished_at: since + 50 });
		const first = detectChanges(scanning(), 'all', seen(listed(ended), ['c2']));
		expect(summary(first.changes)).toEqual(['T:running→succeeded']);
		expect(first.next.done).toEqual(['T']);
		expect(detectChanges(first.next, 'all', seen(deep(ended), ['c3'])).changes).toEqual([]);
	});

	test('the scan done: since and done go, and finished jobs met later are ignored', () => {
		const first = detectChanges(
			scanning({ done: ['A'] }),
			'all',
			seen(deep(job('Z', 50, 'succeeded', { finished_at: since + 9 }))),
		);
		expect(summary(first.changes)).toEqual(['Z:null→succeeded']);
		expect(first.next.backfill).toBeUndefined();
		expect(first.next.since).toBeUndefined();
		expect(first.next.done).toBeUndefined();
		expect(
			detectChanges(
				first.next,
				'all',
				seen(listed(job('Y', 40, 'failed', { finished_at: since + 9 }))),
			).changes,
		).toEqual([]);
	});

	test('a state saved mid-scan without since (older version) emits no finished job', () => {
		expect(
			detectChanges(
				scanning({ since: undefined }),
				'all',
				seen(deep(job('A', 120, 'succeeded', { finished_at: since + 1 })), ['c2']),
			).changes,
		).toEqual([]);
	});
});

describe('helpers', () => {
	test('terminal statuses: succeeded, failed, cancelled, canceled (any case); the rest is not', () => {
		expect(
			['succeeded', 'failed', 'cancelled', 'canceled', 'Succeeded'].every(isTerminalStatus),
		).toBe(true);
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
			].some(isTerminalStatus),
		).toBe(false);
	});

	test('statusOf and createdAtOf never throw', () => {
		expect(statusOf({ id: 'a', status: 3 })).toBe('3');
		expect(createdAtOf({ id: 'a', created_at: '12' })).toBe(12);
		expect(createdAtOf({ id: 'a' })).toBe(0);
	});
});

describe('parseState', () => {
	const valid = state({
		active: { Y: { s: 'running', c: 100, f: 1, r: 3 } },
		n: 3,
		backfill: ['a', 'b'],
		since: 1000,
		done: ['d'],
	});

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
		[
			'a read stamp that is not a count',
			{ ...valid, active: { Y: { s: 'running', c: 1, r: -1 } } },
		],
		['n not a count', { ...valid, n: 1.5 }],
		['since not a number', { ...valid, since: '1000' }],
		['done not strings', { ...valid, done: [1] }],
	])('%s → null', (_name, raw) => {
		expect(parseState(raw, 'all')).toBeNull();
	});

	test('survives a JSON round trip unchanged', () => {
		expect(parseState(JSON.parse(JSON.stringify(valid)), 'all')).toEqual(valid);
	});
});
