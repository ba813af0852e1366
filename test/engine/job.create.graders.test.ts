/**
 * Create Job with each grader type, run by n8n-core against the emulator: the grader the node sends must pass the
 * spec check of `createFineTuningJob` (python admitted at the top level as a documented exception) and of
 * `validateGrader`, and the emulator's grader checks, both for a top-level grader and, where the spec allows it, as a
 * sub-grader of Multi (docs/azure-api.md#graders). Then Options › Validate Grader First: where it runs, what a refusal
 * shows, and that it never leads to a second job.
 */
import type { INodeParameters } from 'n8n-workflow';

import { readFileSync } from 'fs';
import { join } from 'path';

import { SUB_GRADER_TYPES } from '../../nodes/AzureAiFoundryFineTuning/actions/grader/types';
import { startEmulator, type Emulator } from '../emulator';
import { useSettings } from '../support/settings';
import { runNode, type CredentialData } from '../support/engine';
import {
	GRADER_CASES,
	graderCase,
	graderParameters,
	multiCase,
	type SingleGraderType,
} from '../support/graderCases';

let emulator: Emulator;
let credentials: CredentialData;
let rftFile: string;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const JOBS = '/openai/v1/fine_tuning/jobs';
const VALIDATE = '/openai/v1/fine_tuning/alpha/graders/validate';
const posts = (path: string) =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === path);
/** The grader of the one job create, and of the one validate call, the run sent (each answered 200). */
function sentGraders(): { created: unknown; validated: unknown } {
	const [create] = posts(JOBS);
	const [validate] = posts(VALIDATE);
	expect([create.status, validate.status]).toEqual([200, 200]);
	type Body = { method: { reinforcement: { grader: unknown } } };
	return {
		created: (create.body as Body).method.reinforcement.grader,
		validated: (validate.body as { grader: unknown }).grader,
	};
}

const createReinforcementJob = (
	grader: INodeParameters,
	options: INodeParameters = { preventDuplicates: false },
): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	model: rl('o4-mini-2025-04-16'),
	trainingFile: rl(rftFile),
	validationFile: rl(rftFile),
	methodType: 'reinforcement',
	options,
	...grader,
});

useSettings({ retry: { baseDelayMs: 5 } });
beforeAll(async () => {
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
	const form = new FormData();
	form.append('purpose', 'fine-tune');
	const rft = readFileSync(join(__dirname, '..', 'fixtures', 'training', 'rft-valid.jsonl'));
	form.append('file', new Blob([rft], { type: 'application/jsonl' }), 'rft.jsonl');
	const response = await fetch(`${emulator.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': emulator.apiKey },
		body: form,
	});
	rftFile = ((await response.json()) as { id: string }).id;
	emulator.step();
});
afterAll(async () => await emulator.close());
let jobsBefore = 0;
beforeEach(() => {
	emulator.clearRequests();
	emulator.clearFaults();
	jobsBefore = emulator.jobs().length;
});

describe('Create Job › reinforcement: every grader type reaches Azure in a body that validates', () => {
	test.each(Object.keys(GRADER_CASES) as SingleGraderType[])(
		'a top-level %s grader',
		async (type) => {
			const { error, outputs } = await runNode(
				createReinforcementJob(graderParameters(GRADER_CASES[type])),
				credentials,
			);
			expect(error).toBeUndefined();
			const { sent } = GRADER_CASES[type];
			expect(sentGraders()).toEqual({ created: sent, validated: sent });
			expect(outputs[0][0].method).toMatchObject({ reinforcement: { grader: sent } });
		},
	);

	test.each([...SUB_GRADER_TYPES])('a %s grader inside a Multi grader', async (type) => {
		const multi = multiCase('2 * sub', { sub: GRADER_CASES[type] });
		const { error } = await runNode(createReinforcementJob(graderParameters(multi)), credentials);
		expect(error).toBeUndefined();
		expect(sentGraders()).toEqual({ created: multi.sent, validated: multi.sent });
	});

	test('a Python grader inside a Multi grader is refused before sending (the spec admits three types)', async () => {
		const { error } = await runNode(
			createReinforcementJob(graderParameters(multiCase('sub', { sub: GRADER_CASES.python }))),
			credentials,
		);
		expect(error?.message).toMatch(/Grader Graders › sub › Type/);
		expect(error?.message).toContain(SUB_GRADER_TYPES.join(', '));
		expect(emulator.requests).toHaveLength(0);
	});

	test('a Python grader left at its example source is sent with that source, not refused as empty', async () => {
		const { error } = await runNode(
			createReinforcementJob({ graderType: 'python', graderName: 'code' }),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(sentGraders().created).toMatchObject({ source: expect.stringMatching(/^def grade\(/) });
	});
});

describe('Create Job › Options › Validate Grader First', () => {
	const LIST = 'GET /openai/v1/fine_tuning/jobs';
	const sequence = () =>
		emulator.requests.map((r) => `${r.method} ${r.path.replace(rftFile, '<file>')}`);
	/** Every option at its default (on): Check Files First, Validate Grader First, Prevent Duplicate Jobs. */
	const DEFAULTS: INodeParameters = {};
	/** A grader the node accepts and Azure's validate refuses: `answer` is no template namespace. */
	const refusedByAzure = graderParameters(
		graderCase('string_check', { reference: '{{answer.text}}' }),
	);

	test('on by default: files checked, then the grader validated, then the duplicate lookup and the create', async () => {
		const { error } = await runNode(
			createReinforcementJob(graderParameters(GRADER_CASES.python), DEFAULTS),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(sequence()).toEqual([
			'GET /openai/v1/files/<file>',
			'GET /openai/v1/files/<file>/content',
			'GET /openai/v1/files/<file>',
			'GET /openai/v1/files/<file>/content',
			`POST ${VALIDATE}`,
			LIST,
			`POST ${JOBS}`,
		]);
		expect(posts(VALIDATE)[0].body).toEqual({ grader: GRADER_CASES.python.sent });
	});

	test.each<[string, INodeParameters, string, RegExp]>([
		['a template namespace Azure does not know', refusedByAzure, 'Grader Reference', /answer/],
		[
			'Python source without grade(sample, item)',
			graderParameters(graderCase('python', { source: 'x = 1\n' })),
			'Grader Source',
			/grade\(sample, item\)/,
		],
		[
			'a sub-grader of Multi reading an unknown sample variable',
			graderParameters(
				multiCase('a', { a: graderCase('string_check', { input: '{{sample.text}}' }) }),
			),
			'Grader Graders › a › Input',
			/sample\.text/,
		],
	])(
		"a grader Azure refuses (%s) → Azure's message after the grader field; no job, no lookup",
		async (_name, grader, field, azureWords) => {
			const { error } = await runNode(createReinforcementJob(grader, DEFAULTS), credentials);
			const refusal = posts(VALIDATE)[0];
			expect(refusal.status).toBe(400);
			const azure = (refusal.error as { message: string }).message;
			expect(azure).toMatch(azureWords);
			expect(error?.message).toBe(`${field}: ${azure}`);
			expect(posts(JOBS)).toHaveLength(0);
			expect(sequence()).not.toContain(LIST);
			expect(emulator.jobs()).toHaveLength(jobsBefore);
		},
	);

	test("with continue-on-fail the refusal becomes the item's error; no job", async () => {
		const { outputs } = await runNode(
			createReinforcementJob(refusedByAzure, DEFAULTS),
			credentials,
			{
				onError: 'continueRegularOutput',
			},
		);
		expect(String(outputs[0][0].error)).toMatch(/^Grader Reference: Invalid 'grader\.reference'/);
		expect(posts(JOBS)).toHaveLength(0);
	});

	test('off → no validate call; Azure then refuses the job itself, with the same words', async () => {
		const { error } = await runNode(
			createReinforcementJob(refusedByAzure, { validateGraderFirst: false }),
			credentials,
		);
		expect(posts(VALIDATE)).toHaveLength(0);
		expect(posts(JOBS)).toHaveLength(1);
		expect(posts(JOBS)[0].status).toBe(400);
		expect(error?.message).toMatch(/unknown template namespace "answer"/);
	});

	test('off with a good grader → the job is created without a validate call', async () => {
		const { error } = await runNode(
			createReinforcementJob(graderParameters(GRADER_CASES.python), {
				validateGraderFirst: false,
			}),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(posts(VALIDATE)).toHaveLength(0);
		expect(posts(JOBS)[0].status).toBe(200);
	});

	test("the create's answer lost after validating → the lookup finds the job: one job, one validate call", async () => {
		emulator.injectFault({ kind: 'lost-response', method: 'POST', path: 'fine_tuning/jobs$' });
		const { error, outputs } = await runNode(
			createReinforcementJob(graderParameters(GRADER_CASES.python), DEFAULTS),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(posts(VALIDATE)).toHaveLength(1);
		expect(posts(JOBS)).toHaveLength(1);
		expect(emulator.jobs()).toHaveLength(jobsBefore + 1);
		expect(outputs[0][0].id).toBe(emulator.jobs()[0].id);
	});
});
