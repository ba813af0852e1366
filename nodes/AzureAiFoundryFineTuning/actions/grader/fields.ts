/**
 * UI fields of a reinforcement grader, and reading them back. The same field set is used at the top level (names
 * prefixed `grader`, shown for the chosen Grader Type: {@link graderProperties}, which Create Job and the Grader
 * resource both show, at {@link GRADER_PLACE}) and inside a multi grader's Graders list (plain names, shown for each
 * entry's Type).
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { locator } from '../../../shared/locators';

import {
	EVAL_CONTENT_TYPES,
	EVAL_ITEM_ROLES,
	EVALUATION_METRICS,
	GRADER_TYPES,
	PYTHON_SOURCE_MAX_BYTES,
	SAMPLING_REASONING_EFFORTS,
	STRING_CHECK_OPERATIONS,
	SUB_GRADER_TYPES,
	type GraderType,
} from './types';

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
	python: {
		name: 'Python',
		description: 'Runs your Python function grade(sample, item) to score the output',
	},
	multi: { name: 'Multi', description: 'Combines several graders with a formula' },
};

/** Options of a Grader Type field. */
export function graderTypeOptions(types: readonly GraderType[]) {
	return types.map((type) => ({ ...GRADER_TYPE_OPTIONS[type], value: type }));
}

const label = (value: string) => value.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

/** An evaluation metric as its authors write it: `BLEU`, `ROUGE-1`, `ROUGE-L`, `Fuzzy Match`. */
const metricLabel = (value: string) =>
	/^(bleu|gleu|meteor|rouge)(_|$)/.test(value)
		? value.toUpperCase().replace('_', '-')
		: label(value);

/** What each grader type's Name placeholder suggests (a name says what the grader checks). */
const NAME_EXAMPLES: Record<GraderType, string> = {
	string_check: 'exact_answer',
	text_similarity: 'answer_similarity',
	score_model: 'judge_score',
	python: 'python_check',
	multi: 'combined_score',
};

/** What a new Python grader's Source holds: a working example to edit. */
const PYTHON_SOURCE_EXAMPLE = `def grade(sample, item) -> float:
    # sample["output_text"]: the model's answer; item: the fields of the training example
    answer = sample["output_text"].strip().lower()
    return 1.0 if answer == str(item.get("reference_answer", "")).strip().lower() else 0.0
`;

/**
 * Fields of every grader type but multi's own (see `multiGraderFields`): Name, then each type's fields, shown
 * through `showFor`. Only the fields of `types` are included (a multi grader's entries have no Python fields).
 */
export function graderFields(
	nameOf: NameOf,
	showFor: ShowFor,
	types: readonly GraderType[] = GRADER_TYPES,
): INodeProperties[] {
	/** The field when one of `wanted` is among `types`, shown for those; otherwise nothing. */
	const when = (wanted: GraderType[], field: INodeProperties): INodeProperties[] => {
		const kept = wanted.filter((type) => types.includes(type));
		return kept.length ? [{ ...field, displayOptions: showFor(kept) }] : [];
	};
	return [
		// One Name per type (same parameter, so the value stays when the type changes), each with its own example.
		...types.flatMap((type) =>
			when([type], {
				displayName: 'Name',
				name: nameOf('name'),
				type: 'string',
				default: '',
				required: true,
				placeholder: `e.g. ${NAME_EXAMPLES[type]}`,
				description: 'Name of the grader (name)',
			}),
		),
		...when(['string_check', 'text_similarity'], {
			displayName: 'Input',
			name: nameOf('input'),
			type: 'string',
			default: '{{sample.output_text}}',
			required: true,
			description:
				'The text being graded; may use templates such as {{sample.output_text}} (input)',
		}),
		...when(['string_check', 'text_similarity'], {
			displayName: 'Reference',
			name: nameOf('reference'),
			type: 'string',
			default: '{{item.reference_answer}}',
			required: true,
			description:
				'The text graded against; {{item.&lt;field&gt;}} reads a field of the training example (reference)',
		}),
		...when(['string_check'], {
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
		}),
		...when(['text_similarity'], {
			displayName: 'Evaluation Metric',
			name: nameOf('evaluationMetric'),
			type: 'options',
			default: 'fuzzy_match',
			description: 'Similarity metric (evaluation_metric)',
			options: EVALUATION_METRICS.map((value) => ({ name: metricLabel(value), value })),
		}),
		...when(
			['score_model'],
			locator(
				{
					name: nameOf('model'),
					displayName: 'Model',
					searchListMethod: 'searchScoringModels',
					listPlaceholder: 'Select a model...',
					byId: { placeholder: 'e.g. o3-mini-2025-01-31' },
				},
				{ required: true, description: 'The model that scores the output (model)' },
			),
		),
		...when(['score_model'], {
			displayName: 'Input Messages',
			name: nameOf('messages'),
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Message',
			default: {},
			description:
				'Messages sent to the scoring model; may use {{item.&lt;field&gt;}} and {{sample.output_text}} (input)',
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
		}),
		...when(['score_model'], {
			displayName: 'Score Model Options',
			name: nameOf('scoreOptions'),
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Max Completions Tokens',
					name: 'maxCompletionsTokens',
					type: 'number',
					default: 1024,
					description:
						'Most tokens the scoring model may write, an integer of at least 1 (sampling_params.max_completions_tokens)',
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
					description: 'Sampling seed, an integer from 0 to 2147483647 (sampling_params.seed)',
				},
				{
					displayName: 'Temperature',
					name: 'temperature',
					type: 'number',
					default: 1,
					description: 'Sampling temperature, 0 to 2 (sampling_params.temperature)',
				},
				{
					displayName: 'Top P',
					name: 'topP',
					type: 'number',
					default: 1,
					description: 'Nucleus sampling, 0 to 1 (sampling_params.top_p)',
				},
			],
		}),
		...when(['python'], {
			displayName: 'Source',
			name: nameOf('source'),
			type: 'string',
			typeOptions: { rows: 12 },
			default: PYTHON_SOURCE_EXAMPLE,
			required: true,
			description: `Python code defining grade(sample, item), which returns a number; at most ${PYTHON_SOURCE_MAX_BYTES / 1024} KB. It runs without network access, for at most 2 minutes (source).`,
		}),
		...when(['python'], {
			displayName: 'Image Tag',
			name: nameOf('imageTag'),
			type: 'string',
			default: '',
			description: 'The image the code runs in; leave empty for the default (image_tag)',
		}),
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
						SUB_GRADER_TYPES,
					),
				],
			},
		],
	};
}

/** A multi grader's own fields: Calculate Output and the Graders list, shown for type multi. */
export function multiGraderFields(nameOf: NameOf, showFor: ShowFor): INodeProperties[] {
	return [
		{
			displayName: 'Calculate Output',
			name: nameOf('calculateOutput'),
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 0.5 * accuracy + 0.5 * style',
			description:
				"Formula combining the graders' results by their keys: + - * / ^, min, max, abs, floor, ceil, exp, sqrt, log (calculate_output)",
			displayOptions: showFor(['multi']),
		},
		subGradersField(nameOf('graders'), showFor(['multi'])),
	];
}

/**
 * Where one grader's parameters are in a node's parameters: at the top level as `graderType`, `graderInput`, …
 * ({@link GRADER_PLACE}).
 */
export interface GraderPlace {
	/** Parameter name of the Grader Type field. */
	typeParameter: string;
	/** Parameter name of a grader field from its base name (`input`, `calculateOutput`, …). */
	nameOf: NameOf;
	/**
	 * Put before the display name of each of the grader's fields placed there, in the editor and so in error messages
	 * (body.ts): `Grader ` gives `Grader Source`. Fields inside those fields keep their names.
	 */
	labelPrefix: string;
}

/** Top-level grader parameter name for a base field name, e.g. `input` → `graderInput`. */
export const graderParameter = (base: string) =>
	`grader${base.charAt(0).toUpperCase()}${base.slice(1)}`;

/**
 * Where Create Job and the Grader resource keep their grader: `graderType`, `graderName`, …, shown as
 * `Grader <Field>` (next to a job's own Model, or Run Grader's Model Sample and Item), which is also how errors name
 * them. The same names in both, each shown only for its own resource and operation.
 */
export const GRADER_PLACE: GraderPlace = {
	typeParameter: 'graderType',
	nameOf: graderParameter,
	labelPrefix: 'Grader ',
};

/** The Grader Type field's name in the editor: what a message names when no single grader field is at fault. */
export const GRADER_TYPE_LABEL = `${GRADER_PLACE.labelPrefix}Type`;

/**
 * The editor fields of one grader at {@link GRADER_PLACE}: Grader Type, then every type's fields, each shown for its
 * types and the conditions of `show` (e.g. `{methodType: ['reinforcement']}`; the caller's `updateDisplayOptions`
 * adds resource and operation).
 * @param typeDescription the Grader Type field's description (where the type goes in the request)
 */
export function graderProperties(
	show: Record<string, string[]>,
	typeDescription: string,
): INodeProperties[] {
	const showFor = (types: GraderType[]) => ({ show: { ...show, graderType: types } });
	return [
		{
			displayName: GRADER_TYPE_LABEL,
			name: GRADER_PLACE.typeParameter,
			type: 'options',
			default: 'string_check',
			description: typeDescription,
			options: graderTypeOptions(GRADER_TYPES),
			...(Object.keys(show).length ? { displayOptions: { show } } : {}),
		},
		...[
			...graderFields(GRADER_PLACE.nameOf, showFor),
			...multiGraderFields(GRADER_PLACE.nameOf, showFor),
		].map((field) => ({ ...field, displayName: GRADER_PLACE.labelPrefix + field.displayName })),
	];
}

/** Every grader field at its bare name (no place prefix, no display options): the source of the two tables below. */
const ALL_GRADER_FIELDS: INodeProperties[] = [
	...graderFields(
		(base) => base,
		() => ({}),
	),
	...multiGraderFields(
		(base) => base,
		() => ({}),
	),
];

/**
 * The display names of a grader's fields, as {@link graderFields} and {@link multiGraderFields} define them: by base
 * name (`operation` → `Comparison`), and for the fields inside one by `<base>.<name>` (`scoreOptions.rangeMin` →
 * `Range Min`, `messages.role` → `Role`, `graders.key` → `Key`). Error messages name fields with these (body.ts),
 * so a message says what the editor shows.
 */
export const GRADER_FIELD_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
	ALL_GRADER_FIELDS.flatMap((field) => [
		[field.name, field.displayName],
		...(field.options ?? []).flatMap((option) =>
			'values' in option
				? option.values.map((inner) => [`${field.name}.${inner.name}`, inner.displayName])
				: 'displayName' in option
					? [[`${field.name}.${option.name}`, option.displayName]]
					: [],
		),
	]),
);

/** Base names of every grader field, taken from the field definitions themselves. */
export const GRADER_FIELD_BASES: readonly string[] = [
	...new Set(ALL_GRADER_FIELDS.map((field) => field.name)),
];

/**
 * Reads one grader's parameters at `place` into the shape `buildGrader` (body.ts) takes: `{type, <base>: value}`
 * for every base name in {@link GRADER_FIELD_BASES}. Fields hidden for the chosen type are read too and ignored there.
 * @param getParameter returns a parameter's value by name (`''` or the field's default when unset); e.g.
 *   `(name) => ctx.getNodeParameter(name, itemIndex, '')`
 */
export function readGraderParameters(
	getParameter: (name: string) => unknown,
	place: GraderPlace,
): Record<string, unknown> {
	const grader: Record<string, unknown> = { type: getParameter(place.typeParameter) };
	for (const base of GRADER_FIELD_BASES) grader[base] = getParameter(place.nameOf(base));
	return grader;
}
