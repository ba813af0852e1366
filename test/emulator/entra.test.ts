/** The emulated Entra ID token endpoint: answers, Entra's refusals, counts, expiry and what is recorded. */
import {
	ARM_SCOPE,
	clientCredentials,
	DATA_PLANE_SCOPE,
	requestToken,
	withBearer,
} from './armHelpers';
import { DEFAULT_ENTRA_APP, startEmulator, type Emulator, type EntraApp } from './';

const OTHER: EntraApp = {
	tenantId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
	clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
	clientSecret: 'second-app-secret',
};

let emulator: Emulator;
const app = DEFAULT_ENTRA_APP;

beforeAll(async () => {
	emulator = await startEmulator({ entra: { apps: [DEFAULT_ENTRA_APP, OTHER] } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());

/** The JWT claims of a token. */
function claims(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

it('issues a bearer token with its lifetime, audience and tenant', async () => {
	const reply = await requestToken(emulator, clientCredentials(app, DATA_PLANE_SCOPE));
	expect(reply.status).toBe(200);
	expect(reply.headers.get('cache-control')).toContain('no-store');
	expect(reply.json).toEqual({
		token_type: 'Bearer',
		expires_in: 3600,
		ext_expires_in: 3600,
		access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
	});
	expect(claims(reply.json.access_token)).toMatchObject({
		aud: 'https://cognitiveservices.azure.com',
		tid: app.tenantId,
		appid: app.clientId,
		iat: emulator.now(),
		exp: emulator.now() + 3600,
	});
	const arm = await requestToken(emulator, clientCredentials(app, ARM_SCOPE));
	expect(claims(arm.json.access_token).aud).toBe('https://management.azure.com');
});

it('accepts the client authenticating with HTTP Basic', async () => {
	const { client_secret: _secret, client_id: _id, ...rest } = clientCredentials(app, ARM_SCOPE);
	const basic = Buffer.from(`${app.clientId}:${encodeURIComponent(app.clientSecret)}`).toString(
		'base64',
	);
	const reply = await requestToken(emulator, rest, app.tenantId, {
		authorization: `Basic ${basic}`,
	});
	expect(reply.status).toBe(200);
	expect(claims(reply.json.access_token).appid).toBe(app.clientId);
});

describe('refusals, as Entra words them', () => {
	it.each<
		[string, () => Promise<Awaited<ReturnType<typeof requestToken>>>, number, string, number]
	>([
		[
			'a wrong secret',
			() => requestToken(emulator, { ...clientCredentials(app, ARM_SCOPE), client_secret: 'nope' }),
			401,
			'invalid_client',
			7000215,
		],
		[
			'no secret',
			() => {
				const { client_secret: _secret, ...form } = clientCredentials(app, ARM_SCOPE);
				return requestToken(emulator, form);
			},
			401,
			'invalid_client',
			7000218,
		],
		[
			'an unknown tenant',
			() =>
				requestToken(
					emulator,
					clientCredentials(app, ARM_SCOPE),
					'11111111-2222-4333-8444-555555555555',
				),
			400,
			'invalid_request',
			90002,
		],
		[
			'an unknown client',
			() =>
				requestToken(emulator, {
					...clientCredentials(app, ARM_SCOPE),
					client_id: OTHER.clientId,
				}),
			400,
			'unauthorized_client',
			700016,
		],
		[
			'a scope without /.default',
			() =>
				requestToken(
					emulator,
					clientCredentials(app, 'https://cognitiveservices.azure.com/user_impersonation'),
				),
			400,
			'invalid_scope',
			70011,
		],
		[
			'an unknown resource',
			() => requestToken(emulator, clientCredentials(app, 'https://vault.azure.net/.default')),
			400,
			'invalid_resource',
			500011,
		],
		[
			'no scope',
			() => {
				const { scope: _scope, ...form } = clientCredentials(app, ARM_SCOPE);
				return requestToken(emulator, form);
			},
			400,
			'invalid_request',
			900144,
		],
		[
			'another grant type',
			() =>
				requestToken(emulator, { ...clientCredentials(app, ARM_SCOPE), grant_type: 'password' }),
			400,
			'unsupported_grant_type',
			70003,
		],
	])('refuses %s', async (_what, send, status, error, code) => {
		const reply = await send();
		expect(reply.status).toBe(status);
		expect(reply.json).toEqual({
			error,
			error_description: expect.stringMatching(
				new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: `),
			),
			error_codes: [code],
			timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
			trace_id: expect.any(String),
			correlation_id: expect.any(String),
			error_uri: expect.stringContaining(String(code)),
		});
		expect(reply.json).not.toHaveProperty('access_token');
	});

	it('names the unknown tenant and client in the description', async () => {
		const tenant = await requestToken(
			emulator,
			clientCredentials(app, ARM_SCOPE),
			'no-such-tenant',
		);
		expect(tenant.json.error_description).toContain("Tenant 'no-such-tenant' not found");
		const client = await requestToken(emulator, {
			...clientCredentials(app, ARM_SCOPE),
			client_id: 'unknown-client',
		});
		expect(client.json.error_description).toContain(
			`Application with identifier 'unknown-client' was not found in the directory '${app.tenantId}'`,
		);
	});

	it('refuses a GET', async () => {
		const reply = await fetch(`${emulator.authorityUrl}/${app.tenantId}/oauth2/v2.0/token`);
		expect(reply.status).toBe(400);
		expect(((await reply.json()) as { error_codes: number[] }).error_codes).toEqual([900561]);
	});
});

it('counts token requests per tenant and client, refused ones included', async () => {
	const before = {
		app: emulator.tokenRequestCount(app.tenantId, app.clientId),
		other: emulator.tokenRequestCount(OTHER.tenantId, OTHER.clientId),
		all: emulator.tokenRequestCount(),
	};
	await requestToken(emulator, clientCredentials(app, DATA_PLANE_SCOPE));
	await requestToken(emulator, { ...clientCredentials(app, DATA_PLANE_SCOPE), client_secret: 'x' });
	await requestToken(emulator, clientCredentials(OTHER, ARM_SCOPE), OTHER.tenantId);
	expect(emulator.tokenRequestCount(app.tenantId, app.clientId)).toBe(before.app + 2);
	expect(emulator.tokenRequestCount(OTHER.tenantId, OTHER.clientId)).toBe(before.other + 1);
	expect(emulator.tokenRequestCount(OTHER.tenantId)).toBe(before.other + 1);
	expect(emulator.tokenRequestCount()).toBe(before.all + 3);
});

it('never records the client secret', async () => {
	await requestToken(emulator, clientCredentials(app, DATA_PLANE_SCOPE));
	const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
	await requestToken(
		emulator,
		{ grant_type: 'client_credentials', scope: ARM_SCOPE },
		app.tenantId,
		{
			authorization: `Basic ${basic}`,
			'x-echo': app.clientSecret,
		},
	);
	expect(emulator.requests[0].body).toEqual({
		...clientCredentials(app, DATA_PLANE_SCOPE),
		client_secret: '<redacted>',
	});
	expect(emulator.requests[1].headers).toMatchObject({
		authorization: '<redacted>',
		'x-echo': '<redacted>',
	});
	expect(JSON.stringify(emulator.requests)).not.toContain(app.clientSecret);
	expect(JSON.stringify(emulator.requests)).not.toContain(basic);
});

describe('expiry on the emulator clock', () => {
	afterEach(() => emulator.setTokenLifetime(3600));

	it('issues tokens for the configured lifetime and refuses them once expired', async () => {
		emulator.setTokenLifetime(120);
		const reply = await requestToken(emulator, clientCredentials(app, DATA_PLANE_SCOPE));
		expect(reply.json).toMatchObject({ expires_in: 120, ext_expires_in: 120 });
		const token = reply.json.access_token as string;
		const start = emulator.now();
		emulator.setNow(start + 119);
		expect((await withBearer(emulator, 'GET', '/openai/v1/models', token)).status).toBe(200);
		emulator.setNow(start + 120);
		expect((await withBearer(emulator, 'GET', '/openai/v1/models', token)).status).toBe(401);
	});

	it('takes the lifetime from the options and refuses a bad one', async () => {
		const short = await startEmulator({ entra: { tokenLifetimeSeconds: 60 } });
		try {
			const reply = await requestToken(short, clientCredentials(app, ARM_SCOPE));
			expect(reply.json.expires_in).toBe(60);
		} finally {
			await short.close();
		}
		expect(() => emulator.setTokenLifetime(0)).toThrow(/integer >= 1/);
	});
});
