/**
 * Change detection of the fine-tuning trigger, as pure functions: the state kept between polls, what one poll saw,
 * and from both the status changes to emit and the next state. No I/O here (observe.ts fetches, the node stores).
 *
 * Jobs are `fine_tuning.job` objects (spec §5). Only three fields are read: `id`, `created_at` (unix seconds) and
 * `status` (any string: Azure serves `pending`, `pausing`, `paused`, `resuming` beyond the spec's enum, Appendix A3).
 */

import type { IDataObject } from 'n8n-workflow';

/** A job object as the API returns it (`GET /fine_tuning/jobs`, `GET /fine_tuning/jobs/{id}`). */
export type Job = IDataObject & { id: string };

/** Statuses a job never leaves (spec Appendix A3: also accept `canceled`). Every other status is non-terminal. */
const TERMINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled', 'canceled']);

/** The job's status as a string (never throws: a missing or odd value becomes its text, e.g. `"undefined"`). */
export function statusOf(job: Job): string {
	return typeof job.status === 'string' ? job.status : String(job.status);
}

/** The job's `created_at` in unix seconds; 0 when it is missing or not a number. */
export function createdAtOf(job: Job): number {
	const value = typeof job.created_at === 'number' ? job.created_at : Number(job.created_at);
	return Number.isFinite(value) ? value : 0;
}

/** True for `succeeded`, `failed`, `cancelled` and `canceled` (any case); unknown statuses are non-terminal. */
export function isTerminal(status: string): boolean {
	return TERMINAL_STATUSES.has(status.toLowerCase());
}

/** A non-terminal job the trigger follows. */
export interface TrackedJob {
	/** Status at the last observation (the `previous_status` of its next change). */
	s: string;
	/** `created_at`, unix seconds (where the job sits in the newest-first list). */
	c: number;
	/** 1 when it was last observed through `GET /fine_tuning/jobs/{id}`: fetch it by id, don't walk pages for it. */
	f?: 1;
}

/**
 * What the trigger keeps in workflow static data between polls. JSON-safe; its size grows with the number of
 * non-terminal jobs (about 60 bytes each) and of jobs created in the newest second, never with history.
 */
export interface TriggerState {
	v: 1;
	/** What is watched: `all`, or `job:<id>` for one job. A poll with another scope starts a new baseline. */
	scope: string;
	/** `created_at` (unix s) of the newest job ever listed; null while no job was listed. */
	top: number | null;
	/** Ids of the listed jobs created in second `top` (a job is new when newer than `top` or at `top` but not here). */
	topIds: string[];
	/** Non-terminal jobs by id. */
	active: Record<string, TrackedJob>;
	/**
	 * Baseline scan not finished yet (the poll ran out of time): cursors (job ids, oldest last) to resume listing
	 * from. Jobs found there join `active` silently.
	 */
	backfill?: string[];
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

/** True when `job` was created after what `state` has seen: newer than `top`, or in second `top` but not in `topIds`. */
export function isNewJob(state: Pick<TriggerState, 'top' | 'topIds'>, job: Job): boolean {
	if (state.top === null) return true;
	const createdAt = createdAtOf(job);
	return createdAt > state.top || (createdAt === state.top && !state.topIds.includes(job.id));
}

/** Raises `top`/`topIds` with the jobs listed from the head of the list (`via: 'top'`). */
function advanceTop(
	state: Pick<TriggerState, 'top' | 'topIds'>,
	sightings: Sighting[],
): Pick<TriggerState, 'top' | 'topIds'> {
	let top = state.top;
	let ids = new Set(state.topIds);
	for (const { job, via } of sightings) {
		if (via !== 'top' || job === null) continue;
		const createdAt = createdAtOf(job);
		if (top === null || createdAt > top) {
			top = createdAt;
			ids = new Set([job.id]);
		} else if (createdAt === top) ids.add(job.id);
	}
	return { top, topIds: [...ids] };
}

function track(job: Job, via: Sighting['via']): TrackedJob {
	return { s: statusOf(job), c: createdAtOf(job), ...(via === 'id' ? { f: 1 as const } : {}) };
}

/**
 * The heart of the trigger (issue #3, rules 2 and 5). Given the state after the last good poll (null: none, so this
 * poll is the baseline) and what this poll saw:
 * - a tracked job whose status differs from the recorded one → one change (previous = recorded status); it stays
 *   tracked unless its status is terminal; a tracked job answering 404 is forgotten; one not seen keeps its record;
 * - a job listed from the head (`top`) that is new (see {@link isNewJob}) → one change with previous null;
 *   tracked when non-terminal;
 * - any other non-terminal job seen that is not tracked (baseline, backfill, or seen again after a 404) → tracked
 *   silently with its current status; terminal ones are ignored;
 * - on the baseline (previous null) nothing is emitted; everything non-terminal seen is tracked;
 * - backfill sightings of jobs that are new are ignored: the walk from the head reports them, once.
 * Several transitions between two polls are one change (latest status, previous = last recorded); a job that went
 * A → B → A between polls shows no change. Changes are ordered oldest job first (created_at, then id).
 */
export function detectChanges(
	previous: TriggerState | null,
	scope: string,
	seen: Observation,
): Detection {
	const boundary = advanceTop(previous ?? { top: null, topIds: [] }, seen.sightings);
	const latest = new Map<string, Sighting>();
	for (const sighting of seen.sightings) {
		if (sighting.via === 'deep' && sighting.job && isNewJob(previous ?? boundary, sighting.job))
			continue;
		latest.set(sighting.id, sighting);
	}
	const tracked = previous?.active ?? {};
	const active: Record<string, TrackedJob> = {};
	const changes: StatusChange[] = [];
	for (const [id, record] of Object.entries(tracked)) {
		const sighting = latest.get(id);
		if (!sighting) active[id] = record;
		else if (sighting.job) {
			const status = statusOf(sighting.job);
			if (status !== record.s) changes.push({ job: sighting.job, previous: record.s });
			if (!isTerminal(status)) active[id] = track(sighting.job, sighting.via);
		}
	}
	for (const [id, { job, via }] of latest) {
		if (id in tracked || job === null) continue;
		if (previous && via === 'top' && isNewJob(previous, job)) changes.push({ job, previous: null });
		if (!isTerminal(statusOf(job))) active[id] = track(job, via);
	}
	changes.sort(
		(a, b) =>
			createdAtOf(a.job) - createdAtOf(b.job) ||
			(a.job.id < b.job.id ? -1 : a.job.id > b.job.id ? 1 : 0),
	);
	const next: TriggerState = { v: 1, scope, ...boundary, active };
	if (seen.backfill) next.backfill = seen.backfill;
	return { changes, next };
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isTracked(value: unknown): value is TrackedJob {
	const record = value as TrackedJob;
	return (
		typeof record === 'object' &&
		record !== null &&
		isString(record.s) &&
		typeof record.c === 'number' &&
		(record.f === undefined || record.f === 1)
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
		(state.backfill === undefined ||
			(Array.isArray(state.backfill) &&
				state.backfill.length > 0 &&
				state.backfill.every(isString)));
	return valid ? state : null;
}
