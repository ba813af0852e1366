/**
 * The credential fields both credentials share: where the resource is (Endpoint) and which API generation it speaks
 * (API Version, Dated API Version). Read by nodes/shared/transport/endpoint.ts, the same for either credential
 * (docs/azure-api.md#endpoints-and-api-versions).
 */
import type { INodeProperties } from 'n8n-workflow';

/** Endpoint, API Version and Dated API Version. */
export const ENDPOINT_FIELDS: INodeProperties[] = [
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
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'options',
		default: 'v1',
		options: [
			{
				name: 'V1 (Recommended)',
				value: 'v1',
				description: 'The generally available v1 API at &lt;endpoint&gt;/openai/v1',
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
					'The previous API generation: &lt;endpoint&gt;/openai/...?api-version=2025-04-01-preview',
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
