/** The trigger's {@link JobSource} on the real API, through the shared transport (the only HTTP). */
import type { IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { toNodeError, UnexpectedAnswerError } from '../shared/errors';
import { apiList, apiRequest } from '../shared/transport';
import { checkPathId } from '../shared/validation';
import type { JobSource } from './observe';
import type { Job } from './statusChanges';

function hasStatus(error: unknown, ...codes: string[]): boolean {
	return error instanceof NodeApiError && codes.includes(String(error.httpCode));
}

function isJob(value: unknown): value is Job {
	return typeof value === 'object' && value !== null && typeof (value as Job).id === 'string';
}

/**
 * `list`: `GET /fine_tuning/jobs` (docs/azure-api.md#lists-and-paging); entries without a string `id` are skipped. A
 * 400/404 answer to a request with `after` is read as an empty page (the cursor job is gone; the walk then steps
 * back).
 * `get`: `GET /fine_tuning/jobs/{id}`; 404 → null unless `required`; an answer without `id` → UnexpectedAnswerError.
 * Both throw the transport's NodeApiError for any other failure, anything else as n8n errors too (`toNodeError`,
 * nodes/shared/errors.ts).
 */
export function apiJobSource(ctx: IPollFunctions): JobSource {
	return {
		async list(after, limit) {
			try {
				const page = await apiList.call(ctx, '/fine_tuning/jobs', {
					limit,
					...(after === undefined ? {} : { after }),
				});
				return { data: page.data.filter(isJob), hasMore: page.has_more === true };
			} catch (error) {
				if (after !== undefined && hasStatus(error, '400', '404'))
					return { data: [], hasMore: false };
				throw toNodeError(ctx.getNode(), error);
			}
		},
		async get(id, required = false) {
			try {
				const job = await apiRequest.call(ctx, {
					method: 'GET',
					path: `/fine_tuning/jobs/${checkPathId('Fine-Tuning Job', id, 'job')}`,
				});
				if (!isJob(job))
					throw new UnexpectedAnswerError(`GET /fine_tuning/jobs/${id} answered without a job id`);
				return job;
			} catch (error) {
				if (!required && hasStatus(error, '404')) return null;
				throw toNodeError(ctx.getNode(), error);
			}
		},
	};
}
