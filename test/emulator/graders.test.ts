/** The grader operations (validate, run) and the grader checks of reinforcement job creation. */
import { call, processedFile, type Reply } from './helpers';
import { PYTHON_SOURCE_MAX_BYTES } from './graders';
import { startEmulator, type Emulator } from './';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ selfCheck: true });
});
afterAll(() => emulator.close());

const VALIDATE = '/openai/v1/fine_tuning/alpha/graders/validate';
const RUN = '/openai/v1/fine_tuning/alpha/graders/run';

type Grader = Record<string, unknown>;

const stringCheck = (extra: Grader = {}): Grader => ({
	type: 'string_check',
	name: 'exact',
	input: '{{sample.output_text}}',
	reference: '{{item.answer}}',
	operation: 'eq',
	...extra,
});
const similar = (metric: string, extra: Grader = {}): Grader => ({
	type: 'text_similarity',
	name: 'similar',
	input: '{{ sample.output_text }}',
	reference: '{{ item.answer }}',
	evaluation_metric: metric,
	...extra,
});
const judge = (extra: Grader = {}): Grader => ({
	type: 'score_model',
	name: 'judge',
	model: 'o3-mini-2025-01-31',
	input: [
		{ role: 'system', content: 'Score the answer from 0 to 10.' },
		{ role: 'user', content: { type: 'input_text', text: 'Answer: {{sample.output_text}}' } },
	],
	range: [0, 10],
	...extra,
});
const python = (source = 'def grade(sample, item):\n    return 0.75\n'): Grader => ({
	type: 'python',
	name: 'code',
	source,
});
const labelModel = (): Grader => ({
	type: 'label_model',
	name: 'labeler',
	model: 'gpt-4o-2024-08-06',
	input: [{ role: 'user', content: 'Label {{sample.output_text}}' }],
	labels: ['good', 'bad'],
	passing_labels: ['good'],
});
const multi = (graders: Record<string, Grader>, formula: string): Grader => ({
	type: 'multi',
	name: 'combined',
	graders,
	calculate_output: formula,
});

const validate = (grader: Grader) => call(emulator, 'POST', VALIDATE, { json: { grader } });
const run = (grader: Grader, sample = 'Paris', item: unknown = { answer: 'Paris' }) =>
	call(emulator, 'POST', RUN, { json: { grader, model_sample: sample, item } });

function expectRefused(reply: { status: number; json: any }, param: string, message = /./) {
	expect(reply.status).toBe(400);
	expect(reply.json.error).toMatchObject({ code: 'invalidPayload', param });
	expect(reply.json.error.message).toMatch(message);
}

/** Graders the spec's schemas refuse (Ajv's messages); `param` is where the grader is sent to validate. */
const SPEC_REFUSALS: Array<[string, Grader, string, RegExp]> = [
	[
		'a grader without reference (spec)',
		{ ...stringCheck(), reference: undefined },
		'grader',
		/must/,
	],
	['an unknown grader type (spec)', { ...stringCheck(), type: 'regex' }, 'grader', /must/],
	[
		'a python grader inside multi (spec: the map admits string_check, text_similarity, score_model)',
		multi({ p: python() }, 'p'),
		'grader.graders.p',
		/must/,
	],
];

/** Graders refused by graders.ts's `checkGrader`, beyond the spec; `param` is where the grader is sent to validate. */
const CHECK_REFUSALS: Array<[string, Grader, string, RegExp]> = [
	[
		'an unknown namespace',
		stringCheck({ reference: '{{answer.text}}' }),
		'grader.reference',
		/unknown template namespace "answer"/,
	],
	[
		'a sample variable Azure does not document',
		stringCheck({ input: '{{sample.output}}' }),
		'grader.input',
		/unknown template variable \{\{sample\.output\}\}/,
	],
	[
		'a bare namespace',
		similar('bleu', { reference: '{{item}}' }),
		'grader.reference',
		/needs a field/,
	],
	[
		'a bad variable in a score model message part',
		judge({ input: [{ role: 'user', content: { type: 'input_text', text: '{{ x }}' } }] }),
		'grader.input.0.content.text',
		/unknown template namespace "x"/,
	],
	[
		'a bad variable inside a multi grader',
		multi({ exact: stringCheck({ input: '{{foo.bar}}' }) }, 'exact'),
		'grader.graders.exact.input',
		/unknown template namespace "foo"/,
	],
	[
		'python source over 256 KB',
		python(`def grade(sample, item):\n    return 1\n${'#'.repeat(PYTHON_SOURCE_MAX_BYTES)}`),
		'grader.source',
		/at most 262144 bytes \(256 KB\)/,
	],
	[
		'python source with a NUL',
		python('def grade(sample, item):\n    return 1 \u0000\n'),
		'grader.source',
		/null bytes/,
	],
	['python source without grade()', python('x = 1\n'), 'grader.source', /grade\(sample, item\)/],
	['an empty python source', python(''), 'grader.source', /grade\(sample, item\)/],
	['a range whose min is not below max', judge({ range: [5, 5] }), 'grader.range', /min below max/],
	['an empty multi grader', multi({}, '1'), 'grader.graders', /at least one/],
	[
		'a formula naming an unknown key',
		multi({ exact: stringCheck() }, 'exact + style'),
		'grader.calculate_output',
		/unknown grader key "style"/,
	],
	[
		'a formula that does not parse',
		multi({ exact: stringCheck() }, '(exact +'),
		'grader.calculate_output',
		/expected at the end/,
	],
	[
		'a formula with an unknown function',
		multi({ exact: stringCheck() }, 'round(exact)'),
		'grader.calculate_output',
		/unknown function "round"/,
	],
];

describe('POST /fine_tuning/alpha/graders/validate', () => {
	it.each([
		['string_check', stringCheck()],
		['text_similarity', similar('rouge_l')],
		['score_model', judge()],
		['python', python()],
		['multi', multi({ exact: stringCheck(), judge: judge() }, '0.5 * exact + 0.05 * judge')],
	])('accepts a %s grader and echoes it', async (_type, grader) => {
		const reply = await validate(grader);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ grader });
	});

	it.each([...SPEC_REFUSALS, ...CHECK_REFUSALS])(
		'refuses %s',
		async (_name, grader, param, message) => {
			expectRefused(await validate(grader), param, message);
		},
	);

	it('accepts python source of exactly 256 KB (UTF-8 bytes)', async () => {
		const head = 'def grade(sample, item):\n    return 1\n';
		// 'é' is 2 bytes: the limit counts bytes, not characters.
		const source = head + 'é'.repeat((PYTHON_SOURCE_MAX_BYTES - head.length) / 2);
		expect(Buffer.byteLength(source)).toBe(PYTHON_SOURCE_MAX_BYTES);
		expect((await validate(python(source))).status).toBe(200);
		expectRefused(await validate(python(`${source}#`)), 'grader.source');
	});
});

describe('POST /fine_tuning/alpha/graders/run', () => {
	const rewardOf = async (...args: Parameters<typeof run>) => {
		const reply = await run(...args);
		expect(reply.status).toBe(200);
		return reply.json.reward as number;
	};

	it('answers the spec shape: reward, metadata with every error flag false, sub rewards, token usage', async () => {
		const reply = await run(stringCheck());
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({
			reward: 1,
			metadata: {
				name: 'exact',
				type: 'string_check',
				errors: expect.objectContaining({
					formula_parse_error: false,
					invalid_variable_error: false,
					python_grader_server_error_type: null,
					model_grader_server_error_details: null,
				}),
				execution_time: expect.any(Number),
				scores: {},
				token_usage: null,
				sampled_model_name: null,
			},
			sub_rewards: {},
			model_grader_token_usage_per_model: {},
		});
		expect(Object.values(reply.json.metadata.errors).filter((flag) => flag)).toEqual([]);
	});

	it.each([
		['eq', 'Paris', 'Paris', 1],
		['eq', 'paris', 'Paris', 0],
		['ne', 'Lyon', 'Paris', 1],
		['ne', 'Paris', 'Paris', 0],
		['like', 'It is Paris.', 'Paris', 1],
		['like', 'It is paris.', 'Paris', 0],
		['ilike', 'It is PARIS.', 'Paris', 1],
		['ilike', 'It is Lyon.', 'Paris', 0],
	])('string_check %s: %j against %j gives %d', async (operation, sample, answer, reward) => {
		expect(await rewardOf(stringCheck({ operation }), sample, { answer })).toBe(reward);
	});

	it('text_similarity fuzzy_match is 2·LCS/(|a|+|b|) over characters', async () => {
		expect(await rewardOf(similar('fuzzy_match'), 'Paris', { answer: 'Paris' })).toBe(1);
		// LCS("kitten", "sitting") = 4 ("ittn"): 8/13
		expect(await rewardOf(similar('fuzzy_match'), 'kitten', { answer: 'sitting' })).toBeCloseTo(
			8 / 13,
			10,
		);
		expect(await rewardOf(similar('fuzzy_match'), 'abc', { answer: 'xyz' })).toBe(0);
	});

	it.each([
		'bleu',
		'gleu',
		'meteor',
		'rouge_1',
		'rouge_2',
		'rouge_3',
		'rouge_4',
		'rouge_5',
		'rouge_l',
	])(
		'text_similarity %s: 1 for the same words, 0 for none shared, in between for a partial match',
		async (metric) => {
			const answer = 'the cat sat on the mat today';
			const same = await rewardOf(similar(metric), 'The cat sat on the mat today!', { answer });
			const none = await rewardOf(similar(metric), 'dogs run fast', { answer });
			const partial = await rewardOf(similar(metric), 'the cat sat on the rug today', { answer });
			expect(same).toBeGreaterThan(0.99); // METEOR's fragmentation penalty keeps even a perfect match below 1
			expect(same).toBeGreaterThan(partial);
			expect(none).toBe(0);
			expect(partial).toBeGreaterThan(0);
			expect(partial).toBeLessThan(1);
		},
	);

	it('score_model: the same grader, sample and item give the same reward within range, and token usage', async () => {
		const first = await run(judge(), 'Paris');
		const again = await run(judge(), 'Paris');
		const other = await run(judge(), 'Lyon');
		expect(first.json.reward).toBe(again.json.reward);
		expect(first.json.reward).not.toBe(other.json.reward);
		expect(first.json.reward).toBeGreaterThanOrEqual(0);
		expect(first.json.reward).toBeLessThan(10);
		expect(first.json.metadata).toMatchObject({
			sampled_model_name: 'o3-mini-2025-01-31',
			token_usage: expect.any(Number),
		});
		expect(first.json.model_grader_token_usage_per_model['o3-mini-2025-01-31']).toMatchObject({
			total_tokens: first.json.metadata.token_usage,
		});
	});

	it('python: the literal of a `return <number>` line, else a stable value in [0, 1)', async () => {
		expect(await rewardOf(python())).toBe(0.75);
		const computed = python(
			'def grade(sample, item):\n    return len(sample["output_text"]) / 10\n',
		);
		const first = await rewardOf(computed, 'Paris');
		expect(await rewardOf(computed, 'Paris')).toBe(first);
		expect(first).toBeGreaterThanOrEqual(0);
		expect(first).toBeLessThan(1);
	});

	it('multi: evaluates calculate_output over the sub-graders rewards, which it also reports', async () => {
		const grader = multi(
			{
				exact: stringCheck(),
				loose: stringCheck({ operation: 'ilike' }),
				close: similar('fuzzy_match'),
			},
			'max(exact, 0.5) * 2 ^ 2 - abs(-loose) + ceil(close * 10) / 10',
		);
		const reply = await run(grader, 'PARIS!', { answer: 'Paris' });
		// exact 0, loose 1, close 2/11 (LCS "P") → 0.5 * 4 - 1 + 0.2
		expect(reply.json.reward).toBeCloseTo(1.2, 10);
		expect(reply.json.sub_rewards).toEqual({ exact: 0, loose: 1, close: 2 / 11 });
		expect(reply.json.metadata).toMatchObject({ type: 'multi', scores: reply.json.sub_rewards });
	});

	it('a missing {{item.x}} field: reward 0 with invalid_variable_error, and its details', async () => {
		const reply = await run(stringCheck(), 'Paris', { solution: 'Paris' });
		expect(reply.status).toBe(200);
		expect(reply.json.reward).toBe(0);
		expect(reply.json.metadata.errors).toMatchObject({
			invalid_variable_error: true,
			invalid_variable_error_details: expect.stringMatching(/\{\{item\.answer\}\} is not defined/),
		});
		const noItem = await call(emulator, 'POST', RUN, {
			json: { grader: stringCheck(), model_sample: 'Paris' },
		});
		expect(noItem.json.metadata.errors.invalid_variable_error).toBe(true);
	});

	it('{{sample.output_json.x}}: read from a JSON sample; sample_parse_error when the sample is not JSON', async () => {
		const grader = stringCheck({ input: '{{sample.output_json.city}}' });
		expect(await rewardOf(grader, '{"city":"Paris"}')).toBe(1);
		const reply = await run(grader, 'Paris');
		expect(reply.json.reward).toBe(0);
		expect(reply.json.metadata.errors).toMatchObject({ sample_parse_error: true });
		const missing = await run(grader, '{"town":"Paris"}');
		expect(missing.json.metadata.errors).toMatchObject({ invalid_variable_error: true });
	});

	it('reports an unknown variable and a broken formula in the flags rather than refusing', async () => {
		const unknown = await run(stringCheck({ reference: '{{answer}}' }));
		expect(unknown.json.metadata.errors.invalid_variable_error).toBe(true);
		const formula = await run(multi({ exact: stringCheck() }, 'exact +'));
		expect(formula.json).toMatchObject({
			reward: 0,
			metadata: { errors: { formula_parse_error: true } },
		});
		const sub = await run(multi({ exact: stringCheck({ input: '{{item.nope}}' }) }, 'exact'));
		expect(sub.json.metadata.errors.invalid_variable_error).toBe(true);
		const infinite = await run(multi({ exact: stringCheck({ operation: 'ne' }) }, '1 / exact'));
		expect(infinite.json).toMatchObject({ reward: 0, metadata: { errors: { other_error: true } } });
	});

	it('refuses what validate refuses about python source and shape', async () => {
		expectRefused(await run(python('x = 1\n')), 'grader.source');
		expectRefused(await run(judge({ range: [1, 0] })), 'grader.range');
		const reply = await call(emulator, 'POST', RUN, { json: { grader: stringCheck() } });
		expectRefused(reply, 'model_sample');
	});
});

describe('creating a reinforcement job', () => {
	const JOBS = '/openai/v1/fine_tuning/jobs';
	const create = async (grader: Grader, files: { validation?: boolean } = {}) => {
		const file = await processedFile(emulator);
		return call(emulator, 'POST', JOBS, {
			json: {
				model: 'o4-mini-2025-04-16',
				training_file: file.id,
				...(files.validation === false ? {} : { validation_file: file.id }),
				method: { type: 'reinforcement', reinforcement: { grader } },
			},
		});
	};
	/** Asserts the reply refuses at `param` and that no job was created by `request`. */
	const expectNoJob = async (request: () => Promise<Reply>, param: string, message = /./) => {
		const before = emulator.jobs().length;
		const reply = await request();
		expectRefused(reply, param, message);
		expect(emulator.jobs()).toHaveLength(before);
		return reply;
	};

	it('accepts a python grader, a documented exception to the spec, and echoes it', async () => {
		const reply = await create(python());
		expect(reply.status).toBe(200);
		expect(reply.json.method.reinforcement.grader).toEqual(python());
	});

	it.each(CHECK_REFUSALS)(
		'refuses what validate refuses, with its message: %s',
		async (_name, grader, param) => {
			const validated = await validate(grader);
			const jobParam = `method.reinforcement.${param}`;
			const reply = await expectNoJob(() => create(grader), jobParam);
			expect(reply.json.error.message).toBe(
				validated.json.error.message.replace(`'${param}'`, `'${jobParam}'`),
			);
		},
	);

	it.each<[string, Grader, string]>([
		...SPEC_REFUSALS.map(([name, grader, param]): [string, Grader, string] => [
			name,
			grader,
			param,
		]),
		['a label_model grader (validate and run do not list it either)', labelModel(), 'grader'],
		[
			'an endpoint grader (private preview, in no schema)',
			{ type: 'endpoint', name: 'remote' },
			'grader',
		],
	])('still refuses an off-spec grader other than python: %s', async (_name, grader, param) => {
		await expectNoJob(() => create(grader), `method.reinforcement.${param}`, /must/);
	});

	it('refuses a reinforcement job without a validation file, naming validation_file', async () => {
		await expectNoJob(
			() => create(stringCheck(), { validation: false }),
			'validation_file',
			/requires a validation file/,
		);
	});
});
