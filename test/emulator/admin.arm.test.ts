/** The `/__emulator/` routes for Entra and ARM, and the CLI's flags for them. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { call } from './helpers';
import {
	accountPath,
	arm,
	ARM_SCOPE,
	clientCredentials,
	DATA_PLANE_SCOPE,
	deployableModel,
	deploymentBody,
	requestToken,
	tokenFor,
} from './armHelpers';
import { DEFAULT_ENTRA_APP, startEmulator, type Emulator } from './';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(() => emulator.close());

/** Calls an admin route on `base` (no credentials). */
async function admin(method: string, path: string, body?: unknown, base = emulator.url) {
	const res = await fetch(`${base}/__emulator${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

it('counts token requests per tenant and client', async () => {
	const before = (await admin('GET', '/token-requests')).json.count;
	await requestToken(emulator, clientCredentials(DEFAULT_ENTRA_APP, ARM_SCOPE));
	const { tenantId, clientId } = DEFAULT_ENTRA_APP;
	expect((await admin('GET', '/token-requests')).json).toEqual({ count: before + 1 });
	expect(
		(await admin('GET', `/token-requests?tenantId=${tenantId}&clientId=${clientId}`)).json.count,
	).toBe(emulator.tokenRequestCount(tenantId, clientId));
	expect((await admin('GET', '/token-requests?clientId=nobody')).json).toEqual({ count: 0 });
	expect((await admin('GET', '/state')).json.tokenRequestCount).toBe(before + 1);
});

it('sets the token lifetime and refuses a bad one', async () => {
	expect((await admin('POST', '/token-lifetime', { seconds: 90 })).status).toBe(204);
	const reply = await requestToken(emulator, clientCredentials(DEFAULT_ENTRA_APP, ARM_SCOPE));
	expect(reply.json.expires_in).toBe(90);
	expect((await admin('POST', '/token-lifetime', { seconds: -1 })).json.error.code).toBe(
		'badAdminRequest',
	);
	emulator.setTokenLifetime(3600);
});

it('turns key authentication off and on', async () => {
	expect((await admin('POST', '/local-auth', { disabled: true })).status).toBe(204);
	expect((await call(emulator, 'GET', '/openai/v1/models')).status).toBe(401);
	expect((await admin('POST', '/local-auth', { disabled: false })).status).toBe(204);
	expect((await call(emulator, 'GET', '/openai/v1/models')).status).toBe(200);
	expect((await admin('POST', '/local-auth', { disabled: 'yes' })).status).toBe(400);
});

it('scripts a deployment and lists deployments', async () => {
	expect(
		(
			await admin('POST', '/deployments/scripted/script', {
				provisioningPolls: 0,
				fail: { code: 'InternalServerError', message: 'Scripted.' },
			})
		).status,
	).toBe(204);
	const token = await tokenFor(emulator, ARM_SCOPE);
	const created = await arm(emulator, token, 'PUT', accountPath(emulator, 'scripted'), {
		json: deploymentBody(deployableModel(emulator)),
	});
	expect(created.json.properties.provisioningState).toBe('Failed');
	const { json } = await admin('GET', '/deployments');
	expect(json.value).toEqual([
		expect.objectContaining({
			name: 'scripted',
			properties: expect.objectContaining({ provisioningState: 'Failed' }),
		}),
	]);
	expect((await admin('GET', '/state')).json.deployments).toEqual(json.value);
	expect((await admin('POST', '/deployments/x/script', { servingDelayRequests: 1.5 })).status).toBe(
		400,
	);
});

it('runs the CLI with key authentication disabled and a token lifetime', async () => {
	const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const child = spawn(
		process.execPath,
		[
			tsx,
			join(__dirname, 'cli.ts'),
			'--port',
			'0',
			'--disable-local-auth',
			'--token-lifetime-seconds',
			'77',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
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
		const remote = { ...emulator, url, entraApps: [DEFAULT_ENTRA_APP] } as Emulator;
		const token = await requestToken(
			remote,
			clientCredentials(DEFAULT_ENTRA_APP, DATA_PLANE_SCOPE),
		);
		expect(token.json.expires_in).toBe(77);
		const keyed = await fetch(`${url}/openai/v1/models`, {
			headers: { 'api-key': emulator.apiKey },
		});
		expect(keyed.status).toBe(401);
		const bearer = await fetch(`${url}/openai/v1/models`, {
			headers: { authorization: `Bearer ${token.json.access_token}` },
		});
		expect(bearer.status).toBe(200);
	} finally {
		const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		expect(await exit).toBe(0);
	}
}, 30_000);
