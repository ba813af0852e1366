/**
 * Duplicate-job prevention for Create Job. A fine-tuning job costs money and hours, so a create whose answer was
 * lost must not create a second job when it is sent again.
 *
 * Mechanism: the job carries a client marker in its metadata, `n8n_idempotency_key` (see README, "Duplicate-job
 * prevention"). The key is derived from the n8n execution, node, node run and item, so it is the same when n8n's own
 * "Retry On Fail" runs the node again, and different for a new execution. Before creating, and after an answer was
 * lost, the node looks for a recent job with that marker and returns it instead of creating another.
 */
import { createHash } from 'crypto';

/** Metadata key of the marker; one of the 16 metadata pairs is used by it. */
export const DUPLICATE_MARKER_FIELD = 'n8n_idempotency_key';

/** Where a create happens: stable across retries of the same node run, distinct otherwise. */
export interface CreateSite {
	executionId: string;
	workflowId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
}

/** A 32-character hex key for one create (sha256 of the site). */
export function idempotencyKey(site: CreateSite): string {
	const text = [site.workflowId, site.executionId, site.nodeId, site.runIndex, site.itemIndex].join(
		'\u0000',
	);
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** How far back the lookup reads the job list (newest first): jobs created in the last hour, 5 pages at most. */
export const LOOKUP_WINDOW = { seconds: 3600, pages: 5, pageSize: 100 } as const;

/** True when `job` carries the marker `key`. */
export function hasMarker(job: { metadata?: unknown }, key: string): boolean {
	const metadata = job.metadata;
	return (
		typeof metadata === 'object' &&
		metadata !== null &&
		(metadata as Record<string, unknown>)[DUPLICATE_MARKER_FIELD] === key
	);
}
