/**
 * The trigger's item shape, pure. Which changes are emitted is decided by the job filter both nodes share
 * (nodes/shared/jobs.ts `jobMatchesFilter`, applied in poll.ts).
 */
import type { JobFilter } from '../shared/jobs';
import type { Job, StatusChange } from './statusChanges';

/** An emitted item: the job object exactly as the API returned it, plus `previous_status` (null: first seen). */
export function toItem(change: StatusChange): Job & { previous_status: string | null } {
	return { ...change.job, previous_status: change.previous };
}

/**
 * The trigger's filters in the editor's words, for messages: e.g. `Statuses: succeeded, failed; Suffix contains
 * "nightly"; Metadata: owner = wf-1, team (any value)`. Empty text when nothing filters.
 */
export function describeFilter(filter: JobFilter): string {
	const parts: string[] = [];
	if (filter.statuses?.length) parts.push(`Statuses: ${filter.statuses.join(', ')}`);
	if (filter.suffix !== undefined) parts.push(`Suffix contains "${filter.suffix}"`);
	if (filter.metadata?.length) {
		const pairs = filter.metadata.map(({ key, value }) =>
			value === undefined ? `${key} (any value)` : `${key} = ${value}`,
		);
		parts.push(`Metadata: ${pairs.join(', ')}`);
	}
	return parts.join('; ');
}
