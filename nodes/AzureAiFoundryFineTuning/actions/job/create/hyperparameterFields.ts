/** UI blocks for hyperparameters, generated from the table in hyperparameters.ts. */
import type { INodeProperties } from 'n8n-workflow';

import {
	customValueField,
	DEPRECATED_HYPERPARAMETERS,
	DEPRECATED_HYPERPARAMETERS_LABEL,
	HYPERPARAMETERS_LABEL,
	hyperparametersOf,
	hyperparametersParameter,
	type HyperparameterSpec,
} from './hyperparameters';
import { METHOD_TYPES } from '../../../descriptions/method';
import { describeNumberRule } from '../../../../shared/validation';

/** The fields of one hyperparameter: a choice (Auto / Custom Value, or the enum) and, for Custom, the value. */
function hyperparameterFields(spec: HyperparameterSpec): INodeProperties[] {
	if (spec.choices) {
		const firstChoice = spec.choices[0];
		return [
			{
				displayName: spec.displayName,
				name: spec.name,
				type: 'options',
				default: firstChoice,
				description: spec.description,
				options: spec.choices.map((choice) => ({
					name: choice.charAt(0).toUpperCase() + choice.slice(1),
					value: choice,
				})),
			},
		];
	}
	const rule = spec.rule ?? {};
	const example = spec.example ?? 1;
	return [
		{
			displayName: spec.displayName,
			name: spec.name,
			type: 'options',
			default: 'auto',
			description: spec.description,
			options: [
				{ name: 'Auto', value: 'auto', description: 'Let the service choose (sent as "auto")' },
				{ name: 'Custom Value', value: 'custom', description: 'Set the value yourself' },
			],
		},
		{
			...customValueField(spec),
			type: 'number',
			default: example,
			// No minValue/maxValue/numberPrecision: n8n's number input would silently clamp or round what is typed;
			// the run refuses a value outside the rule with a message instead (requestBody.ts).
			hint: `Must be ${describeNumberRule(rule)}`,
			displayOptions: { show: { [spec.name]: ['custom'] } },
		},
	];
}

/** One "Hyperparameters" block per method, shown for that method only (method.<type>.hyperparameters). */
export const methodHyperparameters: INodeProperties[] = METHOD_TYPES.map((method) => ({
	displayName: HYPERPARAMETERS_LABEL,
	name: hyperparametersParameter(method),
	type: 'fixedCollection',
	placeholder: 'Add Hyperparameters',
	default: {},
	description: `Training settings of the ${method} method (method.${method}.hyperparameters). Leave out to let the service choose all of them.`,
	displayOptions: { show: { methodType: [method] } },
	options: [
		{
			displayName: 'Hyperparameters',
			name: 'values',
			values: hyperparametersOf(method).flatMap(hyperparameterFields),
		},
	],
}));

/** The deprecated top-level `hyperparameters` (supervised only; refused together with the method's). */
export const deprecatedHyperparameters: INodeProperties = {
	displayName: DEPRECATED_HYPERPARAMETERS_LABEL,
	name: 'deprecatedHyperparameters',
	type: 'fixedCollection',
	placeholder: 'Add Deprecated Hyperparameters',
	default: {},
	description:
		"The older top-level hyperparameters object (hyperparameters), deprecated by the API in favour of the method's Hyperparameters above. Supervised only, and never together with the method's Hyperparameters.",
	hint: 'Deprecated: use the Hyperparameters above instead. Only for jobs that must send the older top-level form.',
	// Supervised only (docs/azure-api.md#methods-and-hyperparameters): hidden for the other methods.
	displayOptions: { show: { '/methodType': ['supervised'] } },
	options: [
		{
			displayName: 'Deprecated Top-Level Hyperparameters',
			name: 'values',
			values: DEPRECATED_HYPERPARAMETERS.flatMap(hyperparameterFields),
		},
	],
};
