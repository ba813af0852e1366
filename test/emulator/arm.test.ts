/** ARM: authentication, api-version, routing, spec validation of requests, accounts and list paging. */
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
import { DEFAULT_ARM, DEFAULT_ENTRA_APP, startEmulator, type Emulator, type EntraApp } from './';

const FOREIGN: EntraApp = {
	tenantId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
	clientId: '3b4c5d6e-7f8a-4b9c-8d0e-2f3a4b5c6d7e',
	clientSecret: 'foreign-arm-secret',
};

let emulator: Emulator;
let token: string;

beforeAll(async () => {
	emulator = await startEmulator({
		selfCheck: true,
		entra: { apps: [DEFAULT_ENTRA_APP, FOREIGN] },
		arm: {
			otherAccounts: [{ name: 'other-foundry' }, { name: 'elsewhere', resourceGroup: 'rg-other' }],
			pageSize: 2,
		},
	});
	token = await tokenFor(emulator, ARM_SCOPE);
});
afterAll(() => emulator.close());

const subscription = () => `/subscriptions/${emulator.account.subscriptionId}`;
const accounts = () => `${subscription()}/providers/Microsoft.CognitiveServices/accounts`;

describe('authentication', () => {
	it.each([
		['no Authorization header', undefined, 'AuthenticationFailed', /header is missing/],
		['a Basic header', 'Basic abc', 'AuthenticationFailed', /invalid format/],
		['an unknown token', 'Bearer nope', 'InvalidAuthenticationToken', /is invalid/],
	])('answers 401 to %s', async (_what, authorization, code, message) => {
		const reply = await fetch(`${emulator.armUrl}${accounts()}?api-version=2026-09-01`, {
			headers: authorization ? { authorization } : {},
		});
		expect(reply.status).toBe(401);
		const body = (await reply.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe(code);
		expect(body.error.message).toMatch(message);
		expect(reply.headers.get('www-authenticate')).toContain(
			`authorization_uri="${emulator.authorityUrl}/${emulator.account.tenantId}"`,
		);
	});

	it('refuses a data-plane token with ARM’s wrong-audience answer', async () => {
		const dataPlane = await tokenFor(emulator, DATA_PLANE_SCOPE);
		const reply = await arm(emulator, dataPlane, 'GET', accounts());
		expect(reply.status).toBe(401);
		expect(reply.json.error).toEqual({
			code: 'InvalidAuthenticationTokenAudience',
			message: expect.stringContaining(
				"wrong audience or resource 'https://cognitiveservices.azure.com'",
			),
		});
	});

	it('refuses an expired token and a token of another tenant', async () => {
		const short = await tokenFor(emulator, ARM_SCOPE);
		emulator.setNow(emulator.now() + 3600);
		const expired = await arm(emulator, short, 'GET', accounts());
		expect(expired.status).toBe(401);
		expect(expired.json.error.code).toBe('ExpiredAuthenticationToken');
		token = await tokenFor(emulator, ARM_SCOPE);
		const foreign = await requestToken(
			emulator,
			clientCredentials(FOREIGN, ARM_SCOPE),
			FOREIGN.tenantId,
		);
		const reply = await arm(emulator, foreign.json.access_token, 'GET', accounts());
		expect(reply.status).toBe(401);
		expect(reply.json.error.code).toBe('InvalidAuthenticationTokenTenant');
	});
});

describe('api-version', () => {
	it.each([
		[null, 'MissingApiVersionParameter'],
		['latest', 'InvalidApiVersionParameter'],
		['2024-10-21', 'NoRegisteredProviderFound'],
	])('refuses %s with %s', async (apiVersion, code) => {
		const reply = await arm(emulator, token, 'GET', accounts(), { apiVersion });
		expect(reply.status).toBe(400);
		expect(reply.json.error.code).toBe(code);
	});

	it.each(['2024-10-01', '2025-07-01-preview', '2026-09-01'])('serves %s', async (apiVersion) => {
		expect((await arm(emulator, token, 'GET', accounts(), { apiVersion })).status).toBe(200);
	});
});

describe('accounts', () => {
	it('gets the own account, whose endpoint is the emulator', async () => {
		const reply = await arm(emulator, token, 'GET', accountPath(emulator));
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({
			id: accountPath(emulator),
			name: DEFAULT_ARM.accountName,
			type: 'Microsoft.CognitiveServices/accounts',
			location: DEFAULT_ARM.location,
			properties: {
				endpoint: `${emulator.url}/`,
				endpoints: { 'OpenAI Language Model Instance API': `${emulator.url}/` },
				customSubDomainName: DEFAULT_ARM.accountName,
				disableLocalAuth: false,
			},
		});
		emulator.setLocalAuthDisabled(true);
		const keyless = await arm(emulator, token, 'GET', accountPath(emulator));
		emulator.setLocalAuthDisabled(false);
		expect(keyless.json.properties.disableLocalAuth).toBe(true);
	});

	it('lists the subscription’s accounts in pages that follow nextLink', async () => {
		const first = await arm(emulator, token, 'GET', accounts());
		expect(first.json.value.map((a: { name: string }) => a.name)).toEqual([
			DEFAULT_ARM.accountName,
			'other-foundry',
		]);
		expect(first.json.nextLink).toMatch(/[?&]\$skipToken=2/);
		const second = await arm(emulator, token, 'GET', first.json.nextLink);
		expect(second.json).toEqual({ value: [expect.objectContaining({ name: 'elsewhere' })] });
		expect(second.json.value[0].properties.endpoint).toBe('https://elsewhere.openai.azure.com/');
	});

	it('lists one resource group', async () => {
		const path = `${subscription()}/resourceGroups/rg-other/providers/Microsoft.CognitiveServices/accounts`;
		const reply = await arm(emulator, token, 'GET', path);
		expect(reply.json.value.map((a: { name: string }) => a.name)).toEqual(['elsewhere']);
	});

	it.each([
		[
			'an unknown subscription',
			'/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CognitiveServices/accounts',
			'SubscriptionNotFound',
		],
		[
			'an unknown resource group',
			() =>
				`${subscription()}/resourceGroups/rg-none/providers/Microsoft.CognitiveServices/accounts`,
			'ResourceGroupNotFound',
		],
		[
			'an unknown account',
			() =>
				`${subscription()}/resourceGroups/${DEFAULT_ARM.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/nope`,
			'ResourceNotFound',
		],
	])('answers 404 for %s', async (_what, path, code) => {
		const reply = await arm(emulator, token, 'GET', typeof path === 'string' ? path : path());
		expect(reply.status).toBe(404);
		expect(reply.json.error.code).toBe(code);
	});

	it('matches the provider path case-insensitively', async () => {
		const path = accountPath(emulator).replace(
			'Microsoft.CognitiveServices',
			'microsoft.cognitiveservices',
		);
		expect((await arm(emulator, token, 'GET', path)).status).toBe(200);
	});
});

describe('spec validation of requests', () => {
	let model: string;
	beforeAll(() => {
		model = deployableModel(emulator);
	});

	it('accepts a well-formed PUT', async () => {
		const reply = await arm(emulator, token, 'PUT', accountPath(emulator, 'valid-put'), {
			json: deploymentBody(model),
		});
		expect(reply.status).toBe(201);
	});

	it.each<[string, unknown, string, RegExp]>([
		['no sku name', { sku: { capacity: 1 } }, 'sku.name', /required property 'name'/],
		[
			'a fractional capacity',
			{ sku: { name: 'Standard', capacity: 1.5 } },
			'sku.capacity',
			/integer/,
		],
		[
			'an unknown deploymentState',
			{ sku: { name: 'Standard' }, properties: { deploymentState: 'Asleep' } },
			'properties.deploymentState',
			/allowed values \(Running, Paused\)/,
		],
		[
			'a model name that is not a string',
			{ sku: { name: 'Standard' }, properties: { model: { name: 42 } } },
			'properties.model.name',
			/string/,
		],
	])(
		'refuses %s with InvalidRequestContent naming the target',
		async (_what, json, target, message) => {
			const reply = await arm(emulator, token, 'PUT', accountPath(emulator, 'bad-put'), { json });
			expect(reply.status).toBe(400);
			expect(reply.json.error).toEqual({
				code: 'InvalidRequestContent',
				message: expect.stringMatching(message),
				target,
			});
		},
	);

	it('refuses a PUT without a body, and malformed JSON', async () => {
		const empty = await arm(emulator, token, 'PUT', accountPath(emulator, 'bad-put'));
		expect(empty.json.error).toMatchObject({ code: 'InvalidRequestContent', message: /required/ });
		const malformed = await fetch(
			`${emulator.armUrl}${accountPath(emulator, 'bad-put')}?api-version=2026-09-01`,
			{
				method: 'PUT',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: '{"sku":',
			},
		);
		expect(malformed.status).toBe(400);
		expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
			'InvalidRequestContent',
		);
	});

	it('refuses a path parameter outside its pattern', async () => {
		const path = accountPath(emulator).replace(/accounts\/.*$/, 'accounts/-leading-dash');
		const reply = await arm(emulator, token, 'GET', path);
		expect(reply.status).toBe(400);
		expect(reply.json.error).toMatchObject({ code: 'InvalidParameter', target: 'accountName' });
	});

	it('answers 405 for a method the path does not have, and 404 for an unknown path', async () => {
		expect((await arm(emulator, token, 'POST', accountPath(emulator))).status).toBe(405);
		const unknown = await arm(emulator, token, 'GET', `${accountPath(emulator)}/models`);
		expect(unknown.status).toBe(404);
	});

	it('checks PATCH bodies against PatchResourceTagsAndSku', async () => {
		const reply = await arm(emulator, token, 'PATCH', accountPath(emulator, 'valid-put'), {
			json: { sku: { name: 'Standard', capacity: 'ten' } },
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error.target).toBe('sku.capacity');
	});
});
