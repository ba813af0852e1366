/**
 * The Deployment resource's account and name checks (actions/deployment/account.ts): the ARM spec's rules for
 * subscription, resource group and account names, deployment names, and reading an account from a pasted resource ID.
 */
import {
	accountPath,
	checkDeploymentName,
	parseAccountId,
	toAccount,
} from '../../nodes/AzureAiFoundryFineTuning/actions/deployment/account';

const SUB = '3f2b8c1d-6e4a-4b7f-9c0d-5a1e2f3b4c5d';
const ACCOUNT = { subscriptionId: SUB, resourceGroup: 'rg-ft', accountName: 'my-foundry' };
const ID = `/subscriptions/${SUB}/resourceGroups/rg-ft/providers/Microsoft.CognitiveServices/accounts/my-foundry`;

test.each([
	['the ID itself', ID],
	[
		'any case, with spaces around',
		`  ${ID.replace('resourceGroups', 'resourcegroups').replace('Microsoft.CognitiveServices', 'microsoft.cognitiveservices')}  `,
	],
	['a deployment’s ID', `${ID}/deployments/x`],
	['a portal address', `https://portal.azure.com/#@contoso/resource${ID}/overview`],
])('parseAccountId reads %s', (_what, text) => {
	expect(parseAccountId('Account Resource ID', text)).toEqual(ACCOUNT);
});

test.each([
	[
		'no account in it',
		`/subscriptions/${SUB}/resourceGroups/rg-ft`,
		/must be an account's resource ID/,
	],
	[
		'a subscription that is no UUID',
		ID.replace(SUB, 'abc'),
		/^Account Resource ID \(subscription\): must be a subscription ID/,
	],
	[
		'an account name of one letter',
		ID.replace('my-foundry', 'a'),
		/^Account Resource ID \(account\): must be an account name/,
	],
])('parseAccountId refuses %s', (_what, text, message) => {
	expect(() => parseAccountId('Account Resource ID', text)).toThrow(message);
});

test('toAccount by names names each field; by resource ID reads the ID', () => {
	const fields = {
		input: 'names',
		subscriptionId: SUB,
		resourceGroup: 'rg-ft',
		accountName: 'my-foundry',
		resourceId: '',
	};
	expect(toAccount(fields)).toEqual(ACCOUNT);
	expect(() => toAccount({ ...fields, resourceGroup: 'rg.' })).toThrow(
		/^Resource Group: must be a resource group name/,
	);
	expect(() => toAccount({ ...fields, resourceGroup: 'x'.repeat(91) })).toThrow(
		/^Resource Group: must be a resource group name/,
	);
	expect(() => toAccount({ ...fields, accountName: '' })).toThrow(
		'Account: is required but was empty',
	);
	expect(toAccount({ ...fields, input: 'resourceId', subscriptionId: '', resourceId: ID })).toEqual(
		ACCOUNT,
	);
});

test('resource group names keep ARM’s characters and are encoded in the path', () => {
	const account = toAccount({
		input: 'names',
		subscriptionId: SUB,
		resourceGroup: 'rg_(prod).1',
		accountName: 'acc',
		resourceId: '',
	});
	expect(accountPath(account, 'dep')).toBe(
		`/subscriptions/${SUB}/resourceGroups/rg_(prod).1/providers/Microsoft.CognitiveServices/accounts/acc/deployments/dep`,
	);
});

test.each([
	['ft-model.v1_2', true],
	['x', false],
	['-leading', false],
	['a/b', false],
	['x'.repeat(64), true],
	['x'.repeat(65), false],
])('deployment name %s is %s', (name, ok) => {
	if (ok) expect(checkDeploymentName('Deployment Name', name)).toBe(name);
	else expect(() => checkDeploymentName('Deployment Name', name)).toThrow(/^Deployment Name: /);
});
