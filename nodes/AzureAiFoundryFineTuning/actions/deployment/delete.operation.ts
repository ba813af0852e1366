/**
 * Delete Deployment: `DELETE …/deployments/{name}` (operation Deployments_Delete: 202 with `Location` while it is
 * deleted, 204 when there was nothing). A name that does not exist is refused with a clear error rather than ARM's
 * silent 204, and the delete is followed until the deployment is gone (within Max Wait) unless told not to
 * (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { armExchange, followOperation, pollUntil } from '../../../shared/transport/arm';
import { accountPath, describeAccount } from './account';
import { toOptionalBoolean } from '../../../shared/validation';
import { maxWaitMs, provisioningStateOf, readDeployment } from './deployments';
import { accountFields, deploymentLocator, maxWaitField } from './fields';
import { readDeploymentTarget } from './get.operation';

/** Default Max Wait of Delete, in seconds. */
const DELETE_MAX_WAIT_SECONDS = 600;

export const description = updateDisplayOptions(
	{ show: { resource: ['deployment'], operation: ['delete'] } },
	[
		...accountFields,
		deploymentLocator('The deployment to delete; its model stays and can be deployed again'),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				maxWaitField(DELETE_MAX_WAIT_SECONDS, 'the deployment to be gone'),
				{
					displayName: 'Wait Until Deleted',
					name: 'waitUntilDeleted',
					type: 'boolean',
					default: true,
					description:
						'Whether to wait until the deployment is gone (on unless turned off). Off: returns once Azure accepted the delete.',
				},
			],
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { account, name } = readDeploymentTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const wait = toOptionalBoolean('Wait Until Deleted', options.waitUntilDeleted, true);
	const waitMs = maxWaitMs(options.maxWaitSeconds, DELETE_MAX_WAIT_SECONDS);
	const existing = await readDeployment(this, account, name);
	if (!existing)
		throw new NodeOperationError(
			this.getNode(),
			`There is no deployment "${name}" in ${describeAccount(account)}`,
			{
				description:
					'Nothing was deleted. Check the Deployment and the account (List Deployments shows the names).',
			},
		);
	const answer = await armExchange.call(this, {
		method: 'DELETE',
		path: accountPath(account, name),
		// The answer was lost: the delete may have been carried out. A deployment gone or going counts as done.
		recover: async () => {
			const found = await readDeployment(this, account, name);
			return !found || provisioningStateOf(found) === 'Deleting' ? { name } : undefined;
		},
	});
	if (!wait) return [{ json: { id: existing.id, name, status: 'deleting' } }];
	const deadline = Date.now() + waitMs;
	await followOperation.call(this, answer, deadline);
	const { settled } = await pollUntil(
		async () => ({ value: await readDeployment(this, account, name) }),
		(found) => found === undefined,
		deadline,
	);
	if (!settled)
		throw new NodeOperationError(
			this.getNode(),
			`Deployment "${name}" is still being deleted after ${waitMs / 1000} s`,
			{ description: 'Azure goes on deleting it; List Deployments shows when it is gone.' },
		);
	return [{ json: { id: existing.id, name, status: 'deleted' } }];
}
