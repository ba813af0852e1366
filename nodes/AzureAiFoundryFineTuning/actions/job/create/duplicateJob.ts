/**
 * Duplicate-job prevention for Create Job. A fine-tuning job costs money and hours, so a create whose answer was
 * lost must not create a second job when it is sent again.
 *
 * Mechanism: the job carries a client marker in its metadata, `n8n_idempotency_key` (see docs/operations.md, "Duplicate-job
 * prevention"). The key is derived from the n8n execution, node, node run and item, so it is the same when n8n's own
 * "Retry On Fail" runs the node again, and different for a new execution. Before creating, and after an answer was
 * lost, the node looks for a recent job with that marker ({@link findMarkedJob}) and returns it instead of creating
 * another.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { createHash, randomUUID } from 'crypto';

import { apiPages } from '../../../../shared/transport/pages';

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

/** This create's place in the run: same for n8n's Retry On Fail of this node run, different otherwise. */
export function createSite(ctx: IExecuteFunctions, itemIndex: number): CreateSite {
	const runIndex = Number(ctx.evaluateExpression('{{ $runIndex }}', itemIndex));
	return {
		executionId: ctx.getExecutionId() || randomUUID(),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		nodeId: ctx.getNode().id,
		runIndex: Number.isInteger(runIndex) ? runIndex : 0,
		itemIndex,
	};
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

/**
 * The job carrying marker `key`, looked for in the jobs list (`GET /fine_tuning/jobs`, newest first) page by page
 * through the shared iterator, within {@link LOOKUP_WINDOW}: it stops at the first page that ends with a job older
 * than the window, or after its number of pages.
 * @returns the marked job, or undefined when none is in the window.
 * @throws the transport's NodeApiError; UnexpectedAnswerError when the list repeats itself (transport/pages.ts).
 */
export async function findMarkedJob(
	ctx: IExecuteFunctions,
	key: string,
): Promise<IDataObject | undefined> {
	const oldest = Date.now() / 1000 - LOOKUP_WINDOW.seconds;
	const pages = apiPages.call(ctx, '/fine_tuning/jobs', {
		pageSize: LOOKUP_WINDOW.pageSize,
		maxPages: LOOKUP_WINDOW.pages,
	});
	for await (const page of pages) {
		const found = page.data.find((job) => hasMarker(job, key));
		if (found) return found;
		const last = page.data.at(-1);
		if (!last || Number(last.created_at) < oldest) return undefined;
	}
	return undefined;
}
