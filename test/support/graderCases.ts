/**
 * One grader of each type as its editor fields and the API object those fields must become
 * (docs/azure-api.md#graders), shared by the tests of the Grader resource and of Create Job, which show the same
 * grader fields (actions/grader/fields.ts). Values differ from their fields' defaults, so that a field the node ignores
 * shows, except Input and Reference: `{{item.reference_answer}}` is what the training files hold, and Create Job's
 * Check Files First refuses a grader reading a field they lack. Each grader passes the spec's `validateGrader` and
 * reinforcement create-job schemas and the emulator's checks.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { GraderType } from '../../nodes/AzureAiFoundryFineTuning/actions/grader/types';

/** A grader's fields by their base names (as a Multi grader's entry takes them), and the object it must send. */
export type GraderCase = { type: GraderType; fields: INodeParameters; sent: IDataObject };

export type SingleGraderType = Exclude<GraderType, 'multi'>;

/** A dataset item the cases' references read (`{{item.reference_answer}}`), which the sample "Paris" matches. */
export const ITEM = { reference_answer: 'Paris' };

/** The stand-in's reward for `python`: the emulator answers the number of the source's first `return <number>`. */
export const PYTHON_REWARD = 0.75;

const STRING_CHECK = {
	name: 'exact',
	input: '{{sample.output_text}}',
	reference: '{{item.reference_answer}}',
};
const PYTHON_SOURCE = `def grade(sample, item) -> float:\n    return ${PYTHON_REWARD}\n`;

/** Each single grader type (Multi is built from these by `multiCase`). */
export const GRADER_CASES: Record<SingleGraderType, GraderCase> = {
	string_check: {
		type: 'string_check',
		fields: { ...STRING_CHECK, operation: 'ilike' },
		sent: { type: 'string_check', ...STRING_CHECK, operation: 'ilike' },
	},
	text_similarity: {
		type: 'text_similarity',
		fields: { ...STRING_CHECK, name: 'close', evaluationMetric: 'rouge_l' },
		sent: { type: 'text_similarity', ...STRING_CHECK, name: 'close', evaluation_metric: 'rouge_l' },
	},
	score_model: {
		type: 'score_model',
		fields: {
			name: 'judge',
			model: { __rl: true, mode: 'id', value: 'o3-mini-2025-01-31' },
			messages: {
				message: [
					{ role: 'developer', content: 'Score 0 to 10', contentType: 'text' },
					{
						role: 'user',
						content: 'Is {{sample.output_text}} {{item.reference_answer}}?',
						contentType: 'input_text',
					},
				],
			},
			scoreOptions: { rangeMin: 2, rangeMax: 10, temperature: 0, seed: 7 },
		},
		sent: {
			type: 'score_model',
			name: 'judge',
			model: 'o3-mini-2025-01-31',
			input: [
				{ role: 'developer', content: 'Score 0 to 10' },
				{
					role: 'user',
					content: {
						type: 'input_text',
						text: 'Is {{sample.output_text}} {{item.reference_answer}}?',
					},
				},
			],
			range: [2, 10],
			sampling_params: { temperature: 0, seed: 7 },
		},
	},
	python: {
		type: 'python',
		fields: { name: 'code', source: PYTHON_SOURCE, imageTag: '2025-05-08' },
		sent: { type: 'python', name: 'code', source: PYTHON_SOURCE, image_tag: '2025-05-08' },
	},
};

/** The text fields whose API name is their base name, so that a change applies alike to fields and sent object. */
type SameNamed = Partial<Record<'name' | 'input' | 'reference' | 'source', string>>;

/** A single grader's case with some of its same-named text fields changed, in its fields and in what it sends. */
export function graderCase(type: SingleGraderType, changes: SameNamed = {}): GraderCase {
	const { fields, sent } = GRADER_CASES[type];
	return { type, fields: { ...fields, ...changes }, sent: { ...sent, ...changes } };
}

/** A Multi grader named `combined` over the given graders by key, and the object it must send. */
export function multiCase(
	calculateOutput: string,
	graders: Record<string, GraderCase>,
): GraderCase {
	const entries = Object.entries(graders);
	return {
		type: 'multi',
		fields: {
			name: 'combined',
			calculateOutput,
			graders: { grader: entries.map(([key, { type, fields }]) => ({ key, type, ...fields })) },
		},
		sent: {
			type: 'multi',
			name: 'combined',
			calculate_output: calculateOutput,
			graders: Object.fromEntries(entries.map(([key, { sent }]) => [key, sent])),
		},
	};
}

/**
 * The parameters Create Job and the Grader resource take for a grader: `graderType`, and each base name as `grader` +
 * the name capitalised (`source` → `graderSource`). Written out here rather than taken from the node, so that a
 * renamed parameter fails the tests.
 */
export function graderParameters({
	type,
	fields,
}: Pick<GraderCase, 'type' | 'fields'>): INodeParameters {
	return {
		graderType: type,
		...Object.fromEntries(
			Object.entries(fields).map(([base, value]) => [
				`grader${base[0].toUpperCase()}${base.slice(1)}`,
				value,
			]),
		),
	};
}
