/**
 * How both nodes sign in: the Authentication parameter (API key or Microsoft Entra ID, as n8n's own nodes offer a
 * choice of credentials) and the Microsoft Entra ID credential's test, which n8n runs from a node's `credentialTest`
 * methods (the nodes list the credential with `testedBy`). The transport reads the parameter
 * (nodes/shared/transport/credentials.ts) and signs each request accordingly.
 */
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';

import { AUTHENTICATION } from './transport/credentials';
import {
	legacyExchange,
	testEntraCredential,
	type LegacyRequest,
} from './transport/credentialTest';

/** The Authentication parameter: API Key (the default, as before it existed) or Microsoft Entra ID. */
export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	default: 'apiKey',
	options: [
		{
			name: 'API Key',
			value: AUTHENTICATION.apiKey,
			description:
				'The resource key (Keys and Endpoint page): jobs, files and Test Prompt, not deployments',
		},
		{
			name: 'Microsoft Entra ID',
			value: AUTHENTICATION.entraId,
			description:
				'An app registration with a client secret: needed for deployments, and for resources with key access disabled',
		},
	],
};

/** Name of the credential test method the nodes list under `methods.credentialTest`. */
export const ENTRA_CREDENTIAL_TEST = 'azureAiFoundryEntraApiTest';

/**
 * The Microsoft Entra ID credential's test (nodes/shared/transport/credentialTest.ts): both token audiences, each
 * with a real read; the failure names the audience and the reason.
 */
async function azureAiFoundryEntraApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	// A credential test's context offers only this request helper (ICredentialTestFunctions).
	const { helpers } = this;
	const request: LegacyRequest = async (options) => await helpers.request(options);
	return await testEntraCredential(legacyExchange(request), credential.data ?? {});
}

/** The `credentialTest` methods of both nodes. */
export const credentialTest = { [ENTRA_CREDENTIAL_TEST]: azureAiFoundryEntraApiTest };
