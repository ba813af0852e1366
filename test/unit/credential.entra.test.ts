/**
 * The Microsoft Entra ID credential (credentials/AzureAiFoundryEntraApi.credentials.ts): its `authenticate` adds the
 * token the transport handed over and nothing else; its fields are those the transport reads; the secret is a
 * password field.
 */
import {
	addBearerToken,
	AzureAiFoundryEntraApi,
} from '../../credentials/AzureAiFoundryEntraApi.credentials';
import { AzureAiFoundryApi } from '../../credentials/AzureAiFoundryApi.credentials';
import { ACCESS_TOKEN_FIELD, CLOUDS } from '../../nodes/shared/transport/entra';

const credential = new AzureAiFoundryEntraApi();
const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));

test('authenticate adds the handed-over token as a Bearer header, keeping the other headers', async () => {
	const options = await addBearerToken(
		{ clientSecret: 's', [ACCESS_TOKEN_FIELD]: 'token-1' },
		{ url: 'https://x.example/openai/v1/files', headers: { accept: 'application/json' } },
	);
	expect(options.headers).toEqual({ accept: 'application/json', authorization: 'Bearer token-1' });
	expect(JSON.stringify(options)).not.toContain('"s"');
});

test('authenticate without a token (another node used the credential) says only our nodes sign in with it', async () => {
	await expect(addBearerToken({ clientSecret: 's' }, { url: 'https://x.example' })).rejects.toThrow(
		'The Microsoft Entra ID credential signs in only through the Azure AI Foundry Fine-Tuning nodes',
	);
});

test('the fields the transport reads, the secret as a password, custom hosts only for a Custom cloud', () => {
	expect(credential.name).toBe('azureAiFoundryEntraApi');
	expect(Object.keys(byName)).toEqual(
		expect.arrayContaining([
			'tenantId',
			'clientId',
			'clientSecret',
			'cloud',
			'authorityHost',
			'armHost',
			'armAudience',
			'dataPlaneAudience',
			'endpoint',
			'apiVersion',
			'datedApiVersion',
		]),
	);
	expect(byName.clientSecret.typeOptions).toEqual({ password: true });
	expect(byName.cloud.options?.map((o) => (o as { value: string }).value)).toEqual([
		...Object.keys(CLOUDS),
		'custom',
	]);
	for (const name of ['authorityHost', 'armHost', 'armAudience', 'dataPlaneAudience'])
		expect(byName[name].displayOptions).toEqual({ show: { cloud: ['custom'] } });
});

test('Endpoint, API Version and Dated API Version are the API key credential’s own fields', () => {
	const apiKey = Object.fromEntries(new AzureAiFoundryApi().properties.map((p) => [p.name, p]));
	for (const name of ['endpoint', 'apiVersion', 'datedApiVersion'])
		expect(byName[name]).toBe(apiKey[name]);
});
