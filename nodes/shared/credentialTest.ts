/**
 * The credential test: lists fine-tuning jobs (limit 1), a real read endpoint, with exactly the headers every
 * other call sends (the credential's own `authenticate`), and shows the API's own message when it fails.
 *
 * It is a node-side test function (registered as `methods.credentialTest`) rather than a declarative `test`
 * request because n8n shows only the HTTP status text for a failed declarative test, not the API's message.
 */
import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { addApiKeyHeader } from '../../credentials/AzureAiFoundryApi.credentials';
import { describeApiFailure } from './apiError';
import { CredentialSettingError, resolveApiTarget, type ApiTarget } from './endpoint';

export async function azureAiFoundryApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const target = tryResolve(data);
	if (target instanceof CredentialSettingError) return { status: 'Error', message: target.message };
	const signed = await addApiKeyHeader(data, { url: target.url, qs: { ...target.qs, limit: 1 } });
	let response: { statusCode: number; body: unknown; headers: Record<string, unknown> };
	try {
		// ICredentialTestFunctions offers only the request helper; it receives the same URL and headers as every call.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = await this.helpers.request({
			method: 'GET',
			uri: signed.url,
			qs: signed.qs,
			headers: signed.headers,
			resolveWithFullResponse: true,
			simple: false,
			encoding: 'utf8',
			timeout: 30_000,
		});
	} catch (error) {
		return { status: 'Error', message: `Could not reach ${target.url}: ${(error as Error).message}` };
	}
	if (response.statusCode >= 200 && response.statusCode < 300) {
		return { status: 'OK', message: 'Connection successful: the fine-tuning jobs list answered.' };
	}
	const failure = describeApiFailure({
		status: response.statusCode,
		body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
		requestId: typeof response.headers?.['apim-request-id'] === 'string' ? (response.headers['apim-request-id'] as string) : undefined,
	});
	return { status: 'Error', message: `${failure.message} (${failure.description})` };
}

function tryResolve(data: ICredentialDataDecryptedObject): ApiTarget | CredentialSettingError {
	try {
		return resolveApiTarget(data, '/fine_tuning/jobs');
	} catch (error) {
		return error instanceof CredentialSettingError ? error : new CredentialSettingError('Endpoint', (error as Error).message);
	}
}
