/** Helpers for the emulator's Entra and ARM tests: tokens, ARM calls and deployable models. */
import { call, type Reply } from './helpers';
import type { Emulator, EntraApp } from './';

/** Scope of data-plane tokens. */
export const DATA_PLANE_SCOPE = 'https://cognitiveservices.azure.com/.default';
/** Scope of ARM tokens. */
export const ARM_SCOPE = 'https://management.azure.com/.default';
/** The ARM api-version of the vendored spec. */
export const ARM_VERSION = '2026-09-01';

/** Posts a form to the token endpoint of `tenant` (default: the app's). */
export async function requestToken(
	emulator: Emulator,
	fields: Record<string, string>,
	tenant = emulator.entraApps[0].tenantId,
	headers: Record<string, string> = {},
): Promise<Reply> {
	return call(emulator, 'POST', `/${tenant}/oauth2/v2.0/token`, {
		apiKey: null,
		body: new URLSearchParams(fields).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
	});
}

/** The client-credentials form of an app for `scope`. */
export function clientCredentials(app: EntraApp, scope: string): Record<string, string> {
	return {
		client_id: app.clientId,
		client_secret: app.clientSecret,
		scope,
		grant_type: 'client_credentials',
	};
}

/** A token of the emulator's first app for `scope`. */
export async function tokenFor(emulator: Emulator, scope: string): Promise<string> {
	const reply = await requestToken(emulator, clientCredentials(emulator.entraApps[0], scope));
	expect(reply.status).toBe(200);
	return reply.json.access_token as string;
}

/** Calls the data plane with a bearer token (no api-key). */
export function withBearer(
	emulator: Emulator,
	method: string,
	path: string,
	token: string,
	json?: unknown,
): Promise<Reply> {
	return call(emulator, method, path, {
		apiKey: null,
		headers: { authorization: `Bearer ${token}` },
		...(json === undefined ? {} : { json }),
	});
}

/** Path of the own account, or of one of its deployments. */
export function accountPath(emulator: Emulator, deployment?: string): string {
	const { subscriptionId, resourceGroup, name } = emulator.account;
	const account = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${name}`;
	return deployment === undefined ? account : `${account}/deployments/${deployment}`;
}

/** Options of `arm`. */
export interface ArmCallOptions {
	json?: unknown;
	/** Default `ARM_VERSION`; null sends none. */
	apiVersion?: string | null;
}

/** Calls ARM with `token`; `path` may be a full URL handed out by ARM (then used as it is). */
export function arm(
	emulator: Emulator,
	token: string,
	method: string,
	path: string,
	options: ArmCallOptions = {},
): Promise<Reply> {
	const relative = path.startsWith('http') ? path.slice(emulator.armUrl.length) : path;
	const version = options.apiVersion === undefined ? ARM_VERSION : options.apiVersion;
	const query = relative.includes('?') || version === null ? '' : `?api-version=${version}`;
	return call(emulator, method, `${relative}${query}`, {
		apiKey: null,
		headers: { authorization: `Bearer ${token}` },
		...(options.json === undefined ? {} : { json: options.json }),
	});
}

/** A deployment body for `model` (`sku` default Standard, capacity 1). */
export function deploymentBody(model: string, sku = 'Standard', capacity = 1) {
	return {
		sku: { name: sku, capacity },
		properties: { model: { format: 'OpenAI', name: model, version: '1' } },
	};
}

/** The `fine_tuned_model` of a freshly seeded succeeded job. */
export function deployableModel(emulator: Emulator): string {
	return emulator.seedJobs(1)[0].fine_tuned_model!;
}
