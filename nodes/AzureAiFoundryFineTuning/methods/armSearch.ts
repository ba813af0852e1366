/**
 * The searches behind the deployment fields' From List mode: subscriptions (Subscriptions_List), resource groups
 * (ResourceGroups_List), accounts of a resource group (Accounts_ListByResourceGroup) and deployments of an account
 * (Deployments_List), each read from Azure Resource Manager with the node's Microsoft Entra ID credential and filtered
 * locally by the typed text (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { matchesSearch } from '../../shared/search';
import {
	armList,
	RESOURCE_GROUPS_API_VERSION,
	SUBSCRIPTIONS_API_VERSION,
} from '../../shared/transport/arm';
import {
	accountPath,
	accountsPath,
	checkResourceGroup,
	checkSubscriptionId,
	currentAccount,
	currentValue,
} from '../actions/deployment/account';

/** Entries whose texts match the search, labelled and valued by the callbacks, in ARM's order. */
function entries(
	items: IDataObject[],
	filter: string | undefined,
	texts: (item: IDataObject) => unknown[],
	label: (item: IDataObject) => string,
	value: (item: IDataObject) => unknown,
): INodeListSearchResult {
	return {
		results: items
			.filter((item) => typeof value(item) === 'string' && matchesSearch(filter, ...texts(item)))
			.map((item) => ({ name: label(item), value: value(item) as string })),
	};
}

/** The subscriptions the app can see, `<display name> · <id>`. */
export async function searchSubscriptions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const subscriptions = await armList.call(this, '/subscriptions', SUBSCRIPTIONS_API_VERSION);
	return entries(
		subscriptions,
		filter,
		(s) => [s.displayName, s.subscriptionId],
		(s) => `${String(s.displayName ?? s.subscriptionId)} · ${String(s.subscriptionId)}`,
		(s) => s.subscriptionId,
	);
}

/** The resource groups of the chosen Subscription, `<name> · <location>`. */
export async function searchResourceGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const subscriptionId = checkSubscriptionId('Subscription', currentValue(this, 'subscriptionId'));
	const groups = await armList.call(
		this,
		`/subscriptions/${subscriptionId}/resourcegroups`,
		RESOURCE_GROUPS_API_VERSION,
	);
	return entries(
		groups,
		filter,
		(g) => [g.name, g.location],
		(g) => `${String(g.name)} · ${String(g.location)}`,
		(g) => g.name,
	);
}

/** The Cognitive Services accounts of the chosen resource group, `<name> · <kind> · <location>`. */
export async function searchAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const subscriptionId = checkSubscriptionId('Subscription', currentValue(this, 'subscriptionId'));
	const resourceGroup = checkResourceGroup('Resource Group', currentValue(this, 'resourceGroup'));
	const accounts = await armList.call(this, accountsPath(subscriptionId, resourceGroup));
	return entries(
		accounts,
		filter,
		(a) => [a.name, a.kind, (a.properties as IDataObject | undefined)?.endpoint],
		(a) => `${String(a.name)} · ${String(a.kind)} · ${String(a.location)}`,
		(a) => a.name,
	);
}

/** The deployments of the chosen account, `<name> · <model> · <SKU> · <provisioning state>`. */
export async function searchDeployments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const deployments = await armList.call(this, `${accountPath(currentAccount(this))}/deployments`);
	return entries(
		deployments,
		filter,
		(d) => [d.name, ((d.properties as IDataObject)?.model as IDataObject | undefined)?.name],
		(d) => {
			const properties = (d.properties ?? {}) as IDataObject;
			const model = (properties.model ?? {}) as IDataObject;
			return `${String(d.name)} · ${String(model.name)} · ${String((d.sku as IDataObject | undefined)?.name)} · ${String(properties.provisioningState)}`;
		},
		(d) => d.name,
	);
}
