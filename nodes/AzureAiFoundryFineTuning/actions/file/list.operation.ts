/**
 * List Files: `GET /files?purpose=` (spec operation listFiles, §6), one output item per file, newest first.
 *
 * Azure's list takes only `purpose` and states no order or page size, though its answer has `has_more` and `last_id`
 * (spec §9 item 4). When `has_more` is true the next page is asked for with `after=<last_id>` (OpenAI's cursor); pages
 * stop when one brings no file not seen before, so a service that ignores `after` cannot make this loop.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiList, type ApiContext } from '../../../shared/transport';
import { readMaxItems } from '../../../shared/transport/pages';
import { FieldError, show } from '../../../shared/validation';
import { returnAllOrLimit } from '../../descriptions/pagination';

/** Purposes a listed file may have (spec `AzureOpenAIFile.purpose`). */
export const LISTED_PURPOSES = [
	'fine-tune',
	'fine-tune-results',
	'assistants',
	'assistants_output',
	'batch',
	'batch_output',
	'evals',
] as const;

/** Most pages read for one listing. */
export const MAX_PAGES = 100;

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

/**
 * Every file of `purpose` (all purposes when empty), following `has_more` as described above.
 * @throws the transport's NodeApiError.
 */
export async function listAllFiles(ctx: ApiContext, purpose: string): Promise<IDataObject[]> {
	const seen = new Map<string, IDataObject>();
	let after: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const list = await apiList.call(ctx, '/files', {
			...(purpose ? { purpose } : {}),
			...(after ? { after } : {}),
		});
		const fresh = list.data.filter((file) => !seen.has(String(file.id)));
		for (const file of fresh) seen.set(String(file.id), file);
		const last = list.last_id ?? list.data.at(-1)?.id;
		if (!list.has_more || !fresh.length || typeof last !== 'string' || !last) break;
		after = last;
	}
	return [...seen.values()];
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
	const files = newestFirst(await listAllFiles(this, purpose as string));
	return files.slice(0, limit).map((file) => ({ json: file }));
}
