/**
 * The Microsoft Entra ID credential's test (the nodes' `credentialTest` method, as n8n runs it for the credential
 * form's Test button). It checks both token audiences the nodes use, each with a real read, and says which failed
 * and why:
 * 1. the credential's fields (Tenant ID, Client ID, Client Secret, Cloud, Endpoint, API Version);
 * 2. a data-plane token, then `GET /fine_tuning/jobs?limit=1` with it (operation listPaginatedFineTuningJobs);
 * 3. an Azure Resource Manager token, then `GET /subscriptions` (Subscriptions_List): an app that sees no
 *    subscription has no role to deploy with.
 * Facts: docs/azure-api.md#microsoft-entra-id-and-resource-manager.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { describeApiFailure } from './apiError';
import { SUBSCRIPTIONS_API_VERSION } from './arm';
import { API_REQUEST_OPTIONS, resolveEndpointTarget } from './endpoint';
import {
	AUDIENCE_LABELS,
	EntraSignInError,
	entraToken,
	readEntraSettings,
	type Audience,
	type EntraSettings,
	type HttpAnswer,
	type HttpExchange,
} from './entra';
import { settings } from './settings';

/** n8n's request helper of a credential test (`ICredentialTestFunctions.helpers.request`, request-style options). */
export type LegacyRequest = (options: IDataObject) => Promise<unknown>;

/**
 * A credential test's request helper as an {@link HttpExchange}: the full answer for every status (`simple: false`),
 * redirects not followed, the body as bytes.
 */
export function legacyExchange(request: LegacyRequest): HttpExchange {
	return async (options: IHttpRequestOptions) => {
		const answer = (await request({
			uri: options.url,
			method: options.method ?? 'GET',
			...(options.qs ? { qs: options.qs } : {}),
			headers: options.headers ?? {},
			...(options.body === undefined ? {} : { body: options.body }),
			json: false,
			encoding: null,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			followAllRedirects: false,
			timeout: options.timeout ?? settings.timeouts.requestMs,
		})) as Partial<HttpAnswer>;
		return {
			statusCode: Number(answer?.statusCode),
			headers: (answer?.headers ?? {}) as IDataObject,
			body: answer?.body,
		};
	};
}

/** What to check after each refusal of a read made with a token, by audience and HTTP status. */
const REFUSAL_HINTS: Record<Audience, Record<number, string>> = {
	dataPlane: {
		401: 'The resource did not accept the token: check that the Endpoint is the custom-subdomain endpoint (https://<resource>.openai.azure.com or .services.ai.azure.com) of a resource in this tenant, and the Cloud',
		403: 'The app signed in but has no data-plane role on the resource: assign it Azure AI User (Foundry User) or Cognitive Services OpenAI Contributor there; role assignments take up to 5 minutes to apply',
		404: 'Nothing answers at this Endpoint: check the Endpoint, and that the API Version matches the resource',
	},
	arm: {
		401: 'Azure Resource Manager did not accept the token: check the Cloud (a Custom cloud’s Resource Manager host and audience)',
		403: 'The app has no role in Azure Resource Manager: deploying needs one with Microsoft.CognitiveServices/accounts/deployments/write (e.g. Azure AI Owner or Contributor) on the resource',
	},
};

const NO_SUBSCRIPTION =
	'The app signs in but can see no subscription, so it cannot deploy: give it a role with Microsoft.CognitiveServices/accounts/deployments/write (e.g. Azure AI Owner or Contributor) on the resource; role assignments take up to 5 minutes to apply';

function failure(message: string): INodeCredentialTestResult {
	return { status: 'Error', message };
}

/** `GET url` with a token of `audience`; a failure message naming the audience, or undefined when it answered 2xx. */
async function readWithToken(
	exchange: HttpExchange,
	entra: EntraSettings,
	audience: Audience,
	url: string,
	qs: IDataObject,
): Promise<{ problem: string } | { body: IDataObject }> {
	const label = AUDIENCE_LABELS[audience];
	let token: string;
	try {
		token = await entraToken(exchange, entra, audience);
	} catch (error) {
		return {
			problem:
				error instanceof EntraSignInError
					? `${error.message} (${error.description})`
					: `No ${label} token: ${(error as Error).message}`,
		};
	}
	let answer: HttpAnswer;
	try {
		answer = await exchange({
			method: 'GET',
			url,
			qs,
			headers: { ...API_REQUEST_OPTIONS.headers, authorization: `Bearer ${token}` },
			disableFollowRedirect: true,
			timeout: settings.timeouts.requestMs,
		});
	} catch (error) {
		return {
			problem: `The ${label} could not be reached at ${new URL(url).host}: ${(error as Error).message}`,
		};
	}
	const text = Buffer.isBuffer(answer.body)
		? answer.body.toString('utf8')
		: typeof answer.body === 'string'
			? answer.body
			: JSON.stringify(answer.body ?? '');
	if (answer.statusCode >= 200 && answer.statusCode < 300) {
		try {
			return { body: JSON.parse(text) as IDataObject };
		} catch {
			return { body: {} };
		}
	}
	const described = describeApiFailure({ status: answer.statusCode, body: text });
	const hint = REFUSAL_HINTS[audience][answer.statusCode];
	return {
		problem: `The ${label} refused the signed-in app: ${described.message} (${described.description})${hint ? `. ${hint}.` : ''}`,
	};
}

/**
 * Tests the Microsoft Entra ID credential `data` with `exchange` (the test context's request helper).
 * @returns OK, or the first failure: the field that is unusable, or which audience failed and why (Entra's AADSTS
 *   refusal with what to check, the resource's refusal with the role it needs, or no subscription in sight).
 */
export async function testEntraCredential(
	exchange: HttpExchange,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	let entra: EntraSettings;
	let jobs: { url: string; qs: IDataObject };
	try {
		entra = readEntraSettings(data);
		const target = resolveEndpointTarget(data, '/fine_tuning/jobs');
		jobs = { url: target.url, qs: { ...target.qs, limit: 1 } };
	} catch (error) {
		// Only CredentialSettingError (a field named) comes from these checks.
		return failure((error as Error).message);
	}
	const dataPlane = await readWithToken(exchange, entra, 'dataPlane', jobs.url, jobs.qs);
	if ('problem' in dataPlane) return failure(dataPlane.problem);
	const arm = await readWithToken(exchange, entra, 'arm', `${entra.armHost}/subscriptions`, {
		'api-version': SUBSCRIPTIONS_API_VERSION,
	});
	if ('problem' in arm) return failure(arm.problem);
	if (!Array.isArray(arm.body.value) || arm.body.value.length === 0)
		return failure(`${AUDIENCE_LABELS.arm}: ${NO_SUBSCRIPTION}`);
	return {
		status: 'OK',
		message: 'Connection successful: the data plane and Azure Resource Manager accept the app',
	};
}
