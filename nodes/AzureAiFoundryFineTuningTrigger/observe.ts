/**
 * One poll's reads, over an abstract {@link JobSource} (the node plugs in the API; tests plug in fakes): the walk
 * from the head of the jobs list, the by-id fetches of tracked jobs no page showed, and the baseline scan. The
 * decisions are the pure functions of pageWalk.ts; the result is an {@link Observation} for detectChanges.
 */
import {
	addAnchors,
	idsToFetch,
	resumeCursors,
	stepBack,
	topWalkNeedsMore,
	type ListedPage,
} from './pageWalk';
import type { Job, Observation, Sighting, TriggerState } from './statusChanges';

/** The reads the trigger needs (spec §2). */
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
	 * previous newest job is never cut short, and a pending baseline scan gets at least one page per poll.
	 */
	deadline: number;
}

/** The API answered something the trigger cannot use (a list repeating itself, cursors vanishing twice, a job without id). */
export class UnexpectedAnswerError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnexpectedAnswerError';
	}
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

/** Times each request, to tell whether another one still fits before the deadline. */
function timer(options: ObserveOptions) {
	let slowest = 0;
	return {
		async timed<T>(request: () => Promise<T>): Promise<T> {
			const start = options.now();
			try {
				return await request();
			} finally {
				slowest = Math.max(slowest, options.now() - start);
			}
		},
		timeLeft: () => options.now() + slowest < options.deadline,
	};
}

/**
 * Reads what one poll needs for `scope` (`all` or `job:<id>`), given the last good state (null: baseline).
 * - `job:<id>`: `GET` that job when it is tracked, or on the baseline (where a 404 is an error); nothing else.
 * - `all`: walk from the head ({@link topWalkNeedsMore}); fetch by id the tracked jobs no page showed (while time
 *   is left); then, if the baseline scan is unfinished (or this is the baseline and the list goes on), list onward
 *   from its cursors while time is left.
 * Quiet poll with every tracked job on the first page: exactly one request.
 * @throws whatever the source throws (API errors); UnexpectedAnswerError for a misbehaving list.
 */
export async function observeJobs(
	source: JobSource,
	state: TriggerState | null,
	scope: string,
	options: ObserveOptions,
): Promise<Observation> {
	const { timed, timeLeft } = timer(options);
	const timedSource: JobSource = {
		list: (after, limit) => timed(() => source.list(after, limit)),
		get: (id, required) => timed(() => source.get(id, required)),
	};
	if (scope.startsWith('job:')) {
		const id = scope.slice('job:'.length);
		if (state && !(id in state.active)) return { sightings: [], backfill: null };
		return {
			sightings: [{ id, job: await timedSource.get(id, state === null), via: 'id' }],
			backfill: null,
		};
	}
	const top = await walk(timedSource, options.pageSize, [], (pages) =>
		topWalkNeedsMore(state, pages, timeLeft()),
	);
	const seen: Sighting[] = sightings(top.pages, 'top');
	const listed = new Set(seen.map((sighting) => sighting.id));
	for (const id of state ? idsToFetch(state, listed) : []) {
		if (!timeLeft()) break;
		seen.push({ id, job: await timedSource.get(id), via: 'id' });
	}
	const backfillFrom = state ? state.backfill : top.complete ? undefined : top.resume;
	if (!backfillFrom) return { sightings: seen, backfill: null };
	const deep = await walk(timedSource, options.pageSize, backfillFrom, timeLeft);
	seen.push(...sightings(deep.pages, 'deep'));
	return { sightings: seen, backfill: deep.complete ? null : deep.resume };
}
