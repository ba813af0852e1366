/** The dated ("last generation") path form `/openai/<path>?api-version=YYYY-MM-DD[-preview]`. */
import { call, processedFile } from './helpers';
import { startEmulator, type Emulator } from './';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ selfCheck: true });
});
afterAll(() => emulator.close());

const VERSION = 'api-version=2025-04-01-preview';

it('creates a job with 201 and a Location header, then serves it on the dated path', async () => {
	const file = await processedFile(emulator);
	const created = await call(emulator, 'POST', `/openai/fine_tuning/jobs?${VERSION}`, {
		json: { model: 'gpt-4.1-2025-04-14', training_file: file.id, trainingType: 'developerTier' },
	});
	expect(created.status).toBe(201);
	expect(created.json).toMatchObject({ status: 'pending', trainingType: 'developerTier' });
	expect(created.headers.get('location')).toBe(
		`${emulator.url}/openai/fine_tuning/jobs/${created.json.id}?${VERSION}`,
	);

	const fetched = await call(
		emulator,
		'GET',
		new URL(created.headers.get('location')!).pathname + `?${VERSION}`,
	);
	expect(fetched).toMatchObject({ status: 200, json: { id: created.json.id } });
	expect(
		(await call(emulator, 'GET', `/openai/fine_tuning/jobs?api-version=2024-10-21&limit=1`)).json
			.data,
	).toHaveLength(1);
	expect(
		(await call(emulator, 'GET', `/openai/files/${file.id}?api-version=2024-10-21`)).json.id,
	).toBe(file.id);
	expect((await call(emulator, 'GET', `/openai/models?${VERSION}`)).status).toBe(200);
});

it('validates dated requests against the same spec', async () => {
	const reply = await call(emulator, 'POST', `/openai/fine_tuning/jobs?${VERSION}`, {
		json: { model: 'x', training_file: 'f', seed: 'abc' },
	});
	expect(reply.status).toBe(400);
	expect(reply.json.error).toMatchObject({ code: 'invalidPayload', param: 'seed' });
});

it.each([
	['missing', '', "Missing required query parameter 'api-version'."],
	['not a date', '?api-version=v1', 'API version not supported'],
	['malformed', '?api-version=2025-4-1', 'API version not supported'],
])('refuses a %s api-version with 400', async (_name, query, message) => {
	const reply = await call(emulator, 'GET', `/openai/fine_tuning/jobs${query}`);
	expect(reply.status).toBe(400);
	expect(reply.json).toEqual({
		error: { code: 'BadRequest', message, param: 'api-version', type: 'invalid_request_error' },
	});
});

it('answers 404 for a dated path the API does not have', async () => {
	expect((await call(emulator, 'GET', `/openai/deployments?${VERSION}`)).status).toBe(404);
});

describe('api-version 2024-10-21 (before method, metadata and integrations)', () => {
	const GA = 'api-version=2024-10-21';

	it('creates a job with the top-level hyperparameters as numbers', async () => {
		const file = await processedFile(emulator);
		const reply = await call(emulator, 'POST', `/openai/fine_tuning/jobs?${GA}`, {
			json: {
				model: 'gpt-4.1-2025-04-14',
				training_file: file.id,
				suffix: 'ok',
				hyperparameters: { n_epochs: 2 },
			},
		});
		expect(reply.status).toBe(201);
	});

	it.each<[string, Record<string, unknown>, string]>([
		['method', { method: { type: 'supervised' } }, 'method'],
		['metadata', { metadata: { team: 'a' } }, 'metadata'],
		[
			'integrations',
			{ integrations: [{ type: 'wandb', wandb: { project: 'p' } }] },
			'integrations',
		],
		['trainingType', { trainingType: 'globalstandard' }, 'trainingType'],
		[
			'an "auto" hyperparameter',
			{ hyperparameters: { n_epochs: 'auto' } },
			'hyperparameters.n_epochs',
		],
	])('refuses %s with 400 naming the field', async (_name, extra, param) => {
		const file = await processedFile(emulator);
		const reply = await call(emulator, 'POST', `/openai/fine_tuning/jobs?${GA}`, {
			json: { model: 'gpt-4.1-2025-04-14', training_file: file.id, ...extra },
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error).toMatchObject({ code: 'invalidPayload', param });
	});

	it('a dated preview version takes the v1 body (method, metadata)', async () => {
		const file = await processedFile(emulator);
		const reply = await call(emulator, 'POST', `/openai/fine_tuning/jobs?${VERSION}`, {
			json: {
				model: 'gpt-4.1-2025-04-14',
				training_file: file.id,
				method: { type: 'supervised' },
				metadata: { team: 'a' },
			},
		});
		expect(reply.status).toBe(201);
	});
});

it.each(['with.dot', 'with space', 'x'.repeat(41)])(
	'refuses the suffix %j on every API version (Azure: up to 40 of a-z A-Z 0-9 - _)',
	async (suffix) => {
		const file = await processedFile(emulator);
		const reply = await call(emulator, 'POST', '/openai/v1/fine_tuning/jobs', {
			json: { model: 'gpt-4.1-2025-04-14', training_file: file.id, suffix },
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error).toMatchObject({ code: 'invalidPayload', param: 'suffix' });
	},
);
