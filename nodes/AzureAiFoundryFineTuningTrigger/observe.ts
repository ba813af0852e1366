/**
 * One poll's reads, over an abstract {@link JobSource} (the node plugs in the API; tests plug in fakes): the walk
 * from the head of the jobs list, the by-id fetches of tracked jobs no page showed, and the baseline scan. The
 * decisions are the pure functions of pageWalk.ts; the result is an {@link Observation} for detectChanges.
 */
import { UnexpectedAnswerError } from '../shared/errors';
import { jobMatchesFilter, type JobFilter } from '../shared/jobs';
import { MAX_PAGE_SIZE } from './description';
import {
	addAnchors,
	idsToFetch,
	resumeCursors,
	stepBack,
	nextTopWalkStep,
	type ListedPage,
} from './pageWalk';
import type { Job, Observation, Sighting, TriggerState } from './statusChanges';

/** The reads the trigger needs (docs/azure-api.md#lists-and-paging). */
export interface JobSource {
	/** `GET /fine_tuning/jobs?limit=<limit>[&after=<id>]`. An unknown `after` may answer an empty page. */
	list(after: string | undefined, limit: number): Promise<ListedPage>;
	/**
	 * `GET /fine_tuning/jobs/{id}`; null when it answers 404, unless `required` (then the API's error is thrown).
	 */
	get(id: string, required?: boolean): Promise<Job | null>;
}

export interface ObserveOptions {
	/** `limit` of each list request. */
	pageSize: number;
	/** Clock in milliseconds (Date.now in the node; a virtual clock in tests). */
	now(): number;
	/**
	 * Time (same clock) by which optional reads must be done: pages walked for tracked jobs, by-id fetches and the
	 * baseline scan stop once the slowest request so far would end past it (n8n's poll budget). The walk down to the
	 * watermark is never cut short, and each poll makes at least one by-id fetch (when a tracked job needs one) and,
	 * while the baseline scan is pending, lists at least one page of it.
	 */
	deadline: number;
}

/** A walk's result: its pages, whether the last one said `has_more: false`, and cursors to resume it. */
interface Walk {
	pages: ListedPage[];
	complete: boolean;
	resume: string[];
}

/** Restarts from the head allowed per walk (each needs every cursor candidate to have vanished). */
const MAX_RESTARTS = 3;

/**
 * Lists pages from `from` (cursor candidates, the last used first; empty = the head) while `more(pages)` says so.
 * An empty page after a cursor steps back to the previous candidate ({@link addAnchors}); when none is left, the
 * walk restarts from the head (ids are deduplicated by the caller).
 * @throws UnexpectedAnswerError when a page repeats only ids already walked while claiming more (the API ignores
 *   `after`), or after {@link MAX_RESTARTS} restarts.
 */
async function walk(
	source: JobSource,
	pageSize: number,
	from: string[],
	more: (pages: ListedPage[]) => boolean,
): Promise<Walk> {
	let candidates = from;
	let restarts = 0;
	let walked = new Set<string>();
	const pages: ListedPage[] = [];
	for (;;) {
		const after = candidates.at(-1);
		const page = await source.list(after, pageSize);
		if (page.data.length === 0 && after !== undefined) {
			candidates = stepBack(candidates);
			if (candidates.length === 0) {
				if (++restarts > MAX_RESTARTS)
					throw new UnexpectedAnswerError('Jobs kept disappearing while the list was read');
				walked = new Set();
			}
			continue;
		}
		pages.push(page);
		const fresh = page.data.filter((job) => !walked.has(job.id));
		fresh.forEach((job) => walked.add(job.id));
		candidates = addAnchors(candidates, page);
		if (!page.hasMore || page.data.length === 0) return { pages, complete: true, resume: [] };
		if (fresh.length === 0)
			throw new UnexpectedAnswerError(`The list answered the same jobs again after "${after}"`);
		if (!more(pages)) return { pages, complete: false, resume: resumeCursors(candidates) };
	}
}

function sightings(pages: ListedPage[], via: Sighting['via']): Sighting[] {
	return pages.flatMap((page) => page.data.map((job) => ({ id: job.id, job, via })));
}

/** Times each request, to tell how many more fit before the deadline (each as slow as the slowest so far). */
function timer(options: ObserveOptions) {
	let slowest = 0;
	const readsLeft = () => {
		const left = options.deadline - options.now();
		if (slowest === 0) return left > 0 ? Infinity : 0;
		return Math.max(0, Math.ceil(left / slowest) - 1);
	};
	return {
		async timed<T>(request: () => Promise<T>): Promise<T> {
			const start = options.now();
			try {
				return await request();
			} finally {
				slowest = Math.max(slowest, options.now() - start);
			}
		},
		readsLeft,
		timeLeft: () => readsLeft() > 0,
	};
}

/**
 * Reads what one poll needs for `scope` (`all` or `job:<id>`), given the last good state (null: baseline).
 * - `job:<id>`: `GET` that job when it is tracked, or on the baseline (where a 404 is an error); nothing else.
 * - `all`: walk from the head ({@link nextTopWalkStep}); fetch by id the tracked jobs no page showed, least
 *   recently read first ({@link idsToFetch}), while time is left but at least one; then, if the baseline scan is
 *   unfinished (or this is the baseline and the list goes on), list onward from its cursors while time is left but
 *   at least one page. Fairness: with T tracked jobs no walked page shows and k by-id fetches fitting in a poll's
 *   budget after the walk (k ≥ 1 as said), each tracked job is read at least once every ⌈T / k⌉ polls.
 *   `walkCutShort` is set when only the budget stopped the walk for tracked jobs (one slow request is enough).
 * Quiet poll with every tracked job on the first page: exactly one request.
 * @returns the sightings, the scan's cursors, and the poll's clock (unix s) at its start and end.
 * @throws whatever the source throws (API errors); UnexpectedAnswerError for a misbehaving list.
 */
export async function observeJobs(
	source: JobSource,
	state: TriggerState | null,
	scope: string,
	options: ObserveOptions,
): Promise<Observation> {
	const { timed, timeLeft, readsLeft } = timer(options);
	const timedSource: JobSource = {
		list: (after, limit) => timed(() => source.list(after, limit)),
		get: (id, required) => timed(() => source.get(id, required)),
	};
	const startedAt = options.now() / 1000;
	const result = (
		seen: Sighting[],
		backfill: string[] | null,
		walkCutShort = false,
	): Observation => ({
		sightings: seen,
		backfill,
		startedAt,
		endedAt: options.now() / 1000,
		...(walkCutShort ? { walkCutShort } : {}),
	});
	if (scope.startsWith('job:')) {
		const id = scope.slice('job:'.length);
		if (state && !(id in state.active)) return result([], null);
		return result([{ id, job: await timedSource.get(id, state === null), via: 'id' }], null);
	}
	let walkCutShort = false;
	const top = await walk(timedSource, options.pageSize, [], (pages) => {
		const step = nextTopWalkStep(state, pages, { readsLeft: readsLeft(), pollStart: startedAt });
		walkCutShort = step === 'out-of-budget';
		return step === 'walk';
	});
	const seen: Sighting[] = sightings(top.pages, 'top');
	const listed = new Set(seen.map((sighting) => sighting.id));
	let fetched = 0;
	for (const id of state ? idsToFetch(state, listed) : []) {
		if (fetched++ > 0 && !timeLeft()) break;
		seen.push({ id, job: await timedSource.get(id), via: 'id' });
	}
	const backfillFrom = state ? state.backfill : top.complete ? undefined : top.resume;
	if (!backfillFrom) return result(seen, null, walkCutShort);
	const deep = await walk(timedSource, options.pageSize, backfillFrom, timeLeft);
	seen.push(...sightings(deep.pages, 'deep'));
	return result(seen, deep.complete ? null : deep.resume, walkCutShort);
}

/** Pages of {@link MAX_PAGE_SIZE} jobs that Fetch Test Event reads at most for a filtered trigger: the newest 500. */
export const TEST_EVENT_PAGES = 5;

/** The result of {@link newestMatchingJob}: the job found (or null) and how many jobs were read. */
export interface TestEventJob {
	job: Job | null;
	read: number;
}

/**
 * Fetch Test Event's job on All Jobs: the newest job that passes `filter` (`jobMatchesFilter`, nodes/shared/jobs.ts;
 * statuses, suffix and metadata as the trigger emits them). Without a filter: `GET /fine_tuning/jobs?limit=1`, one
 * request. With one: pages of {@link MAX_PAGE_SIZE} from the head, at most {@link TEST_EVENT_PAGES} of them.
 * @returns the job, or null when none of the jobs read passes (or there are none), with the number read.
 * @throws whatever the source throws (API errors).
 */
export async function newestMatchingJob(
	source: JobSource,
	filter: JobFilter,
): Promise<TestEventJob> {
	const filtered = Object.keys(filter).length > 0;
	let read = 0;
	let after: string | undefined;
	for (let pages = 0; pages < (filtered ? TEST_EVENT_PAGES : 1); pages++) {
		const page = await source.list(after, filtered ? MAX_PAGE_SIZE : 1);
		read += page.data.length;
		const job = page.data.find((candidate) => jobMatchesFilter(candidate, filter));
		if (job) return { job, read };
		after = page.data.at(-1)?.id;
		if (!page.hasMore || after === undefined) break;
	}
	return { job: null, read };
}
