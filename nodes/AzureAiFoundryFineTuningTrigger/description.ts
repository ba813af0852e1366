/** Parameters of the Azure AI Foundry Fine-Tuning Trigger. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	JOB_STATUS_OPTIONS,
	metadataFilterField,
	suffixFilterField,
	TERMINAL_JOB_STATUSES,
} from '../shared/jobs';
import { jobLocator } from '../shared/locators';

/** Default and largest `limit` of a list request. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 100;

/** The versions of the trigger, and the one new nodes get. */
export const TRIGGER_VERSIONS = [1, 1.1];
export const DEFAULT_TRIGGER_VERSION = 1.1;
/** From this version Filters › Metadata is the shared pairs field; version 1 has Metadata Key / Metadata Value. */
export const METADATA_PAIRS_SINCE = 1.1;

/** The Filters collection of All Jobs, with the fields `filters` holds in this version. */
function filtersCollection(
	version: NonNullable<IDisplayOptions['show']>['@version'],
	options: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Emit only changes of jobs that pass every filter added here. Suffix and Metadata mean the same as in List Jobs.',
		displayOptions: { show: { watch: ['all'], '@version': version } },
		options,
	};
}

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
		hint: "Each entry shows the job's status. A job that has ended (succeeded, failed, cancelled) changes no more, so the trigger would never fire for it: pick one that is still going.",
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
		default: [...TERMINAL_JOB_STATUSES],
		displayOptions: { show: { triggerOn: ['statuses'] } },
		options: JOB_STATUS_OPTIONS,
		description:
			'Emit a job when it enters one of these statuses. Changes into other statuses are noted but not emitted.',
	},
	filtersCollection(
		[{ _cnd: { gte: METADATA_PAIRS_SINCE } }],
		[metadataFilterField, suffixFilterField],
	),
	// Versions before METADATA_PAIRS_SINCE, as saved workflows have them: one metadata key with an optional value
	// (read as one pair).
	filtersCollection(
		[{ _cnd: { lt: METADATA_PAIRS_SINCE } }],
		[
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
			suffixFilterField,
		],
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// Page Size is its only option, and One Job reads its job directly (no list).
		displayOptions: { show: { watch: ['all'] } },
		options: [
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				default: DEFAULT_PAGE_SIZE,
				description: `Jobs per list request (limit), an integer from 1 to ${MAX_PAGE_SIZE}. A quiet poll makes one request when the active jobs fit in one page.`,
			},
		],
	},
];
