/**
 * ARM's Microsoft.Resources lists the deployment pickers read: Subscriptions_List and ResourceGroups_List (checked
 * by hand, not against deployments.arm.json), and the issued-token list the secret scans use.
 */
import { arm, ARM_SCOPE, tokenFor } from './armHelpers';
import { RESOURCES_API_VERSIONS } from './arm';
import { startEmulator, type Emulator } from './';

let emulator: Emulator;
let token: string;

beforeAll(async () => {
	emulator = await startEmulator({
		arm: {
			otherAccounts: [
				{ name: 'other-foundry' },
				{ name: 'elsewhere', resourceGroup: 'rg-other' },
				{ name: 'also-elsewhere', resourceGroup: 'RG-OTHER' },
			],
			pageSize: 1,
		},
	});
	token = await tokenFor(emulator, ARM_SCOPE);
});
afterAll(() => emulator.close());

const groupsOf = () => `/subscriptions/${emulator.account.subscriptionId}/resourcegroups`;

test('Subscriptions_List answers the accounts’ subscription with its tenant', async () => {
	const reply = await arm(emulator, token, 'GET', '/subscriptions', {
		apiVersion: RESOURCES_API_VERSIONS.subscriptions,
	});
	expect(reply.status).toBe(200);
	expect(reply.json.value).toEqual([
		expect.objectContaining({
			subscriptionId: emulator.account.subscriptionId,
			tenantId: emulator.account.tenantId,
			state: 'Enabled',
		}),
	]);
});

test('ResourceGroups_List answers each resource group once (names compared in any case), paged by nextLink', async () => {
	const names: string[] = [];
	let path: string | undefined = groupsOf();
	while (path) {
		const reply = await arm(emulator, token, 'GET', path, {
			apiVersion: RESOURCES_API_VERSIONS.resourceGroups,
		});
		expect(reply.status).toBe(200);
		names.push(...reply.json.value.map((group: { name: string }) => group.name));
		path = reply.json.nextLink;
	}
	expect(names).toEqual([emulator.account.resourceGroup, 'rg-other']);
});

test.each([
	['another api-version', groupsOf, '2026-09-01', 400, 'NoRegisteredProviderFound'],
	['no api-version', groupsOf, null, 400, 'MissingApiVersionParameter'],
	[
		'an unknown subscription',
		() => '/subscriptions/00000000-0000-4000-8000-000000000000/resourcegroups',
		RESOURCES_API_VERSIONS.resourceGroups,
		404,
		'SubscriptionNotFound',
	],
])('refuses %s', async (_what, path, apiVersion, status, code) => {
	const reply = await arm(emulator, token, 'GET', path(), { apiVersion });
	expect(reply.status).toBe(status);
	expect(reply.json.error.code).toBe(code);
});

test('refuses a write with 405', async () => {
	const reply = await arm(emulator, token, 'PUT', '/subscriptions', {
		apiVersion: RESOURCES_API_VERSIONS.subscriptions,
		json: {},
	});
	expect(reply.status).toBe(405);
});

test('issuedTokens lists every token issued, the one of this file included', () => {
	expect(emulator.issuedTokens()).toContain(token);
});
