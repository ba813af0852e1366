/** The page-walk decisions (pageWalk.ts) and one poll's reads (observe.ts) over a scripted jobs list. */
import { observeJobs, type JobSource } from '../../nodes/AzureAiFoundryFineTuningTrigger/observe';
import { UnexpectedAnswerError } from '../../nodes/shared/errors';
import {
	addAnchors,
	idsToFetch,
	resumeCursors,
	stepBack,
	nextTopWalkStep,
	type ListedPage,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/pageWalk';
import {
	CLOCK_TOLERANCE_SECONDS,
	detectChanges,
	type Job,
	type TriggerState,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';

const job = (id: string, created_at: number, status = 'succeeded'): Job => ({
	id,
	created_at,
	status,
});
const page = (hasMore: boolean, ...data: Job[]): ListedPage => ({ data, hasMore });
const state = (partial: Partial<TriggerState> = {}): TriggerState => ({
	v: 1,
	scope: 'all',
	top: 100,
	topIds: ['a'],
	active: {},
	...partial,
});

/** A jobs list in list order (newest first) with the emulator's cursor rules, logging each request. */
class FakeList implements JobSource {
	requests: string[] = [];
	/** Runs before the n-th request (0-based). */
	before = new Map<number, () => void>();
	constructor(public jobs: Job[]) {}

	private log(request: string) {
		this.before.get(this.requests.length)?.();
		this.requests.push(request);
	}

	async list(after: string | undefined, limit: number): Promise<ListedPage> {
		this.log(`list after=${after ?? '-'}`);
		const start =
			after === undefined ? 0 : this.jobs.findIndex((j) => j.id === after) + 1 || this.jobs.length;
		const data = this.jobs.slice(start, start + limit);
		return { data: structuredClone(data), hasMore: start + data.length < this.jobs.length };
	}

	async get(id: string, required?: boolean): Promise<Job | null> {
		this.log(`get ${id}`);
		const found = this.jobs.find((j) => j.id === id);
		if (!found && required) throw new Error(`404 ${id}`);
		return found ? structuredClone(found) : null;
	}
}

/** `count` finished jobs created 1,000 s apart (more than the clock tolerance), newest (at `newest`) first. */
const history = (count: number, newest: number, prefix = 'h') =>
	Array.from({ length: count }, (_, i) => job(`${prefix}${i}`, newest - i * 1000));

/** The poll's clock (unix s): after every job of these tests. */
const NOW = 1_000_000;
/** Requests that take no time, and a deadline not reached. */
const unlimited = { now: () => NOW * 1000, deadline: NOW * 1000 + 1 };
const options = (pageSize: number) => ({ pageSize, ...unlimited });
const ample = { readsLeft: Infinity, pollStart: NOW };
const none = { readsLeft: 0, pollStart: NOW };

describe('nextTopWalkStep', () => {
	test('stops when the last page said has_more false', () => {
		expect(nextTopWalkStep(state(), [page(false, job('n', 500))], ample)).toBe('stop');
	});

	test('goes on while the last listed job is newer than or as old as top (ties of second top come in any order)', () => {
		expect(nextTopWalkStep(state(), [page(true, job('n', 101))], ample)).toBe('walk');
		expect(nextTopWalkStep(state(), [page(true, job('n', 100))], ample)).toBe('walk');
		expect(nextTopWalkStep(state(), [page(true, job('n', 99))], ample)).toBe('stop');
	});

	test('never walked a job before (top null): everything is new, walk on', () => {
		expect(nextTopWalkStep(state({ top: null, topIds: [] }), [page(true, job('n', 1))], none)).toBe(
			'walk',
		);
	});

	test('baseline: walks down to the watermark it sets (newest − tolerance), then stops (the scan goes on separately)', () => {
		const at = (oldest: number) => [page(true, job('a', 500), job('b', oldest))];
		expect(nextTopWalkStep(null, at(500 - CLOCK_TOLERANCE_SECONDS), ample)).toBe('walk');
		expect(nextTopWalkStep(null, at(499 - CLOCK_TOLERANCE_SECONDS), ample)).toBe('stop');
	});

	test('baseline: a job dated ahead of the poll clock caps the watermark at the poll clock − tolerance', () => {
		const pages = [page(true, job('future', NOW + 3600), job('b', NOW - CLOCK_TOLERANCE_SECONDS))];
		expect(nextTopWalkStep(null, pages, ample)).toBe('walk');
		pages.push(page(true, job('c', NOW - CLOCK_TOLERANCE_SECONDS - 1)));
		expect(nextTopWalkStep(null, pages, ample)).toBe('stop');
	});

	test('walks on for unseen tracked jobs only while more are pending than pages already walked past top + 1', () => {
		const tracked = state({
			active: { p: { s: 'running', c: 90 }, q: { s: 'running', c: 80 }, r: { s: 'paused', c: 70 } },
		});
		const first = [page(true, job('a', 100), job('x', 95))];
		expect(nextTopWalkStep(tracked, first, ample)).toBe('walk'); // 3 pending > 0 + 1
		const second = [...first, page(true, job('y', 91))];
		expect(nextTopWalkStep(tracked, second, ample)).toBe('walk'); // 3 pending > 1 + 1
		const third = [...second, page(true, job('p', 90))];
		expect(nextTopWalkStep(tracked, third, ample)).toBe('stop'); // 2 pending, not > 2 + 1: fetch them by id
	});

	test('one unseen tracked job is fetched by id, not walked for', () => {
		const tracked = state({ active: { p: { s: 'running', c: 10 } } });
		expect(nextTopWalkStep(tracked, [page(true, job('a', 100), job('x', 95))], ample)).toBe('stop');
	});

	test('ignores tracked jobs flagged f, newer than the last listed job (not listed any more), or seen already', () => {
		const tracked = state({
			active: {
				p: { s: 'running', c: 10, f: 1 },
				q: { s: 'running', c: 99 },
				x: { s: 'running', c: 95 },
				r: { s: 'running', c: 9, f: 1 },
			},
		});
		expect(nextTopWalkStep(tracked, [page(true, job('a', 100), job('x', 95))], ample)).toBe('stop');
	});

	test('no page for tracked jobs unless the budget leaves room for it and a by-id fetch of every unlisted one', () => {
		const tracked = state({
			active: { p: { s: 'running', c: 10 }, q: { s: 'running', c: 9 }, r: { s: 'running', c: 8 } },
		});
		const first = [page(true, job('a', 100), job('x', 95))];
		expect(nextTopWalkStep(tracked, first, { readsLeft: 3, pollStart: NOW })).toBe('out-of-budget');
		expect(nextTopWalkStep(tracked, first, { readsLeft: 4, pollStart: NOW })).toBe('walk');
	});

	test('no time left: no page for tracked jobs (they are fetched by id), but always the pages down to top', () => {
		const tracked = state({
			active: { p: { s: 'running', c: 10 }, q: { s: 'running', c: 9 }, r: { s: 'running', c: 8 } },
		});
		expect(nextTopWalkStep(tracked, [page(true, job('a', 100), job('x', 95))], none)).toBe(
			'out-of-budget',
		);
		expect(nextTopWalkStep(tracked, [page(true, job('n', 120))], none)).toBe('walk');
	});
});

describe('cursor helpers', () => {
	test('anchors: first and last id of each page, the last tried first; stepping back drops the last', () => {
		const anchors = addAnchors(
			addAnchors([], page(true, job('a', 9), job('b', 8), job('c', 7))),
			page(true, job('d', 6), job('e', 5)),
		);
		expect(anchors).toEqual(['a', 'c', 'd', 'e']);
		expect(stepBack(anchors)).toEqual(['a', 'c', 'd']);
		expect(resumeCursors(anchors)).toEqual(['c', 'd', 'e']);
		expect(addAnchors(['x'], page(true, job('x', 1)))).toEqual(['x']);
	});

	test('idsToFetch: tracked jobs no page showed', () => {
		expect(
			idsToFetch(state({ active: { p: { s: 'a', c: 1 }, q: { s: 'a', c: 2 } } }), new Set(['q'])),
		).toEqual(['p']);
	});

	test('idsToFetch: least recently read first (smallest stamp), then those read in the last poll', () => {
		const active = {
			p: { s: 'a', c: 1 },
			q: { s: 'a', c: 2, r: 7 },
			r: { s: 'a', c: 3, r: 3 },
			t: { s: 'a', c: 4 },
		};
		expect(idsToFetch(state({ active }), new Set())).toEqual(['r', 'q', 'p', 't']);
	});
});

describe('observeJobs: costs', () => {
	test('quiet poll with 10,000 finished jobs and the active ones on page 1: one request', async () => {
		const jobs = [
			job('r1', 900_002, 'running'),
			job('r2', 900_001, 'queued'),
			...history(10_000, 900_000),
		];
		const api = new FakeList(jobs);
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(100)),
		).next;
		expect(api.requests).toHaveLength(101); // the baseline reads everything once
		api.requests = [];
		const { changes, next } = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(100)),
		);
		expect(api.requests).toEqual(['list after=-']);
		expect(changes).toEqual([]);
		expect(next).toEqual(baseline);
		expect(JSON.stringify(next).length).toBeLessThan(200);
	});

	test('a burst of new jobs bigger than a page: pages down to top, every new job once', async () => {
		const api = new FakeList(history(5, 100_000));
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		api.jobs = [...history(14, 200_000, 'n'), ...api.jobs];
		api.requests = [];
		const { changes } = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(10)),
		);
		expect(changes).toHaveLength(14);
		expect(api.requests).toEqual(['list after=-', 'list after=n9']);
	});

	test('14 jobs created in the same second, listed in any order, page size 10: all 14, then nothing', async () => {
		const api = new FakeList(history(3, 100_000));
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		const burst = Array.from({ length: 14 }, (_, i) => job(`s${i}`, 150_000, 'pending'));
		api.jobs = [...burst.slice(7), ...burst.slice(0, 7), ...api.jobs];
		const first = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(10)),
		);
		expect(first.changes.map((c) => c.job.id).sort()).toEqual(burst.map((j) => j.id).sort());
		api.jobs = [job('s14', 150_000, 'pending'), ...api.jobs]; // one more in the same second, listed first
		const second = detectChanges(
			first.next,
			'all',
			await observeJobs(api, first.next, 'all', options(10)),
		);
		expect(second.changes.map((c) => c.job.id)).toEqual(['s14']);
	});

	test('a tracked job buried deep is fetched by id, then directly by id (f) with no extra pages', async () => {
		const api = new FakeList([...history(300, 900_000), job('old', 10, 'paused')]);
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(100)),
		).next;
		api.requests = [];
		const first = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(100)),
		);
		expect(api.requests).toEqual(['list after=-', 'get old']);
		expect(first.next.active.old).toEqual({ s: 'paused', c: 10, f: 1 });
		api.requests = [];
		await observeJobs(api, first.next, 'all', options(100));
		expect(api.requests).toEqual(['list after=-', 'get old']);
	});

	test('a tracked job that was deleted is fetched by id once (404), then forgotten', async () => {
		const api = new FakeList([job('r', 100_000, 'running'), ...history(3, 90_000)]);
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		api.jobs = api.jobs.slice(1);
		api.requests = [];
		const { changes, next } = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(10)),
		);
		expect(api.requests).toEqual(['list after=-', 'get r']);
		expect(changes).toEqual([]);
		expect(next.active).toEqual({});
	});

	test('one job: a GET per poll while it is active, none once it ended', async () => {
		const api = new FakeList([job('j', 5, 'running')]);
		const baseline = detectChanges(
			null,
			'job:j',
			await observeJobs(api, null, 'job:j', options(10)),
		).next;
		api.jobs[0].status = 'succeeded';
		const { changes, next } = detectChanges(
			baseline,
			'job:j',
			await observeJobs(api, baseline, 'job:j', options(10)),
		);
		expect(changes.map((c) => c.previous)).toEqual(['running']);
		api.requests = [];
		expect(await observeJobs(api, next, 'job:j', options(10))).toMatchObject({
			sightings: [],
			backfill: null,
		});
		expect(api.requests).toEqual([]);
	});

	test('one job: the baseline needs the job to exist (the API error is thrown)', async () => {
		await expect(observeJobs(new FakeList([]), null, 'job:nope', options(10))).rejects.toThrow(
			'404 nope',
		);
	});
});

describe('observeJobs: cursors', () => {
	test('the cursor job vanished between two page requests: step back to the page start, nothing lost or doubled', async () => {
		const api = new FakeList(history(6, 100_000));
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		api.jobs = [...history(6, 200_000, 'n'), ...api.jobs];
		api.requests = [];
		api.before.set(1, () => (api.jobs = api.jobs.filter((j) => j.id !== 'n2'))); // n2 ends page 1
		const { changes } = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(3)),
		);
		expect(api.requests).toEqual([
			'list after=-',
			'list after=n2',
			'list after=n0',
			'list after=n4',
		]);
		expect(changes.map((c) => c.job.id)).toEqual(['n5', 'n4', 'n3', 'n2', 'n1', 'n0']); // n2 was listed before it went
	});

	test('a job created between two page requests (same second as the newest) is not seen now, and is new next poll', async () => {
		const api = new FakeList(history(3, 100_000));
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		api.jobs = [...history(4, 200_000, 'n'), ...api.jobs];
		api.requests = [];
		api.before.set(1, () => (api.jobs = [job('late', 200_000, 'pending'), ...api.jobs]));
		const first = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(2)),
		);
		expect(api.requests).toEqual(['list after=-', 'list after=n1', 'list after=n3']);
		expect(first.changes.map((c) => c.job.id)).toEqual(['n3', 'n2', 'n1', 'n0']);
		const second = detectChanges(
			first.next,
			'all',
			await observeJobs(api, first.next, 'all', options(2)),
		);
		expect(second.changes.map((c) => `${c.job.id}:${c.previous}`)).toEqual(['late:null']);
	});

	test('every cursor vanished: restart from the head', async () => {
		const api = new FakeList(history(6, 100_000));
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		api.jobs = [...history(4, 200_000, 'n'), ...api.jobs];
		api.requests = [];
		api.before.set(1, () => (api.jobs = api.jobs.filter((j) => !['n0', 'n1'].includes(j.id))));
		const { changes } = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', options(2)),
		);
		expect(api.requests).toEqual([
			'list after=-',
			'list after=n1',
			'list after=n0',
			'list after=-',
			'list after=n3',
		]);
		expect(changes.map((c) => c.job.id).sort()).toEqual(['n0', 'n1', 'n2', 'n3']);
	});

	test('an API that ignores after (same page again) is an error, not an endless loop', async () => {
		const api = new FakeList(history(3, 200));
		api.list = async () => page(true, job('a', 200), job('b', 199));
		await expect(observeJobs(api, state(), 'all', options(2))).rejects.toThrow(
			UnexpectedAnswerError,
		);
	});
});

describe('observeJobs: poll budget', () => {
	/** A clock where each request takes one second; the deadline is `seconds` from the start. */
	function clocked(api: FakeList, seconds: number) {
		const start = NOW * 1000;
		return {
			pageSize: 10,
			now: () => start + api.requests.length * 1000,
			deadline: start + seconds * 1000,
		};
	}

	test('baseline over a long history: scans what fits, resumes on later polls, and tracks every active job', async () => {
		const jobs = history(95, 500_000);
		jobs[40] = { ...jobs[40], id: 'p40', status: 'paused' };
		jobs[90] = { ...jobs[90], id: 'p90', status: 'running' };
		const api = new FakeList(jobs);
		let current = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', clocked(api, 4)),
		).next;
		expect(api.requests).toHaveLength(3);
		expect(current.backfill).toEqual(['h19', 'h20', 'h29']);
		expect(current.active).toEqual({});
		const perPoll: string[][] = [];
		for (let poll = 0; poll < 10 && current.backfill; poll++) {
			api.requests = [];
			current = detectChanges(
				current,
				'all',
				await observeJobs(api, current, 'all', clocked(api, 4)),
			).next;
			perPoll.push(api.requests);
		}
		expect(perPoll[0]).toEqual(['list after=-', 'list after=h29', 'list after=h39']);
		expect(perPoll[1]).toEqual(['list after=-', 'get p40', 'list after=h49']); // p40 now tracked, fetched by id
		expect(perPoll).toHaveLength(6);
		expect(current.backfill).toBeUndefined();
		expect(Object.keys(current.active).sort()).toEqual(['p40', 'p90']);
	});

	test('the walk down to top is never cut short, whatever the budget', async () => {
		const api = new FakeList(history(2, 100_000));
		const baseline = detectChanges(
			null,
			'all',
			await observeJobs(api, null, 'all', options(10)),
		).next;
		api.jobs = [...history(35, 200_000, 'n'), ...api.jobs];
		api.requests = [];
		const { changes } = detectChanges(
			baseline,
			'all',
			await observeJobs(api, baseline, 'all', clocked(api, 1)),
		);
		expect(changes).toHaveLength(35);
		expect(api.requests).toHaveLength(4);
	});

	test('out of time: one by-id fetch is still made (the least recently read job), the others wait with their records', async () => {
		const tracked = state({
			active: { p: { s: 'running', c: 1, f: 1 }, q: { s: 'running', c: 2, f: 1 } },
		});
		const api = new FakeList([
			job('a', 100),
			...history(20, 99),
			job('q', 2, 'failed'),
			job('p', 1, 'failed'),
		]);
		const first = detectChanges(
			tracked,
			'all',
			await observeJobs(api, tracked, 'all', clocked(api, 1)),
		);
		expect(api.requests).toEqual(['list after=-', 'get p']);
		expect(first.changes.map((c) => c.job.id)).toEqual(['p']);
		expect(first.next.active).toEqual({ q: { s: 'running', c: 2, f: 1, r: 1 } });
		api.requests = [];
		const second = detectChanges(
			first.next,
			'all',
			await observeJobs(api, first.next, 'all', clocked(api, 1)),
		);
		expect(api.requests).toEqual(['list after=-', 'get q']);
		expect(second.changes.map((c) => c.job.id)).toEqual(['q']);
	});

	test('fairness: 12 tracked jobs below the first page, 3 by-id reads per poll: each read once in ⌈12 / 3⌉ = 4 polls', async () => {
		const buried = history(12, 50_000, 'b').map((j): Job => ({ ...j, status: 'running' }));
		const api = new FakeList([...history(10, 100_000), ...buried]);
		let current: TriggerState = state({
			top: 100_000,
			topIds: ['h0'],
			active: Object.fromEntries(
				buried.map((j) => [j.id, { s: 'running', c: j.created_at as number, f: 1 as const }]),
			),
		});
		const fetched: string[] = [];
		for (let poll = 0; poll < 4; poll++) {
			api.requests = [];
			current = detectChanges(
				current,
				'all',
				await observeJobs(api, current, 'all', clocked(api, 4.5)),
			).next;
			expect(api.requests[0]).toBe('list after=-');
			expect(api.requests.slice(1)).toHaveLength(3);
			fetched.push(...api.requests.slice(1));
		}
		expect(new Set(fetched).size).toBe(12);
		expect(fetched.sort()).toEqual(buried.map((j) => `get ${j.id}`).sort());
	});

	test('a tight budget walks no extra page for tracked jobs: by-id reads go round every job instead', async () => {
		// 30 running jobs just below the first page: with room, one more page would show them all.
		const running = history(30, 50_000, 'b').map((j): Job => ({ ...j, status: 'running' }));
		const api = new FakeList([...history(10, 100_000), ...running]);
		const tracked = state({
			top: 100_000,
			topIds: ['h0'],
			active: Object.fromEntries(
				running.map((j) => [j.id, { s: 'running', c: j.created_at as number }]),
			),
		});
		await observeJobs(api, tracked, 'all', options(10));
		expect(api.requests.filter((r) => r.startsWith('list'))).toHaveLength(4);
		api.requests = [];
		await observeJobs(api, tracked, 'all', clocked(api, 4.5));
		expect(api.requests).toEqual(['list after=-', 'get b0', 'get b1', 'get b2']);
	});

	test('one slow request cuts the walk short once: the next polls walk the pages again, not every job by id', async () => {
		const running = history(30, 50_000, 'b').map((j): Job => ({ ...j, status: 'running' }));
		const api = new FakeList([...history(10, 100_000), ...running, ...history(300, 10_000, 'o')]);
		const tracked = state({
			top: 100_000,
			topIds: ['h0'],
			active: Object.fromEntries(
				running.map((j) => [j.id, { s: 'running', c: j.created_at as number }]),
			),
		});
		// The first request takes 400 ms of a 3 s budget, the others none: 6 reads left < 30 unlisted.
		const start = NOW * 1000;
		const slowFirst = {
			pageSize: 10,
			now: () => start + (api.requests.length > 0 ? 400 : 0),
			deadline: start + 3000,
		};
		const slow = detectChanges(tracked, 'all', await observeJobs(api, tracked, 'all', slowFirst));
		expect(api.requests).toEqual(['list after=-', ...running.map((j) => `get ${j.id}`)]);
		expect(slow.changes).toEqual([]);
		for (let poll = 0; poll < 2; poll++) {
			api.requests = [];
			const quiet = detectChanges(
				slow.next,
				'all',
				await observeJobs(api, slow.next, 'all', options(10)),
			);
			expect(api.requests).toEqual([
				'list after=-',
				'list after=h9',
				'list after=b9',
				'list after=b19',
			]);
			expect(quiet.changes).toEqual([]);
			expect(Object.keys(quiet.next.active).sort()).toEqual(running.map((j) => j.id).sort());
		}
	});
});
