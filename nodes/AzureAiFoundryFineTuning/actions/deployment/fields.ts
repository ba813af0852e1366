/**
 * Fields several deployment operations show: the account (Subscription, Resource Group and Account, each searchable
 * in Azure Resource Manager, or a pasted resource ID), the deployment (searchable, or by name), and the notice that
 * deployments need Microsoft Entra ID.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	ACCOUNT_FIELD_NAMES,
	ACCOUNT_INPUT,
	ACCOUNT_NAME_REGEX,
	DEPLOYMENT_NAME_REGEX,
	NAME_RULES,
	RESOURCE_GROUP_REGEX,
	SUBSCRIPTION_ID_REGEX,
} from './account';

/** A resource locator with a searchable From List mode and a typed mode checked by `regex` as the user types. */
function armLocator(spec: {
	name: string;
	displayName: string;
	searchListMethod: string;
	typedMode: {
		name: string;
		displayName: string;
		placeholder: string;
		regex: string;
		rule: string;
	};
	description: string;
	show?: Record<string, string[]>;
}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${spec.displayName === 'Account' ? 'an' : 'a'} ${spec.displayName.toLowerCase()}...`,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: spec.typedMode.displayName,
				name: spec.typedMode.name,
				type: 'string',
				placeholder: spec.typedMode.placeholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: spec.typedMode.regex,
							errorMessage: `${spec.displayName}: ${spec.typedMode.rule}`,
						},
					},
				],
			},
		],
		...(spec.show ? { displayOptions: { show: spec.show } } : {}),
	};
}

const byNames = { accountInput: [ACCOUNT_INPUT.names] };

/** How the account is given, and its fields. */
export const accountFields: INodeProperties[] = [
	{
		displayName:
			'Deployments are made in Azure Resource Manager, which accepts only Microsoft Entra ID: set Authentication to Microsoft Entra ID',
		name: 'entraNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['apiKey'] } },
	},
	{
		displayName: 'Account Given By',
		name: 'accountInput',
		type: 'options',
		default: 'names',
		description:
			'How to find the Azure AI Foundry (Azure OpenAI) resource the deployment belongs to',
		options: [
			{
				name: 'Subscription, Resource Group and Name',
				value: ACCOUNT_INPUT.names,
				description: 'Pick each from Azure Resource Manager, or type it',
			},
			{
				name: 'Resource ID',
				value: ACCOUNT_INPUT.resourceId,
				description: "Paste the resource's ID (resource → JSON View, or its portal address)",
			},
		],
	},
	armLocator({
		name: 'subscriptionId',
		displayName: ACCOUNT_FIELD_NAMES.subscriptionId,
		searchListMethod: 'searchSubscriptions',
		typedMode: {
			name: 'id',
			displayName: 'By ID',
			placeholder: '3f2b8c1d-6e4a-4b7f-9c0d-5a1e2f3b4c5d',
			regex: SUBSCRIPTION_ID_REGEX,
			rule: NAME_RULES.subscription,
		},
		description: 'The Azure subscription of the resource',
		show: byNames,
	}),
	armLocator({
		name: 'resourceGroup',
		displayName: ACCOUNT_FIELD_NAMES.resourceGroup,
		searchListMethod: 'searchResourceGroups',
		typedMode: {
			name: 'name',
			displayName: 'By Name',
			placeholder: 'rg-fine-tuning',
			regex: RESOURCE_GROUP_REGEX,
			rule: NAME_RULES.resourceGroup,
		},
		description: 'The resource group of the resource',
		show: byNames,
	}),
	armLocator({
		name: 'accountName',
		displayName: ACCOUNT_FIELD_NAMES.accountName,
		searchListMethod: 'searchAccounts',
		typedMode: {
			name: 'name',
			displayName: 'By Name',
			placeholder: 'my-foundry-resource',
			regex: ACCOUNT_NAME_REGEX,
			rule: NAME_RULES.account,
		},
		description:
			'The Azure AI Foundry (Azure OpenAI) resource: the one whose endpoint trained the model',
		show: byNames,
	}),
	{
		displayName: ACCOUNT_FIELD_NAMES.resourceId,
		name: 'accountResourceId',
		type: 'string',
		default: '',
		required: true,
		placeholder:
			'/subscriptions/…/resourceGroups/…/providers/Microsoft.CognitiveServices/accounts/…',
		description:
			"The resource's ID, from its JSON View in the Azure portal; a portal address or a deployment's ID that contains it works too",
		displayOptions: { show: { accountInput: [ACCOUNT_INPUT.resourceId] } },
	},
];

/** An existing deployment of the account: From List (searched in ARM) or by name. */
export function deploymentLocator(description: string): INodeProperties {
	return armLocator({
		name: 'deploymentName',
		displayName: 'Deployment',
		searchListMethod: 'searchDeployments',
		typedMode: {
			name: 'name',
			displayName: 'By Name',
			placeholder: 'my-fine-tuned-model',
			regex: DEPLOYMENT_NAME_REGEX,
			rule: NAME_RULES.deployment,
		},
		description,
	});
}

/** Max Wait (Seconds) of a wait option; `defaultSeconds` its default. */
export function maxWaitField(defaultSeconds: number, what: string): INodeProperties {
	return {
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		default: defaultSeconds,
		typeOptions: { minValue: 1, maxValue: 86400 },
		description: `How long to wait at most for ${what}; the node then stops with the last state it saw`,
	};
}
