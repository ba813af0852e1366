import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ENDPOINT_FIELDS } from '../nodes/shared/credentialFields';
import { ACCESS_TOKEN_FIELD, CLOUDS, CUSTOM_CLOUD } from '../nodes/shared/transport/entra';

/**
 * n8n calls this for every request of the nodes with this credential. The nodes' transport
 * (nodes/shared/transport/credentials.ts) asks Microsoft Entra ID for the token of the request's audience (data
 * plane or Azure Resource Manager), keeps it in its cache and hands it over with the credential data of that one
 * request; this adds it as `Authorization: Bearer <token>`
 * (docs/azure-api.md#microsoft-entra-id-and-resource-manager). The token is never stored in the credential.
 *
 * @throws Error when no token was handed over: another node (such as HTTP Request) used this credential, which only
 *   the Azure AI Foundry nodes can sign in with.
 */
export async function addBearerToken(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const token = credentials[ACCESS_TOKEN_FIELD];
	if (typeof token !== 'string' || !token)
		throw new Error(
			'The Microsoft Entra ID credential signs in only through the Azure AI Foundry Fine-Tuning nodes, which ask Entra ID for the token',
		);
	requestOptions.headers = { ...requestOptions.headers, authorization: `Bearer ${token}` };
	return requestOptions;
}

const custom = { displayOptions: { show: { cloud: [CUSTOM_CLOUD] } } };

export class AzureAiFoundryEntraApi implements ICredentialType {
	name = 'azureAiFoundryEntraApi';

	displayName = 'Azure AI Foundry (Microsoft Entra ID) API';

	icon: Icon = {
		light: 'file:azureAiFoundry.svg',
		dark: 'file:azureAiFoundry.dark.svg',
	};

	documentationUrl =
		'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow';

	properties: INodeProperties[] = [
		{
			displayName:
				'An app registration (service principal) signs in with its client secret. Fine-tuning needs a data role on the resource (Azure AI User); deploying needs a role that may write deployments (Azure AI Owner or Contributor).',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000',
			description:
				"Directory (tenant) ID from the app registration's overview page, or the tenant's domain (contoso.onmicrosoft.com)",
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '00000000-0000-0000-0000-000000000000',
			description: "Application (client) ID from the app registration's overview page",
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The secret's Value (App registrations → Certificates & secrets), shown once when it is added; not its Secret ID",
		},
		{
			displayName: 'Cloud',
			name: 'cloud',
			type: 'options',
			default: 'public',
			options: [
				{
					name: 'Azure (Public)',
					value: 'public',
					description: `Sign-in ${CLOUDS.public.authorityHost}, Resource Manager ${CLOUDS.public.armHost}`,
				},
				{
					name: 'Azure US Government',
					value: 'usGovernment',
					description: `Sign-in ${CLOUDS.usGovernment.authorityHost}, Resource Manager ${CLOUDS.usGovernment.armHost}`,
				},
				{
					name: 'Azure China (21Vianet)',
					value: 'china',
					description: `Sign-in ${CLOUDS.china.authorityHost}, Resource Manager ${CLOUDS.china.armHost}`,
				},
				{
					name: 'Custom',
					value: CUSTOM_CLOUD,
					description: 'Other hosts, e.g. a local emulator',
				},
			],
		},
		{
			displayName: 'Authority Host',
			name: 'authorityHost',
			type: 'string',
			default: '',
			placeholder: CLOUDS.public.authorityHost,
			description:
				'Host of the Entra ID token endpoint (<host>/<tenant>/oauth2/v2.0/token). https://, or http:// only on this machine.',
			...custom,
		},
		{
			displayName: 'Resource Manager Host',
			name: 'armHost',
			type: 'string',
			default: '',
			placeholder: CLOUDS.public.armHost,
			description:
				'Host of Azure Resource Manager, where deployments are made. https://, or http:// only on this machine.',
			...custom,
		},
		{
			displayName: 'Resource Manager Audience',
			name: 'armAudience',
			type: 'string',
			default: CLOUDS.public.armAudience,
			description: 'Resource ID Resource Manager tokens are asked for (scope <audience>/.default)',
			...custom,
		},
		{
			displayName: 'Data-Plane Audience',
			name: 'dataPlaneAudience',
			type: 'string',
			default: CLOUDS.public.dataPlaneAudience,
			description:
				'Resource ID fine-tuning tokens are asked for (scope <audience>/.default); https://ai.azure.com works too',
			...custom,
		},
		...ENDPOINT_FIELDS,
	];

	authenticate = addBearerToken;
}
