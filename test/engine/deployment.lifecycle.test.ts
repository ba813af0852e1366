/**
 * From training data to a serving model, in n8n-core's engine against the emulator: Upload → Create Job → (the job
 * succeeds) → Create Deployment (waits for ARM's operation and for the first answer) → Test Prompt → Delete.
 * Once signed in with Microsoft Entra ID everywhere on a resource whose keys are switched off (disableLocalAuth), once
 * with the API key for the data plane and Entra ID for ARM. Every ARM request is checked by the emulator against
 * test/fixtures/deployments.arm.json; the engine harness scans every run for the client secret and every token.
 * Then: one token for a 100-item run, and one refresh when Azure refuses an expired token.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ENTRA_TOKENS } from '../../nodes/shared/transport/entra';
import { DEPLOY_NODE_NAMES, trainAndDeployWorkflow } from '../fixtures/workflows';
import { scanStats } from '../secrets/guard';
import { findSecret } from '../secrets/scan';
import { runNode, type CredentialData } from '../support/engine';
import { rl, useDeployKit } from '../support/deployKit';
import { fileItem, useBinaryStart } from '../support/fileHarness';

const kit = useDeployKit({ arm: { provisioningPolls: 3, servingDelayRequests: 2 } });

const CHAT = Array.from({ length: 10 }, (_, i) =>
	JSON.stringify({
		messages: [
			{ role: 'user', content: `Question ${i}` },
			{ role: 'assistant', content: `Answer ${i}` },
		],
	}),
).join('\n');

beforeAll(() => useBinaryStart());

/** Runs a data-plane operation of `resource` with `credentials` (Entra ID when they have a client secret). */
async function dataPlane(
	credentials: CredentialData,
	parameters: IDataObject,
	items?: IDataObject[],
): Promise<IDataObject> {
	const authentication = 'clientSecret' in credentials ? 'entraId' : 'apiKey';
	const { outputs, error } = await runNode({ authentication, ...parameters }, credentials, {
		...(items ? { items } : {}),
	});
	expect(error).toBeUndefined();
	return outputs[0][0];
}

/** Upload → Create Job → the emulator moves the job to succeeded → Get Job. @returns the succeeded job. */
async function trainedJob(credentials: CredentialData): Promise<IDataObject> {
	const file = await dataPlane(credentials, { resource: 'file', operation: 'upload' }, [
		fileItem(CHAT) as unknown as IDataObject,
	]);
	kit.emu.step(); // the import finishes
	const job = await dataPlane(credentials, {
		resource: 'job',
		operation: 'create',
		model: { __rl: true, mode: 'id', value: 'gpt-4.1-mini-2025-04-14' },
		trainingFile: { __rl: true, mode: 'id', value: String(file.id) },
		methodType: 'supervised',
	});
	for (let steps = 0; steps < 10; steps++) {
		if (kit.emu.jobs().find((j) => j.id === job.id)?.status === 'succeeded') break;
		kit.emu.advanceJob(String(job.id));
	}
	const got = await dataPlane(credentials, {
		resource: 'job',
		operation: 'get',
		jobId: { __rl: true, mode: 'id', value: String(job.id) },
	});
	expect(got).toMatchObject({ status: 'succeeded', fine_tuned_model: expect.any(String) });
	return got;
}

/** Create Deployment of the job's model → Test Prompt (data plane) → Delete; checks each step. */
async function deployPromptDelete(
	job: IDataObject,
	name: string,
	dataPlaneCredentials: CredentialData,
) {
	const created = await kit.deployment('create', {
		modelFrom: 'job',
		jobId: { __rl: true, mode: 'id', value: String(job.id) },
		newDeploymentName: name,
		sku: 'standard',
		capacity: 2,
	});
	expect(created.error).toBeUndefined();
	expect(created.outputs[0][0]).toMatchObject({
		name,
		sku: { name: 'Standard', capacity: 2 },
		properties: {
			model: { format: 'OpenAI', name: job.fine_tuned_model, version: '1' },
			provisioningState: 'Succeeded',
		},
	});
	// Create waited until the deployment answered: refused twice (serving delay), then answered.
	const probes = kit.emu.requests.filter((r) => r.path === '/openai/v1/chat/completions');
	expect(probes.map((r) => r.status)).toEqual([404, 404, 200]);
	expect(kit.emu.deployments().filter((d) => d.name === name)).toHaveLength(1);

	const answer = await dataPlane(dataPlaneCredentials, {
		resource: 'deployment',
		operation: 'testPrompt',
		promptDeploymentName: name,
		prompt: 'Is it deployed?',
	});
	expect(answer).toMatchObject({
		object: 'chat.completion',
		model: job.fine_tuned_model,
		choices: [{ message: { role: 'assistant', content: expect.any(String) } }],
	});

	const deleted = await kit.deployment('delete', { deploymentName: rl.name(name) });
	expect(deleted.error).toBeUndefined();
	expect(deleted.outputs[0]).toEqual([expect.objectContaining({ name, status: 'deleted' })]);
	expect(kit.emu.deployments().filter((d) => d.name === name)).toEqual([]);

	// The emulator checked each ARM request against deployments.arm.json: none was refused.
	const arm = kit.armRequests();
	expect(arm.map((r) => r.method)).toEqual(expect.arrayContaining(['GET', 'PUT', 'DELETE']));
	expect(arm.filter((r) => r.status >= 400 && r.status !== 404)).toEqual([]);
	expect(kit.armRequests('PUT')).toHaveLength(1);
}

test('Entra ID everywhere, on a resource with keys switched off: train, deploy, answer, delete', async () => {
	kit.emu.setLocalAuthDisabled(true);
	try {
		// The API key is refused now (Azure's 401), so every data-plane call below went with a token.
		const refused = await runNode({ resource: 'job', operation: 'list' }, kit.apiKey);
		expect(refused.error?.message).toMatch(/Access denied due to invalid subscription key/);
		kit.emu.clearRequests();

		const job = await trainedJob(kit.entra);
		await deployPromptDelete(job, 'ft-entra-everywhere', kit.entra);
		const dataPlaneCalls = kit.emu.requests.filter((r) => r.path.startsWith('/openai/'));
		expect(dataPlaneCalls.length).toBeGreaterThan(3);
		expect(dataPlaneCalls.every((r) => r.headers.authorization === '<redacted>')).toBe(true);
		expect(dataPlaneCalls.some((r) => r.headers['api-key'] !== undefined)).toBe(false);
	} finally {
		kit.emu.setLocalAuthDisabled(false);
	}
});

test('API key for the data plane, Entra ID for Resource Manager: train, deploy, answer, delete', async () => {
	const job = await trainedJob(kit.apiKey);
	expect(
		kit.emu.requests
			.filter((r) => r.path.startsWith('/openai/'))
			.every((r) => r.headers['api-key'] === '<redacted>'),
	).toBe(true);
	kit.emu.clearRequests();
	await deployPromptDelete(job, 'ft-api-key-data-plane', kit.apiKey);
	// Test Prompt went with the API key; ARM with a token.
	const prompt = kit.emu.requests.filter((r) => r.path === '/openai/v1/chat/completions').at(-1)!;
	expect(prompt.headers['api-key']).toBe('<redacted>');
	expect(kit.armRequests().every((r) => r.headers.authorization === '<redacted>')).toBe(true);
});

describe('tokens', () => {
	test('a 100-item run asks Entra ID once per audience; the client secret and the tokens appear nowhere', async () => {
		const [job] = kit.emu.seedJobs(1);
		ENTRA_TOKENS.clear();
		const before = kit.tokenRequests();
		const items = Array.from({ length: 100 }, () => ({}));
		const gets = await runNode(
			{
				authentication: 'entraId',
				resource: 'job',
				operation: 'get',
				jobId: { __rl: true, mode: 'id', value: job.id },
			},
			kit.entra,
			{ items },
		);
		expect(gets.error).toBeUndefined();
		expect(gets.outputs[0]).toHaveLength(100);
		expect(kit.tokenRequests() - before).toBe(1);

		const deployments = await kit.deployment('list', {}, { items });
		expect(deployments.error).toBeUndefined();
		expect(kit.tokenRequests() - before).toBe(2); // one data-plane token, one ARM token

		for (const run of [gets, deployments]) {
			expect(findSecret(run, kit.entra.clientSecret as string)).toEqual([]);
			for (const token of kit.emu.issuedTokens()) expect(findSecret(run, token)).toEqual([]);
		}
		expect(scanStats.tokens).toBeGreaterThanOrEqual(2);
	});

	test('a token Azure refuses as expired is dropped and asked for once more; the run succeeds', async () => {
		const [job] = kit.emu.seedJobs(1);
		const get = {
			authentication: 'entraId',
			resource: 'job',
			operation: 'get',
			jobId: { __rl: true, mode: 'id', value: job.id },
		};
		expect((await runNode(get, kit.entra)).error).toBeUndefined();
		const before = kit.tokenRequests();
		// The emulator's clock moves two hours on: the cached token (good for an hour) has expired there.
		kit.emu.setNow(kit.emu.now() + 2 * 3600);
		kit.emu.clearRequests();
		const again = await runNode(get, kit.entra);
		expect(again.error).toBeUndefined();
		expect(kit.tokenRequests() - before).toBe(1);
		expect(kit.emu.requests.filter((r) => r.path.endsWith(job.id)).map((r) => r.status)).toEqual([
			401, 200,
		]);
	});
});

test('the "train and deploy" sample’s Create Deployment and Test Prompt, fed the job the trigger emits', async () => {
	const [job] = kit.emu.seedJobs(1);
	const sample = trainAndDeployWorkflow({
		id: 'sample',
		credential: { id: 'c', name: 'c' },
		account: {
			subscriptionId: kit.emu.account.subscriptionId,
			resourceGroup: kit.emu.account.resourceGroup,
			accountName: kit.emu.account.name,
		},
	});
	const parametersOf = (name: string) =>
		(sample.nodes as Array<{ name: string; parameters: IDataObject }>).find((n) => n.name === name)!
			.parameters as INodeParameters;
	const created = await runNode(parametersOf(DEPLOY_NODE_NAMES.create), kit.entra, {
		items: [{ ...(job as unknown as IDataObject), previous_status: 'running' }],
	});
	expect(created.error).toBeUndefined();
	expect(created.outputs[0][0]).toMatchObject({
		name: job.id,
		properties: { model: { name: job.fine_tuned_model }, provisioningState: 'Succeeded' },
	});
	const prompted = await runNode(parametersOf(DEPLOY_NODE_NAMES.prompt), kit.entra, {
		items: [created.outputs[0][0]],
	});
	expect(prompted.outputs[0][0]).toMatchObject({ object: 'chat.completion' });
});
