/**
 * ARM deployments: the long-running PUT and DELETE, failures, SKUs, limits, pause/resume, automatic deletions, the
 * serving delay seen on the data plane, and faults on ARM routes.
 */
import { call, type Reply } from './helpers';
import {
	accountPath,
	arm,
	ARM_SCOPE,
	DATA_PLANE_SCOPE,
	deployableModel,
	deploymentBody,
	tokenFor,
	withBearer,
} from './armHelpers';
import { startEmulator, type Emulator } from './';

const CHAT = '/openai/v1/chat/completions';
const NOT_SERVING = {
	error: {
		code: 'DeploymentNotFound',
		message: expect.stringContaining('If you created the deployment within the last 5 minutes'),
	},
};

let emulator: Emulator;
let token: string;
let counter = 0;

beforeAll(async () => {
	// Far more deployments than the resource limit of 10 (tested on its own below) are made here.
	emulator = await startEmulator({ selfCheck: true, arm: { maxFineTunedDeployments: 1000 } });
	token = await tokenFor(emulator, ARM_SCOPE);
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearFaults());

/** A fresh deployment name. */
const nameOf = (what: string) => `${what}-${++counter}`;

/** PUTs a deployment of a fresh deployable model. */
async function put(name: string, sku = 'Standard', capacity?: number): Promise<Reply> {
	const body = deploymentBody(deployableModel(emulator), sku);
	if (capacity === undefined) delete (body.sku as { capacity?: number }).capacity;
	else body.sku.capacity = capacity;
	return arm(emulator, token, 'PUT', accountPath(emulator, name), { json: body });
}

/** GETs the deployment until it leaves provisioning (at most 10 reads); returns the last answer. */
async function settle(name: string): Promise<Reply> {
	for (let i = 0; i < 10; i++) {
		const reply = await arm(emulator, token, 'GET', accountPath(emulator, name));
		if (!['Accepted', 'Creating', 'Deleting'].includes(reply.json?.properties?.provisioningState))
			return reply;
	}
	throw new Error(`${name} never settled`);
}

/** Asks the deployment for a chat completion with the api-key. */
function chat(model: string): Promise<Reply> {
	return call(emulator, 'POST', CHAT, {
		json: { model, messages: [{ role: 'user', content: 'Hi' }] },
	});
}

describe('create: the long-running PUT', () => {
	it('answers 201 Accepted with Azure-AsyncOperation, then Creating, then Succeeded', async () => {
		const name = nameOf('lifecycle');
		const model = deployableModel(emulator);
		const created = await arm(emulator, token, 'PUT', accountPath(emulator, name), {
			json: deploymentBody(model, 'GlobalStandard', 5),
		});
		expect(created.status).toBe(201);
		expect(created.headers.get('retry-after')).toBe('1');
		const operationUrl = created.headers.get('azure-asyncoperation')!;
		expect(operationUrl).toMatch(
			/\/subscriptions\/[^/]+\/providers\/Microsoft\.CognitiveServices\/locations\/swedencentral\/operationStatuses\/[0-9a-f-]{36}\?api-version=2026-09-01$/,
		);
		expect(created.json).toMatchObject({
			id: accountPath(emulator, name),
			name,
			type: 'Microsoft.CognitiveServices/accounts/deployments',
			sku: { name: 'GlobalStandard', capacity: 5 },
			properties: {
				model: { format: 'OpenAI', name: model, version: '1' },
				provisioningState: 'Accepted',
				deploymentState: 'Running',
			},
		});

		const first = await arm(emulator, token, 'GET', operationUrl);
		expect(first.json).toMatchObject({ status: 'Creating', startTime: expect.any(String) });
		expect(first.json).not.toHaveProperty('endTime');
		const got = await arm(emulator, token, 'GET', accountPath(emulator, name));
		expect(got.json.properties.provisioningState).toBe('Succeeded');
		const done = await arm(emulator, token, 'GET', operationUrl);
		expect(done.json).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
		expect(done.json).not.toHaveProperty('error');
	});

	it('moves provisioning on with step() too', async () => {
		const name = nameOf('stepped');
		await put(name);
		emulator.step();
		emulator.step();
		const deployment = emulator.deployments().find((d) => d.name === name)!;
		expect((deployment.properties as { provisioningState: string }).provisioningState).toBe(
			'Succeeded',
		);
	});

	it('lists the account’s deployments', async () => {
		const name = nameOf('listed');
		await put(name);
		const reply = await arm(emulator, token, 'GET', `${accountPath(emulator)}/deployments`);
		expect(reply.status).toBe(200);
		expect(reply.json.value.map((d: { name: string }) => d.name)).toContain(name);
	});

	it('refuses a second PUT while the first is provisioning', async () => {
		const name = nameOf('busy');
		await put(name);
		const again = await put(name);
		expect(again.status).toBe(409);
		expect(again.json.error.code).toBe('AnotherOperationInProgress');
	});

	it('updates a succeeded deployment at once (200)', async () => {
		const name = nameOf('update');
		const model = deployableModel(emulator);
		await arm(emulator, token, 'PUT', accountPath(emulator, name), { json: deploymentBody(model) });
		await settle(name);
		const updated = await arm(emulator, token, 'PUT', accountPath(emulator, name), {
			json: deploymentBody(model, 'Standard', 3),
		});
		expect(updated.status).toBe(200);
		expect(updated.headers.get('azure-asyncoperation')).toBeNull();
		expect(updated.json.properties).toMatchObject({
			provisioningState: 'Succeeded',
			currentCapacity: 3,
		});
	});
});

describe('what can be deployed', () => {
	it.each([
		['a base model', () => 'gpt-4.1-mini-2025-04-14'],
		['the model of a job that has not succeeded', () => 'gpt-4.1-mini-2025-04-14.ft-notyet'],
	])('refuses %s with DeploymentModelNotSupported', async (_what, model) => {
		const reply = await arm(emulator, token, 'PUT', accountPath(emulator, nameOf('refused')), {
			json: deploymentBody(model()),
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error).toMatchObject({
			code: 'DeploymentModelNotSupported',
			target: 'properties.model.name',
		});
	});

	it('refuses a body without a model', async () => {
		const reply = await arm(emulator, token, 'PUT', accountPath(emulator, nameOf('nomodel')), {
			json: { sku: { name: 'Standard' } },
		});
		expect(reply.json.error).toMatchObject({
			code: 'InvalidResourceProperties',
			target: 'properties.model.name',
		});
	});

	it('refuses a body without a SKU (the spec does not require one)', async () => {
		const { sku: _sku, ...body } = deploymentBody(deployableModel(emulator));
		const reply = await arm(emulator, token, 'PUT', accountPath(emulator, nameOf('nosku')), {
			json: body,
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error).toMatchObject({
			code: 'InvalidResourceProperties',
			target: 'sku.name',
		});
	});

	it.each([
		['Standard', 1],
		['globalstandard', 1],
		['DeveloperTier', 50],
	])('deploys with SKU %s (default capacity %i)', async (sku, capacity) => {
		const reply = await put(nameOf('sku'), sku);
		expect(reply.status).toBe(201);
		expect(reply.json.sku).toEqual({ name: sku, capacity });
	});

	it.each<[string, number | undefined, string]>([
		['ProvisionedManaged', undefined, 'sku.name'],
		['Standard', 0, 'sku.capacity'],
		['Standard', 5000, 'sku.capacity'],
	])('refuses SKU %s with capacity %s', async (sku, capacity, target) => {
		const reply = await put(nameOf('badsku'), sku, capacity);
		expect(reply.status).toBe(400);
		expect(reply.json.error).toMatchObject({ code: 'InvalidResourceProperties', target });
	});

	it('lists the fine-tuned SKUs of a deployment', async () => {
		const name = nameOf('skus');
		await put(name);
		const reply = await arm(emulator, token, 'GET', `${accountPath(emulator, name)}/skus`);
		expect(reply.json.value.map((s: { sku: { name: string } }) => s.sku.name)).toEqual([
			'Standard',
			'GlobalStandard',
			'DeveloperTier',
		]);
		expect(reply.json.value[2].capacity).toMatchObject({ minimum: 1, default: 50 });
	});

	it('refuses more fine-tuned deployments than the resource allows', async () => {
		const small = await startEmulator({
			arm: { maxFineTunedDeployments: 2, provisioningPolls: 0 },
		});
		try {
			const smallToken = await tokenFor(small, ARM_SCOPE);
			const putOn = (name: string) =>
				arm(small, smallToken, 'PUT', accountPath(small, name), {
					json: deploymentBody(deployableModel(small)),
				});
			expect((await putOn('one')).status).toBe(201);
			expect((await putOn('two')).status).toBe(201);
			const third = await putOn('three');
			expect(third.status).toBe(400);
			expect(third.json.error.code).toBe('QuotaExceeded');
			expect((await arm(small, smallToken, 'DELETE', accountPath(small, 'one'))).status).toBe(202);
			expect((await putOn('three')).status).toBe(201);
		} finally {
			await small.close();
		}
	});
});

describe('failure', () => {
	it('ends Failed with the scripted ARM error, and a new PUT provisions again', async () => {
		const name = nameOf('failing');
		emulator.scriptDeployment(name, {
			fail: { code: 'InsufficientQuota', message: 'Not enough quota for this capacity.' },
		});
		const model = deployableModel(emulator);
		const created = await arm(emulator, token, 'PUT', accountPath(emulator, name), {
			json: deploymentBody(model),
		});
		const operationUrl = created.headers.get('azure-asyncoperation')!;
		expect((await settle(name)).json.properties.provisioningState).toBe('Failed');
		const status = await arm(emulator, token, 'GET', operationUrl);
		expect(status.json).toMatchObject({
			status: 'Failed',
			error: { code: 'InsufficientQuota', message: 'Not enough quota for this capacity.' },
		});
		const retried = await arm(emulator, token, 'PUT', accountPath(emulator, name), {
			json: deploymentBody(model),
		});
		expect(retried.status).toBe(200);
		expect(retried.headers.get('azure-asyncoperation')).not.toBe(operationUrl);
		expect((await settle(name)).json.properties.provisioningState).toBe('Succeeded');
	});

	it('applies a script to a provisioning already under way', async () => {
		const name = nameOf('late-script');
		await put(name);
		emulator.scriptDeployment(name, { fail: { code: 'InternalServerError', message: 'Boom.' } });
		expect((await settle(name)).json.properties.provisioningState).toBe('Failed');
	});

	it('refuses a bad script', () => {
		expect(() => emulator.scriptDeployment('x', { provisioningPolls: -1 })).toThrow(/>= 0/);
	});
});

describe('update, pause and delete', () => {
	it('changes the capacity with PATCH (the spec requires the SKU name with it)', async () => {
		const name = nameOf('patch');
		await put(name);
		await settle(name);
		const nameless = await arm(emulator, token, 'PATCH', accountPath(emulator, name), {
			json: { sku: { capacity: 20 } },
		});
		expect(nameless.json.error).toMatchObject({
			code: 'InvalidRequestContent',
			target: 'sku.name',
		});
		const reply = await arm(emulator, token, 'PATCH', accountPath(emulator, name), {
			json: { sku: { name: 'Standard', capacity: 20 } },
		});
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({
			sku: { name: 'Standard', capacity: 20 },
			properties: { currentCapacity: 20 },
		});
	});

	it('deletes asynchronously: 202 with Location, 202 then 204 there, then 404', async () => {
		const name = nameOf('delete');
		await put(name);
		await settle(name);
		const deleted = await arm(emulator, token, 'DELETE', accountPath(emulator, name));
		expect(deleted.status).toBe(202);
		expect(deleted.text).toBe('');
		const location = deleted.headers.get('location')!;
		expect(location).toMatch(/\/operationResults\/[0-9a-f-]{36}\?api-version=2026-09-01$/);
		expect(deleted.headers.get('retry-after')).toBe('1');
		const pending = await arm(emulator, token, 'GET', location);
		expect(pending.status).toBe(202);
		expect(pending.headers.get('location')).toBe(location);
		expect((await arm(emulator, token, 'GET', location)).status).toBe(204);
		const gone = await arm(emulator, token, 'GET', accountPath(emulator, name));
		expect(gone.status).toBe(404);
		expect(gone.json.error.code).toBe('ResourceNotFound');
		expect((await arm(emulator, token, 'DELETE', accountPath(emulator, name))).status).toBe(204);
	});

	it('pauses and resumes a Standard deployment; a paused one answers 423', async () => {
		const name = nameOf('pause');
		await put(name);
		await settle(name);
		const paused = await arm(emulator, token, 'POST', `${accountPath(emulator, name)}/pause`);
		expect(paused.json.properties.deploymentState).toBe('Paused');
		expect((await chat(name)).status).toBe(423);
		const resumed = await arm(emulator, token, 'POST', `${accountPath(emulator, name)}/resume`);
		expect(resumed.json.properties.deploymentState).toBe('Running');
		expect((await chat(name)).status).toBe(200);
	});

	it('refuses to pause a Developer-tier deployment', async () => {
		const name = nameOf('devpause');
		await put(name, 'DeveloperTier');
		await settle(name);
		const reply = await arm(emulator, token, 'POST', `${accountPath(emulator, name)}/pause`);
		expect(reply.status).toBe(400);
	});
});

describe('automatic deletion on the emulator clock', () => {
	it('removes a Developer-tier deployment 24 hours after creation', async () => {
		const name = nameOf('developer');
		await put(name, 'DeveloperTier');
		await settle(name);
		emulator.setNow(emulator.now() + 24 * 3600 - 1);
		token = await tokenFor(emulator, ARM_SCOPE);
		expect((await arm(emulator, token, 'GET', accountPath(emulator, name))).status).toBe(200);
		emulator.setNow(emulator.now() + 1);
		expect((await arm(emulator, token, 'GET', accountPath(emulator, name))).status).toBe(404);
	});

	it('removes a deployment unused for 15 days; a call resets the clock', async () => {
		const name = nameOf('idle');
		await put(name);
		await settle(name);
		emulator.setNow(emulator.now() + 10 * 24 * 3600);
		expect((await chat(name)).status).toBe(200);
		emulator.setNow(emulator.now() + 15 * 24 * 3600);
		token = await tokenFor(emulator, ARM_SCOPE);
		expect((await arm(emulator, token, 'GET', accountPath(emulator, name))).status).toBe(200);
		emulator.setNow(emulator.now() + 1);
		expect((await arm(emulator, token, 'GET', accountPath(emulator, name))).status).toBe(404);
	});
});

describe('inference on the data plane', () => {
	it('answers DeploymentNotFound until the deployment serves, then a completion', async () => {
		const name = nameOf('serve');
		emulator.scriptDeployment(name, { servingDelayRequests: 2 });
		expect((await chat(name)).json).toEqual(NOT_SERVING); // does not exist yet
		const model = deployableModel(emulator);
		await arm(emulator, token, 'PUT', accountPath(emulator, name), { json: deploymentBody(model) });
		expect((await chat(name)).status).toBe(404); // still provisioning
		expect((await settle(name)).json.properties.provisioningState).toBe('Succeeded');
		for (let i = 0; i < 2; i++) {
			const early = await chat(name);
			expect(early.status).toBe(404);
			expect(early.json).toEqual(NOT_SERVING);
		}
		const answer = await chat(name);
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({
			object: 'chat.completion',
			model,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: expect.any(String) },
					finish_reason: 'stop',
				},
			],
			usage: { total_tokens: expect.any(Number) },
		});
	});

	it('takes the serving delay from the options', async () => {
		const slow = await startEmulator({ arm: { servingDelayRequests: 1, provisioningPolls: 0 } });
		try {
			const slowToken = await tokenFor(slow, ARM_SCOPE);
			await arm(slow, slowToken, 'PUT', accountPath(slow, 'd'), {
				json: deploymentBody(deployableModel(slow)),
			});
			const ask = () =>
				call(slow, 'POST', CHAT, {
					json: { model: 'd', messages: [{ role: 'user', content: 'x' }] },
				});
			expect((await ask()).status).toBe(404);
			expect((await ask()).status).toBe(200);
		} finally {
			await slow.close();
		}
	});

	it('accepts a data-plane bearer token and checks the request', async () => {
		const name = nameOf('bearer-chat');
		await put(name);
		await settle(name);
		const dataPlane = await tokenFor(emulator, DATA_PLANE_SCOPE);
		const ok = await withBearer(emulator, 'POST', CHAT, dataPlane, {
			model: name,
			messages: [{ role: 'user', content: 'Hi' }],
		});
		expect(ok.status).toBe(200);
		const noMessages = await call(emulator, 'POST', CHAT, { json: { model: name } });
		expect(noMessages.status).toBe(400);
		expect(noMessages.json.error).toMatchObject({ code: 'invalidPayload', param: 'messages' });
		const noModel = await call(emulator, 'POST', CHAT, { json: { messages: [] } });
		expect(noModel.json.error.param).toBe('model');
		expect((await call(emulator, 'POST', CHAT, { apiKey: 'wrong', json: {} })).status).toBe(401);
	});
});

describe('faults on ARM routes', () => {
	it('answers a 5xx while polling the operation, and the operation carries on', async () => {
		const name = nameOf('fault-poll');
		const created = await put(name);
		emulator.injectFault({ kind: 'status', status: 503, path: '/operationStatuses/' });
		const operationUrl = created.headers.get('azure-asyncoperation')!;
		expect((await arm(emulator, token, 'GET', operationUrl)).status).toBe(503);
		expect((await arm(emulator, token, 'GET', operationUrl)).json.status).toBe('Creating');
		expect((await arm(emulator, token, 'GET', operationUrl)).json.status).toBe('Succeeded');
	});

	it('loses the PUT answer after the deployment was created', async () => {
		const name = nameOf('lost-put');
		emulator.injectFault({ kind: 'lost-response', method: 'PUT', path: '/deployments/' });
		await expect(put(name)).rejects.toThrow(/fetch failed/);
		expect(emulator.deployments().map((d) => d.name)).toContain(name);
		expect(emulator.requests.at(-1)).toMatchObject({
			method: 'PUT',
			status: 201,
			fault: 'lost-response',
		});
	});

	it('answers 429 with retry-after without creating anything', async () => {
		const name = nameOf('throttled');
		emulator.injectFault({
			kind: 'status',
			status: 429,
			method: 'PUT',
			path: '/deployments/',
			code: 'TooManyRequests',
			retryAfter: 7,
		});
		const reply = await put(name);
		expect(reply.status).toBe(429);
		expect(reply.headers.get('retry-after')).toBe('7');
		expect(reply.json.error.code).toBe('TooManyRequests');
		expect(emulator.deployments().map((d) => d.name)).not.toContain(name);
	});
});
