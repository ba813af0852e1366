/**
 * Download Content: `GET /files/{file_id}` for the file's name, then `GET /files/{file_id}/content` (operations
 * retrieveFile and downloadFile; docs/azure-api.md#files-and-training-data). Outputs the content as binary data, or,
 * for a job's results.csv, one item per training step with numeric metrics (parser: resultsCsv.ts;
 * docs/azure-api.md#the-job-object).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { parseResultsCsv, type MetricRow } from './resultsCsv';
import { apiDownload, apiDownloadStream, apiRequest } from '../../../shared/transport';
import { FieldError, requireText, show } from '../../../shared/validation';
import { anyFileLocator, readFileId } from './fields';
import { contentTypeFor } from './mimeType';
import { describeFile } from './waitUntilProcessed';

const OUTPUT_FIELD = 'Output';
const OUTPUTS = ['binary', 'rows'] as const;

const properties: INodeProperties[] = [
	anyFileLocator(),
	{
		displayName: OUTPUT_FIELD,
		name: 'output',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: "The file as binary data, with the file's metadata as JSON",
			},
			{
				name: 'One Item per Row (Results CSV)',
				value: 'rows',
				description:
					"For a job's results.csv: one item per training step with numbers (step, train_loss, train_mean_token_accuracy, valid_loss, ...)",
			},
		],
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { output: ['binary'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['download'] } },
	properties,
);

function readOutput(ctx: IExecuteFunctions, itemIndex: number): (typeof OUTPUTS)[number] {
	const value = ctx.getNodeParameter('output', itemIndex, 'binary');
	const output = OUTPUTS.find((allowed) => allowed === value);
	if (!output)
		throw new FieldError(OUTPUT_FIELD, `must be one of ${OUTPUTS.join(', ')} (got ${show(value)})`);
	return output;
}

/** Pure: the results.csv rows of `content`. @throws Error when it is not a CSV whose header has a `step` column. */
export function resultRows(content: Buffer): MetricRow[] {
	const text = content.toString('utf8');
	const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
	if (!header.split(',').some((column) => column.trim() === 'step')) {
		throw new Error(`its first line has no "step" column (${show(header)})`);
	}
	return parseResultsCsv(text);
}

/** The content as one item per row. @throws NodeOperationError when it is not a results.csv. */
function toRows(ctx: IExecuteFunctions, file: IDataObject, content: Buffer): INodeExecutionData[] {
	try {
		return resultRows(content).map((row) => ({ json: row }));
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`File ${describeFile(file)} cannot be read as results.csv: ${(error as Error).message}`,
			{
				description:
					"One Item per Row is for a fine-tuning job's result file (results.csv, purpose fine-tune-results). Choose Output: Binary File for other files.",
			},
		);
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const fileId = readFileId(this, itemIndex);
	const output = readOutput(this, itemIndex);
	const property =
		output === 'binary'
			? requireText(
					'Put Output File in Field',
					this.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
				)
			: '';
	const file = await apiRequest.call(this, { method: 'GET', path: `/files/${fileId}` });
	const contentPath = `/files/${fileId}/content`;
	if (output === 'rows')
		return toRows(this, file, await apiDownload.call(this, { method: 'GET', path: contentPath }));
	const fileName = typeof file.filename === 'string' && file.filename ? file.filename : fileId;
	// Streamed into n8n's binary data: in filesystem (or S3) mode the file goes to storage as it arrives.
	const content = await apiDownloadStream.call(this, { method: 'GET', path: contentPath });
	let binary;
	try {
		binary = await this.helpers.prepareBinaryData(content, fileName, contentTypeFor(fileName));
	} catch (error) {
		// Only the message: the stream's error may carry the request (with its credential header).
		throw new NodeOperationError(
			this.getNode(),
			`The content of file ${describeFile(file)} was cut off: ${(error as Error).message}`,
			{ description: 'The connection was lost during the download. Run the node again.' },
		);
	}
	return [{ json: file, binary: { [property]: binary } }];
}
