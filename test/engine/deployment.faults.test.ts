/**
 * Create Deployment and Update Capacity under faults, in n8n-core's engine against the emulator: ARM's 429 with
 * Retry-After, 5xx while the long-running operation is polled, a PUT whose answer is lost (each run ends with exactly
 * one deployment, serving), and a PATCH whose answer is lost or refused with a 5xx (the capacity is set once and the
 * deployment is returned as it now is).
 */
import { rl, useDeployKit } from '../support/deployKit';

const kit = useDeployKit({ arm: { provisioningPolls: 2 } });

async function create(name: string) {
	return await kit.deployment('create', {
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: name,
		sku: 'globalStandard',
		capacity: 1,
	});
}

function deploymentsNamed(name: string) {
	return kit.emu.deployments().filter((d) => d.name === name);
}

// Every ARM request the node sent validated against deployments.arm.json: apart from the injected faults, none was
// refused (a 404 is Create's read of a deployment not made yet).
afterEach(() => {
	const refused = kit.armRequests().filter((r) => !r.fault && r.status >= 400 && r.status !== 404);
	expect(refused).toEqual([]);
});

test('429 with Retry-After: 1 on the PUT, then 503 twice while the operation is polled: one deployment, serving', async () => {
	kit.emu.injectFault({
		kind: 'status',
		status: 429,
		code: 'TooManyRequests',
		message: 'Rate limit exceeded.',
		retryAfter: 1,
		method: 'PUT',
		path: '/deployments/',
	});
	kit.emu.injectFault({
		kind: 'status',
		status: 503,
		code: 'ServiceUnavailable',
		message: 'Try later.',
		path: '/operationStatuses/',
		times: 2,
	});
	const started = Date.now();
	const { outputs, error } = await create('ft-faults-429-503');
	expect(error).toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 (second) was waited
	expect(outputs[0][0]).toMatchObject({ properties: { provisioningState: 'Succeeded' } });
	expect(kit.armRequests('PUT').map((r) => r.status)).toEqual([429, 201]);
	const polls = kit.armRequests('GET').filter((r) => r.path.includes('/operationStatuses/'));
	expect(polls.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
	expect(polls.at(-1)!.status).toBe(200);
	expect(deploymentsNamed('ft-faults-429-503')).toHaveLength(1);
	expect(kit.emu.pendingFaults()).toEqual([]);
});

test('a PUT whose answer is lost is not sent again: the deployment is read, then waited for', async () => {
	kit.emu.injectFault({ kind: 'lost-response', method: 'PUT', path: '/deployments/' });
	const { outputs, error } = await create('ft-faults-lost-put');
	expect(error).toBeUndefined();
	expect(outputs[0][0]).toMatchObject({ properties: { provisioningState: 'Succeeded' } });
	expect(kit.armRequests('PUT')).toHaveLength(1);
	expect(kit.armRequests('PUT')[0].fault).toBe('lost-response');
	expect(deploymentsNamed('ft-faults-lost-put')).toHaveLength(1);
	expect(
		kit.emu.requests.filter((r) => r.path === '/openai/v1/chat/completions').at(-1)!.status,
	).toBe(200);
});

test('all three faults in one run, run twice: still one deployment, and the second run writes nothing', async () => {
	kit.emu.injectFault({
		kind: 'status',
		status: 429,
		retryAfterMs: 10,
		method: 'PUT',
		path: '/deployments/',
	});
	kit.emu.injectFault({ kind: 'lost-response', method: 'PUT', path: '/deployments/' });
	kit.emu.injectFault({ kind: 'status', status: 500, path: '/deployments/ft-faults-all$' });
	const model = kit.deployableModel();
	const parameters = {
		modelFrom: 'name',
		modelName: model,
		newDeploymentName: 'ft-faults-all',
		sku: 'standard',
		capacity: 1,
	};
	expect((await kit.deployment('create', parameters)).error).toBeUndefined();
	expect(kit.armRequests('PUT').map((r) => r.status)).toEqual([429, 201]);
	kit.emu.clearRequests();
	// n8n's Retry On Fail, or a second execution, with the same input: nothing is written again.
	expect((await kit.deployment('create', parameters)).error).toBeUndefined();
	expect(kit.armRequests('PUT')).toEqual([]);
	expect(deploymentsNamed('ft-faults-all')).toHaveLength(1);
});

describe('Update Capacity', () => {
	const name = 'ft-faults-update';

	beforeAll(async () => {
		expect((await create(name)).error).toBeUndefined();
	});

	async function update(capacity: number) {
		return await kit.deployment('update', { deploymentName: rl.name(name), capacity });
	}

	test('a PATCH whose answer is lost is not sent again: the deployment is read and returned with the new capacity', async () => {
		kit.emu.injectFault({ kind: 'lost-response', method: 'PATCH', path: '/deployments/' });
		const { outputs, error } = await update(3);
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({
			name,
			sku: { name: 'GlobalStandard', capacity: 3 },
			properties: { provisioningState: 'Succeeded' },
		});
		expect(kit.armRequests('PATCH').map((r) => [r.status, r.fault])).toEqual([
			[200, 'lost-response'],
		]);
		// The read after the lost answer is the last request: nothing was written after it.
		expect(kit.armRequests().at(-1)).toMatchObject({ method: 'GET', status: 200 });
		expect(deploymentsNamed(name)).toEqual([
			expect.objectContaining({ sku: expect.objectContaining({ capacity: 3 }) }),
		]);
	});

	test('a PATCH refused with a 500 before it was carried out is sent again once', async () => {
		kit.emu.injectFault({ kind: 'status', status: 500, method: 'PATCH', path: '/deployments/' });
		const { outputs, error } = await update(4);
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({ sku: { capacity: 4 } });
		expect(kit.armRequests('PATCH').map((r) => r.status)).toEqual([500, 200]);
		expect(kit.emu.pendingFaults()).toEqual([]);
	});

	test('run again with the same capacity (Retry On Fail, a second execution): nothing is written', async () => {
		const { outputs, error } = await update(4);
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({ sku: { capacity: 4 } });
		expect(kit.armRequests('PATCH')).toEqual([]);
	});
});
