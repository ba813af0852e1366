/** Resource-locator fields (From List with search, By ID) for models, files and fine-tuning jobs. */
import type { INodeProperties } from 'n8n-workflow';

const ID_REGEX = '^[A-Za-z0-9_-][A-Za-z0-9._:-]*$';

function idMode(placeholder: string, what: string): INodeProperties['modes'] {
	return [
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- a resource-locator mode has no default
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder,
			validation: [
				{
					type: 'regex',
					properties: { regex: ID_REGEX, errorMessage: `Not a valid ${what} ID (letters, digits, - _ . : only)` },
				},
			],
		},
	];
}

/** Model to fine-tune: documented base models, the account's models and its fine-tuned models. */
export function modelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'Base model to fine-tune, e.g. gpt-4.1-mini-2025-04-14, or a fine-tuned model to continue training from (model)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a model...',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'gpt-4.1-mini-2025-04-14',
			},
		],
		...overrides,
	};
}

/** A file with purpose fine-tune (training or validation file). */
export function fileLocator(name: string, displayName: string, overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a file...',
				typeOptions: { searchListMethod: 'searchFineTuneFiles', searchable: true },
			},
			...(idMode('file-abc123', 'file') ?? []),
		],
		...overrides,
	};
}

/** A fine-tuning job. */
export function jobLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Fine-Tuning Job',
		name: 'jobId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The fine-tuning job (fine_tuning_job_id)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a fine-tuning job...',
				typeOptions: { searchListMethod: 'searchJobs', searchable: true },
			},
			...(idMode('ftjob-abc123', 'fine-tuning job') ?? []),
		],
		...overrides,
	};
}
