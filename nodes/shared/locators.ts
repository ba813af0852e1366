/**
 * Resource-locator fields (From List with search, By ID): the builder, and the file and fine-tuning job locators both
 * nodes use. Their searches are in search.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

import { PATH_ID_KINDS, PATH_ID_REGEX, pathIdRule, type PathIdKind } from './validation';

/** What varies between the locators. */
export interface LocatorSpec {
	name: string;
	displayName: string;
	/** `methods.listSearch` function behind From List. */
	searchListMethod: string;
	listPlaceholder: string;
	/** By ID: an ID of this kind, checked by n8n as the user types; or free text (model names) with this placeholder. */
	byId: PathIdKind | { placeholder: string };
}

/** A resource locator with a searchable From List mode and a By ID mode. */
export function locator(spec: LocatorSpec, overrides: Partial<INodeProperties>): INodeProperties {
	const kind = typeof spec.byId === 'string' ? spec.byId : undefined;
	const label = overrides.displayName ?? spec.displayName;
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
				placeholder:
					typeof spec.byId === 'string' ? PATH_ID_KINDS[spec.byId].example : spec.byId.placeholder,
				validation: kind
					? [
							{
								type: 'regex',
								properties: { regex: PATH_ID_REGEX, errorMessage: `${label}: ${pathIdRule(kind)}` },
							},
						]
					: [],
			},
		],
		...overrides,
	};
}

/** A file: by default from the files with purpose fine-tune (training or validation file). */
export function fileLocator(
	name: string,
	displayName: string,
	overrides: Partial<INodeProperties> = {},
	searchListMethod = 'searchFineTuneFiles',
): INodeProperties {
	return locator(
		{ name, displayName, searchListMethod, listPlaceholder: 'Select a file...', byId: 'file' },
		overrides,
	);
}

/** A fine-tuning job. */
export function jobLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'jobId',
			displayName: 'Fine-Tuning Job',
			searchListMethod: 'searchJobs',
			listPlaceholder: 'Select a fine-tuning job...',
			byId: 'job',
		},
		{ required: true, description: 'The fine-tuning job (fine_tuning_job_id)', ...overrides },
	);
}
