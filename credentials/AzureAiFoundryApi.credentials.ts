import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * Adds the `api-key` header (spec security scheme `ApiKeyAuth`) to a request. Used by n8n for every request of
 * the nodes (through `authenticate`) and by the credential test, so both send the same headers.
 * A key pasted with surrounding spaces or line breaks is trimmed.
 */
export async function addApiKeyHeader(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	requestOptions.headers = { ...requestOptions.headers, 'api-key': apiKey };
	return requestOptions;
}

export class AzureAiFoundryApi implements ICredentialType {
	name = 'azureAiFoundryApi';

	displayName = 'Azure AI Foundry API';

	icon: Icon = {
		light: 'file:azureAiFoundry.svg',
		dark: 'file:azureAiFoundry.dark.svg',
	};

	documentationUrl =
		'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/fine-tuning?tabs=rest#prerequisites';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://my-resource.openai.azure.com',
			description:
				'Your resource\'s endpoint, from the Azure portal (resource → Keys and Endpoint) or the Foundry portal. Any of https://&lt;resource&gt;.openai.azure.com, .services.ai.azure.com or .cognitiveservices.azure.com works, with or without /openai/v1 at the end.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'KEY 1 or KEY 2 from the same page as the endpoint. Sent as the api-key header.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			default: 'v1',
			options: [
				{
					name: 'V1 (Recommended)',
					value: 'v1',
					description: 'The generally available v1 API at <endpoint>/openai/v1',
				},
				{
					name: 'Preview',
					value: 'preview',
					description: 'The v1 API with api-version=preview',
				},
				{
					name: 'Dated Version (Older Resources)',
					value: 'dated',
					description: 'The previous API generation: <endpoint>/openai/...?api-version=2025-04-01-preview',
				},
			],
		},
		{
			displayName: 'Dated API Version',
			name: 'datedApiVersion',
			type: 'string',
			default: '2025-04-01-preview',
			placeholder: '2024-10-21',
			description: 'The api-version your resource still uses, e.g. 2024-10-21 or 2025-04-01-preview',
			displayOptions: { show: { apiVersion: ['dated'] } },
		},
	];

	authenticate = addApiKeyHeader;
}
