/**
 * List Files: `GET /files?purpose=` (operation listFiles), one output item per file, newest first.
 *
 * Azure's list takes only `purpose` and states no order or page size, though its answer has `has_more` and `last_id`
 * (`docs/azure-api.md#azure-and-its-spec`). Every page is read (`listAllFiles`, transport/pages.ts), then sorted
 * here and cut to Limit.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAllFiles } from '../../../shared/transport/pages';
import { FieldError, show } from '../../../shared/validation';
import { readMaxItems, returnAllOrLimit } from '../../descriptions/pagination';

/** Purposes a listed file may have (`AzureOpenAIFile.purpose`; docs/azure-api.md#files-and-training-data). */
export const LISTED_PURPOSES = [
	'fine-tune',
	'fine-tune-results',
	'assistants',
	'assistants_output',
	'batch',
	'batch_output',
	'evals',
] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Purpose',
		name: 'purposeFilter',
		type: 'options',
		default: 'fine-tune',
		description: 'Only files with this purpose (purpose)',
		options: [
			{ name: 'Any', value: '', description: 'Files of every purpose' },
			{ name: 'Assistants', value: 'assistants' },
			{ name: 'Assistants Output', value: 'assistants_output' },
			{ name: 'Batch', value: 'batch' },
			{ name: 'Batch Output', value: 'batch_output' },
			{ name: 'Evals', value: 'evals' },
			{ name: 'Fine-Tune', value: 'fine-tune', description: 'Training and validation files' },
			{
				name: 'Fine-Tune Results',
				value: 'fine-tune-results',
				description: 'Result files of jobs (results.csv)',
			},
		],
	},
	...returnAllOrLimit('files'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['list'] } },
	properties,
);

/** Pure: files sorted newest first (`created_at` descending; ties keep the API's order). */
export function newestFirst(files: IDataObject[]): IDataObject[] {
	return [...files].sort((a, b) => Number(b.created_at) - Number(a.created_at));
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const purpose = this.getNodeParameter('purposeFilter', itemIndex, '');
	if (purpose !== '' && !LISTED_PURPOSES.some((allowed) => allowed === purpose)) {
		throw new FieldError(
			'Purpose',
			`must be empty (any) or one of ${LISTED_PURPOSES.join(', ')} (got ${show(purpose)})`,
		);
	}
	const limit = readMaxItems(this, itemIndex) ?? Infinity;
	const files = newestFirst(await listAllFiles.call(this, purpose as string));
	return files.slice(0, limit).map((file) => ({ json: file }));
}
