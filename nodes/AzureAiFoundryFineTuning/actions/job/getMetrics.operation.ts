/**
 * Get Metrics: a succeeded job's results file (`result_files[0]`, results.csv) as one item per training step:
 * `GET /fine_tuning/jobs/{id}`, then `GET /files/{file_id}/content` (operations retrieveFineTuningJob and
 * downloadFile; the results file and its columns: docs/azure-api.md#the-job-object).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { hasStatus } from '../../../shared/jobs';
import { parseResultsCsv } from '../file/resultsCsv';
import { apiDownload, apiRequest } from '../../../shared/transport';
import { jobLocator } from '../../../shared/locators';
import { readJobId } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['getMetrics'] } },
	[
		jobLocator({
			description:
				'A succeeded fine-tuning job (fine_tuning_job_id). Its results file gives one item per step: step, train_loss, train_mean_token_accuracy, valid_loss, ... as numbers.',
		}),
	],
);

/**
 * Pure: the text of a downloaded results file. OpenAI serves result files base64-encoded; Azure's may be plain CSV.
 * Base64 never contains a comma, so text with a comma is taken as CSV and anything else is decoded when it is
 * base64 of CSV text.
 * @returns the CSV text (a leading BOM removed); the bytes as UTF-8 text when neither reading applies.
 */
export function decodeResultFile(bytes: Buffer): string {
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	if (text.includes(',')) return text;
	const compact = text.replace(/\s+/g, '');
	if (compact && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
		const decoded = Buffer.from(compact, 'base64')
			.toString('utf8')
			.replace(/^\uFEFF/, '');
		if (decoded.includes(',')) return decoded;
	}
	return text;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobId = readJobId(this, itemIndex);
	const job = await apiRequest.call(this, { method: 'GET', path: `/fine_tuning/jobs/${jobId}` });
	if (!hasStatus(job.status, 'succeeded')) {
		throw new NodeOperationError(
			this.getNode(),
			`Job ${jobId} has no metrics: its status is "${String(job.status)}", not "succeeded"`,
			{
				itemIndex,
				description:
					'Azure writes the results file when a job succeeds. For a job still training, List Events (metrics events) or List Checkpoints show its progress.',
			},
		);
	}
	const fileId = Array.isArray(job.result_files)
		? job.result_files.find((id) => typeof id === 'string' && id)
		: undefined;
	if (typeof fileId !== 'string') {
		throw new NodeOperationError(
			this.getNode(),
			`Job ${jobId} succeeded but lists no result file (result_files is ${JSON.stringify(job.result_files ?? null)})`,
			{
				itemIndex,
				description:
					'Without results.csv there are no per-step metrics to read. List Checkpoints still gives the metrics at each checkpoint.',
			},
		);
	}
	const bytes = await apiDownload.call(this, {
		method: 'GET',
		path: `/files/${encodeURIComponent(fileId)}/content`,
	});
	try {
		return parseResultsCsv(decodeResultFile(bytes)).map((json) => ({ json }));
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`The results file ${fileId} of job ${jobId} could not be read: ${(error as Error).message}`,
			{ itemIndex },
		);
	}
}
