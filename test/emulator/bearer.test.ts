/** Bearer tokens on the data plane: audiences, tenant, expiry, and key authentication turned off. */
import { call } from './helpers';
import {
	ARM_SCOPE,
	clientCredentials,
	DATA_PLANE_SCOPE,
	requestToken,
	tokenFor,
	withBearer,
} from './armHelpers';
import { DEFAULT_ENTRA_APP, startEmulator, type Emulator, type EntraApp } from './';

const MODELS = '/openai/v1/models';
const BEARER_REFUSAL = {
	statusCode: 401,
	message:
		'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
};
const KEY_REFUSAL = {
	error: {
		code: '401',
		message: expect.stringMatching(/^Access denied due to invalid subscription key/),
	},
};
const FOREIGN: EntraApp = {
	tenantId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
	clientId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
	clientSecret: 'foreign-secret',
};

let emulator: Emulator;

beforeAll(async () => {
	// The second app lives in another tenant than the resource's (the first app's).
	emulator = await startEmulator({
		entra: { apps: [DEFAULT_ENTRA_APP, FOREIGN] },
	});
});
afterAll(() => emulator.close());
afterEach(() => emulator.setLocalAuthDisabled(false));

it('accepts a data-plane token and refuses an ARM one with Azure’s text', async () => {
	const dataPlane = await tokenFor(emulator, DATA_PLANE_SCOPE);
	expect((await withBearer(emulator, 'GET', MODELS, dataPlane)).status).toBe(200);
	const armToken = await tokenFor(emulator, ARM_SCOPE);
	const refused = await withBearer(emulator, 'GET', MODELS, armToken);
	expect(refused.status).toBe(401);
	expect(refused.json).toEqual(BEARER_REFUSAL);
	expect(emulator.requests.at(-1)).toMatchObject({ status: 401, error: BEARER_REFUSAL });
});

it('accepts the Foundry audience too', async () => {
	const reply = await requestToken(
		emulator,
		clientCredentials(DEFAULT_ENTRA_APP, 'https://ai.azure.com/.default'),
	);
	expect((await withBearer(emulator, 'GET', MODELS, reply.json.access_token)).status).toBe(200);
});

it.each([
	['an unknown token', 'not-a-token'],
	['a token in another shape', 'a.b.c'],
])('refuses %s', async (_what, token) => {
	const reply = await withBearer(emulator, 'GET', MODELS, token);
	expect(reply.status).toBe(401);
	expect(reply.json).toEqual(BEARER_REFUSAL);
});

it('refuses a token of another tenant', async () => {
	const reply = await requestToken(
		emulator,
		clientCredentials(FOREIGN, DATA_PLANE_SCOPE),
		FOREIGN.tenantId,
	);
	expect(reply.status).toBe(200);
	expect((await withBearer(emulator, 'GET', MODELS, reply.json.access_token)).json).toEqual(
		BEARER_REFUSAL,
	);
});

it('refuses an expired token', async () => {
	const token = await tokenFor(emulator, DATA_PLANE_SCOPE);
	emulator.setNow(emulator.now() + 3600);
	const reply = await withBearer(emulator, 'GET', MODELS, token);
	expect(reply.status).toBe(401);
	expect(reply.json).toEqual(BEARER_REFUSAL);
	const fresh = await tokenFor(emulator, DATA_PLANE_SCOPE);
	expect((await withBearer(emulator, 'GET', MODELS, fresh)).status).toBe(200);
});

it('keeps the api-key working as before, and refuses a request with neither credential', async () => {
	expect((await call(emulator, 'GET', MODELS)).status).toBe(200);
	const wrong = await call(emulator, 'GET', MODELS, { apiKey: 'wrong' });
	expect(wrong.status).toBe(401);
	expect(wrong.json).toEqual(KEY_REFUSAL);
	const none = await call(emulator, 'GET', MODELS, { apiKey: null });
	expect(none.json).toEqual(KEY_REFUSAL);
});

it('with key authentication disabled, refuses the right key but accepts a token', async () => {
	emulator.setLocalAuthDisabled(true);
	const key = await call(emulator, 'GET', MODELS);
	expect(key.status).toBe(401);
	expect(key.json).toEqual(KEY_REFUSAL);
	const token = await tokenFor(emulator, DATA_PLANE_SCOPE);
	expect((await withBearer(emulator, 'GET', MODELS, token)).status).toBe(200);
	emulator.setLocalAuthDisabled(false);
	expect((await call(emulator, 'GET', MODELS)).status).toBe(200);
});

it('takes disableLocalAuth from the options', async () => {
	const keyless = await startEmulator({ disableLocalAuth: true });
	try {
		expect((await call(keyless, 'GET', MODELS)).status).toBe(401);
		const token = await tokenFor(keyless, DATA_PLANE_SCOPE);
		expect((await withBearer(keyless, 'GET', MODELS, token)).status).toBe(200);
	} finally {
		await keyless.close();
	}
});
