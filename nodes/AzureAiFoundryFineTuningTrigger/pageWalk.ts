/**
 * Pure decisions of the page walk over `GET /fine_tuning/jobs?after=<job id>&limit=<n>`, which Azure serves newest
 * first by `created_at` (no document states an order; ties within a second come in no known order:
 * docs/azure-api.md#lists-and-paging).
 */
import { createdAtOf, type Job, type TriggerState, watermarkFor } from './statusChanges';

/** One page of the jobs list: `data` newest first, `has_more` as the API answered it. */
export interface ListedPage {
	data: Job[];
	hasMore: boolean;
}

/** How many cursor candidates are kept to resume a walk on a later poll (in case the last ones get deleted). */
export const RESUME_CURSORS = 3;

/** The last page that listed something. */
function lastNonEmpty(pages: ListedPage[]): ListedPage | undefined {
	return [...pages].reverse().find((page) => page.data.length > 0);
}

/** `created_at` (unix s) of the last job of the last non-empty page, undefined when nothing was listed. */
function oldestListed(pages: ListedPage[]): number | undefined {
	const last = lastNonEmpty(pages)?.data.at(-1);
	return last ? createdAtOf(last) : undefined;
}

/** The newest `created_at` (unix s) listed on `pages`; -Infinity when nothing was listed. */
function newestListed(pages: ListedPage[]): number {
	return pages.reduce(
		(max, page) => page.data.reduce((m, job) => Math.max(m, createdAtOf(job)), max),
		-Infinity,
	);
}

/** What the rest of the poll's budget allows, as {@link nextTopWalkStep} needs it. */
/** {@link nextTopWalkStep}'s answer. */
export type TopWalkStep = 'walk' | 'stop' | 'out-of-budget';

export interface WalkBudget {
	/** How many more requests fit before the poll's deadline (Infinity when requests take no time). */
	readsLeft: number;
	/** The poll's clock when it started, unix s: caps the baseline's watermark (`watermarkFor`). */
	pollStart: number;
}

/**
 * What the walk from the head does after `pages`: `walk` (fetch another page), `stop` (enough), or `out-of-budget`
 * (it would walk on for tracked jobs, but the poll's budget does not allow it). The walk must reach (rule 1) the
 * previous `top`: it goes on while the last listed job was created at or after `state.top` — every job above it may
 * be new, and jobs of one second come in no known order — or, on the baseline (`state` null), down to the watermark
 * the baseline sets (`watermarkFor` of the newest job listed and `pollStart`). Then (rule 2) it may go on to reach
 * tracked jobs not seen yet (not flagged `f`, created at or before the last listed second): one more page is wanted
 * while more such jobs are pending than pages already walked past the boundary + 1, so walking never costs much
 * more than fetching those jobs by id (what happens to the rest) — and taken only while `readsLeft` leaves room for
 * that page and a by-id fetch of every tracked job still unlisted (else `out-of-budget`), so that under a tight
 * budget the reads go to the least recently read jobs ({@link idsToFetch}) rather than to the same pages every poll.
 * `stop` when the last page said `has_more: false` or came back empty.
 */
export function nextTopWalkStep(
	state: TriggerState | null,
	pages: ListedPage[],
	budget: WalkBudget,
): TopWalkStep {
	const last = pages.at(-1);
	const oldest = oldestListed(pages);
	if (!last || !last.hasMore || last.data.length === 0 || oldest === undefined) return 'stop';
	const boundary = state ? state.top : watermarkFor(newestListed(pages), budget.pollStart);
	if (boundary === null || oldest >= boundary) return 'walk';
	if (!state) return 'stop';
	const listed = new Set(pages.flatMap((page) => page.data.map((job) => job.id)));
	const unlisted = Object.entries(state.active).filter(([id]) => !listed.has(id));
	const pending = unlisted.filter(([, job]) => !job.f && job.c <= oldest).length;
	const crossedAt = pages.findIndex(
		(page) => page.data.length > 0 && createdAtOf(page.data.at(-1)!) < boundary,
	);
	const pagesPastBoundary = pages.length - 1 - crossedAt;
	if (pending <= pagesPastBoundary + 1) return 'stop';
	return budget.readsLeft <= unlisted.length ? 'out-of-budget' : 'walk';
}

/**
 * Tracked jobs that no list page showed in this poll, to fetch by id (404 → forgotten), least recently read first:
 * stamped ones by their read stamp (`TrackedJob.r`, oldest first), then those read in the last good poll; ties keep
 * `state.active`'s order. observe.ts fetches them in this order while the budget lasts (at least one per poll), and
 * a job read any other way goes to the back, so with T tracked jobs that no page shows and at least k by-id reads
 * per poll each of them is read within ⌈T / k⌉ polls.
 */
export function idsToFetch(state: TriggerState, listedIds: ReadonlySet<string>): string[] {
	const stamp = (id: string) => state.active[id].r ?? Number.MAX_SAFE_INTEGER;
	return Object.keys(state.active)
		.filter((id) => !listedIds.has(id))
		.sort((a, b) => stamp(a) - stamp(b));
}

/**
 * Cursor candidates after `page` (tried from the end): the earlier candidates, then the page's first and last ids.
 * The walk goes on `after` the last one. When that answers an empty page (the job is gone, or nothing follows it any
 * more) it steps back to the page's first id — one request, which lists the page's rest again (deduplicated) and
 * what follows — then to the previous page's ids, and so on.
 */
export function addAnchors(candidates: string[], page: ListedPage): string[] {
	const first = page.data[0]?.id;
	const last = page.data.at(-1)?.id;
	const anchors = [first, last].filter(
		(id, i, ids): id is string => id !== undefined && ids.indexOf(id) === i,
	);
	return [...candidates.filter((id) => !anchors.includes(id)), ...anchors];
}

/** The candidates to try after `after=<candidates' last>` came back empty: the earlier ones. */
export function stepBack(candidates: string[]): string[] {
	return candidates.slice(0, -1);
}

/** Cursors to resume an unfinished walk on a later poll: the last {@link RESUME_CURSORS} candidates. */
export function resumeCursors(candidates: string[]): string[] {
	return candidates.slice(-RESUME_CURSORS);
}
