/**
 * List Jobs: `GET /fine_tuning/jobs` over all pages or up to Limit (spec operation listPaginatedFineTuningJobs),
 * with optional filters applied locally (Azure has no server-side filter; nodes/shared/jobFilters.ts).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildJobFilters, JOB_STATUSES, matchesJobFilters } from '../../../shared/jobs';
import { listPages, PAGE_SIZES, readMaxItems } from '../../../shared/transport/pages';
import type { MetadataPairInput } from '../../../shared/validation';
import { metadataPairsField } from '../../descriptions/metadata';
import { returnAllOrLimit } from '../../descriptions/pagination';

const titleCase = (status: string) =>
	status
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');

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
			metadataPairsField(
				'Only jobs whose metadata has all these key-value pairs (values compared exactly)',
			),
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				description:
					'Only jobs in one of these statuses. Pending, Pausing, Paused and Resuming are statuses Azure uses beyond the OpenAI ones.',
				options: [...JOB_STATUSES]
					.sort()
					.map((status) => ({ name: titleCase(status), value: status })),
			},
			{
				displayName: 'Suffix',
				name: 'suffix',
				type: 'string',
				default: '',
				placeholder: 'e.g. support-bot',
				description: 'Only jobs whose suffix contains this text (case-insensitive)',
			},
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
	const filters = buildJobFilters(
		{
			...input,
			metadata: (input.metadata as IDataObject | undefined)?.pairs as
				MetadataPairInput[] | undefined,
		},
		this.getTimezone(),
	);
	const jobs = await listPages.call(this, '/fine_tuning/jobs', {
		pageSize: PAGE_SIZES.jobs,
		maxItems: readMaxItems(this, itemIndex),
		keep: filters ? (job) => matchesJobFilters(job, filters) : undefined,
	});
	return jobs.map((json) => ({ json }));
}
