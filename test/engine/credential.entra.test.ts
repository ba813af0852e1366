/**
 * The Microsoft Entra ID credential's test, as n8n runs it for a credential a node tests (`testedBy`): the node's
 * `credentialTest` method with n8n-core's CredentialTestContext, against the emulator's Entra ID, data plane and ARM.
 * Each failure says which audience failed and why; the client secret shows up in no result (the harness scans).
 */
import { ENTRA_TOKENS } from '../../nodes/shared/transport/entra';
import { scanned } from '../secrets/guard';
import { runEntraCredentialTest, runNode } from '../support/engine';
import { entraCredential, useDeployKit } from '../support/deployKit';

const kit = useDeployKit();

beforeEach(() => ENTRA_TOKENS.clear());

test('passes when Entra ID, the data plane and Resource Manager all accept the app', async () => {
	const result = await runEntraCredentialTest(kit.entra);
	expect(result).toEqual({
		status: 'OK',
		message: 'Connection successful: the data plane and Azure Resource Manager accept the app',
	});
	expect(kit.emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
		`POST /${kit.emu.entraApps[0].tenantId}/oauth2/v2.0/token 200`,
		'GET /openai/v1/fine_tuning/jobs 200',
		`POST /${kit.emu.entraApps[0].tenantId}/oauth2/v2.0/token 200`,
		'GET /subscriptions 200',
	]);
});

test.each([
	[
		'a wrong client secret',
		{ clientSecret: 'not-the-secret-value-1234' },
		/^Microsoft Entra ID refused the data plane \(fine-tuning API\) token: AADSTS7000215: Invalid client secret provided.*Check Client Secret: it must be the secret's Value/,
	],
	[
		'an unknown tenant',
		{ tenantId: '0b0b0b0b-0000-4000-8000-000000000000' },
		/^Microsoft Entra ID refused the data plane \(fine-tuning API\) token: AADSTS90002: Tenant '0b0b0b0b-0000-4000-8000-000000000000' not found.*Check Tenant ID and Cloud/,
	],
	[
		'a client ID of no app in the tenant',
		{ clientId: '0c0c0c0c-0000-4000-8000-000000000000' },
		/AADSTS700016: .*Check Client ID and Tenant ID/,
	],
	[
		'a Resource Manager audience Entra does not know',
		{ armAudience: 'https://management.example.com' },
		/^Microsoft Entra ID refused the Azure Resource Manager token: AADSTS500011/,
	],
	[
		'a Client ID that is not a GUID',
		{ clientId: 'my-app' },
		/^Client ID: must be the app's Application \(client\) ID, a GUID \(got "my-app"\)$/,
	],
	[
		'an http Authority Host off this machine',
		{ authorityHost: 'http://login.example.com' },
		/^Authority Host: plain http is allowed only on this machine/,
	],
])('fails with %s, saying which audience and why', async (_what, change, message) => {
	const result = await runEntraCredentialTest(entraCredential(kit.emu, change));
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
});

test('a missing data-plane role: the data plane’s 403, with the role to assign', async () => {
	kit.emu.injectFault({
		kind: 'status',
		status: 403,
		code: 'PermissionDenied',
		message: 'The principal lacks the required data action.',
		path: '/fine_tuning/jobs$',
	});
	const result = await runEntraCredentialTest(kit.entra);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(
		/^The data plane \(fine-tuning API\) refused the signed-in app: The principal lacks the required data action\. \(Code: PermissionDenied · HTTP 403\)\. The app signed in but has no data-plane role on the resource: assign it Azure AI User/,
	);
});

test('a missing Resource Manager role: ARM’s 403, with the permission deploying needs', async () => {
	kit.emu.injectFault({
		kind: 'status',
		status: 403,
		code: 'AuthorizationFailed',
		message: 'The client does not have authorization to perform action.',
		path: '^/subscriptions$',
	});
	const result = await runEntraCredentialTest(kit.entra);
	expect(result.message).toMatch(
		/^The Azure Resource Manager refused the signed-in app: .*AuthorizationFailed.*deployments\/write/,
	);
});

test('the nodes refuse the same wrong secret with Entra’s reason, naming the audience', async () => {
	const { error } = await runNode(
		{ authentication: 'entraId', resource: 'job', operation: 'list' },
		entraCredential(kit.emu, { clientSecret: 'not-the-secret-value-1234' }),
	);
	expect(error?.message).toMatch(
		/^Microsoft Entra ID refused the data plane \(fine-tuning API\) token: AADSTS7000215/,
	);
	expect(error?.description).toMatch(/Check Client Secret.* · HTTP 401 · error: invalid_client/);
	expect(kit.emu.requests.filter((r) => r.path.startsWith('/openai/'))).toEqual([]);
});

test('the scan around every run would catch a leak: the client secret or a token in a result fails it', async () => {
	await runEntraCredentialTest(kit.entra); // issues tokens
	const leaks = [kit.entra.clientSecret as string, ...kit.emu.issuedTokens()];
	expect(leaks.length).toBeGreaterThanOrEqual(3);
	for (const secret of leaks)
		await expect(
			scanned('a leaking run', kit.entra, async () => ({ header: `Bearer ${secret}` })),
		).rejects.toThrow(/^Secret leak: the api-key occurs in the result of a leaking run/);
});
