/**
 * Create Job's checks before an expensive create: model and method, the validation file of reinforcement, metadata
 * from expressions, Strict, the dated API version before `method`; and the grader's `{{item.<field>}}` references
 * checked in the training data.
 */
import {
	buildCreateJobBody,
	isPreMethodApiVersion,
	type CreateJobInput,
	type CreateJobOptions,
} from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/requestBody';
import { graderItemFields } from '../../nodes/AzureAiFoundryFineTuning/actions/grader/templates';
import { checkTrainingData } from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';
import {
	DOCUMENTED_BASE_MODELS,
	documentedBaseModel,
} from '../../nodes/AzureAiFoundryFineTuning/methods/models';
import { FieldError } from '../../nodes/shared/validation';

const base: CreateJobInput = {
	model: 'gpt-4.1-mini-2025-04-14',
	trainingFile: 'file-train1',
	methodType: 'supervised',
};
const grader = {
	type: 'string_check',
	name: 'exact',
	input: '{{sample.output_text}}',
	reference: '{{item.answer}}',
	operation: 'eq',
};

function refused(input: Partial<CreateJobInput>, options: CreateJobOptions = {}): FieldError {
	try {
		buildCreateJobBody({ ...base, ...input }, options);
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return error as FieldError;
	}
	throw new Error('expected a FieldError');
}

describe('model and method (methods/models.ts)', () => {
	test('a documented model with a method its row lacks is refused with its methods and the way out', () => {
		const error = refused({ model: 'gpt-4o-mini-2024-07-18', methodType: 'dpo' });
		expect(error.field).toBe('Method');
		expect(error.message).toBe(
			"Method: dpo is not supported by gpt-4o-mini-2024-07-18, which Microsoft's table of fine-tunable models lists for supervised only; choose one of those methods or another model. If Azure has added dpo for this model since, turn off Options › Check Model and Method",
		);
	});

	test('the documented name is matched in any case (Azure answers ministral-3b as Ministral-3B)', () => {
		expect(refused({ model: 'ministral-3b', methodType: 'dpo' }).message).toContain(
			'not supported by Ministral-3B',
		);
	});

	test('turned off, the same job is built', () => {
		const body = buildCreateJobBody(
			{ ...base, model: 'gpt-4o-mini-2024-07-18', methodType: 'dpo' },
			{ checkModelMethod: false },
		);
		expect(body.method).toEqual({ type: 'dpo' });
	});

	test.each([
		['a fine-tuned model', 'gpt-4.1-mini-2025-04-14.ft-0123456789abcdef0123456789abcdef'],
		['a checkpoint', 'ftchkpt-abc123'],
		['a model not in the table', 'gpt-9-2030-01-01'],
	])('%s is never refused', (_, model) => {
		expect(buildCreateJobBody({ ...base, model, methodType: 'dpo' }).model).toBe(model);
	});

	test('every documented model accepts each of its own methods', () => {
		for (const model of DOCUMENTED_BASE_MODELS) {
			expect(documentedBaseModel(model.id.toUpperCase())).toBe(model);
			for (const method of model.methods) {
				const input = {
					...base,
					model: model.id,
					methodType: method,
					validationFile: 'file-valid1',
					grader,
				};
				expect(() => buildCreateJobBody(input)).not.toThrow();
			}
		}
	});
});

test('reinforcement without a Validation File is refused, saying why', () => {
	const error = refused({ model: 'o4-mini-2025-04-16', methodType: 'reinforcement', grader });
	expect(error.field).toBe('Validation File');
	expect(error.message).toMatch(/^Validation File: is required by the reinforcement method/);
});

describe('Response Format › Strict', () => {
	const rft = { model: 'o4-mini-2025-04-16', methodType: 'reinforcement', validationFile: 'f-1' };
	const format = (strict: unknown) => ({
		...rft,
		grader,
		responseFormat: { name: 'a', schema: '{"type":"object"}', strict },
	});
	test.each([
		[true, true],
		['false', false],
	])('%p is sent as %p', (strict, sent) => {
		const method = buildCreateJobBody({ ...base, ...format(strict) }).method as {
			reinforcement: { response_format: { json_schema: { strict: boolean } } };
		};
		expect(method.reinforcement.response_format.json_schema.strict).toBe(sent);
	});
	test.each([['yes'], [{}], [[]]])('%p is refused, not sent as false', (strict) => {
		expect(refused(format(strict)).message).toMatch(
			/^Response Format › Strict: must be true or false/,
		);
	});
});

describe('metadata from the pairs field, Metadata (JSON) and expressions', () => {
	const many = (count: number, prefix = 'k') =>
		Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, value: 'v' }));
	const metadataOf = (input: Partial<CreateJobInput>, options: CreateJobOptions = {}) =>
		buildCreateJobBody({ ...base, ...input }, options).metadata;

	test.each<[string, Partial<CreateJobInput>]>([
		['pairs', { metadata: { pairs: [{ key: 'team', value: 'search' }] } }],
		['an object in the pairs field', { metadata: { pairs: { team: 'search' } } }],
		['JSON text in the pairs field', { metadata: { pairs: '{"team":"search"}' } }],
		['an object in Metadata (JSON)', { metadataJson: { team: 'search' } }],
		['a list in Metadata (JSON)', { metadataJson: [{ key: 'team', value: 'search' }] }],
		['JSON text in Metadata (JSON)', { metadataJson: '{"team": "search"}' }],
	])('%s → {team: "search"}', (_, input) => {
		expect(metadataOf(input)).toEqual({ team: 'search' });
	});

	test('both fields together; a number value is sent as its text, a multi-line value as it is', () => {
		expect(
			metadataOf({
				metadata: { pairs: [{ key: 'team', value: 'search' }] },
				metadataJson: { run: 42, notes: 'line 1\nline 2' },
			}),
		).toEqual({ team: 'search', run: '42', notes: 'line 1\nline 2' });
	});

	test('one pair given as JSON text is one pair (never "got 17", the length of the text)', () => {
		expect(
			metadataOf(
				{ metadata: { pairs: '{"team":"search"}' } },
				{ reservedMetadataKeys: ['n8n_idempotency_key'] },
			),
		).toEqual({ team: 'search' });
	});

	test('a key in both fields is refused as used twice', () => {
		expect(
			refused({ metadata: { pairs: { team: 'search' } }, metadataJson: { team: 'other' } }).message,
		).toBe('Metadata (JSON) › Key: "team" is used twice; keys must be unique');
	});

	test('17 pairs: the count the user gave', () => {
		expect(
			refused({ metadataJson: Object.fromEntries(many(17).map((p) => [p.key, p.value])) }).message,
		).toBe('Metadata (JSON): at most 16 pairs are allowed (got 17)');
	});

	test('16 pairs with Prevent Duplicate Jobs on: the marker is named as the reason', () => {
		expect(
			refused({ metadata: { pairs: many(16) } }, { reservedMetadataKeys: ['n8n_idempotency_key'] })
				.message,
		).toBe(
			'Metadata: at most 15 pairs are allowed while the option Prevent Duplicate Jobs is on: its marker takes one of the 16 (got 16). Remove a pair or turn the option off',
		);
	});

	test('the two fields are counted together', () => {
		expect(refused({ metadata: { pairs: many(9) }, metadataJson: many(8, 'j') }).message).toBe(
			'Metadata: at most 16 pairs are allowed (got 17 from Metadata and Metadata (JSON) together)',
		);
	});

	test.each<[Partial<CreateJobInput>, string]>([
		[{ metadataJson: 5 }, 'Metadata (JSON): must be an object such as'],
		[{ metadata: { pairs: 'not json' } }, 'Metadata: is not valid JSON'],
		[{ metadataJson: { 'a\nb': 'v' } }, 'Metadata (JSON) › Key: must be one line'],
		[{ metadataJson: { team: true } }, 'Metadata (JSON) › Value ("team"): must be text'],
		[{ metadataJson: { team: 'a\u0000' } }, 'Metadata (JSON) › Value ("team"): must not contain'],
	])('%p is refused naming the field', (input, message) => {
		expect(refused(input).message.startsWith(message)).toBe(true);
	});
});

describe('a dated API version before method (2024-10-21)', () => {
	test.each([
		['2024-10-21', true],
		['2024-06-01', true],
		['2025-04-01-preview', false],
		['2024-10-01-preview', false],
		['2025-06-01', false],
		['preview', false],
		[undefined, false],
	])('%p → %p', (version, expected) => {
		expect(isPreMethodApiVersion(version)).toBe(expected);
	});

	const ga = { apiVersion: '2024-10-21' };
	test('the deprecated hyperparameters are sent the same way: numbers only', () => {
		const body = buildCreateJobBody(
			{ ...base, deprecatedHyperparameters: { batchSize: 'custom', batchSizeValue: 8 } },
			ga,
		);
		expect(body).toEqual({
			model: 'gpt-4.1-mini-2025-04-14',
			training_file: 'file-train1',
			hyperparameters: { batch_size: 8 },
		});
	});

	test('Metadata (JSON) is refused naming itself and the version', () => {
		expect(refused({ metadataJson: { team: 'a' } }, ga).message).toMatch(
			/^Metadata \(JSON\): cannot be used with API version 2024-10-21, which has no job metadata/,
		);
	});
});

describe("the grader's {{item.<field>}} references", () => {
	test('every field of every template string, once, at any depth; Python source is code, not a template', () => {
		expect(
			graderItemFields({
				type: 'multi',
				graders: {
					a: {
						type: 'string_check',
						input: '{{sample.output_text}}',
						reference: '{{ item.answer }}',
					},
					b: {
						type: 'score_model',
						input: [
							{
								role: 'user',
								content: { type: 'input_text', text: 'Q: {{item.question}} A: {{item.answer}}' },
							},
						],
					},
					c: { type: 'python', source: 'x = "{{item.not_a_template}}"' },
					d: { reference: '{{item.meta.id}}' },
				},
			}),
		).toEqual(['answer', 'question', 'meta.id']);
		expect(graderItemFields(undefined)).toEqual([]);
	});

	const line = (extra: Record<string, unknown>) =>
		JSON.stringify({ messages: [{ role: 'user', content: 'Q' }], ...extra });

	test('a training line without a field the grader reads is an error naming the field, first line first', () => {
		const lines = [
			...Array.from({ length: 3 }, () => line({ answer: 'a', meta: { id: 1 } })),
			line({ answer: 'a' }),
			...Array.from({ length: 6 }, () => line({ meta: { id: 2 } })),
		];
		const report = checkTrainingData(Buffer.from(lines.join('\n')), {
			method: 'reinforcement',
			itemFields: ['answer', 'meta.id'],
		});
		expect(report.errorCount).toBe(7);
		expect(report.errors[0]).toEqual({
			line: 4,
			message: 'no field "meta.id" (the grader reads {{item.meta.id}})',
		});
		expect(report.errors[1].message).toBe('no field "answer" (the grader reads {{item.answer}})');
	});
});
