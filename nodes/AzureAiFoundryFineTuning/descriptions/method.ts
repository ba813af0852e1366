/**
 * The fine-tuning methods (`method.type` of a job: component `OpenAI.FineTuneMethod`,
 * docs/azure-api.md#methods-and-hyperparameters) and the options of a field choosing one (Create's Method, Upload's
 * and Check Training Data's Fine-Tuning Method).
 */
import type { INodePropertyOptions } from 'n8n-workflow';

export const METHOD_TYPES = ['supervised', 'dpo', 'reinforcement'] as const;
export type MethodType = (typeof METHOD_TYPES)[number];

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
