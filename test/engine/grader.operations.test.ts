/**
 * The Grader resource run by n8n-core against the emulator: Validate and Run with every grader type, the request
 * bodies checked by the emulator against test/fixtures/graders.openapi.yaml (a body the spec refuses gets a 400),
 * Azure's refusals shown naming the grader field (and as error items with continue-on-fail), and expressions that
 * give each input item its own grader, sample and item (docs/azure-api.md#graders).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator';
import { runNode, type CredentialData } from '../support/engine';
import { useSettings } from '../support/settings';

let emulator: Emulator;
let credentials: CredentialData;

const VALIDATE = '/openai/v1/fine_tuning/alpha/graders/validate';
const RUN = '/openai/v1/fine_tuning/alpha/graders/run';
const posts = (path: string) =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === path);

const exact = {
	graderType: 'string_check',
	graderName: 'exact',
	graderInput: '{{sample.output_text}}',
	graderReference: '{{item.answer}}',
	graderOperation: 'eq',
};

/** The Grader fields of each grader type (Create Job's names), and the grader object they must send. */
const GRADERS: Record<string, { fields: INodeParameters; sent: IDataObject }> = {
	string_check: {
		fields: exact,
		sent: {
			type: 'string_check',
			name: 'exact',
			input: '{{sample.output_text}}',
			reference: '{{item.answer}}',
			operation: 'eq',
		},
	},
	text_similarity: {
		fields: {
			graderType: 'text_similarity',
			graderName: 'close',
			graderInput: '{{sample.output_text}}',
			graderReference: '{{item.answer}}',
			graderEvaluationMetric: 'fuzzy_match',
		},
		sent: {
			type: 'text_similarity',
			name: 'close',
			input: '{{sample.output_text}}',
			reference: '{{item.answer}}',
			evaluation_metric: 'fuzzy_match',
		},
	},
	score_model: {
		fields: {
			graderType: 'score_model',
			graderName: 'judge',
			graderModel: { __rl: true, mode: 'id', value: 'o3-mini-2025-01-31' },
			graderMessages: {
				message: [{ role: 'user', content: 'Is {{sample.output_text}} {{item.answer}}?' }],
			},
			graderScoreOptions: { rangeMin: 0, rangeMax: 10 },
		},
		sent: {
			type: 'score_model',
			name: 'judge',
			model: 'o3-mini-2025-01-31',
			input: [{ role: 'user', content: 'Is {{sample.output_text}} {{item.answer}}?' }],
			range: [0, 10],
		},
	},
	python: {
		fields: {
			graderType: 'python',
			graderName: 'code',
			graderSource: 'def grade(sample, item) -> float:\n    return 0.75\n',
		},
		sent: {
			type: 'python',
			name: 'code',
			source: 'def grade(sample, item) -> float:\n    return 0.75\n',
		},
	},
	multi: {
		fields: {
			graderType: 'multi',
			graderName: 'combined',
			graderCalculateOutput: '0.5 * a + 0.5 * b',
			graderGraders: {
				grader: [
					{
						key: 'a',
						type: 'string_check',
						name: 'a',
						input: '{{sample.output_text}}',
						reference: '{{item.answer}}',
						operation: 'eq',
					},
					{
						key: 'b',
						type: 'string_check',
						name: 'b',
						input: '{{sample.output_text}}',
						reference: 'London',
						operation: 'eq',
					},
				],
			},
		},
		sent: {
			type: 'multi',
			name: 'combined',
			calculate_output: '0.5 * a + 0.5 * b',
			graders: {
				a: {
					type: 'string_check',
					name: 'a',
					input: '{{sample.output_text}}',
					reference: '{{item.answer}}',
					operation: 'eq',
				},
				b: {
					type: 'string_check',
					name: 'b',
					input: '{{sample.output_text}}',
					reference: 'London',
					operation: 'eq',
				},
			},
		},
	},
};

/** The reward each grader type must give for the sample "Paris" against the item {answer: "Paris"}. */
const REWARD: Record<string, (reward: number) => void> = {
	string_check: (reward) => expect(reward).toBe(1),
	text_similarity: (reward) => expect(reward).toBe(1),
	score_model: (reward) => expect(reward >= 0 && reward <= 10).toBe(true),
	// The emulator's stand-in for running the code: the number of its first `return <number>`.
	python: (reward) => expect(reward).toBe(0.75),
	multi: (reward) => expect(reward).toBe(0.5),
};

const validate = (fields: INodeParameters): INodeParameters => ({
	resource: 'grader',
	operation: 'validate',
	...fields,
});
const run = (fields: INodeParameters, modelSample: string, item: unknown): INodeParameters => ({
	resource: 'grader',
	operation: 'run',
	...fields,
	modelSample,
	item: typeof item === 'string' ? item : JSON.stringify(item),
});

useSettings({ retry: { baseDelayMs: 5 } });
beforeAll(async () => {
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.clearRequests());

describe('Grader › Validate', () => {
	test.each(Object.keys(GRADERS))('a %s grader is sent as built and echoed', async (type) => {
		const { error, outputs } = await runNode(validate(GRADERS[type].fields), credentials);
		expect(error).toBeUndefined();
		const [post] = posts(VALIDATE);
		expect(post.status).toBe(200);
		expect(post.body).toEqual({ grader: GRADERS[type].sent });
		expect(outputs[0]).toEqual([{ grader: GRADERS[type].sent }]);
	});

	test("Azure's refusal is shown with the grader field it concerns, and nothing else is sent", async () => {
		const { error } = await runNode(
			validate({ ...exact, graderReference: '{{answers.gold}}' }),
			credentials,
		);
		expect(error?.message).toMatch(/^Grader Reference: Invalid 'grader\.reference': /);
		expect(error?.description).toContain('HTTP 400');
		expect(emulator.requests.map((r) => r.path)).toEqual([VALIDATE]);
	});

	test('a refused sub-grader is named by its key inside Graders', async () => {
		const multi = GRADERS.multi.fields.graderGraders as { grader: IDataObject[] };
		const { error } = await runNode(
			validate({
				...GRADERS.multi.fields,
				graderGraders: { grader: [{ ...multi.grader[0], input: '{{sample.text}}' }] },
				graderCalculateOutput: 'a',
			}),
			credentials,
		);
		expect(error?.message).toMatch(
			/^Grader Graders › a › Input: Invalid 'grader\.graders\.a\.input'/,
		);
	});

	test('with continue-on-fail the refusal becomes an error item, and the next item still runs', async () => {
		const { outputs, error } = await runNode(
			validate({ ...exact, graderReference: '={{ $json.reference }}' }),
			credentials,
			{
				items: [{ reference: '{{bad.path}}' }, { reference: '{{item.answer}}' }],
				onError: 'continueErrorOutput',
			},
		);
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([{ grader: { ...GRADERS.string_check.sent } }]);
		// n8n's error output keeps the input item's fields next to the error.
		expect(outputs[1]).toEqual([
			{
				reference: '{{bad.path}}',
				error: expect.stringMatching(/^Grader Reference: Invalid 'grader\.reference'/),
				details: expect.objectContaining({
					code: 'invalidPayload',
					param: 'grader.reference',
					httpStatus: 400,
				}),
			},
		]);
	});

	test('a field the node itself refuses stops before anything is sent', async () => {
		const { error } = await runNode(
			validate({ ...GRADERS.python.fields, graderSource: '={{ "" }}' }),
			credentials,
		);
		expect(error?.message).toMatch(/^Grader Source: is required/);
		expect(emulator.requests).toEqual([]);
	});
});

describe('Grader › Run', () => {
	test.each(Object.keys(GRADERS))(
		'a %s grader: the sample and item are sent, the reward comes back as a number',
		async (type) => {
			const { error, outputs } = await runNode(
				run(GRADERS[type].fields, 'Paris', { answer: 'Paris' }),
				credentials,
			);
			expect(error).toBeUndefined();
			const [post] = posts(RUN);
			expect(post.status).toBe(200);
			expect(post.body).toEqual({
				grader: GRADERS[type].sent,
				model_sample: 'Paris',
				item: { answer: 'Paris' },
			});
			const [answer] = outputs[0];
			expect(typeof answer.reward).toBe('number');
			REWARD[type](answer.reward as number);
			expect(answer.metadata).toMatchObject({
				name: GRADERS[type].sent.name,
				type,
				errors: expect.objectContaining({ invalid_variable_error: false }),
			});
		},
	);

	test('a multi grader answers the rewards of its graders by key', async () => {
		const { outputs } = await runNode(
			run(GRADERS.multi.fields, 'Paris', { answer: 'Paris' }),
			credentials,
		);
		expect(outputs[0][0].sub_rewards).toEqual({ a: 1, b: 0 });
	});

	test('a score model grader reports its token usage', async () => {
		const { outputs } = await runNode(
			run(GRADERS.score_model.fields, 'Paris', { answer: 'Paris' }),
			credentials,
		);
		const [answer] = outputs[0];
		expect(answer.model_grader_token_usage_per_model).toHaveProperty(['o3-mini-2025-01-31']);
		expect((answer.metadata as IDataObject).token_usage).toEqual(expect.any(Number));
	});

	test('an empty Item sends none: a field the item lacks is reported in the answer, not refused', async () => {
		const { error, outputs } = await runNode(run(exact, 'Paris', ''), credentials);
		expect(error).toBeUndefined();
		expect(posts(RUN)[0].body).not.toHaveProperty('item');
		expect(outputs[0][0]).toMatchObject({
			reward: 0,
			metadata: { errors: expect.objectContaining({ invalid_variable_error: true }) },
		});
	});

	test('expressions: one grader, each input item its own name, sample and item', async () => {
		const { error, outputs, items } = await runNode(
			{
				...run(exact, '={{ $json.answer }}', '={{ $json.example }}'),
				graderName: '={{ "exact_" + $json.id }}',
			},
			credentials,
			{
				items: [
					{ id: 1, answer: 'Paris', example: { answer: 'Paris' } },
					{ id: 2, answer: 'Lyon', example: { answer: 'Paris' } },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(posts(RUN).map((r) => r.body)).toEqual([
			{
				grader: { ...GRADERS.string_check.sent, name: 'exact_1' },
				model_sample: 'Paris',
				item: { answer: 'Paris' },
			},
			{
				grader: { ...GRADERS.string_check.sent, name: 'exact_2' },
				model_sample: 'Lyon',
				item: { answer: 'Paris' },
			},
		]);
		expect(outputs[0].map((answer) => answer.reward)).toEqual([1, 0]);
		expect(items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test("Azure's refusal is shown naming the field; with continue-on-fail it is an error item", async () => {
		const python = { ...GRADERS.python.fields, graderSource: 'print("no grade function")\n' };
		const stopped = await runNode(run(python, 'Paris', { answer: 'Paris' }), credentials);
		expect(stopped.error?.message).toMatch(/^Grader Source: Invalid 'grader\.source'/);
		const { outputs } = await runNode(run(python, 'Paris', { answer: 'Paris' }), credentials, {
			onError: 'continueRegularOutput',
		});
		expect(outputs[0]).toEqual([
			{
				error: expect.stringMatching(/^Grader Source: Invalid 'grader\.source'/),
				details: expect.objectContaining({ httpStatus: 400, param: 'grader.source' }),
			},
		]);
	});
});
