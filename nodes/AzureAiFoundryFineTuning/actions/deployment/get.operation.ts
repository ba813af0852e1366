/**
 * Get Deployment: `GET …/accounts/{account}/deployments/{name}` (operation Deployments_Get): its model, SKU and
 * capacity, `provisioningState` and `deploymentState` (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { armRequest } from '../../../shared/transport/arm';
import { accountPath, checkDeploymentName, readAccount, type AccountRef } from './account';
import { requireEntraId } from './deployments';
import { accountFields, deploymentLocator } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['deployment'], operation: ['get'] } },
	[...accountFields, deploymentLocator('The deployment to read')],
);

/** The account and the Deployment field of an item, checked. @throws FieldError (nothing is sent). */
export function readDeploymentTarget(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { account: AccountRef; name: string } {
	requireEntraId(ctx);
	const account = readAccount(ctx, itemIndex);
	const name = checkDeploymentName(
		'Deployment',
		ctx.getNodeParameter('deploymentName', itemIndex, '', { extractValue: true }),
	);
	return { account, name };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { account, name } = readDeploymentTarget(this, itemIndex);
	return [
		{ json: await armRequest.call(this, { method: 'GET', path: accountPath(account, name) }) },
	];
}
