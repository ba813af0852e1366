/**
 * Builders for job operations that differ only in their path and wording: the state changes (Cancel, Pause,
 * Resume) and the per-job lists (List Events, List Checkpoints). Each operation file stays one line of intent.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { type JobStatus, hasStatus, normaliseStatus } from '../../../shared/jobs';
import { listPages } from '../../../shared/transport/pages';
import { apiRequest } from '../../../shared/transport';
import { jobLocator } from '../../../shared/locators';
import { readMaxItems, returnAllOrLimit } from '../../descriptions/pagination';
import { readJobId } from './get.operation';

/** What each job operation file exports. */
export interface JobOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

const show = (operation: string) => ({ show: { resource: ['job'], operation: [operation] } });

export interface StateChangeSpec {
	/** Operation value and the last path segment, e.g. `cancel` → `POST /fine_tuning/jobs/{id}/cancel`. */
	operation: 'cancel' | 'pause' | 'resume';
	/** Description of the Fine-Tuning Job field. */
	jobDescription: string;
	/**
	 * Statuses in which the job already is where the action leads (compared through the status table, so any case
	 * and other spellings match). Used when the answer to the POST was lost (reset, timeout, 5xx): the job is read,
	 * and if it shows one of these the action is reported done with that job; otherwise the POST is sent again (it
	 * had no effect).
	 */
	reached: readonly JobStatus[];
	/** Status texts outside the status table (lower case) that mean the same as {@link reached}. */
	reachedOther?: readonly string[];
}

/**
 * A state change: `POST /fine_tuning/jobs/{id}/<operation>`, answering the job. The API's own refusal (e.g. 400
 * `jobNotCancellable` for a finished job) is shown verbatim with its code by the transport.
 */
export function stateChangeOperation(spec: StateChangeSpec): JobOperation {
	return {
		description: updateDisplayOptions(show(spec.operation), [
			jobLocator({ description: spec.jobDescription }),
		]),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
			const jobId = readJobId(this, itemIndex);
			const job = await apiRequest.call(this, {
				method: 'POST',
				path: `/fine_tuning/jobs/${jobId}/${spec.operation}`,
				recover: async () => {
					const current = await apiRequest.call(this, {
						method: 'GET',
						path: `/fine_tuning/jobs/${jobId}`,
					});
					const done =
						spec.reached.some((status) => hasStatus(current.status, status)) ||
						(spec.reachedOther ?? []).includes(normaliseStatus(current.status));
					return done ? current : undefined;
				},
			});
			return [{ json: job }];
		},
	};
}

export interface JobItemsSpec {
	/** Operation value, e.g. `listEvents`. */
	operation: string;
	/** Path segment below the job, e.g. `events` → `GET /fine_tuning/jobs/{id}/events`. */
	segment: string;
	/** Plural noun for Return All's description, e.g. `events`. */
	what: string;
	/** The API's default page size for this list (`PAGE_SIZES` of nodes/shared/transport/pages.ts), also Limit's default. */
	pageSize: number;
	jobDescription: string;
}

/** A per-job list (events, checkpoints): one output item per entry, in the API's order, over all pages or up to Limit. */
export function jobItemsOperation(spec: JobItemsSpec): JobOperation {
	return {
		description: updateDisplayOptions(show(spec.operation), [
			jobLocator({ description: spec.jobDescription }),
			...returnAllOrLimit(spec.what),
		]),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
			const jobId = readJobId(this, itemIndex);
			const maxItems = readMaxItems(this, itemIndex);
			const entries: IDataObject[] = await listPages.call(
				this,
				`/fine_tuning/jobs/${jobId}/${spec.segment}`,
				{ pageSize: spec.pageSize, maxItems },
			);
			return entries.map((json) => ({ json }));
		},
	};
}
