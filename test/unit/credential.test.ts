import {
	addApiKeyHeader,
	AzureAiFoundryApi,
} from '../../credentials/AzureAiFoundryApi.credentials';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { API_REQUEST_OPTIONS } from '../../nodes/shared/transport/endpoint';

const credentials = {
	endpoint: 'https://res.openai.azure.com/openai/v1/',
	apiKey: '  key-1\n',
	apiVersion: 'v1',
};

describe("the credential's authenticate", () => {
	test('adds the trimmed api-key header and keeps absolute URLs as they are', async () => {
		const options = await addApiKeyHeader(credentials, {
			url: 'https://res.openai.azure.com/openai/v1/files',
			headers: { accept: 'x' },
		});
		expect(options).toEqual({
			url: 'https://res.openai.azure.com/openai/v1/files',
			headers: { accept: 'x', 'api-key': 'key-1' },
		});
	});

	test("resolves the credential test's API path with the endpoint rules (v1 and dated)", async () => {
		expect(
			await addApiKeyHeader(credentials, { url: '/fine_tuning/jobs', qs: { limit: 1 } }),
		).toMatchObject({
			url: 'https://res.openai.azure.com/openai/v1/fine_tuning/jobs',
			qs: { limit: 1 },
		});
		const dated = { ...credentials, apiVersion: 'dated', datedApiVersion: '2024-10-21' };
		expect(
			await addApiKeyHeader(dated, { url: '/fine_tuning/jobs', qs: { limit: 1 } }),
		).toMatchObject({
			url: 'https://res.openai.azure.com/openai/fine_tuning/jobs',
			qs: { limit: 1, 'api-version': '2024-10-21' },
		});
	});

	test("n8n's HTTP Request node (legacy options with uri, no url) gets the header and nothing else changes", async () => {
		const legacy = {
			uri: 'https://res.openai.azure.com/openai/v1/fine_tuning/jobs/ftjob-1',
			method: 'GET',
		} as unknown as IHttpRequestOptions;
		expect(await addApiKeyHeader(credentials, legacy)).toEqual({
			...legacy,
			headers: { 'api-key': 'key-1' },
		});
	});

	test('an unusable endpoint in the credential test is refused naming the field', async () => {
		await expect(
			addApiKeyHeader(
				{ ...credentials, endpoint: 'http://example.com' },
				{ url: '/fine_tuning/jobs' },
			),
		).rejects.toThrow(/^Endpoint: plain http is not allowed/);
	});

	test('the test request is a real read endpoint with limit 1 and the options of every node request; each usual refusal has its message', () => {
		const { test } = new AzureAiFoundryApi();
		expect(test.request).toEqual({
			method: 'GET',
			url: '/fine_tuning/jobs',
			qs: { limit: 1 },
			...API_REQUEST_OPTIONS,
		});
		expect(API_REQUEST_OPTIONS).toEqual({
			headers: { accept: 'application/json' },
			disableFollowRedirect: true,
		});
		const rules = test.rules?.map((rule) => rule.properties as { value: number; message: string });
		expect(rules?.map((rule) => rule.value)).toEqual([301, 302, 303, 307, 308, 400, 401, 403, 404]);
		for (const rule of rules!.filter((r) => r.value < 400))
			expect(rule.message).toMatch(
				new RegExp(`redirect .*\\(HTTP ${rule.value}\\).* the API key was not sent there`),
			);
	});
});
