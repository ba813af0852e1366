/**
 * List Deployments: every deployment of the account, fine-tuned or not, all pages (`GET …/deployments`, operation
 * Deployments_List, paged by `nextLink`; docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { armList } from '../../../shared/transport/arm';
import { accountPath, readAccount } from './account';
import { requireEntraId } from './deployments';
import { accountFields } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['deployment'], operation: ['list'] } },
	[...accountFields],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	requireEntraId(this);
	const account = readAccount(this, itemIndex);
	const deployments = await armList.call(this, `${accountPath(account)}/deployments`);
	return deployments.map((json) => ({ json }));
}
