/** Resource-locator fields (From List with search, By ID) for models, files and fine-tuning jobs. */
import type { INodeProperties } from 'n8n-workflow';

/** What varies between the locators. */
interface LocatorSpec {
	name: string;
	displayName: string;
	/** `methods.listSearch` function behind From List. */
	searchListMethod: string;
	listPlaceholder: string;
	idPlaceholder: string;
	/** Noun for the By ID check's message (e.g. `file`); no check when absent (model names are free text). */
	idNoun?: string;
}

/** IDs that go into URL paths: the same rule as validation.ts `checkPathId`, checked by n8n as the user types. */
const ID_REGEX = '^[A-Za-z0-9_-][A-Za-z0-9._:-]*$';

function locator(spec: LocatorSpec, overrides: Partial<INodeProperties>): INodeProperties {
	const label = overrides.displayName ?? spec.displayName;
	const idMessage = `${label}: must be a ${spec.idNoun} ID such as ${spec.idPlaceholder} (letters, digits, - _ . : only)`;
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: spec.idPlaceholder,
				validation: spec.idNoun
					? [{ type: 'regex', properties: { regex: ID_REGEX, errorMessage: idMessage } }]
					: [],
			},
		],
		...overrides,
	};
}

/** Model to fine-tune: documented base models, the account's fine-tuned models and checkpoints, its other models. */
export function modelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{ name: 'model', displayName: 'Model', searchListMethod: 'searchModels', listPlaceholder: 'Select a model...', idPlaceholder: 'gpt-4.1-mini-2025-04-14' },
		{
			required: true,
			description:
				'Base model to fine-tune, e.g. gpt-4.1-mini-2025-04-14, or a fine-tuned model or checkpoint to continue training from (model)',
			...overrides,
		},
	);
}

/** A file: by default from the files with purpose fine-tune (training or validation file). */
export function fileLocator(
	name: string,
	displayName: string,
	overrides: Partial<INodeProperties> = {},
	searchListMethod = 'searchFineTuneFiles',
): INodeProperties {
	return locator({ name, displayName, searchListMethod, listPlaceholder: 'Select a file...', idPlaceholder: 'file-abc123', idNoun: 'file' }, overrides);
}

/** A fine-tuning job. */
export function jobLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'jobId',
			displayName: 'Fine-Tuning Job',
			searchListMethod: 'searchJobs',
			listPlaceholder: 'Select a fine-tuning job...',
			idPlaceholder: 'ftjob-abc123',
			idNoun: 'fine-tuning job',
		},
		{ required: true, description: 'The fine-tuning job (fine_tuning_job_id)', ...overrides },
	);
}
