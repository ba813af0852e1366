/**
 * Change detection of the fine-tuning trigger, as pure functions: the state kept between polls, what one poll saw,
 * and from both the status changes to emit and the next state. No I/O here (observe.ts fetches, the node stores).
 *
 * Jobs are `fine_tuning.job` objects (docs/azure-api.md#the-job-object). Only three fields are read: `id`,
 * `created_at` (unix seconds) and `status` (any string: Azure serves `pending`, `pausing`, `paused`, `resuming`
 * beyond the spec's enum; docs/azure-api.md#job-statuses).
 */

import type { IDataObject } from 'n8n-workflow';

import { isTerminalStatus } from '../shared/jobs';

/** A job object as the API returns it (`GET /fine_tuning/jobs`, `GET /fine_tuning/jobs/{id}`). */
export type Job = IDataObject & { id: string };

/** The job's status as a string (never throws: a missing or odd value becomes its text, e.g. `"undefined"`). */
export function statusOf(job: Job): string {
	return typeof job.status === 'string' ? job.status : String(job.status);
}

/** The job's `created_at` in unix seconds; 0 when it is missing or not a number. */
export function createdAtOf(job: Job): number {
	const value = typeof job.created_at === 'number' ? job.created_at : Number(job.created_at);
	return Number.isFinite(value) ? value : 0;
}

/**
 * Clock tolerance, in seconds (2 minutes): how far Azure's clock (which stamps `created_at` and `finished_at`) may be
 * behind the poll's own clock — together with how late a job may show up in the list after its `created_at` —
 * without a new job being missed. The new-job watermark stays this far below both the newest `created_at` listed and
 * the poll's clock ({@link watermarkFor}), and a first scan spread over polls emits a job met finished only when its
 * `finished_at` is this far past the first poll (`TriggerState.since`). docs/operations.md (the trigger's section)
 * says what a larger skew costs.
 */
export const CLOCK_TOLERANCE_SECONDS = 120;

/**
 * The new-job watermark a poll may set: the newest `created_at` listed from the head (unix s), capped at the poll's
 * own clock (`pollStart`, unix s), minus {@link CLOCK_TOLERANCE_SECONDS}. A job dated hours ahead (clock skew, a
 * misbehaving region) therefore cannot lift it past the poll's clock: jobs created later are still found new.
 */
export function watermarkFor(newestListed: number, pollStart: number): number {
	return Math.min(newestListed, pollStart) - CLOCK_TOLERANCE_SECONDS;
}

/** A non-terminal job the trigger follows. */
export interface TrackedJob {
	/** Status at the last observation (the `previous_status` of its next change). */
	s: string;
	/** `created_at`, unix seconds (where the job sits in the newest-first list). */
	c: number;
	/**
	 * 1 when it was last observed through `GET /fine_tuning/jobs/{id}` instead of pages the walk judged not worth
	 * walking (not merely out of time: `Observation.walkCutShort`): fetch it by id, don't walk pages for it.
	 */
	f?: 1;
	/**
	 * Absent: read in the last good poll. Otherwise the read stamp given when a poll first left it unread (see
	 * `TriggerState.n`): the smaller, the longer ago it was read. Jobs are fetched by id least recently read first
	 * (pageWalk.ts `idsToFetch`).
	 */
	r?: number;
}

/**
 * What the trigger keeps in workflow static data between polls. JSON-safe; its size grows with the number of
 * non-terminal jobs (about 70 bytes each, ~8 more while unread) and of jobs created at or after the watermark (those
 * within {@link CLOCK_TOLERANCE_SECONDS} of the newest one, and any dated ahead of the poll's clock), never with
 * history.
 */
export interface TriggerState {
	v: 1;
	/** What is watched: `all`, or `job:<id>` for one job. A poll with another scope starts a new baseline. */
	scope: string;
	/**
	 * New-job watermark (unix s; {@link watermarkFor}): every job created at or after it that still exists has been
	 * listed, and those are the ones in `topIds`. Null while no job was listed. It never goes down.
	 */
	top: number | null;
	/** Ids of the listed jobs created at or after `top` (a job created at or after `top` but not here is new). */
	topIds: string[];
	/** Non-terminal jobs by id. */
	active: Record<string, TrackedJob>;
	/** The last read stamp given (`TrackedJob.r`); absent = 0. Moves only when a poll leaves a job newly unread. */
	n?: number;
	/**
	 * Baseline scan not finished yet (the poll ran out of time): cursors (job ids, oldest last) to resume listing
	 * from. Jobs found there join `active` silently; see `since`.
	 */
	backfill?: string[];
	/**
	 * While `backfill` is pending: unix s (the poll's clock) after which a `finished_at` proves the job finished after
	 * activation — the end of the first poll plus {@link CLOCK_TOLERANCE_SECONDS}. A job first met finished after
	 * that is emitted (previous_status null) instead of joining the baseline.
	 */
	since?: number;
	/** While `backfill` is pending: ids of jobs emitted with a terminal status, so that none is emitted twice. */
	done?: string[];
}

/**
 * One sighting of a job during a poll. `via`: `top` = a list page of the walk from the newest job down to the
 * previous `top` (and further for active jobs); `deep` = a list page of the baseline scan (backfill); `id` = a
 * `GET /fine_tuning/jobs/{id}` (`job` null when it answered 404: the job was deleted or purged).
 */
export interface Sighting {
	id: string;
	job: Job | null;
	via: 'top' | 'deep' | 'id';
}

/** What one poll saw, in the order it saw it (a later sighting of the same job wins). */
export interface Observation {
	sightings: Sighting[];
	/** Where the baseline scan stands after this poll: cursors to resume from, or null when it is complete. */
	backfill: string[] | null;
	/** The poll's clock (unix s, may be fractional) when its first read started and after its last read ended. */
	startedAt: number;
	endedAt: number;
	/**
	 * True when the walk from the head stopped before pages it wanted for tracked jobs only because the poll's budget
	 * ran short (pageWalk.ts `nextTopWalkStep`): the by-id reads that replaced those pages say nothing about whether
	 * paging reaches the jobs, so they do not flag them `f` (a job keeps the flag it had).
	 */
	walkCutShort?: boolean;
}

/** A status change to emit: the job as last seen, and the status last recorded (null: a job seen for the first time). */
export interface StatusChange {
	job: Job;
	previous: string | null;
}

export interface Detection {
	changes: StatusChange[];
	next: TriggerState;
}

/** True when `job` was created after what `state` has seen: at or after `top` and not in `topIds`. */
export function isNewJob(state: Pick<TriggerState, 'top' | 'topIds'>, job: Job): boolean {
	return state.top === null || (createdAtOf(job) >= state.top && !state.topIds.includes(job.id));
}

/**
 * The watermark after a poll: raised to {@link watermarkFor} of the newest job listed from the head (`via: 'top'`),
 * never lowered; `topIds` = the jobs listed on any page (`top` or `deep`) created at or after it. The walk from the
 * head lists every job created at or after the previous `top` (pageWalk.ts `nextTopWalkStep`), so every id a job
 * needs is there; a job missing from it was deleted.
 */
function advanceTop(
	state: Pick<TriggerState, 'top' | 'topIds'>,
	sightings: Sighting[],
	pollStart: number,
): Pick<TriggerState, 'top' | 'topIds'> {
	const fromHead = sightings.flatMap(({ job, via }) => (via === 'top' && job ? [job] : []));
	const top = fromHead.length
		? Math.max(
				state.top ?? -Infinity,
				watermarkFor(Math.max(...fromHead.map(createdAtOf)), pollStart),
			)
		: state.top;
	if (top === null) return { top, topIds: [] };
	const ids = sightings.flatMap(({ job, via }) =>
		via !== 'id' && job && createdAtOf(job) >= top ? [job.id] : [],
	);
	return { top, topIds: [...new Set(ids)] };
}

/** The record of a non-terminal job just read; `byId`: flag it `f` (fetch it by id, don't walk pages for it). */
function track(job: Job, byId: boolean): TrackedJob {
	return { s: statusOf(job), c: createdAtOf(job), ...(byId ? { f: 1 as const } : {}) };
}

/** `finished_at` in unix seconds, or undefined when the job has none. */
function finishedAtOf(job: Job): number | undefined {
	const value = typeof job.finished_at === 'number' ? job.finished_at : Number(job.finished_at);
	return job.finished_at !== null && job.finished_at !== undefined && Number.isFinite(value)
		? value
		: undefined;
}

/**
 * The heart of the trigger: one item per job whose status changed since the last good poll, nothing missed and
 * nothing emitted twice (docs/operations.md, the trigger section). Given the state after the last good poll (null: none, so
 * this poll is the baseline) and what this poll saw:
 * - a tracked job whose status differs from the recorded one → one change (previous = recorded status); it stays
 *   tracked unless its status is terminal (the status table, nodes/shared/jobs.ts); a tracked job answering 404
 *   is forgotten; one not seen keeps its record, stamped as unread (`r`, see {@link readOrder});
 * - a job listed on a page (from the head or by the baseline scan) that is new (see {@link isNewJob}) → one change
 *   with previous null, whatever its status (terminal included); tracked when non-terminal;
 * - while the baseline scan is pending (`backfill`): a job met for the first time with a terminal status and a
 *   `finished_at` after `since` (it finished after activation) → one change with previous null;
 * - any other non-terminal job seen that is not tracked (baseline, backfill, or seen again after a 404) → tracked
 *   silently with its current status; terminal ones are ignored. A non-terminal change to a job the pending scan
 *   has not reached is not visible (the job carries no time of its last status change): its first reading is its
 *   baseline;
 * - on the baseline (previous null) nothing is emitted; everything non-terminal seen is tracked.
 * Several transitions between two polls are one change (latest status, previous = last recorded); a job that went
 * A → B → A between polls shows no change. Changes are ordered oldest job first (created_at, then id).
 */
export function detectChanges(
	previous: TriggerState | null,
	scope: string,
	seen: Observation,
): Detection {
	const boundary = advanceTop(
		previous ?? { top: null, topIds: [] },
		seen.sightings,
		seen.startedAt,
	);
	const latest = new Map(seen.sightings.map((sighting) => [sighting.id, sighting]));
	const tracked = previous?.active ?? {};
	const scanning = previous?.backfill !== undefined;
	const done = new Set(scanning ? (previous?.done ?? []) : []);
	const active: Record<string, TrackedJob> = {};
	const changes: StatusChange[] = [];
	let stamp = previous?.n ?? 0;
	const unreadStamp = stamp + 1;
	for (const [id, record] of Object.entries(tracked)) {
		const sighting = latest.get(id);
		if (!sighting) {
			active[id] = record.r === undefined ? { ...record, r: unreadStamp } : record;
			if (record.r === undefined) stamp = unreadStamp;
		} else if (sighting.job) {
			const status = statusOf(sighting.job);
			if (status !== record.s) changes.push({ job: sighting.job, previous: record.s });
			const byId = sighting.via === 'id' && (record.f === 1 || !seen.walkCutShort);
			if (!isTerminalStatus(status)) active[id] = track(sighting.job, byId);
			else if (scanning) done.add(id);
		}
	}
	const finishedAfterActivation = (job: Job) =>
		scanning &&
		!done.has(job.id) &&
		(finishedAtOf(job) ?? -Infinity) > (previous?.since ?? Infinity);
	for (const [id, { job, via }] of latest) {
		if (id in tracked || job === null) continue;
		const terminal = isTerminalStatus(statusOf(job));
		const isNew = previous !== null && via !== 'id' && isNewJob(previous, job);
		if (isNew || (previous && terminal && finishedAfterActivation(job))) {
			changes.push({ job, previous: null });
			if (terminal && scanning) done.add(id);
		}
		if (!terminal) active[id] = track(job, via === 'id');
	}
	changes.sort(
		(a, b) =>
			createdAtOf(a.job) - createdAtOf(b.job) ||
			(a.job.id < b.job.id ? -1 : a.job.id > b.job.id ? 1 : 0),
	);
	const next: TriggerState = { v: 1, scope, ...boundary, active };
	if (stamp > 0) next.n = stamp;
	if (seen.backfill) {
		next.backfill = seen.backfill;
		next.since = previous?.since ?? Math.ceil(seen.endedAt) + CLOCK_TOLERANCE_SECONDS;
		if (done.size) next.done = [...done];
	}
	return { changes, next };
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number =>
	Number.isSafeInteger(value) && (value as number) >= 0;

function isTracked(value: unknown): value is TrackedJob {
	const record = value as TrackedJob;
	return (
		typeof record === 'object' &&
		record !== null &&
		isString(record.s) &&
		typeof record.c === 'number' &&
		(record.f === undefined || record.f === 1) &&
		(record.r === undefined || isCount(record.r))
	);
}

/**
 * Reads the state from static data (any JSON), as a plain copy. Returns null (→ a new baseline) when there is none,
 * when it is not a valid version-1 state, or when it was recorded for another scope (the user changed what is
 * watched).
 */
export function parseState(raw: unknown, scope: string): TriggerState | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const state = JSON.parse(JSON.stringify(raw)) as TriggerState;
	const valid =
		state.v === 1 &&
		state.scope === scope &&
		(state.top === null || typeof state.top === 'number') &&
		Array.isArray(state.topIds) &&
		state.topIds.every(isString) &&
		typeof state.active === 'object' &&
		state.active !== null &&
		!Array.isArray(state.active) &&
		Object.values(state.active).every(isTracked) &&
		(state.n === undefined || isCount(state.n)) &&
		(state.backfill === undefined ||
			(Array.isArray(state.backfill) &&
				state.backfill.length > 0 &&
				state.backfill.every(isString))) &&
		(state.since === undefined || typeof state.since === 'number') &&
		(state.done === undefined || (Array.isArray(state.done) && state.done.every(isString)));
	return valid ? state : null;
}
