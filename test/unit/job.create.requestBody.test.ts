import {
	buildCreateJobBody,
	type CreateJobInput,
} from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/requestBody';
import { FieldError } from '../../nodes/shared/validation';

const base: CreateJobInput = {
	model: 'gpt-4.1-mini-2025-04-14',
	trainingFile: 'file-train1',
	methodType: 'supervised',
};

/** A reinforcement job as Azure takes it: a model documented for reinforcement and a validation file. */
const RFT = {
	model: 'o4-mini-2025-04-16',
	validationFile: 'file-valid1',
	methodType: 'reinforcement',
} as const;

function refused(input: Partial<CreateJobInput>): FieldError {
	try {
		buildCreateJobBody({ ...base, ...input });
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return error as FieldError;
	}
	throw new Error('expected a FieldError');
}

describe('buildCreateJobBody: what the user set, with the API types', () => {
	test('minimal body: model, training_file and the method type only', () => {
		expect(buildCreateJobBody(base)).toEqual({
			model: 'gpt-4.1-mini-2025-04-14',
			training_file: 'file-train1',
			method: { type: 'supervised' },
		});
	});

	test('n_epochs given by an expression as the string "3" is sent as the number 3', () => {
		const body = buildCreateJobBody({
			...base,
			hyperparameters: { nEpochs: 'custom', nEpochsValue: '3' },
		});
		expect(body.method).toEqual({
			type: 'supervised',
			supervised: {
				hyperparameters: { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: 3 },
			},
		});
	});

	test('Auto is sent as the string "auto"; decimals stay decimals', () => {
		const body = buildCreateJobBody({
			...base,
			methodType: 'dpo',
			hyperparameters: {
				batchSize: 'auto',
				learningRateMultiplier: 'custom',
				learningRateMultiplierValue: ' 0.5 ',
				beta: 'custom',
				betaValue: 0.1,
			},
		});
		expect(body.method).toEqual({
			type: 'dpo',
			dpo: {
				hyperparameters: {
					batch_size: 'auto',
					learning_rate_multiplier: 0.5,
					n_epochs: 'auto',
					beta: 0.1,
				},
			},
		});
	});

	test('empty optional fields are left out, never sent as null or ""', () => {
		const body = buildCreateJobBody({
			...base,
			suffix: '',
			seed: '',
			validationFile: '',
			metadata: [],
			wandb: [],
		});
		expect(Object.keys(body).sort()).toEqual(['method', 'model', 'training_file']);
	});

	test('suffix, seed (from text), validation file, metadata and W&B are sent as set', () => {
		const body = buildCreateJobBody({
			...base,
			validationFile: 'file-valid1',
			suffix: 'support-bot',
			seed: '42',
			metadata: [
				{ key: 'team', value: 'support' },
				{ key: 'empty', value: '' },
			],
			wandb: [{ project: 'ft', name: '', entity: 'acme', tags: 'a, b,,c' }],
		});
		expect(body).toEqual({
			model: 'gpt-4.1-mini-2025-04-14',
			training_file: 'file-train1',
			validation_file: 'file-valid1',
			method: { type: 'supervised' },
			suffix: 'support-bot',
			seed: 42,
			metadata: { team: 'support', empty: '' },
			integrations: [
				{ type: 'wandb', wandb: { project: 'ft', entity: 'acme', tags: ['a', 'b', 'c'] } },
			],
		});
	});

	test('reasoning_effort is one of its values, never auto', () => {
		const body = buildCreateJobBody({
			...base,
			...RFT,
			hyperparameters: {
				reasoningEffort: 'high',
				evalInterval: 'custom',
				evalIntervalValue: 5,
				computeMultiplier: 'custom',
				computeMultiplierValue: '1.5',
			},
			grader: {
				type: 'string_check',
				name: 'exact',
				input: '{{sample.output_text}}',
				reference: '{{item.answer}}',
				operation: 'eq',
			},
		});
		expect(body.method).toEqual({
			type: 'reinforcement',
			reinforcement: {
				hyperparameters: {
					batch_size: 'auto',
					learning_rate_multiplier: 'auto',
					n_epochs: 'auto',
					compute_multiplier: 1.5,
					eval_interval: 5,
					eval_samples: 'auto',
					reasoning_effort: 'high',
				},
				grader: {
					type: 'string_check',
					name: 'exact',
					input: '{{sample.output_text}}',
					reference: '{{item.answer}}',
					operation: 'eq',
				},
			},
		});
	});

	test('deprecated top-level hyperparameters are sent when used alone with supervised', () => {
		const body = buildCreateJobBody({
			...base,
			deprecatedHyperparameters: { nEpochs: 'custom', nEpochsValue: 2 },
		});
		expect(body.hyperparameters).toEqual({
			batch_size: 'auto',
			learning_rate_multiplier: 'auto',
			n_epochs: 2,
		});
		expect(body.method).toEqual({ type: 'supervised' });
	});
});

describe('buildCreateJobBody: graders', () => {
	const rft = (grader: CreateJobInput['grader'], extra: Partial<CreateJobInput> = {}) =>
		(
			buildCreateJobBody({ ...base, ...RFT, grader, ...extra }).method as {
				reinforcement: Record<string, unknown>;
			}
		).reinforcement;

	test('text_similarity', () => {
		expect(
			rft({
				type: 'text_similarity',
				name: 'sim',
				input: 'a',
				reference: 'b',
				evaluationMetric: 'rouge_l',
			}).grader,
		).toEqual({
			type: 'text_similarity',
			name: 'sim',
			input: 'a',
			reference: 'b',
			evaluation_metric: 'rouge_l',
		});
	});

	test('score_model with messages, range and sampling params', () => {
		const grader = rft({
			type: 'score_model',
			name: 'judge',
			model: 'o3-mini-2025-01-31',
			messages: {
				message: [
					{ role: 'system', content: 'Score 0-10', contentType: 'text' },
					{ role: 'user', content: '{{sample.output_text}}', contentType: 'input_text' },
				],
			},
			scoreOptions: { rangeMin: 0, rangeMax: '10', temperature: 0, reasoningEffort: 'low' },
		}).grader;
		expect(grader).toEqual({
			type: 'score_model',
			name: 'judge',
			model: 'o3-mini-2025-01-31',
			input: [
				{ role: 'system', content: 'Score 0-10' },
				{ role: 'user', content: { type: 'input_text', text: '{{sample.output_text}}' } },
			],
			range: [0, 10],
			sampling_params: { temperature: 0, reasoning_effort: 'low' },
		});
	});

	test('multi grader: graders map by key and the formula', () => {
		const grader = rft({
			type: 'multi',
			name: 'combined',
			calculateOutput: '0.5 * a + 0.5 * b',
			graders: {
				grader: [
					{
						key: 'a',
						type: 'string_check',
						name: 'a',
						input: 'x',
						reference: 'y',
						operation: 'ilike',
					},
					{
						key: 'b',
						type: 'text_similarity',
						name: 'b',
						input: 'x',
						reference: 'y',
						evaluationMetric: 'bleu',
					},
				],
			},
		}).grader;
		expect(grader).toEqual({
			type: 'multi',
			name: 'combined',
			calculate_output: '0.5 * a + 0.5 * b',
			graders: {
				a: { type: 'string_check', name: 'a', input: 'x', reference: 'y', operation: 'ilike' },
				b: {
					type: 'text_similarity',
					name: 'b',
					input: 'x',
					reference: 'y',
					evaluation_metric: 'bleu',
				},
			},
		});
	});

	test('response format from a JSON text', () => {
		const settings = rft(
			{ type: 'string_check', name: 'g', input: 'a', reference: 'b', operation: 'eq' },
			{
				responseFormat: {
					name: 'answer',
					schema: '{"type":"object"}',
					strict: true,
					description: '',
				},
			},
		);
		expect(settings.response_format).toEqual({
			type: 'json_schema',
			json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
		});
	});
});

describe('buildCreateJobBody: refused before sending, naming the field', () => {
	test.each<[string, Partial<CreateJobInput>, string, RegExp]>([
		['missing model', { model: '' }, 'Model', /is required/],
		['model with a space', { model: 'gpt 4' }, 'Model', /without spaces/],
		[
			'training file with a path',
			{ trainingFile: 'file-1/../../x' },
			'Training File',
			/must be a file ID such as file-abc123 /,
		],
		[
			'validation file with ?',
			{ validationFile: 'file-1?x=1' },
			'Validation File',
			/must be a file ID such as file-abc123 /,
		],
		['unknown method', { methodType: 'lora' }, 'Method', /supervised, dpo, reinforcement/],
		[
			'suffix of 41 characters',
			{ suffix: 'x'.repeat(41) },
			'Suffix',
			/at most 40 characters \(got 41\)/,
		],
		['suffix with a dot', { suffix: 'v1.2' }, 'Suffix', /letters, digits, - and _ \(no dots/],
		['suffix with a space', { suffix: 'my bot' }, 'Suffix', /letters, digits, - and _/],
		['suffix given an object', { suffix: { a: 1 } }, 'Suffix', /must be text/],
		['seed negative', { seed: -1 }, 'Seed', /integer from 0 to 2147483647/],
		['seed too large', { seed: 2147483648 }, 'Seed', /integer from 0 to 2147483647/],
		['seed decimal', { seed: '1.5' }, 'Seed', /integer/],
		['seed not a number', { seed: 'abc' }, 'Seed', /got "abc"/],
		[
			'epochs 0',
			{ hyperparameters: { nEpochs: 'custom', nEpochsValue: 0 } },
			'Hyperparameters › Epochs Value',
			/integer from 1 to 50/,
		],
		[
			'epochs 51',
			{ hyperparameters: { nEpochs: 'custom', nEpochsValue: '51' } },
			'Hyperparameters › Epochs Value',
			/integer from 1 to 50/,
		],
		[
			'batch size 257',
			{ hyperparameters: { batchSize: 'custom', batchSizeValue: 257 } },
			'Hyperparameters › Batch Size Value',
			/1 to 256/,
		],
		[
			'learning rate 0',
			{ hyperparameters: { learningRateMultiplier: 'custom', learningRateMultiplierValue: 0 } },
			'Hyperparameters › Learning Rate Multiplier Value',
			/greater than 0/,
		],
		[
			'custom value empty',
			{ hyperparameters: { nEpochs: 'custom', nEpochsValue: '' } },
			'Hyperparameters › Epochs Value',
			/must be an integer/,
		],
		[
			'beta 3',
			{ methodType: 'dpo', hyperparameters: { beta: 'custom', betaValue: 3 } },
			'Hyperparameters › Beta Value',
			/greater than 0 and at most 2/,
		],
		[
			'too many metadata pairs',
			{ metadata: Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
			'Metadata',
			/at most 16 pairs are allowed \(got 17\)/,
		],
		[
			'duplicate metadata key',
			{
				metadata: [
					{ key: 'a', value: '1' },
					{ key: 'a', value: '2' },
				],
			},
			'Metadata › Key',
			/used twice/,
		],
		[
			'empty metadata key',
			{ metadata: [{ key: '', value: '1' }] },
			'Metadata › Key',
			/is required/,
		],
		[
			'metadata key of 65',
			{ metadata: [{ key: 'k'.repeat(65), value: '1' }] },
			'Metadata › Key',
			/at most 64/,
		],
		[
			'metadata value of 513',
			{ metadata: [{ key: 'k', value: 'v'.repeat(513) }] },
			'Metadata › Value ("k")',
			/at most 512/,
		],
		[
			'W&B without project',
			{ wandb: [{ project: '' }] },
			'Integrations › Weights & Biases › Project',
			/is required/,
		],
		[
			'deprecated + method hyperparameters',
			{ hyperparameters: {}, deprecatedHyperparameters: {} },
			'Hyperparameters (Deprecated)',
			/cannot be combined/,
		],
		[
			'deprecated with dpo',
			{ methodType: 'dpo', deprecatedHyperparameters: {} },
			'Hyperparameters (Deprecated)',
			/only apply to the supervised method/,
		],
		[
			'deprecated epochs 0',
			{ deprecatedHyperparameters: { nEpochs: 'custom', nEpochsValue: 0 } },
			'Hyperparameters (Deprecated) › Epochs Value',
			/integer from 1 to 50/,
		],
		[
			'reinforcement without grader name',
			{
				...RFT,
				grader: { type: 'string_check', input: 'a', reference: 'b', operation: 'eq' },
			},
			'Grader Name',
			/is required/,
		],
		[
			'python grader without source',
			{ ...RFT, grader: { type: 'python', name: 'p' } },
			'Grader Source',
			/is required/,
		],
		[
			'unknown grader type',
			{ ...RFT, grader: { type: 'label_model', name: 'p' } },
			'Grader Type',
			/string_check, text_similarity, score_model, python, multi \(got "label_model"\)/,
		],
		[
			'bad string_check operation',
			{
				...RFT,
				grader: {
					type: 'string_check',
					name: 'g',
					input: 'a',
					reference: 'b',
					operation: 'contains',
				},
			},
			'Grader Comparison',
			/eq, ne, like, ilike/,
		],
		[
			'score model without messages',
			{ ...RFT, grader: { type: 'score_model', name: 'g', model: 'm' } },
			'Grader Input Messages',
			/at least one message/,
		],
		[
			'score model with only Range Min',
			{
				...RFT,
				grader: {
					type: 'score_model',
					name: 'g',
					model: 'm',
					messages: { message: [{ role: 'user', content: 'x' }] },
					scoreOptions: { rangeMin: 0 },
				},
			},
			'Grader Score Model Options › Range Max',
			/both/,
		],
		[
			'multi without graders',
			{ ...RFT, grader: { type: 'multi', name: 'g', calculateOutput: 'a' } },
			'Grader Graders',
			/at least one grader/,
		],
		[
			'multi with duplicate keys',
			{
				...RFT,
				grader: {
					type: 'multi',
					name: 'g',
					calculateOutput: 'a',
					graders: {
						grader: [
							{
								key: 'a',
								type: 'string_check',
								name: 'x',
								input: 'i',
								reference: 'r',
								operation: 'eq',
							},
							{
								key: 'a',
								type: 'string_check',
								name: 'y',
								input: 'i',
								reference: 'r',
								operation: 'eq',
							},
						],
					},
				},
			},
			'Grader Graders › Key',
			/used twice/,
		],
		[
			'multi nested in multi',
			{
				...RFT,
				grader: {
					type: 'multi',
					name: 'g',
					calculateOutput: 'a',
					graders: { grader: [{ key: 'a', type: 'multi', name: 'x' }] },
				},
			},
			'Grader Graders › a › Type',
			/string_check, text_similarity, score_model \(got "multi"\)/,
		],
		[
			'response format bad JSON',
			{
				...RFT,
				grader: { type: 'string_check', name: 'g', input: 'a', reference: 'b', operation: 'eq' },
				responseFormat: { name: 'x', schema: '{"type":' },
			},
			'Response Format › Schema',
			/not valid JSON/,
		],
	])('%s', (_name, input, field, problem) => {
		const error = refused(input);
		expect(error.field).toBe(field);
		expect(error.problem).toMatch(problem);
		expect(error.message.startsWith(`${field}: `)).toBe(true);
		expect(error.message).not.toContain('[object Object]');
	});
});

describe('buildCreateJobBody: Training Type (trainingType)', () => {
	test('not sent when the field was not added', () => {
		expect(buildCreateJobBody(base)).not.toHaveProperty('trainingType');
		expect(buildCreateJobBody({ ...base, trainingType: '' })).not.toHaveProperty('trainingType');
	});

	test.each([
		['standard', 'Standard'],
		['global', 'GlobalStandard'],
		['developer', 'developerTier'],
	])('%s is sent as %s, top level', (trainingType, sent) => {
		expect(buildCreateJobBody({ ...base, trainingType }).trainingType).toBe(sent);
	});

	test('an unknown tier is refused naming the field', () => {
		expect(refused({ trainingType: 'regional' }).field).toBe('Training Type');
	});
});
