/**
 * What the trigger emits, pure: the user's filters (statuses, suffix, metadata) and the item shape. Filters only
 * choose what is emitted; the trigger tracks every job either way, so a filtered-out change is never emitted later.
 */
import type { Job, StatusChange } from './statusChanges';
import { statusOf } from './statusChanges';

export interface EmitFilter {
	/** Emit only changes into these statuses (see {@link normaliseStatus}); null = any change. */
	statuses: ReadonlySet<string> | null;
	/** Emit only jobs whose suffix (`suffix`, or the spec's `user_provided_suffix`) is exactly this. */
	suffix?: string;
	/** Emit only jobs whose `metadata[key]` equals `value` (any value when `value` is undefined). */
	metadata?: { key: string; value?: string };
}

/** Status for comparisons: trimmed, lower case, `canceled` read as `cancelled`. */
export function normaliseStatus(status: string): string {
	const normal = status.trim().toLowerCase();
	return normal === 'canceled' ? 'cancelled' : normal;
}

/** The job's suffix: Azure returns `suffix`, the spec names it `user_provided_suffix` (spec §5, Appendix A3). */
export function suffixOf(job: Job): string | null {
	const suffix = job.suffix ?? job.user_provided_suffix;
	return typeof suffix === 'string' ? suffix : null;
}

function metadataMatches(job: Job, wanted: NonNullable<EmitFilter['metadata']>): boolean {
	const metadata = job.metadata;
	if (typeof metadata !== 'object' || metadata === null || !(wanted.key in metadata)) return false;
	const value = (metadata as Record<string, unknown>)[wanted.key];
	return wanted.value === undefined || String(value) === wanted.value;
}

/** True when `change` passes every filter set in `filter`. */
export function passes(filter: EmitFilter, change: StatusChange): boolean {
	const { job } = change;
	if (filter.statuses && !filter.statuses.has(normaliseStatus(statusOf(job)))) return false;
	if (filter.suffix !== undefined && suffixOf(job) !== filter.suffix) return false;
	return !filter.metadata || metadataMatches(job, filter.metadata);
}

/** An emitted item: the job object exactly as the API returned it, plus `previous_status` (null: first seen). */
export function toItem(change: StatusChange): Job & { previous_status: string | null } {
	return { ...change.job, previous_status: change.previous };
}
