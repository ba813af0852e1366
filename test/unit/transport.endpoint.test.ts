import {
	CredentialSettingError,
	normaliseEndpoint,
	resolveApiTarget,
} from '../../nodes/shared/transport/endpoint';

const key = { apiKey: 'k' };

describe('normaliseEndpoint', () => {
	test.each([
		['https://res.openai.azure.com', 'https://res.openai.azure.com'],
		['https://res.openai.azure.com/', 'https://res.openai.azure.com'],
		['https://res.openai.azure.com/openai/v1', 'https://res.openai.azure.com'],
		['https://res.openai.azure.com/openai/v1/', 'https://res.openai.azure.com'],
		['https://res.openai.azure.com/openai', 'https://res.openai.azure.com'],
		['  https://RES.services.ai.azure.com//  ', 'https://res.services.ai.azure.com'],
		[
			'https://res.cognitiveservices.azure.com/OpenAI/V1',
			'https://res.cognitiveservices.azure.com',
		],
		[
			'https://res.services.ai.azure.com/api/projects/demo',
			'https://res.services.ai.azure.com/api/projects/demo',
		],
		[
			'https://res.services.ai.azure.com/api/projects/demo/openai/v1/',
			'https://res.services.ai.azure.com/api/projects/demo',
		],
		['http://127.0.0.1:8765', 'http://127.0.0.1:8765'],
		['http://localhost:8765/openai/v1', 'http://localhost:8765'],
		['http://[::1]:9000/', 'http://[::1]:9000'],
	])('%s → %s', (raw, expected) => {
		expect(normaliseEndpoint(raw)).toBe(expected);
	});

	test.each([
		['', /is required/],
		['res.openai.azure.com', /is not a URL/],
		['http://res.openai.azure.com', /plain http is not allowed/],
		['http://10.0.0.5:8080', /plain http is not allowed/],
		['ftp://res.openai.azure.com', /must start with https/],
		['https://user:pw@res.openai.azure.com', /user name or password/],
		['https://res.openai.azure.com/?x=1', /query/],
		['https://res.openai.azure.com/?', /query/],
		['https://res.openai.azure.com/#frag', /fragment/],
	])('refuses %j', (raw, message) => {
		expect(() => normaliseEndpoint(raw)).toThrow(CredentialSettingError);
		expect(() => normaliseEndpoint(raw)).toThrow(message);
		expect(() => normaliseEndpoint(raw)).toThrow(/^Endpoint: /);
	});
});

describe('resolveApiTarget', () => {
	test('v1: <endpoint>/openai/v1/<path>, no api-version', () => {
		expect(
			resolveApiTarget(
				{ ...key, endpoint: 'https://res.openai.azure.com/openai/v1/', apiVersion: 'v1' },
				'/fine_tuning/jobs',
			),
		).toEqual({
			url: 'https://res.openai.azure.com/openai/v1/fine_tuning/jobs',
			qs: {},
		});
	});

	test('api version defaults to v1', () => {
		expect(
			resolveApiTarget({ ...key, endpoint: 'https://res.openai.azure.com' }, '/files').url,
		).toBe('https://res.openai.azure.com/openai/v1/files');
	});

	test('preview adds api-version=preview on the v1 path', () => {
		expect(
			resolveApiTarget(
				{ ...key, endpoint: 'https://res.openai.azure.com', apiVersion: 'preview' },
				'/files',
			),
		).toEqual({
			url: 'https://res.openai.azure.com/openai/v1/files',
			qs: { 'api-version': 'preview' },
		});
	});

	test('dated version uses <endpoint>/openai/<path>?api-version=<version>', () => {
		expect(
			resolveApiTarget(
				{
					...key,
					endpoint: 'https://res.openai.azure.com/',
					apiVersion: 'dated',
					datedApiVersion: '2025-04-01-preview',
				},
				'/fine_tuning/jobs',
			),
		).toEqual({
			url: 'https://res.openai.azure.com/openai/fine_tuning/jobs',
			qs: { 'api-version': '2025-04-01-preview' },
		});
	});

	test('never a /deployments/ segment', () => {
		for (const apiVersion of ['v1', 'preview']) {
			expect(
				resolveApiTarget(
					{ ...key, endpoint: 'https://res.openai.azure.com', apiVersion },
					'/fine_tuning/jobs',
				).url,
			).not.toMatch(/deployments/);
		}
	});

	test.each([
		[{ endpoint: 'https://res.openai.azure.com' }, /^API Key: is required/],
		[
			{ ...key, endpoint: 'https://res.openai.azure.com', apiVersion: '2024-10-21' },
			/^API Version: must be one of v1, preview, dated/,
		],
		[
			{
				...key,
				endpoint: 'https://res.openai.azure.com',
				apiVersion: 'dated',
				datedApiVersion: 'latest',
			},
			/^Dated API Version: must look like/,
		],
	])('refuses %j', (settings, message) => {
		expect(() => resolveApiTarget(settings, '/files')).toThrow(message);
	});
});
