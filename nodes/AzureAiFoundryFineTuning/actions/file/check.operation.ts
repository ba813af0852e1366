/**
 * Check Training Data: checks the JSONL file of the incoming item for a fine-tuning method without uploading it
 * (checker: trainingData/index.ts; rules: docs/azure-api.md#files-and-training-data). Nothing is sent to Azure.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputBinaryField, readTrainingMethod, trainingMethodField } from './fields';
import { checkInputFile, readInputFile, reportSummary } from './inputFile';

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['check'] } },
	[inputBinaryField, trainingMethodField],
);

/**
 * Outputs one item: `valid`, `message` (the first problems with their line numbers, empty when valid), `examples`,
 * `errorCount`, `errors` (`{line, message}`, the first 5), `warnings`, `estimatedTokens` (`total`, `min`, `max`,
 * `mean` per example), `tokenEstimate` (how tokens were estimated), `bytes`, `fileName`, `method`. A file with
 * problems is reported, not failed, so a following IF node can branch on `valid`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const method = readTrainingMethod(this, itemIndex);
	const file = await readInputFile(this, itemIndex);
	const summary = reportSummary(await checkInputFile(file, method));
	return [{ json: { ...summary, fileName: file.fileName ?? null, method } }];
}
