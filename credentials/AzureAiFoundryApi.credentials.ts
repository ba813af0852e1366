import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ENDPOINT_FIELDS } from '../nodes/shared/credentialFields';
import { API_REQUEST_OPTIONS, resolveApiTarget } from '../nodes/shared/transport/endpoint';

/**
 * n8n calls this for every request of the nodes and for the credential test. It adds the `api-key` header (security
 * scheme `ApiKeyAuth`; docs/azure-api.md#endpoints-and-api-versions), trimmed of spaces and line breaks pasted with
 * it. A request given as an API path (`/fine_tuning/jobs`, which only the credential test sends) is resolved to the
 * endpoint's URL by the same code as every node request (nodes/shared/transport/endpoint.ts), so the test reaches the
 * same place with the same headers.
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

/**
 * What the credential test shows for the usual refusals (n8n shows only a fixed text for a declarative test); the
 * 401 text and the role are Azure's own (docs/azure-api.md#endpoints-and-api-versions).
 */
export const TEST_FAILURES: Record<number, string> = {
	400: 'Azure refused the request (HTTP 400). If the resource is on an older API generation, choose API Version "Dated Version" with the api-version it uses.',
	401: 'Access denied due to invalid subscription key or wrong API endpoint (HTTP 401). Check that API Key and Endpoint come from the same resource (Keys and Endpoint page).',
	403: 'The key was accepted but is not allowed to fine-tune (HTTP 403): fine-tuning needs the Cognitive Services OpenAI Contributor role on the resource.',
	404: 'Nothing answers at this Endpoint (HTTP 404): check the Endpoint, and that the API Version matches the resource.',
	// Redirects are not followed (API_REQUEST_OPTIONS); n8n gives a rule only the status, so the host cannot be named.
	...Object.fromEntries(
		[301, 302, 303, 307, 308].map((status) => [
			status,
			`The Endpoint answered with a redirect to another address (HTTP ${status}). Azure's API does not redirect, so it was not followed and the API key was not sent there: check the Endpoint (Keys and Endpoint page of the resource).`,
		]),
	),
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
		ENDPOINT_FIELDS[0],
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'KEY 1 or KEY 2 from the same page as the endpoint. Sent as the api-key header.',
		},
		...ENDPOINT_FIELDS.slice(1),
	];

	authenticate = addApiKeyHeader;

	/**
	 * Lists fine-tuning jobs (a real read endpoint, limit 1) through `authenticate`, with the options of every node
	 * request (Accept: application/json, redirects not followed).
	 */
	test: ICredentialTestRequest = {
		request: { method: 'GET', url: '/fine_tuning/jobs', qs: { limit: 1 }, ...API_REQUEST_OPTIONS },
		rules: Object.entries(TEST_FAILURES).map(([status, message]) => ({
			type: 'responseCode' as const,
			properties: { value: Number(status), message },
		})),
	};
}
