/**
 * The Deployment resource's operations and refusals, in n8n-core's engine against the emulator: Get, List, Update
 * Capacity, Pause, Resume, a failed deployment (ARM's code and message), a name serving another model, Delete of a
 * missing name, Max Wait, the Developer SKU's api-version, the account given by resource ID, the From List searches,
 * and bad input refused before any request.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runListSearch } from '../support/engine';
import { rl, useDeployKit } from '../support/deployKit';

const kit = useDeployKit({
	arm: { provisioningPolls: 2, pageSize: 2, maxFineTunedDeployments: 30 },
});

/** Creates a deployment of a fresh model (waits until it serves). */
async function deployed(name: string, extra: INodeParameters = {}) {
	const run = await kit.deployment('create', {
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: name,
		sku: 'standard',
		capacity: 1,
		...extra,
	});
	expect(run.error).toBeUndefined();
	return run.outputs[0][0];
}

describe('read and change', () => {
	beforeAll(async () => {
		await deployed('ft-ops-a');
	});

	test('List follows nextLink over every page (2 deployments a page)', async () => {
		await deployed('ft-ops-b', { options: { waitUntilReady: false } });
		await deployed('ft-ops-c', { options: { waitUntilReady: false } });
		const listed = await kit.deployment('list');
		expect(listed.outputs[0].map((d) => d.name)).toEqual(
			expect.arrayContaining(['ft-ops-a', 'ft-ops-b', 'ft-ops-c']),
		);
		const pages = kit.armRequests('GET').filter((r) => r.path.endsWith('/deployments'));
		expect(pages.length).toBeGreaterThanOrEqual(2);
		expect(pages[1].query.$skipToken).toBe('2');
	});

	test('Get reads the deployment; List lists it', async () => {
		const got = await kit.deployment('get', { deploymentName: rl.name('ft-ops-a') });
		expect(got.outputs[0][0]).toMatchObject({
			name: 'ft-ops-a',
			properties: { provisioningState: 'Succeeded' },
		});
		const listed = await kit.deployment('list');
		expect(listed.outputs[0].map((d) => d.name)).toContain('ft-ops-a');
	});

	test('Update Capacity sends the SKU it read with the new capacity', async () => {
		const { outputs, error } = await kit.deployment('update', {
			deploymentName: rl.name('ft-ops-a'),
			capacity: 7,
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({ sku: { name: 'Standard', capacity: 7 } });
		expect(kit.armRequests('PATCH')[0].body).toEqual({ sku: { name: 'Standard', capacity: 7 } });
	});

	test('Pause, then Resume, set deploymentState; a paused deployment answers Test Prompt with 423', async () => {
		const paused = await kit.deployment('pause', { deploymentName: rl.name('ft-ops-a') });
		expect(paused.outputs[0][0]).toMatchObject({ properties: { deploymentState: 'Paused' } });
		const prompt = await kit.deployment(
			'testPrompt',
			{ authentication: 'apiKey', promptDeploymentName: 'ft-ops-a', prompt: 'Hi' },
			{ credentials: kit.apiKey },
		);
		expect(prompt.error?.message).toMatch(/is paused/);
		const resumed = await kit.deployment('resume', { deploymentName: rl.name('ft-ops-a') });
		expect(resumed.outputs[0][0]).toMatchObject({ properties: { deploymentState: 'Running' } });
	});

	test('Create refuses a name that serves another model, unless Replace Another Model is on', async () => {
		const other = kit.deployableModel();
		const parameters = {
			modelFrom: 'name',
			modelName: other,
			newDeploymentName: 'ft-ops-a',
			sku: 'standard',
			capacity: 1,
		};
		const refused = await kit.deployment('create', parameters);
		expect(refused.error?.message).toBe('Deployment "ft-ops-a" already serves another model');
		expect(kit.armRequests('PUT')).toEqual([]);
		const replaced = await kit.deployment('create', {
			...parameters,
			options: { replaceExisting: true },
		});
		expect(replaced.error).toBeUndefined();
		expect(replaced.outputs[0][0]).toMatchObject({ properties: { model: { name: other } } });
		expect(kit.emu.deployments().filter((d) => d.name === 'ft-ops-a')).toHaveLength(1);
	});
});

test('a failed deployment shows ARM’s error code and message, not just "Failed"', async () => {
	kit.emu.scriptDeployment('ft-ops-fails', {
		fail: {
			code: 'InsufficientQuota',
			message: 'The subscription has no quota left for Standard.',
		},
	});
	const { error } = await kit.deployment('create', {
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: 'ft-ops-fails',
		sku: 'standard',
		capacity: 1,
	});
	expect(error?.message).toBe(
		'Deployment "ft-ops-fails" failed: The subscription has no quota left for Standard.',
	);
	expect(error?.description).toContain('Code: InsufficientQuota');
	expect(error?.description).toContain('provisioningState: Failed');
});

test('Create from a job that has not succeeded is refused before any ARM request', async () => {
	const [job] = kit.emu.seedJobs(1, { status: 'running' });
	const { error } = await kit.deployment('create', {
		modelFrom: 'job',
		jobId: { __rl: true, mode: 'id', value: job.id },
		newDeploymentName: 'ft-ops-running',
	});
	expect(error?.message).toBe(`Fine-tuning job ${job.id} has no model to deploy: it is running`);
	expect(kit.armRequests()).toEqual([]);
});

test('Max Wait: a deployment that takes longer stops the node with the state it saw', async () => {
	kit.emu.scriptDeployment('ft-ops-slow', { provisioningPolls: 1_000_000 });
	const { error } = await kit.deployment('create', {
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: 'ft-ops-slow',
		options: { maxWaitSeconds: 1 },
	});
	expect(error?.message).toBe('Deployment "ft-ops-slow" is not ready after 1 s (Creating)');
});

test('Wait Until Ready off: returns ARM’s first answer (Accepted) at once', async () => {
	const { outputs, error } = await kit.deployment('create', {
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: 'ft-ops-nowait',
		options: { waitUntilReady: false },
	});
	expect(error).toBeUndefined();
	expect(outputs[0][0]).toMatchObject({ properties: { provisioningState: 'Accepted' } });
	expect(kit.emu.requests.filter((r) => r.path.endsWith('/chat/completions'))).toEqual([]);
});

test('Developer SKU: DeveloperTier with the api-version its page documents; account given by resource ID', async () => {
	const { outputs, error } = await kit.deployment('create', {
		accountInput: 'resourceId',
		accountResourceId: `https://portal.azure.com/#@tenant/resource${kit.emu.account.id}/overview`,
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: 'ft-ops-developer',
		sku: 'developer',
		capacity: 50,
	});
	expect(error).toBeUndefined();
	expect(outputs[0][0]).toMatchObject({ sku: { name: 'DeveloperTier', capacity: 50 } });
	expect(kit.armRequests('PUT')[0].query['api-version']).toBe('2025-07-01-preview');
});

test('Delete refuses a name that does not exist, deleting nothing', async () => {
	const { error } = await kit.deployment('delete', { deploymentName: rl.name('ft-ops-missing') });
	expect(error?.message).toBe(
		`There is no deployment "ft-ops-missing" in account "${kit.emu.account.name}" (resource group ${kit.emu.account.resourceGroup})`,
	);
	expect(kit.armRequests('DELETE')).toEqual([]);
});

describe('bad input is refused before any request', () => {
	// Expressions: the editor's own check of a typed value (the fields' regex) does not see what they give.
	const expression = (value: string) => `={{ ${JSON.stringify(value)} }}`;
	test.each([
		[
			'an API key sign-in',
			{ authentication: 'apiKey', deploymentName: rl.name('ft-ops-a') },
			/^Authentication: must be Microsoft Entra ID/,
		],
		[
			'a subscription that is not a UUID',
			{
				subscriptionId: rl.id(expression('my-subscription')),
				deploymentName: rl.name('ft-ops-a'),
			},
			/^Subscription: must be a subscription ID/,
		],
		[
			'a deployment name with a slash',
			{ deploymentName: rl.name(expression('a/../b')) },
			/^Deployment: must be a deployment name/,
		],
		[
			'a resource ID that names no account',
			{
				accountInput: 'resourceId',
				accountResourceId: '/subscriptions/x',
				deploymentName: rl.name('ft-ops-a'),
			},
			/^Account Resource ID: must be an account's resource ID/,
		],
	])('Get with %s', async (_what, parameters, message) => {
		const { error } = await kit.deployment('get', parameters);
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(/^Nothing was sent to Azure/);
		expect(kit.emu.requests).toEqual([]);
	});

	test('Create with capacity 0 and a name too long', async () => {
		const create = (extra: INodeParameters) =>
			kit.deployment('create', {
				modelFrom: 'name',
				modelName: 'm',
				newDeploymentName: 'ok-name',
				...extra,
			});
		expect((await create({ capacity: 0 })).error?.message).toMatch(
			/^Capacity: must be an integer at least 1/,
		);
		expect((await create({ newDeploymentName: 'x'.repeat(65) })).error?.message).toMatch(
			/^Deployment Name: must be a deployment name/,
		);
		expect(kit.emu.requests).toEqual([]);
	});
});

describe('From List searches in Azure Resource Manager', () => {
	const search = (method: string, parameters: INodeParameters = {}, filter?: string) =>
		runListSearch(method, kit.entra, filter, undefined, {
			authentication: 'entraId',
			resource: 'deployment',
			operation: 'get',
			...parameters,
		});

	test('subscriptions, resource groups, accounts and deployments', async () => {
		await deployed('ft-ops-search');
		const { subscriptionId, resourceGroup, name } = kit.emu.account;
		expect((await search('searchSubscriptions')).results).toEqual([
			{ name: `Emulator subscription · ${subscriptionId}`, value: subscriptionId },
		]);
		const account = {
			subscriptionId: rl.list(subscriptionId),
			resourceGroup: rl.list(resourceGroup),
			accountName: rl.list(name),
		};
		expect((await search('searchResourceGroups', account)).results).toEqual([
			{ name: `${resourceGroup} · swedencentral`, value: resourceGroup },
		]);
		expect((await search('searchAccounts', account)).results).toEqual([
			{ name: `${name} · AIServices · swedencentral`, value: name },
		]);
		const deployments = await search('searchDeployments', account, 'search');
		expect(deployments.results).toEqual([expect.objectContaining({ value: 'ft-ops-search' })]);
	});

	test('a search without a subscription says which field is missing', async () => {
		await expect(search('searchResourceGroups')).rejects.toThrow(
			/^Subscription: is required but was empty/,
		);
	});
});
