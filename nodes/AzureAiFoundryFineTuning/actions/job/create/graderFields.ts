/**
 * UI fields of a reinforcement grader. The same field set is used at the top level (names prefixed `grader`,
 * shown for the chosen Grader Type) and inside a multi grader's Graders list (plain names, shown for each entry's Type).
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	EVAL_CONTENT_TYPES,
	EVAL_ITEM_ROLES,
	EVALUATION_METRICS,
	SAMPLING_REASONING_EFFORTS,
	STRING_CHECK_OPERATIONS,
	SUB_GRADER_TYPES,
	type GraderType,
} from './graders';

type NameOf = (base: string) => string;
type ShowFor = (types: GraderType[]) => IDisplayOptions;

const GRADER_TYPE_OPTIONS: Record<GraderType, { name: string; description: string }> = {
	string_check: {
		name: 'String Check',
		description: 'Compares the output with a reference string (eq, ne, like, ilike)',
	},
	text_similarity: {
		name: 'Text Similarity',
		description: 'Scores how similar the output is to a reference (BLEU, ROUGE, ...)',
	},
	score_model: { name: 'Score Model', description: 'Asks a model to score the output' },
	multi: { name: 'Multi', description: 'Combines several graders with a formula' },
};

/** Options of a Grader Type field. */
export function graderTypeOptions(types: readonly GraderType[]) {
	return types.map((type) => ({ ...GRADER_TYPE_OPTIONS[type], value: type }));
}

const label = (value: string) => value.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

/** Fields of string_check, text_similarity and score_model graders. */
export function graderFields(nameOf: NameOf, showFor: ShowFor): INodeProperties[] {
	return [
		{
			displayName: 'Name',
			name: nameOf('name'),
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. exact_answer',
			description: 'Name of the grader (name)',
		},
		{
			displayName: 'Input',
			name: nameOf('input'),
			type: 'string',
			default: '{{sample.output_text}}',
			required: true,
			description:
				'The text being graded; may use templates such as {{sample.output_text}} (input)',
			displayOptions: showFor(['string_check', 'text_similarity']),
		},
		{
			displayName: 'Reference',
			name: nameOf('reference'),
			type: 'string',
			default: '{{item.reference_answer}}',
			required: true,
			description:
				'The text graded against; {{item.&lt;field&gt;}} reads a field of the training example (reference)',
			displayOptions: showFor(['string_check', 'text_similarity']),
		},
		{
			displayName: 'Comparison',
			name: nameOf('operation'),
			type: 'options',
			default: 'eq',
			description: 'How input and reference are compared (operation)',
			options: STRING_CHECK_OPERATIONS.map((value) => ({
				name: { eq: 'Equals', ne: 'Not Equals', like: 'Like', ilike: 'Like (Case-Insensitive)' }[
					value
				],
				value,
			})),
			displayOptions: showFor(['string_check']),
		},
		{
			displayName: 'Evaluation Metric',
			name: nameOf('evaluationMetric'),
			type: 'options',
			default: 'fuzzy_match',
			description: 'Similarity metric (evaluation_metric)',
			options: EVALUATION_METRICS.map((value) => ({ name: label(value), value })),
			displayOptions: showFor(['text_similarity']),
		},
		{
			displayName: 'Model',
			name: nameOf('model'),
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. o3-mini-2025-01-31',
			description: 'The model that scores the output (model)',
			displayOptions: showFor(['score_model']),
		},
		{
			displayName: 'Input Messages',
			name: nameOf('messages'),
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Message',
			default: {},
			description:
				'Messages sent to the scoring model; may use {{item.&lt;field&gt;}} and {{sample.output_text}} (input)',
			displayOptions: showFor(['score_model']),
			options: [
				{
					displayName: 'Message',
					name: 'message',
					values: [
						{
							displayName: 'Role',
							name: 'role',
							type: 'options',
							default: 'user',
							options: EVAL_ITEM_ROLES.map((value) => ({ name: label(value), value })),
						},
						{
							displayName: 'Content',
							name: 'content',
							type: 'string',
							typeOptions: { rows: 3 },
							default: '',
						},
						{
							displayName: 'Content Type',
							name: 'contentType',
							type: 'options',
							default: 'text',
							description: 'Send the content as plain text, or as an input_text / output_text part',
							options: EVAL_CONTENT_TYPES.map((value) => ({
								name: value === 'text' ? 'Text' : label(value),
								value,
							})),
						},
					],
				},
			],
		},
		{
			displayName: 'Score Model Options',
			name: nameOf('scoreOptions'),
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: showFor(['score_model']),
			options: [
				{
					displayName: 'Max Completions Tokens',
					name: 'maxCompletionsTokens',
					type: 'number',
					default: 1024,
					typeOptions: { minValue: 1 },
					description:
						'Most tokens the scoring model may write (sampling_params.max_completions_tokens)',
				},
				{
					displayName: 'Range Max',
					name: 'rangeMax',
					type: 'number',
					default: 1,
					description: 'Highest score (range[1]); set together with Range Min',
				},
				{
					displayName: 'Range Min',
					name: 'rangeMin',
					type: 'number',
					default: 0,
					description: 'Lowest score (range[0]); set together with Range Max',
				},
				{
					displayName: 'Reasoning Effort',
					name: 'reasoningEffort',
					type: 'options',
					default: 'medium',
					description: 'Reasoning effort of the scoring model (sampling_params.reasoning_effort)',
					options: SAMPLING_REASONING_EFFORTS.map((value) => ({ name: label(value), value })),
				},
				{
					displayName: 'Seed',
					name: 'seed',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0 },
					description: 'Sampling seed (sampling_params.seed)',
				},
				{
					displayName: 'Temperature',
					name: 'temperature',
					type: 'number',
					default: 1,
					typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
					description: 'Sampling temperature, 0 to 2 (sampling_params.temperature)',
				},
				{
					displayName: 'Top P',
					name: 'topP',
					type: 'number',
					default: 1,
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					description: 'Nucleus sampling, 0 to 1 (sampling_params.top_p)',
				},
			],
		},
	];
}

/** The Graders list of a multi grader: each entry has a key (its name in the map), a type and that type's fields. */
export function subGradersField(name: string, displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Graders',
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Grader',
		default: {},
		description: 'The graders to combine; Calculate Output refers to each by its key (graders)',
		displayOptions,
		options: [
			{
				displayName: 'Grader',
				name: 'grader',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. accuracy',
						description: 'Name of this grader in the formula of Calculate Output',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'string_check',
						options: graderTypeOptions(SUB_GRADER_TYPES),
					},
					...graderFields(
						(base) => base,
						(types) => ({ show: { type: types } }),
					),
				],
			},
		],
	};
}
