/** Parameters of the Azure AI Foundry Fine-Tuning Trigger. */
import type { INodeProperties } from 'n8n-workflow';

import { jobLocator } from '../shared/locators';

/** Default and largest `limit` of a list request. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 100;

/** Statuses offered in "Specific Statuses" (Azure's v1 enum plus those of spec Appendix A3). */
const STATUS_OPTIONS = [
	['Cancelled', 'cancelled', 'Cancelled by a user (also matches "canceled")'],
	['Failed', 'failed', "Ended with an error (see the job's error)"],
	['Paused', 'paused', 'Paused (can be resumed)'],
	['Pausing', 'pausing', 'A pause was requested'],
	['Pending', 'pending', 'Just created, not validated yet'],
	['Queued', 'queued', 'Files validated, waiting for capacity'],
	['Resuming', 'resuming', 'A resume was requested'],
	['Running', 'running', 'Training'],
	['Succeeded', 'succeeded', 'Finished: fine_tuned_model is set'],
	['Validating Files', 'validating_files', 'Checking the training and validation files'],
].map(([name, value, description]) => ({ name, value, description }));

export const properties: INodeProperties[] = [
	{
		displayName:
			'The first poll after activation records the current status of every job and emits nothing; after that, each status change is emitted once. Several changes between two polls give one item with the latest status.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		noDataExpression: true,
		default: 'all',
		options: [
			{
				name: 'All Jobs',
				value: 'all',
				description: 'Every fine-tuning job of the resource, including jobs created later',
			},
			{ name: 'One Job', value: 'one', description: 'A single fine-tuning job' },
		],
	},
	jobLocator({
		displayOptions: { show: { watch: ['one'] } },
		description: 'The fine-tuning job to watch',
	}),
	{
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'options',
		noDataExpression: true,
		default: 'anyChange',
		options: [
			{
				name: 'Any Status Change',
				value: 'anyChange',
				description: 'Every status change, and every new job',
			},
			{
				name: 'Specific Statuses',
				value: 'statuses',
				description: 'Only changes into the statuses chosen below',
			},
		],
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		required: true,
		default: ['succeeded', 'failed', 'cancelled'],
		displayOptions: { show: { triggerOn: ['statuses'] } },
		options: STATUS_OPTIONS,
		description:
			'Emit a job when it enters one of these statuses. Changes into other statuses are noted but not emitted.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { watch: ['all'] } },
		options: [
			{
				displayName: 'Suffix',
				name: 'suffix',
				type: 'string',
				default: '',
				placeholder: 'my-experiment',
				description: 'Only jobs created with exactly this suffix',
			},
			{
				displayName: 'Metadata Key',
				name: 'metadataKey',
				type: 'string',
				default: '',
				placeholder: 'workflow',
				description: 'Only jobs whose metadata has this key (with the value below, when set)',
			},
			{
				displayName: 'Metadata Value',
				name: 'metadataValue',
				type: 'string',
				default: '',
				placeholder: 'nightly-retrain',
				description: 'Value the metadata key must have. Leave empty to accept any value.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
				default: DEFAULT_PAGE_SIZE,
				description:
					'Jobs per list request (limit). A quiet poll makes one request when the active jobs fit in one page.',
			},
		],
	},
];
