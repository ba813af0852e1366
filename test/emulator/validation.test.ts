/** Requests are checked against the spec (plus the rules Ajv cannot express) and refused in Azure's error shape. */
import { call, createJob, processedFile, rawMultipart, upload } from './helpers';
import { startEmulator, type Emulator } from './';

let emulator: Emulator;
let trainingFile: string;

beforeAll(async () => {
	emulator = await startEmulator({ selfCheck: true });
	trainingFile = (await processedFile(emulator)).id;
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());

const JOBS = '/openai/v1/fine_tuning/jobs';
const valid = () => ({ model: 'gpt-4.1-mini-2025-04-14', training_file: trainingFile });

function expectRefused(reply: { status: number; json: any }, param: string | null) {
	expect(reply.status).toBe(400);
	expect(reply.json).toEqual({
		error: {
			code: 'invalidPayload',
			message: expect.any(String),
			param,
			type: 'invalid_request_error',
		},
	});
}

describe('create job', () => {
	it('accepts a valid request, echoes it and records exactly the fields sent', async () => {
		const sent = {
			...valid(),
			suffix: 'my-model',
			seed: 42,
			metadata: { team: 'a' },
			method: {
				type: 'supervised',
				supervised: { hyperparameters: { n_epochs: 3, batch_size: 'auto' } },
			},
		};
		const reply = await call(emulator, 'POST', JOBS, { json: sent });
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({
			object: 'fine_tuning.job',
			id: expect.stringMatching(/^ftjob-[0-9a-f]{32}$/),
			status: 'pending',
			model: sent.model,
			training_file: trainingFile,
			validation_file: null,
			suffix: 'my-model',
			seed: 42,
			metadata: { team: 'a' },
			method: sent.method,
			hyperparameters: { n_epochs: 3, batch_size: -1, learning_rate_multiplier: -1 },
			organization_id: null,
			result_files: null,
			fine_tuned_model: null,
			error: null,
			estimated_finish: expect.any(Number),
		});
		expect(reply.json).not.toHaveProperty('trainingType');
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0]).toMatchObject({
			method: 'POST',
			path: JOBS,
			status: 200,
			body: sent,
		});
	});

	it('generates a seed and null metadata/method when absent', async () => {
		const reply = await call(emulator, 'POST', JOBS, { json: valid() });
		expect(reply.json.seed).toEqual(expect.any(Number));
		expect(reply.json).toMatchObject({
			metadata: null,
			method: null,
			suffix: null,
			hyperparameters: { n_epochs: -1 },
		});
	});

	it.each([
		['GlobalStandard', 'globalStandard'],
		['globalstandard', 'globalStandard'],
		['developerTier', 'developerTier'],
		['Standard', 'standard'],
	])('accepts the unknown body field trainingType %s and echoes it as %s', async (sent, echoed) => {
		const reply = await call(emulator, 'POST', JOBS, { json: { ...valid(), trainingType: sent } });
		expect(reply.status).toBe(200);
		expect(reply.json.trainingType).toBe(echoed);
		expect(emulator.requests.at(-1)!.body).toEqual({ ...valid(), trainingType: sent });
	});

	it.each<[string, Record<string, unknown>, string]>([
		['seed "abc"', { seed: 'abc' }, 'seed'],
		['a 65-character suffix', { suffix: 'x'.repeat(65) }, 'suffix'],
		['method.type "lora"', { method: { type: 'lora' } }, 'method.type'],
		[
			'a python grader inside a multi grader (jobs admit python only at the top, graders.test.ts)',
			{
				method: {
					type: 'reinforcement',
					reinforcement: {
						grader: {
							type: 'multi',
							name: 'm',
							calculate_output: 'p',
							graders: { p: { type: 'python', name: 'g', source: 'def grade(s, i): return 1' } },
						},
					},
				},
			},
			'method.reinforcement.grader.graders.p',
		],
		[
			'n_epochs "3" (a string)',
			{ method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: '3' } } } },
			'method.supervised.hyperparameters.n_epochs',
		],
		[
			'wandb without project',
			{ integrations: [{ type: 'wandb', wandb: { name: 'run' } }] },
			'integrations.0.wandb.project',
		],
	])('refuses %s with 400 naming the param', async (_name, extra, param) => {
		const before = emulator.jobs().length;
		expectRefused(await call(emulator, 'POST', JOBS, { json: { ...valid(), ...extra } }), param);
		expect(emulator.jobs()).toHaveLength(before);
	});

	it('refuses a missing model', async () => {
		expectRefused(
			await call(emulator, 'POST', JOBS, { json: { training_file: trainingFile } }),
			'model',
		);
	});

	it('accepts wandb with a project', async () => {
		const reply = await call(emulator, 'POST', JOBS, {
			json: { ...valid(), integrations: [{ type: 'wandb', wandb: { project: 'p' } }] },
		});
		expect(reply.status).toBe(200);
		expect(reply.json.integrations).toEqual([{ type: 'wandb', wandb: { project: 'p' } }]);
	});

	it('refuses malformed JSON and a missing body', async () => {
		const malformed = await call(emulator, 'POST', JOBS, {
			body: '{"model":',
			headers: { 'content-type': 'application/json' },
		});
		expectRefused(malformed, null);
		expect(malformed.json.error.message).toMatch(/not valid JSON/);
		expect(emulator.requests.at(-1)).toMatchObject({ body: '{"model":', status: 400 });
		expectRefused(await call(emulator, 'POST', JOBS), null);
	});

	it('refuses a training file that does not exist or is not processed yet', async () => {
		const missing = await call(emulator, 'POST', JOBS, {
			json: { ...valid(), training_file: 'file-nope' },
		});
		expectRefused(missing, 'training_file');
		expect(missing.json.error.message).toBe("File with id 'file-nope' not found.");
		const pending = (await upload(emulator)).json.id;
		const notReady = await call(emulator, 'POST', JOBS, {
			json: { ...valid(), validation_file: pending },
		});
		expectRefused(notReady, 'validation_file');
		expect(notReady.json.error.message).toBe(
			'The specified file reference must point to a completed file import.',
		);
	});
});

describe('query parameters', () => {
	it('refuses limit=abc', async () => {
		expectRefused(await call(emulator, 'GET', `${JOBS}?limit=abc`), 'limit');
	});

	it('refuses a dated api-version on the v1 path', async () => {
		expectRefused(await call(emulator, 'GET', `${JOBS}?api-version=2024-10-21`), 'api-version');
	});

	it('accepts api-version v1 and preview, and ignores unknown parameters', async () => {
		for (const query of [
			'api-version=v1',
			'api-version=preview',
			'foo=bar&limit=5&after=ftjob-x',
		]) {
			expect((await call(emulator, 'GET', `${JOBS}?${query}`)).status).toBe(200);
		}
		expect(emulator.requests.at(-1)!.query).toEqual({ foo: 'bar', limit: '5', after: 'ftjob-x' });
	});
});

describe('upload', () => {
	const FILES = '/openai/v1/files';

	it('accepts file + purpose, with or without expires_after, and records the parts', async () => {
		const plain = await upload(emulator);
		expect(plain.status).toBe(200);
		expect(plain.json).toMatchObject({
			object: 'file',
			status: 'pending',
			purpose: 'fine-tune',
			filename: 'train.jsonl',
			bytes: expect.any(Number),
		});
		expect(emulator.requests.at(-1)!.body).toEqual({
			fields: { purpose: 'fine-tune' },
			file: { filename: 'train.jsonl', contentType: 'application/jsonl', bytes: plain.json.bytes },
		});
		const form = new FormData();
		form.append('purpose', 'fine-tune');
		form.append('expires_after[seconds]', '1209600');
		form.append('expires_after[anchor]', 'created_at');
		form.append('file', new Blob(['{}'], { type: 'application/jsonl' }), 'a.jsonl');
		const expiring = await call(emulator, 'POST', FILES, { body: form });
		expect(expiring.status).toBe(200);
		expect(expiring.json.expires_at).toBe(expiring.json.created_at + 1209600);
	});

	it.each([
		[
			'a bad purpose',
			'Content-Disposition: form-data; name="file"; filename="a.jsonl"\r\nContent-Type: application/jsonl',
			'purpose',
			'nonsense',
		],
		[
			'a file part without filename',
			'Content-Disposition: form-data; name="file"\r\nContent-Type: application/jsonl',
			'file',
			'fine-tune',
		],
		[
			'a file part without content type',
			'Content-Disposition: form-data; name="file"; filename="a.jsonl"',
			'file',
			'fine-tune',
		],
		['no file part', 'Content-Disposition: form-data; name="other"', 'file', 'fine-tune'],
	])('refuses %s', async (_name, fileHeaders, param, purpose) => {
		const { body, headers } = rawMultipart(fileHeaders);
		expectRefused(
			await call(emulator, 'POST', FILES, {
				body: body.replace('\r\n\r\nfine-tune', `\r\n\r\n${purpose}`),
				headers,
			}),
			param,
		);
	});

	it('refuses a multipart body that cannot be parsed', async () => {
		const reply = await call(emulator, 'POST', FILES, {
			body: 'garbage',
			headers: { 'content-type': 'multipart/form-data; boundary=x' },
		});
		expectRefused(reply, null);
	});
});

describe('auth and routing', () => {
	const UNAUTHORIZED = {
		error: {
			code: '401',
			message:
				'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
		},
	};

	it.each([
		['without a key', null],
		['with a wrong key', 'wrong-key'],
	])('answers 401 %s', async (_name, apiKey) => {
		const reply = await call(emulator, 'GET', JOBS, { apiKey });
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual(UNAUTHORIZED);
		expect(emulator.requests.at(-1)!.status).toBe(401);
	});

	it('answers 404 for an unknown path and an unknown job', async () => {
		expect(await call(emulator, 'GET', '/openai/v1/deployments')).toMatchObject({
			status: 404,
			json: { error: { code: '404' } },
		});
		const job = await call(emulator, 'GET', `${JOBS}/ftjob-unknown`);
		expect(job.status).toBe(404);
		expect(job.json).toEqual({
			error: { code: 'notFound', message: "Fine-tuning job with id 'ftjob-unknown' not found." },
		});
	});

	it('never records the api-key value, not even a wrong one or in a bearer token', async () => {
		await createJob(emulator);
		await call(emulator, 'GET', JOBS, { apiKey: 'wrong-secret-value' });
		await call(emulator, 'GET', JOBS, {
			headers: { authorization: `Bearer ${emulator.apiKey}`, 'x-echo': emulator.apiKey },
		});
		const log = JSON.stringify(emulator.requests);
		expect(emulator.requests.length).toBeGreaterThanOrEqual(4);
		expect(log).not.toContain(emulator.apiKey);
		expect(log).not.toContain('wrong-secret-value');
		expect(emulator.requests.at(-1)!.headers).toMatchObject({
			authorization: '<redacted>',
			'x-echo': '<redacted>',
		});
		expect(emulator.requests[0].headers['api-key']).toBe('<redacted>');
	});

	it('sends an apim-request-id uuid on every answer', async () => {
		const ids = new Set<string>();
		for (const reply of [
			await call(emulator, 'GET', JOBS),
			await call(emulator, 'GET', JOBS, { apiKey: null }),
			await call(emulator, 'GET', '/nope'),
		]) {
			expect(reply.headers.get('apim-request-id')).toMatch(
				/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
			);
			ids.add(reply.headers.get('apim-request-id')!);
		}
		expect(ids.size).toBe(3);
	});
});
