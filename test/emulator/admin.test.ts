/** The control API over HTTP (`/__emulator/`) and the CLI process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { call, createJob } from './helpers';
import { startEmulator, type Emulator } from './';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ apiKey: 'admin-test-key' });
});
afterAll(() => emulator.close());

/** Calls an admin route (no api-key). */
async function admin(method: string, path: string, body?: unknown) {
	const res = await fetch(`${emulator.url}/__emulator${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

it('drives the lifecycle over HTTP', async () => {
	const job = await createJob(emulator);
	expect((await admin('POST', '/step')).json).toEqual({ now: emulator.now() });
	expect(emulator.jobs().find((j) => j.id === job.id)!.status).toBe('validating_files');
	expect((await admin('POST', `/jobs/${job.id}/advance`)).json.status).toBe('queued');
	expect((await admin('POST', `/jobs/${job.id}/advance`, { to: 'paused' })).json.status).toBe(
		'paused',
	);
	expect(
		(await admin('POST', `/jobs/${job.id}/fail`, { code: 'quotaExceeded', message: 'No quota.' }))
			.status,
	).toBe(204);
	await admin('POST', '/step');
	expect(emulator.jobs().find((j) => j.id === job.id)!.error).toEqual({
		code: 'quotaExceeded',
		message: 'No quota.',
		param: null,
	});
	expect((await admin('DELETE', `/jobs/${job.id}`)).status).toBe(204);
	expect((await admin('DELETE', `/jobs/${job.id}`)).json.error.code).toBe('notFound');
	expect((await admin('POST', '/jobs/ftjob-nope/advance')).status).toBe(404);
});

it('records, lists and clears requests, with the key redacted', async () => {
	await admin('DELETE', '/requests');
	await call(emulator, 'GET', '/openai/v1/models');
	const { json } = await admin('GET', '/requests');
	expect(json).toEqual([
		expect.objectContaining({ method: 'GET', path: '/openai/v1/models', status: 200 }),
	]);
	expect(JSON.stringify(json)).not.toContain('admin-test-key');
	expect((await admin('DELETE', '/requests')).status).toBe(204);
	expect(emulator.requests).toEqual([]);
});

it('seeds jobs, sets the clock, injects faults and reports state', async () => {
	expect((await admin('POST', '/now', { now: 1_750_000_000 })).json).toEqual({
		now: 1_750_000_000,
	});
	const seeded = (await admin('POST', '/seed', { count: 3, status: 'running' })).json.data;
	expect(seeded.map((j: { status: string }) => j.status)).toEqual([
		'running',
		'running',
		'running',
	]);
	expect(
		(await admin('POST', '/faults', [{ kind: 'status', status: 503, path: '/models' }])).json
			.pending,
	).toHaveLength(1);
	expect((await call(emulator, 'GET', '/openai/v1/models')).status).toBe(503);
	const state = (await admin('GET', '/state')).json;
	expect(state).toMatchObject({ now: 1_750_000_000, faults: [], requestCount: expect.any(Number) });
	expect(state.jobs.map((j: { id: string }) => j.id)).toEqual(
		expect.arrayContaining(seeded.map((j: { id: string }) => j.id)),
	);
});

it('answers 400 for bad input and 404 for an unknown route', async () => {
	expect((await admin('POST', '/faults', { kind: 'nope' })).json.error.code).toBe(
		'badAdminRequest',
	);
	expect((await admin('POST', '/seed', { count: 'x' })).status).toBe(400);
	expect((await admin('GET', '/nothing')).status).toBe(404);
});

it('runs as a CLI process that prints its URL and stops on SIGTERM', async () => {
	const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const child = spawn(
		process.execPath,
		[
			tsx,
			join(__dirname, 'cli.ts'),
			'--port',
			'0',
			'--api-key',
			'cli-key',
			'--auto-advance-ms',
			'50',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	try {
		const url = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				const match = /^Emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
				if (match) resolve(match[1]);
			});
			child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}: ${out}`)));
		});
		const models = await fetch(`${url}/openai/v1/models`, { headers: { 'api-key': 'cli-key' } });
		expect(models.status).toBe(200);
		const now = async () =>
			((await (await fetch(`${url}/__emulator/state`)).json()) as { now: number }).now;
		const first = await now();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(await now()).toBeGreaterThan(first); // auto-advance
	} finally {
		const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		expect(await exit).toBe(0);
	}
}, 30_000);
