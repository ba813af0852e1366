import type { INodeProperties } from 'n8n-workflow';

import { locator } from '../../../../shared/locators';

/** Model to fine-tune: documented base models, the account's fine-tuned models and checkpoints, its other models. */
export function modelLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		{
			name: 'model',
			displayName: 'Model',
			searchListMethod: 'searchModels',
			listPlaceholder: 'Select a model...',
			byId: { placeholder: 'gpt-4.1-mini-2025-04-14' },
		},
		{
			required: true,
			description:
				'Base model to fine-tune, e.g. gpt-4.1-mini-2025-04-14, or a fine-tuned model or checkpoint to continue training from (model)',
			...overrides,
		},
	);
}
