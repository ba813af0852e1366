/**
 * Which Azure AI Foundry (Cognitive Services) account a deployment operation works on, and the names that go into
 * Azure Resource Manager paths. Pure checks raise FieldError naming the field as the editor shows it, before any
 * request; the rules are those of test/fixtures/deployments.arm.json (SubscriptionIdParameter: a UUID;
 * ResourceGroupNameParameter: 1–90 of `-\w._()`; `accountName`: 2–64, `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`).
 */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { FieldError, requireText, show } from '../../../shared/validation';

/** An account's coordinates in ARM. */
export interface AccountRef {
	subscriptionId: string;
	resourceGroup: string;
	accountName: string;
}

/** Values of the Account field's input choice. */
export const ACCOUNT_INPUT = { names: 'names', resourceId: 'resourceId' } as const;

export const SUBSCRIPTION_ID_REGEX =
	'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const RESOURCE_GROUP_REGEX = '^[-\\w._()]{1,90}$';
export const ACCOUNT_NAME_REGEX = '^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$';
/**
 * Deployment names go into the ARM path and into `model` of inference requests: the same rule as account names
 * (the ARM spec gives deployment names none of their own).
 */
export const DEPLOYMENT_NAME_REGEX = ACCOUNT_NAME_REGEX;

/** What each name must look like, for messages and the editor's checks. */
export const NAME_RULES = {
	subscription: 'must be a subscription ID, a UUID such as 3f2b8c1d-6e4a-4b7f-9c0d-5a1e2f3b4c5d',
	resourceGroup:
		'must be a resource group name: 1–90 letters, digits, and - _ . ( ) (not ending with .)',
	account:
		'must be an account name: 2–64 letters, digits, and - _ . starting with a letter or digit',
	deployment:
		'must be a deployment name: 2–64 letters, digits, and - _ . starting with a letter or digit',
} as const;

function checked(field: string, value: unknown, regex: string, rule: string): string {
	const text = requireText(field, value, { maxLength: 100 });
	if (!new RegExp(regex).test(text) || (regex === RESOURCE_GROUP_REGEX && text.endsWith('.')))
		throw new FieldError(field, `${rule} (got ${show(text)})`);
	return text;
}

/** @throws FieldError naming `field` unless a subscription ID. */
export function checkSubscriptionId(field: string, value: unknown): string {
	return checked(field, value, SUBSCRIPTION_ID_REGEX, NAME_RULES.subscription);
}

/** @throws FieldError naming `field` unless a resource group name. */
export function checkResourceGroup(field: string, value: unknown): string {
	return checked(field, value, RESOURCE_GROUP_REGEX, NAME_RULES.resourceGroup);
}

/** @throws FieldError naming `field` unless an account name. */
export function checkAccountName(field: string, value: unknown): string {
	return checked(field, value, ACCOUNT_NAME_REGEX, NAME_RULES.account);
}

/** @throws FieldError naming `field` unless a deployment name. */
export function checkDeploymentName(field: string, value: unknown): string {
	return checked(field, value, DEPLOYMENT_NAME_REGEX, NAME_RULES.deployment);
}

/** An account's resource ID anywhere in a text (a portal URL holds one too). */
const ACCOUNT_ID =
	/\/subscriptions\/([^/?#\s]+)\/resourceGroups\/([^/?#\s]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/?#\s]+)/i;

/**
 * Reads an account's resource ID as the portal shows it (resource → JSON View, or Properties), e.g.
 * `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>`; a longer
 * text holding one (a deployment's ID, a portal URL) works too.
 * @throws FieldError naming `field` when no account ID is found, or one of its parts breaks its rule.
 */
export function parseAccountId(field: string, value: unknown): AccountRef {
	const text = requireText(field, value, { maxLength: 2000 });
	const match = ACCOUNT_ID.exec(text);
	if (!match)
		throw new FieldError(
			field,
			`must be an account's resource ID such as /subscriptions/<subscription ID>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name> (got ${show(text)})`,
		);
	const part = (raw: string) => {
		try {
			return decodeURIComponent(raw);
		} catch {
			return raw;
		}
	};
	return {
		subscriptionId: checkSubscriptionId(`${field} (subscription)`, part(match[1])),
		resourceGroup: checkResourceGroup(`${field} (resource group)`, part(match[2])),
		accountName: checkAccountName(`${field} (account)`, part(match[3])),
	};
}

/** The Account fields as n8n hands them over (resource locator values already extracted). */
export interface AccountFields {
	input: unknown;
	subscriptionId: unknown;
	resourceGroup: unknown;
	accountName: unknown;
	resourceId: unknown;
}

/** Display names of the Account fields (the editor's). */
export const ACCOUNT_FIELD_NAMES = {
	subscriptionId: 'Subscription',
	resourceGroup: 'Resource Group',
	accountName: 'Account',
	resourceId: 'Account Resource ID',
} as const;

/** Pure: the account the fields name. @throws FieldError naming the field that breaks its rule. */
export function toAccount(fields: AccountFields): AccountRef {
	if (fields.input === ACCOUNT_INPUT.resourceId)
		return parseAccountId(ACCOUNT_FIELD_NAMES.resourceId, fields.resourceId);
	return {
		subscriptionId: checkSubscriptionId(ACCOUNT_FIELD_NAMES.subscriptionId, fields.subscriptionId),
		resourceGroup: checkResourceGroup(ACCOUNT_FIELD_NAMES.resourceGroup, fields.resourceGroup),
		accountName: checkAccountName(ACCOUNT_FIELD_NAMES.accountName, fields.accountName),
	};
}

/** The ARM path of an account's resource group accounts list. */
export function accountsPath(subscriptionId: string, resourceGroup: string): string {
	return `/subscriptions/${subscriptionId}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.CognitiveServices/accounts`;
}

/** The ARM path of an account (Accounts_Get), or of one of its deployments (Deployments_Get). */
export function accountPath(account: AccountRef, deployment?: string): string {
	const base = `${accountsPath(account.subscriptionId, account.resourceGroup)}/${account.accountName}`;
	return deployment === undefined ? base : `${base}/deployments/${deployment}`;
}

/** `account "<name>" (resource group <group>)`, for messages. */
export function describeAccount(account: AccountRef): string {
	return `account "${account.accountName}" (resource group ${account.resourceGroup})`;
}

const ACCOUNT_PARAMETERS = {
	input: 'accountInput',
	subscriptionId: 'subscriptionId',
	resourceGroup: 'resourceGroup',
	accountName: 'accountName',
	resourceId: 'accountResourceId',
} as const;

/** The Account fields of an item. @throws FieldError as {@link toAccount}. */
export function readAccount(ctx: IExecuteFunctions, itemIndex: number): AccountRef {
	const read = (name: string) => ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const input = read(ACCOUNT_PARAMETERS.input);
	return toAccount({
		input,
		subscriptionId:
			input === ACCOUNT_INPUT.resourceId ? '' : read(ACCOUNT_PARAMETERS.subscriptionId),
		resourceGroup: input === ACCOUNT_INPUT.resourceId ? '' : read(ACCOUNT_PARAMETERS.resourceGroup),
		accountName: input === ACCOUNT_INPUT.resourceId ? '' : read(ACCOUNT_PARAMETERS.accountName),
		resourceId: input === ACCOUNT_INPUT.resourceId ? read(ACCOUNT_PARAMETERS.resourceId) : '',
	});
}

/**
 * The value of a field of the node being edited (for a From List search), resource locators extracted; undefined
 * when the field is not shown.
 */
export function currentValue(ctx: ILoadOptionsFunctions, name: string): unknown {
	try {
		return ctx.getCurrentNodeParameter(name, { extractValue: true });
	} catch {
		return undefined;
	}
}

/** The Account fields of the node being edited (for the deployment search). @throws FieldError as {@link toAccount}. */
export function currentAccount(ctx: ILoadOptionsFunctions): AccountRef {
	return toAccount({
		input: currentValue(ctx, ACCOUNT_PARAMETERS.input) ?? ACCOUNT_INPUT.names,
		subscriptionId: currentValue(ctx, ACCOUNT_PARAMETERS.subscriptionId),
		resourceGroup: currentValue(ctx, ACCOUNT_PARAMETERS.resourceGroup),
		accountName: currentValue(ctx, ACCOUNT_PARAMETERS.accountName),
		resourceId: currentValue(ctx, ACCOUNT_PARAMETERS.resourceId),
	});
}
