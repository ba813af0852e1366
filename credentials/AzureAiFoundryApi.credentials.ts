import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { resolveApiTarget } from '../nodes/shared/transport/endpoint';

/**
 * n8n calls this for every request of the nodes and for the credential test. It adds the `api-key` header (spec
 * security scheme `ApiKeyAuth`), trimmed of spaces and line breaks pasted with it. A request given as an API path
 * (`/fine_tuning/jobs`, which only the credential test sends) is resolved to the endpoint's URL by the same code as
 * every node request (nodes/shared/endpoint.ts), so the test reaches the same place with the same headers.
 *
 * @throws CredentialSettingError for a missing key or an unusable Endpoint / API Version (nothing is sent).
 */
export async function addApiKeyHeader(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	requestOptions.headers = { ...requestOptions.headers, 'api-key': apiKey };
	// Only the credential test sends an API path. Other callers send absolute URLs, and n8n's HTTP Request node
	// (predefined credential type) sends legacy options with `uri` and no `url`: those pass through unchanged.
	if (
		!requestOptions.baseURL &&
		typeof requestOptions.url === 'string' &&
		requestOptions.url.startsWith('/')
	) {
		const target = resolveApiTarget(credentials, requestOptions.url);
		requestOptions.url = target.url;
		requestOptions.qs = { ...requestOptions.qs, ...target.qs };
	}
	return requestOptions;
}

/** What the credential test shows for the usual refusals (n8n shows only a fixed text for a declarative test). */
export const TEST_FAILURES: Record<number, string> = {
	400: 'Azure refused the request (HTTP 400). If the resource is on an older API generation, choose API Version "Dated Version" with the api-version it uses.',
	401: 'Access denied due to invalid subscription key or wrong API endpoint (HTTP 401). Check that API Key and Endpoint come from the same resource (Keys and Endpoint page).',
	403: 'The key was accepted but is not allowed to fine-tune (HTTP 403): fine-tuning needs the Cognitive Services OpenAI Contributor role on the resource.',
	404: 'Nothing answers at this Endpoint (HTTP 404): check the Endpoint, and that the API Version matches the resource.',
};

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
				"Your resource's endpoint, from the Azure portal (resource → Keys and Endpoint) or the Foundry portal. Any of https://&lt;resource&gt;.openai.azure.com, .services.ai.azure.com or .cognitiveservices.azure.com works, with or without /openai/v1 at the end.",
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
					description:
						'The previous API generation: <endpoint>/openai/...?api-version=2025-04-01-preview',
				},
			],
		},
		{
			displayName: 'Dated API Version',
			name: 'datedApiVersion',
			type: 'string',
			default: '2025-04-01-preview',
			placeholder: '2024-10-21',
			description:
				'The api-version your resource still uses, e.g. 2024-10-21 or 2025-04-01-preview',
			displayOptions: { show: { apiVersion: ['dated'] } },
		},
	];

	authenticate = addApiKeyHeader;

	/** Lists fine-tuning jobs (a real read endpoint, limit 1) through `authenticate`, like every node request. */
	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/fine_tuning/jobs', qs: { limit: 1 } },
		rules: Object.entries(TEST_FAILURES).map(([status, message]) => ({
			type: 'responseCode' as const,
			properties: { value: Number(status), message },
		})),
	};
}
