/** Options of a field choosing a fine-tuning method (Create's Method, Upload's Fine-Tuning Method). */
import type { INodePropertyOptions } from 'n8n-workflow';

import { METHOD_TYPES, type MethodType } from '../../shared/hyperparameters';

const METHOD_NAMES: Record<MethodType, string> = {
	supervised: 'Supervised',
	dpo: 'DPO',
	reinforcement: 'Reinforcement',
};

/** @param descriptions what each method means in the field's context. */
export function methodOptions(descriptions: Record<MethodType, string>): INodePropertyOptions[] {
	return METHOD_TYPES.map((method) => ({
		name: METHOD_NAMES[method],
		value: method,
		description: descriptions[method],
	}));
}
