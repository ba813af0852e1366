/**
 * The hyperparameters of each fine-tuning method, as data: the UI (hyperparameterFields.ts) and the request body
 * (requestBody.ts) are both built from this table.
 *
 * Source: components `OpenAI.FineTuneSupervisedHyperparameters`, `OpenAI.FineTuneDPOHyperparameters`,
 * `OpenAI.FineTuneReinforcementHyperparameters` of test/fixtures/azure-fine-tuning.openapi.yaml (each value `"auto"`
 * or a number, default `"auto"`, except `reasoning_effort`). Azure's spec sets no numeric bounds; the bounds below
 * are OpenAI's, and integers are int32 (docs/azure-api.md#methods-and-hyperparameters).
 */
import type { NumberRule } from '../../../../shared/validation';
import { METHOD_TYPES, type MethodType } from '../../../descriptions/method';

export const INT32_MAX = 2147483647;

export interface HyperparameterSpec {
	/** Name in the API body, e.g. `n_epochs`. */
	api: string;
	/** Parameter name in the UI, e.g. `nEpochs`; its value field is `<name>Value`. */
	name: string;
	displayName: string;
	description: string;
	methods: readonly MethodType[];
	/** Numeric hyperparameters: `"auto"` or a number within this rule. */
	rule?: NumberRule;
	/** Enumerated hyperparameters (`reasoning_effort`): one of these, first is the default. */
	choices?: readonly string[];
	/** Value the UI proposes when the user switches from Auto to Custom Value. */
	example?: number;
}

/** The Custom Value field of a numeric hyperparameter, as the UI names it: `nEpochsValue`, "Epochs Value". */
export function customValueField(spec: HyperparameterSpec): { name: string; displayName: string } {
	return { name: `${spec.name}Value`, displayName: `${spec.displayName} Value` };
}

const ALL_METHODS = METHOD_TYPES;

export const HYPERPARAMETERS: readonly HyperparameterSpec[] = [
	{
		api: 'batch_size',
		name: 'batchSize',
		displayName: 'Batch Size',
		description:
			'Number of examples in each batch (batch_size). Larger batches update the model less often, with lower variance.',
		methods: ALL_METHODS,
		rule: { integer: true, min: 1, max: 256 },
		example: 8,
	},
	{
		api: 'learning_rate_multiplier',
		name: 'learningRateMultiplier',
		displayName: 'Learning Rate Multiplier',
		description:
			'Scaling factor for the learning rate (learning_rate_multiplier). A smaller value can help avoid overfitting.',
		methods: ALL_METHODS,
		rule: { min: 0, exclusiveMin: true },
		example: 1,
	},
	{
		api: 'n_epochs',
		name: 'nEpochs',
		displayName: 'Epochs',
		description: 'Number of full passes through the training file (n_epochs)',
		methods: ALL_METHODS,
		rule: { integer: true, min: 1, max: 50 },
		example: 3,
	},
	{
		api: 'beta',
		name: 'beta',
		displayName: 'Beta',
		description:
			'Weight of the penalty between the policy and the reference model (beta). Higher means closer to the reference model.',
		methods: ['dpo'],
		rule: { min: 0, exclusiveMin: true, max: 2 },
		example: 0.1,
	},
	{
		api: 'compute_multiplier',
		name: 'computeMultiplier',
		displayName: 'Compute Multiplier',
		description:
			'Multiplier on the compute used to explore the search space during training (compute_multiplier)',
		methods: ['reinforcement'],
		rule: { min: 0.00001, exclusiveMin: true, max: 10 },
		example: 1,
	},
	{
		api: 'eval_interval',
		name: 'evalInterval',
		displayName: 'Eval Interval',
		description: 'Number of training steps between evaluation runs (eval_interval)',
		methods: ['reinforcement'],
		rule: { integer: true, min: 1, max: INT32_MAX },
		example: 10,
	},
	{
		api: 'eval_samples',
		name: 'evalSamples',
		displayName: 'Eval Samples',
		description: 'Number of evaluation samples to generate per training step (eval_samples)',
		methods: ['reinforcement'],
		rule: { integer: true, min: 1, max: INT32_MAX },
		example: 5,
	},
	{
		api: 'reasoning_effort',
		name: 'reasoningEffort',
		displayName: 'Reasoning Effort',
		description: 'Level of reasoning effort of the model being trained (reasoning_effort)',
		methods: ['reinforcement'],
		choices: ['default', 'low', 'medium', 'high'],
	},
];

/** Hyperparameters of the deprecated top-level `hyperparameters` object (supervised only). */
export const DEPRECATED_HYPERPARAMETERS = HYPERPARAMETERS.filter((h) =>
	['batch_size', 'learning_rate_multiplier', 'n_epochs'].includes(h.api),
);

export function hyperparametersOf(method: MethodType): HyperparameterSpec[] {
	return HYPERPARAMETERS.filter((h) => h.methods.includes(method));
}

/**
 * Display names of the hyperparameter blocks (hyperparameterFields.ts): the method's, and the deprecated top-level
 * one. Errors name a hyperparameter under its block, e.g. `Hyperparameters › Epochs Value`.
 */
export const HYPERPARAMETERS_LABEL = 'Hyperparameters';
export const DEPRECATED_HYPERPARAMETERS_LABEL = 'Hyperparameters (Deprecated)';

/** UI parameter name of a method's hyperparameters block, e.g. `dpoHyperparameters`. */
export function hyperparametersParameter(method: MethodType): string {
	return `${method}Hyperparameters`;
}
