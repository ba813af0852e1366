/**
 * Create Job and Get Job run by n8n-core's WorkflowExecute against the emulator over real HTTP; the emulator
 * validates every request against Azure's OpenAPI document, so a 2xx here means the request fits the contract.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { useSettings } from '../support/settings';
import { DUPLICATE_MARKER_FIELD } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/duplicateJob';
import { startEmulator, type Emulator } from '../emulator';
import { runCredentialTest, runNode, type CredentialData } from '../support/engine';
import { GRADER_CASES, graderParameters, multiCase } from '../support/graderCases';

let emulator: Emulator;
let credentials: CredentialData;
let trainingFile: string;
let dpoFile: string;
let rftFile: string;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const createParams = (extra: Record<string, unknown> = {}) => ({
	resource: 'job',
	operation: 'create',
	model: rl('gpt-4.1-mini-2025-04-14'),
	trainingFile: rl(trainingFile),
	methodType: 'supervised',
	options: { preventDuplicates: false },
	...extra,
});
const jobPosts = () =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === '/openai/v1/fine_tuning/jobs');

const CHAT_LINES = Array.from({ length: 10 }, (_, i) =>
	JSON.stringify({
		messages: [
			{ role: 'user', content: `Question ${i}` },
			{ role: 'assistant', content: `Answer ${i}` },
		],
	}),
).join('\n');

async function uploadTrainingFile(content = CHAT_LINES, filename = 'train.jsonl'): Promise<string> {
	const form = new FormData();
	form.append('purpose', 'fine-tune');
	form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
	const response = await fetch(`${emulator.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': emulator.apiKey },
		body: form,
	});
	const file = (await response.json()) as { id: string };
	emulator.step();
	return file.id;
}

useSettings({ retry: { baseDelayMs: 5 } });
beforeAll(async () => {
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
	trainingFile = await uploadTrainingFile();
	const fixture = (name: string) =>
		readFileSync(join(__dirname, '..', 'fixtures', 'training', name), 'utf8');
	dpoFile = await uploadTrainingFile(fixture('dpo-valid.jsonl'), 'dpo.jsonl');
	rftFile = await uploadTrainingFile(fixture('rft-valid.jsonl'), 'rft.jsonl');
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.clearRequests();
	emulator.clearFaults();
});

describe('Create Job', () => {
	test('every body field set in the UI reaches the API with its JSON type, and nothing else', async () => {
		const { outputs, error } = await runNode(
			createParams({
				trainingFile: rl(dpoFile),
				validationFile: rl(dpoFile),
				methodType: 'dpo',
				dpoHyperparameters: {
					values: {
						batchSize: 'custom',
						batchSizeValue: 4,
						beta: 'custom',
						betaValue: '={{ "0.2" }}',
						nEpochs: 'auto',
					},
				},
				additionalFields: {
					suffix: 'support-bot',
					seed: '={{ "7" }}',
					metadata: { pairs: [{ key: 'team', value: 'support' }] },
					integrations: { wandb: [{ project: 'ft-runs', tags: 'a, b' }] },
				},
			}),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(jobPosts()).toHaveLength(1);
		expect(jobPosts()[0].body).toEqual({
			model: 'gpt-4.1-mini-2025-04-14',
			training_file: dpoFile,
			validation_file: dpoFile,
			method: {
				type: 'dpo',
				dpo: {
					hyperparameters: {
						batch_size: 4,
						learning_rate_multiplier: 'auto',
						n_epochs: 'auto',
						beta: 0.2,
					},
				},
			},
			suffix: 'support-bot',
			seed: 7,
			metadata: { team: 'support' },
			integrations: [{ type: 'wandb', wandb: { project: 'ft-runs', tags: ['a', 'b'] } }],
		});
		expect(jobPosts()[0].status).toBe(200);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0]).toMatchObject({
			object: 'fine_tuning.job',
			suffix: 'support-bot',
			seed: 7,
			training_file: dpoFile,
		});
		expect(String(outputs[0][0].id)).toMatch(/^ftjob-/);
	});

	test('n_epochs given by an expression as the string "3" is sent as the number 3', async () => {
		await runNode(
			createParams({
				supervisedHyperparameters: { values: { nEpochs: 'custom', nEpochsValue: '={{ "3" }}' } },
			}),
			credentials,
		);
		const method = (
			jobPosts()[0].body as { method: { supervised: { hyperparameters: Record<string, unknown> } } }
		).method;
		expect(method.supervised.hyperparameters.n_epochs).toBe(3);
	});

	test('suffix left empty → no suffix key in the body', async () => {
		await runNode(createParams({ additionalFields: { suffix: '' } }), credentials);
		expect(jobPosts()[0].body).toEqual({
			model: 'gpt-4.1-mini-2025-04-14',
			training_file: trainingFile,
			method: { type: 'supervised' },
		});
	});

	test('a reinforcement job with a multi grader passes the spec', async () => {
		const multi = multiCase('0.5 * exact + 0.5 * judge', {
			exact: GRADER_CASES.string_check,
			judge: GRADER_CASES.score_model,
		});
		const { error, outputs } = await runNode(
			createParams({
				model: rl('o4-mini-2025-04-16'),
				trainingFile: rl(rftFile),
				validationFile: rl(rftFile),
				methodType: 'reinforcement',
				reinforcementHyperparameters: {
					values: { reasoningEffort: 'medium', evalSamples: 'custom', evalSamplesValue: 3 },
				},
				...graderParameters(multi),
				responseFormat: {
					jsonSchema: {
						name: 'answer',
						schema: '{"type":"object","properties":{"answer":{"type":"string"}}}',
						strict: true,
					},
				},
			}),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(jobPosts()[0].status).toBe(200);
		expect(outputs[0][0].method).toMatchObject({
			type: 'reinforcement',
			reinforcement: { grader: multi.sent },
		});
	});

	test("the API's 400 shows its message and param; with continue-on-fail it becomes the item's error", async () => {
		const fault = {
			kind: 'status',
			status: 400,
			code: 'invalidPayload',
			message: 'The suffix contains characters that are not allowed.',
			param: 'suffix',
			method: 'POST',
			path: 'fine_tuning/jobs$',
		} as const;
		emulator.injectFault(fault as never);
		const failed = await runNode(createParams({ additionalFields: { suffix: 'ok' } }), credentials);
		expect(failed.error?.message).toBe('The suffix contains characters that are not allowed.');
		expect(failed.error?.description).toMatch(
			/^Code: invalidPayload · Param: suffix · HTTP 400 · apim-request-id: [0-9a-f-]{36}$/,
		);

		emulator.injectFault(fault as never);
		const continued = await runNode(
			createParams({ additionalFields: { suffix: 'ok' } }),
			credentials,
			{ onError: 'continueRegularOutput' },
		);
		expect(continued.error).toBeUndefined();
		expect(continued.outputs[0]).toEqual([
			{
				error: 'The suffix contains characters that are not allowed.',
				details: {
					description: expect.stringMatching(
						/^Code: invalidPayload · Param: suffix · HTTP 400 · apim-request-id: /,
					),
					code: 'invalidPayload',
					param: 'suffix',
					httpStatus: 400,
				},
			},
		]);
	});

	test('continue-on-fail with the error output: failed items go to the second output, paired with their input', async () => {
		const { outputs, items } = await runNode(
			createParams({ additionalFields: { suffix: '={{ $json.suffix }}' } }),
			credentials,
			{
				items: [{ suffix: 'good' }, { suffix: 'x'.repeat(65) }, { suffix: 'fine' }],
				onError: 'continueErrorOutput',
			},
		);
		expect(outputs[0].map((job) => job.suffix)).toEqual(['good', 'fine']);
		expect(items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(outputs[1]).toEqual([
			{
				suffix: 'x'.repeat(65),
				error: 'Suffix: must be at most 40 characters (got 65)',
				details: { description: 'Nothing was sent to Azure. Correct the field and run again.' },
			},
		]);
		expect(items[1][0].pairedItem).toEqual({ item: 1 });
		expect(jobPosts()).toHaveLength(2);
	});

	test('bad input is refused before any request is sent, naming the field', async () => {
		const { error } = await runNode(createParams({ additionalFields: { seed: -5 } }), credentials);
		expect(error?.message).toBe('Seed: must be an integer from 0 to 2147483647 (got -5)');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Create Job: duplicate-job prevention', () => {
	const withMarker = (extra: Record<string, unknown> = {}) =>
		createParams({ options: {}, ...extra });

	test("the marker is added to the metadata next to the user's pairs", async () => {
		await runNode(
			withMarker({ additionalFields: { metadata: { pairs: [{ key: 'team', value: 'a' }] } } }),
			credentials,
		);
		const metadata = (jobPosts()[0].body as { metadata: Record<string, string> }).metadata;
		expect(Object.keys(metadata).sort()).toEqual([DUPLICATE_MARKER_FIELD, 'team']);
		expect(metadata[DUPLICATE_MARKER_FIELD]).toMatch(/^[0-9a-f]{32}$/);
	});

	test('the job is created, then the connection drops before the answer: exactly one job, and the node outputs it', async () => {
		const before = emulator.jobs().length;
		emulator.injectFault({ kind: 'lost-response', method: 'POST', path: 'fine_tuning/jobs$' });
		const { outputs, error } = await runNode(withMarker(), credentials);
		expect(error).toBeUndefined();
		expect(emulator.jobs().length).toBe(before + 1);
		expect(jobPosts()).toHaveLength(1);
		expect(outputs[0][0].id).toBe(emulator.jobs()[0].id);
	});

	test('a 503 before processing: the create is sent again and one job results', async () => {
		const before = emulator.jobs().length;
		emulator.injectFault({
			kind: 'status',
			status: 503,
			code: 'ServiceUnavailable',
			method: 'POST',
			path: 'fine_tuning/jobs$',
		});
		const { outputs, error } = await runNode(withMarker(), credentials);
		expect(error).toBeUndefined();
		expect(emulator.jobs().length).toBe(before + 1);
		expect(jobPosts()).toHaveLength(2);
		expect(outputs[0][0].id).toBe(emulator.jobs()[0].id);
	});

	test('16 metadata pairs leave no room for the marker: refused naming Metadata', async () => {
		const pairs = Array.from({ length: 16 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
		const { error } = await runNode(
			withMarker({ additionalFields: { metadata: { pairs } } }),
			credentials,
		);
		expect(error?.message).toBe(
			'Metadata: at most 15 pairs are allowed while the option Prevent Duplicate Jobs is on: its marker takes one of the 16 (got 16). Remove a pair or turn the option off',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Get Job', () => {
	test('returns the job as Azure sends it: nulls stay null, no invented hyperparameters', async () => {
		const [seeded] = emulator.seedJobs(1, {
			status: 'running',
			organization_id: null,
			result_files: null,
			estimated_finish: null,
			hyperparameters: { n_epochs: 1 } as never,
		});
		const { outputs, error } = await runNode(
			{ resource: 'job', operation: 'get', jobId: rl(seeded.id) },
			credentials,
		);
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([seeded]);
		expect(outputs[0][0].hyperparameters).toEqual({ n_epochs: 1 });
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /openai/v1/fine_tuning/jobs/${seeded.id}`,
		]);
	});

	test('a job ID that would change the URL path is refused before sending, naming the field', async () => {
		const { error } = await runNode(
			{ resource: 'job', operation: 'get', jobId: rl('={{ "ftjob-abc/../../files" }}') },
			credentials,
		);
		expect(error?.message).toBe(
			'Fine-Tuning Job: must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only), got "ftjob-abc/../../files"',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('typed in By ID mode, the same ID is flagged by n8n itself before the run', async () => {
		await expect(
			runNode(
				{ resource: 'job', operation: 'get', jobId: rl('ftjob-abc/../../files') },
				credentials,
			),
		).rejects.toThrow(
			'Fine-Tuning Job: must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only)',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('an endpoint pasted with /openai/v1/ still reaches /openai/v1/fine_tuning/jobs', async () => {
		const [seeded] = emulator.seedJobs(1);
		await runNode(
			{ resource: 'job', operation: 'get', jobId: rl(seeded.id) },
			{ ...credentials, endpoint: `${emulator.url}/openai/v1/` },
		);
		expect(emulator.requests[0].path).toBe(`/openai/v1/fine_tuning/jobs/${seeded.id}`);
		expect(emulator.requests[0].query).toEqual({});
	});

	test("unknown job → the API's 404 message", async () => {
		const { error } = await runNode(
			{ resource: 'job', operation: 'get', jobId: rl('ftjob-doesnotexist') },
			credentials,
		);
		expect(error?.message).toMatch(/ftjob-doesnotexist/);
		expect(error?.description).toMatch(/HTTP 404/);
	});
});

describe('credential test', () => {
	test('passes against the emulator', async () => {
		expect(await runCredentialTest(credentials)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(emulator.requests.map((r) => [r.path, r.query])).toEqual([
			['/openai/v1/fine_tuning/jobs', { limit: '1' }],
		]);
	});

	test("a wrong key shows Azure's 401 message with what to check", async () => {
		const result = await runCredentialTest({ ...credentials, apiKey: 'wrong-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Access denied due to invalid subscription key/);
		expect(result.message).toContain('HTTP 401');
		expect(result.message).not.toContain('wrong-key');
	});

	test('sends the same headers as the node does', async () => {
		await runCredentialTest(credentials);
		await runNode(
			{ resource: 'job', operation: 'get', jobId: rl(emulator.seedJobs(1)[0].id) },
			credentials,
		);
		const [test, node] = emulator.requests;
		// The emulator accepted the same key from both (it answers 401 otherwise); its log shows the header redacted.
		expect([test.status, node.status]).toEqual([200, 200]);
		expect([test.headers['api-key'], node.headers['api-key']]).toEqual([
			'<redacted>',
			'<redacted>',
		]);
		expect([test.headers.accept, node.headers.accept]).toEqual([
			'application/json',
			'application/json',
		]);
	});

	test('a redirect is not followed: the rule for its status says so, and the other host receives nothing', async () => {
		emulator.injectFault({ kind: 'redirect' });
		const result = await runCredentialTest(credentials);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^The Endpoint answered with a redirect to another address \(HTTP 302\)\. .* the API key was not sent there/,
			),
		});
		expect(emulator.requests.map((r) => r.status)).toEqual([302]);
		expect(emulator.redirected()).toEqual([]);
	});

	test("a host that does not exist: n8n's credential test shows only the network code (README, Credentials)", async () => {
		const result = await runCredentialTest({
			...credentials,
			endpoint: 'https://no-such-resource.invalid',
		});
		expect(result).toEqual({ status: 'Error', message: 'ENOTFOUND' });
	});

	test('plain http to a public host is refused without a request', async () => {
		const result = await runCredentialTest({ ...credentials, endpoint: 'http://example.com' });
		expect(result).toEqual({
			status: 'Error',
			message:
				'Endpoint: plain http is not allowed (the API key would travel unencrypted); use https://',
		});
		expect(emulator.requests).toHaveLength(0);
	});
});
