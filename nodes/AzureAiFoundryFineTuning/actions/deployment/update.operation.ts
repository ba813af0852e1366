/**
 * Update Capacity: `PATCH …/deployments/{name}` with the deployment's SKU and the new capacity (operation
 * Deployments_Update, body `PatchResourceTagsAndSku`; `sku.name` is required, so the deployment is read first). A 202
 * is followed through its `Location` (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 *
 * Never twice: a deployment that already has the capacity is not written again, and after a lost answer (a reset, a
 * timeout or a 5xx: the PATCH may have been carried out) the deployment is read before anything is resent; if it has
 * the new capacity, that is the result, read again until its provisioning has ended.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	armExchange,
	armRequest,
	followOperation,
	isFinishedState,
} from '../../../shared/transport/arm';
import { toNumber } from '../../../shared/validation';
import { accountPath } from './account';
import { isSucceeded, pollProvisioning, provisioningStateOf, readDeployment } from './deployments';
import { accountFields, deploymentLocator } from './fields';
import { readDeploymentTarget } from './get.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['deployment'], operation: ['update'] } },
	[
		...accountFields,
		deploymentLocator('The deployment whose capacity to change'),
		{
			displayName: 'Capacity',
			name: 'capacity',
			type: 'number',
			default: 1,
			required: true,
			typeOptions: { minValue: 1 },
			description:
				'New capacity in units of 1,000 tokens per minute; the SKU stays. Counts against your quota.',
		},
	],
);

/** How long a 202 of the update is followed (polls paced by `settings.deploymentWait`), in milliseconds. */
const UPDATE_WAIT_MS = 10 * 60_000;

/** True when `deployment`'s `sku.capacity` is `capacity`. */
function hasCapacity(deployment: IDataObject, capacity: number): boolean {
	return Number(((deployment.sku ?? {}) as IDataObject).capacity) === capacity;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { account, name } = readDeploymentTarget(this, itemIndex);
	const capacity = toNumber('Capacity', this.getNodeParameter('capacity', itemIndex, 1), {
		integer: true,
		min: 1,
	});
	const path = accountPath(account, name);
	const current = await armRequest.call(this, { method: 'GET', path });
	if (hasCapacity(current, capacity) && isSucceeded(provisioningStateOf(current)))
		return [{ json: current }];
	const sku = (current.sku ?? {}) as IDataObject;
	const answer = await armExchange.call(this, {
		method: 'PATCH',
		path,
		body: { sku: { name: sku.name, capacity } },
		// The answer was lost: the PATCH may have been carried out. Read before sending it again.
		recover: async () => {
			const found = await readDeployment(this, account, name);
			return found && hasCapacity(found, capacity) ? found : undefined;
		},
	});
	const deadline = Date.now() + UPDATE_WAIT_MS;
	if (answer.status === 202) {
		await followOperation.call(this, answer, deadline);
		return [{ json: await armRequest.call(this, { method: 'GET', path }) }];
	}
	if (!answer.recovered || isFinishedState(provisioningStateOf(answer.body)))
		return [{ json: answer.body }];
	const { value } = await pollProvisioning(this, path, deadline);
	return [{ json: value }];
}
