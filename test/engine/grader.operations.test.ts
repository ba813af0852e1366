/**
 * The Grader resource run by n8n-core against the emulator: Validate and Run with every grader type, the request
 * bodies checked by the emulator against test/fixtures/graders.openapi.yaml (a body the spec refuses gets a 400),
 * Azure's refusals shown naming the grader field (and as error items with continue-on-fail), and expressions that
 * give each input item its own grader, sample and item (docs/azure-api.md#graders).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { GraderType } from '../../nodes/AzureAiFoundryFineTuning/actions/grader/types';
import { startEmulator, type Emulator } from '../emulator';
import { runNode, type CredentialData } from '../support/engine';
import {
	GRADER_CASES,
	graderCase,
	graderParameters,
	ITEM,
	multiCase,
	PYTHON_REWARD,
	type GraderCase,
} from '../support/graderCases';
import { useSettings } from '../support/settings';

let emulator: Emulator;
let credentials: CredentialData;

const VALIDATE = '/openai/v1/fine_tuning/alpha/graders/validate';
const RUN = '/openai/v1/fine_tuning/alpha/graders/run';
const posts = (path: string) =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === path);

/** One grader of each type in the Grader resource's parameters, and the grader object it must send. */
const CASES: Record<GraderType, GraderCase> = {
	...GRADER_CASES,
	multi: multiCase('0.5 * a + 0.5 * b', {
		a: graderCase('string_check', { name: 'a' }),
		b: graderCase('string_check', { name: 'b', reference: 'London' }),
	}),
};
const GRADERS = Object.fromEntries(
	Object.values(CASES).map((c) => [c.type, { fields: graderParameters(c), sent: c.sent }]),
) as Record<GraderType, { fields: INodeParameters; sent: IDataObject }>;
const exact = GRADERS.string_check.fields;

/** The reward each grader type must give for the sample "Paris" against `ITEM`. */
const REWARD: Record<GraderType, (reward: number) => void> = {
	string_check: (reward) => expect(reward).toBe(1),
	text_similarity: (reward) => expect(reward).toBe(1),
	score_model: (reward) => {
		const [min, max] = CASES.score_model.sent.range as [number, number];
		expect(reward).toBeGreaterThanOrEqual(min);
		expect(reward).toBeLessThanOrEqual(max);
	},
	python: (reward) => expect(reward).toBe(PYTHON_REWARD),
	// a matches ("Paris"), b does not ("London").
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
	test.each(Object.keys(CASES) as GraderType[])(
		'a %s grader is sent as built and echoed',
		async (type) => {
			const { error, outputs } = await runNode(validate(GRADERS[type].fields), credentials);
			expect(error).toBeUndefined();
			const [post] = posts(VALIDATE);
			expect(post.status).toBe(200);
			expect(post.body).toEqual({ grader: GRADERS[type].sent });
			expect(outputs[0]).toEqual([{ grader: GRADERS[type].sent }]);
		},
	);

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
				items: [{ reference: '{{bad.path}}' }, { reference: GRADERS.string_check.sent.reference }],
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
	test.each(Object.keys(CASES) as GraderType[])(
		'a %s grader: the sample and item are sent, the reward comes back as a number',
		async (type) => {
			const { error, outputs } = await runNode(
				run(GRADERS[type].fields, 'Paris', ITEM),
				credentials,
			);
			expect(error).toBeUndefined();
			const [post] = posts(RUN);
			expect(post.status).toBe(200);
			expect(post.body).toEqual({
				grader: GRADERS[type].sent,
				model_sample: 'Paris',
				item: ITEM,
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
		const { outputs } = await runNode(run(GRADERS.multi.fields, 'Paris', ITEM), credentials);
		expect(outputs[0][0].sub_rewards).toEqual({ a: 1, b: 0 });
	});

	test('a score model grader reports its token usage', async () => {
		const { outputs } = await runNode(run(GRADERS.score_model.fields, 'Paris', ITEM), credentials);
		const [answer] = outputs[0];
		expect(answer.model_grader_token_usage_per_model).toHaveProperty([
			CASES.score_model.sent.model as string,
		]);
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
					{ id: 1, answer: 'Paris', example: ITEM },
					{ id: 2, answer: 'Lyon', example: ITEM },
				],
			},
		);
		expect(error).toBeUndefined();
		expect(posts(RUN).map((r) => r.body)).toEqual([
			{
				grader: { ...GRADERS.string_check.sent, name: 'exact_1' },
				model_sample: 'Paris',
				item: ITEM,
			},
			{
				grader: { ...GRADERS.string_check.sent, name: 'exact_2' },
				model_sample: 'Lyon',
				item: ITEM,
			},
		]);
		expect(outputs[0].map((answer) => answer.reward)).toEqual([1, 0]);
		expect(items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test("Azure's refusal is shown naming the field; with continue-on-fail it is an error item", async () => {
		const python = { ...GRADERS.python.fields, graderSource: 'print("no grade function")\n' };
		const stopped = await runNode(run(python, 'Paris', ITEM), credentials);
		expect(stopped.error?.message).toMatch(/^Grader Source: Invalid 'grader\.source'/);
		const { outputs } = await runNode(run(python, 'Paris', ITEM), credentials, {
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
