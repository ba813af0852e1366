/**
 * List Jobs: `GET /fine_tuning/jobs` over all pages or up to Limit (operation listPaginatedFineTuningJobs), with
 * optional filters applied locally (Azure has no server-side filter: docs/azure-api.md#lists-and-paging;
 * nodes/shared/jobs.ts).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	buildJobFilter,
	JOB_STATUS_OPTIONS,
	jobMatchesFilter,
	metadataFilterField,
	suffixFilterField,
} from '../../../shared/jobs';
import { listPages, PAGE_SIZES } from '../../../shared/transport/pages';
import { readMaxItems, returnAllOrLimit } from '../../descriptions/pagination';

const properties: INodeProperties[] = [
	...returnAllOrLimit('fine-tuning jobs'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Applied by the node to the jobs Azure lists (Azure filters nothing itself); Limit counts matching jobs only',
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description:
					"Only jobs created after this time (created_at). A time without offset is read in the workflow's time zone.",
			},
			metadataFilterField,
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				description:
					'Only jobs in one of these statuses. Pending, Pausing, Paused and Resuming are statuses Azure uses beyond the OpenAI ones.',
				options: JOB_STATUS_OPTIONS,
			},
			suffixFilterField,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['list'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter = buildJobFilter(input, this.getTimezone());
	const jobs = await listPages.call(this, '/fine_tuning/jobs', {
		pageSize: PAGE_SIZES.jobs,
		maxItems: readMaxItems(this, itemIndex),
		keep: filter ? (job) => jobMatchesFilter(job, filter) : undefined,
	});
	return jobs.map((json) => ({ json }));
}
