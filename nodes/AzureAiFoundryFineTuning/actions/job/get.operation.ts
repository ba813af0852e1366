/**
 * Get Job: `GET /fine_tuning/jobs/{fine_tuning_job_id}` (operation retrieveFineTuningJob; the job's fields:
 * docs/azure-api.md#the-job-object).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { checkPathId } from '../../../shared/validation';
import { jobLocator } from '../../../shared/locators';

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['get'] } },
	[jobLocator()],
);

/** Reads the Fine-Tuning Job field of an item and checks it can go into a URL path. */
export function readJobId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkPathId(
		'Fine-Tuning Job',
		ctx.getNodeParameter('jobId', itemIndex, '', { extractValue: true }),
		'job',
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobId = readJobId(this, itemIndex);
	const job = await apiRequest.call(this, { method: 'GET', path: `/fine_tuning/jobs/${jobId}` });
	return [{ json: job }];
}
