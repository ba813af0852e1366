/**
 * The Microsoft Entra ID credential's fields as the transport reads them (nodes/shared/transport/entra.ts), and the
 * errors for Entra's refusals: each names the field or the audience, and what to check.
 */
import {
	CLOUDS,
	describeTokenRefusal,
	readEntraSettings,
	tokenKey,
} from '../../nodes/shared/transport/entra';

const BASE = {
	tenantId: '7d1a5c3e-0b5e-4c2a-9f1e-3a6b8c0d2e4f',
	clientId: 'c1e47a08-5d2b-4f6e-8a3c-1b9d0e2f4a6c',
	clientSecret: 'abc~DEF.123_secret',
};

describe('readEntraSettings', () => {
	test.each([
		['public', CLOUDS.public],
		['usGovernment', CLOUDS.usGovernment],
		['china', CLOUDS.china],
		[undefined, CLOUDS.public],
	])('cloud %s gives its hosts and audiences', (cloud, expected) => {
		expect(readEntraSettings({ ...BASE, ...(cloud ? { cloud } : {}) })).toEqual({
			...BASE,
			...expected,
		});
	});

	test('a Custom cloud: hosts as origins, audiences default to the public cloud’s', () => {
		expect(
			readEntraSettings({
				...BASE,
				tenantId: ' contoso.onmicrosoft.com ',
				cloud: 'custom',
				authorityHost: 'http://127.0.0.1:8765/',
				armHost: 'https://arm.example.com',
				dataPlaneAudience: 'https://ai.azure.com/.default',
			}),
		).toEqual({
			...BASE,
			tenantId: 'contoso.onmicrosoft.com',
			authorityHost: 'http://127.0.0.1:8765',
			armHost: 'https://arm.example.com',
			armAudience: 'https://management.azure.com',
			dataPlaneAudience: 'https://ai.azure.com',
		});
	});

	test.each([
		[{ tenantId: '' }, 'Tenant ID: is required'],
		[{ tenantId: 'common' }, 'Tenant ID: "common" names no single tenant'],
		[{ tenantId: 'not a tenant' }, 'Tenant ID: must be a GUID'],
		[{ clientId: '' }, 'Client ID: is required'],
		[
			{ clientId: 'app' },
			'Client ID: must be the app\'s Application (client) ID, a GUID (got "app")',
		],
		[{ clientSecret: '  ' }, 'Client Secret: is required'],
		[{ clientSecret: 'two words' }, 'Client Secret: must be one line'],
		[{ cloud: 'moon' }, 'Cloud: must be one of public, usGovernment, china, custom (got "moon")'],
		[
			{ cloud: 'custom', armHost: 'https://a.example' },
			'Authority Host: is required for a Custom cloud',
		],
		[
			{ cloud: 'custom', authorityHost: 'http://login.example.com', armHost: 'https://a.example' },
			'Authority Host: plain http is allowed only on this machine',
		],
		[
			{
				cloud: 'custom',
				authorityHost: 'https://login.example.com/tenant',
				armHost: 'https://a.example',
			},
			'Authority Host: must be a host only',
		],
		[
			{ cloud: 'custom', authorityHost: 'https://l.example', armHost: 'ftp://a.example' },
			'Resource Manager Host: must start with https://',
		],
		[
			{
				cloud: 'custom',
				authorityHost: 'https://l.example',
				armHost: 'https://a.example',
				armAudience: 'management',
			},
			'Resource Manager Audience: must be a resource ID',
		],
	])('refuses %j naming the field', (change, message) => {
		expect(() => readEntraSettings({ ...BASE, ...change })).toThrow(message);
	});
});

test('tokenKey: one scope per audience, the secret only as a digest', () => {
	const settings = readEntraSettings(BASE);
	expect(tokenKey(settings, 'dataPlane').scope).toBe(
		'https://cognitiveservices.azure.com/.default',
	);
	expect(tokenKey(settings, 'arm').scope).toBe('https://management.azure.com/.default');
	expect(JSON.stringify(tokenKey(settings, 'arm'))).not.toContain(BASE.clientSecret);
});

describe('describeTokenRefusal', () => {
	const refusal = (code: number, error: string, text: string) =>
		JSON.stringify({
			error,
			error_description: `AADSTS${code}: ${text}\r\nTrace ID: t-1\r\nCorrelation ID: c-1`,
			error_codes: [code],
			trace_id: 't-1',
		});

	test('a wrong secret: Entra’s first line, what to check, status, error and trace ID', () => {
		const error = describeTokenRefusal(
			'dataPlane',
			401,
			refusal(7000215, 'invalid_client', 'Invalid client secret provided.'),
		);
		expect(error.message).toBe(
			'Microsoft Entra ID refused the data plane (fine-tuning API) token: AADSTS7000215: Invalid client secret provided.',
		);
		expect(error.description).toBe(
			"Check Client Secret: it must be the secret's Value (shown once when it was added), not its Secret ID · HTTP 401 · error: invalid_client · Trace ID: t-1",
		);
		expect(error.aadsts).toBe(7000215);
	});

	test.each([
		[700016, 'Check Client ID and Tenant ID'],
		[90002, 'Check Tenant ID and Cloud'],
		[7000222, 'The client secret has expired'],
		[500011, 'Check the Cloud'],
	])('AADSTS%d says what to check', (code, hint) => {
		expect(describeTokenRefusal('arm', 400, refusal(code, 'x', 'text')).description).toMatch(
			new RegExp(`^${hint}`),
		);
	});

	test('an answer that is not Entra’s (a proxy’s page) still reads well', () => {
		const error = describeTokenRefusal('arm', 502, '<html>Bad gateway</html>');
		expect(error.message).toBe(
			'Microsoft Entra ID refused the Azure Resource Manager token: HTTP 502: <html>Bad gateway</html>',
		);
		expect(error.aadsts).toBeUndefined();
	});
});
