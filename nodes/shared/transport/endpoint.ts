/**
 * The one place that turns the credential's Endpoint and API Version into request URLs.
 *
 * Azure AI Foundry Models serves the OpenAI-compatible API at `<endpoint>/openai/v1` (the `servers` entry of
 * test/fixtures/azure-fine-tuning.openapi.yaml). Resources still on a dated ("last generation") API version use
 * `<endpoint>/openai/<path>?api-version=<version>` instead (docs/azure-api.md#endpoints-and-api-versions).
 */

import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * Options every request to the API carries: the nodes' (index.ts) and the credential test's
 * (`AzureAiFoundryApi.credentials.ts`) alike.
 * - `Accept: application/json`: every operation answers JSON, except the file download, which Azure answers with the
 *   file's bytes whatever Accept says (test/fixtures/azure-fine-tuning.openapi.yaml).
 * - Redirects are not followed. No operation answers 3xx, so a redirect comes from something else (a proxy, a wrong
 *   Endpoint), and following it would send the `api-key` header and the request body to that other host: n8n's HTTP
 *   client can drop only `Authorization` and cookies on a redirect to another origin, and only when asked to. A 3xx
 *   is then an error naming the host (apiError.ts). It also spares a streamed upload n8n's redirect layer, which keeps
 *   a copy of the whole body to send it again.
 */
export const API_REQUEST_OPTIONS = {
	headers: { accept: 'application/json' },
	disableFollowRedirect: true,
} as const satisfies Partial<IHttpRequestOptions>;

/** What the credential stores (names as in `AzureAiFoundryApi.credentials.ts`). */
export interface EndpointSettings {
	apiKey?: unknown;
	endpoint?: unknown;
	apiVersion?: unknown;
	datedApiVersion?: unknown;
}

/** Where a request goes: absolute URL (without query) and the query parameters the API version adds. */
export interface ApiTarget {
	url: string;
	qs: Record<string, string>;
}

/** A credential value that cannot be used; `field` is the credential field as the UI shows it. */
export class CredentialSettingError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'CredentialSettingError';
	}
}

/** API versions sent on the `/openai/v1` path. `v1` is the service default, so it is not sent. */
export const V1_API_VERSIONS = ['v1', 'preview'] as const;

/** Value of the API Version option that switches to the dated path form. */
export const DATED_API_VERSION = 'dated';

const DATED_VERSION_PATTERN = /^(\d{4}-\d{2}-\d{2})(-preview)?$/;

/** An API key as the portal shows it: one line of visible ASCII (n8n would send other characters garbled). */
const API_KEY_PATTERN = /^[\x21-\x7e]+$/;

/** True when `date` (YYYY-MM-DD) is a day of the calendar (not 2025-13-45). */
function isCalendarDate(date: string): boolean {
	const time = Date.parse(`${date}T00:00:00Z`);
	return !Number.isNaN(time) && new Date(time).toISOString().startsWith(date);
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * True for a URL that may be used with plain http: one on this machine (`localhost`, `127.x.x.x`, `[::1]`), so a
 * local emulator works. Every other address needs https (the Endpoint, and an Entra credential's custom hosts).
 */
export function isLoopbackUrl(url: URL): boolean {
	return LOOPBACK_HOSTS.test(url.hostname);
}

/**
 * Normalises the Endpoint as pasted from the Azure portal, e.g. `https://<res>.openai.azure.com/`,
 * `https://<res>.services.ai.azure.com/openai/v1` or a Foundry project endpoint
 * `https://<res>.services.ai.azure.com/api/projects/<project>`.
 *
 * @returns the endpoint without trailing `/`, `/openai` or `/openai/v1`, e.g. `https://res.openai.azure.com`.
 * @throws CredentialSettingError when it is not an absolute https URL (plain http only for loopback hosts, so a
 *   local emulator works), or carries user info, a query or a fragment.
 */
export function normaliseEndpoint(raw: unknown): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	const field = 'Endpoint';
	if (!text)
		throw new CredentialSettingError(
			field,
			'is required, e.g. https://<resource>.openai.azure.com',
		);
	const url = URL.canParse(text) ? new URL(text) : undefined;
	if (!url)
		throw new CredentialSettingError(
			field,
			`"${text}" is not a URL; expected e.g. https://<resource>.openai.azure.com`,
		);
	if (
		url.protocol !== 'https:' &&
		!(url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname))
	) {
		throw new CredentialSettingError(
			field,
			url.protocol === 'http:'
				? 'plain http is not allowed (the API key would travel unencrypted); use https://'
				: `must start with https:// (got ${url.protocol}//)`,
		);
	}
	if (url.username || url.password)
		throw new CredentialSettingError(field, 'must not contain a user name or password');
	if (url.search || text.includes('?'))
		throw new CredentialSettingError(field, 'must not contain a query (?...)');
	if (url.hash || text.includes('#'))
		throw new CredentialSettingError(field, 'must not contain a fragment (#...)');
	const path = url.pathname.replace(/\/+$/, '').replace(/\/openai(\/v1)?$/i, '');
	return `${url.protocol}//${url.host}${path}`;
}

/**
 * Resolves an API path (e.g. `/fine_tuning/jobs`) against the credential.
 *
 * - API Version `v1`: `<endpoint>/openai/v1<path>`, no `api-version` (v1 is the default).
 * - `preview`: `<endpoint>/openai/v1<path>?api-version=preview`.
 * - `dated` with Dated API Version e.g. `2025-04-01-preview`: `<endpoint>/openai<path>?api-version=2025-04-01-preview`.
 *
 * @throws CredentialSettingError for a missing or garbled API key (not one line of visible characters), or an
 *   unusable endpoint or version (a dated version must be a real date).
 */
export function resolveApiTarget(settings: EndpointSettings, path: string): ApiTarget {
	checkApiKey(settings);
	return resolveEndpointTarget(settings, path);
}

/**
 * @throws CredentialSettingError for a missing or garbled API key (not one line of visible characters).
 */
function checkApiKey(settings: EndpointSettings): void {
	if (typeof settings.apiKey !== 'string' || !settings.apiKey.trim()) {
		throw new CredentialSettingError(
			'API Key',
			'is required (KEY 1 or KEY 2 from the Azure portal)',
		);
	}
	if (!API_KEY_PATTERN.test(settings.apiKey.trim())) {
		throw new CredentialSettingError(
			'API Key',
			'must be one line of letters and digits without spaces, line breaks or other characters inside; copy KEY 1 or KEY 2 from the Azure portal again',
		);
	}
}

/**
 * {@link resolveApiTarget} without the API key: for a credential that signs in another way (Microsoft Entra ID,
 * whose credential has the same Endpoint and API Version fields).
 * @throws CredentialSettingError for an unusable endpoint or version.
 */
export function resolveEndpointTarget(settings: EndpointSettings, path: string): ApiTarget {
	const base = normaliseEndpoint(settings.endpoint);
	const version =
		typeof settings.apiVersion === 'string' && settings.apiVersion ? settings.apiVersion : 'v1';
	if (version === DATED_API_VERSION) {
		const dated =
			typeof settings.datedApiVersion === 'string' ? settings.datedApiVersion.trim() : '';
		const day = DATED_VERSION_PATTERN.exec(dated)?.[1];
		if (!day)
			throw new CredentialSettingError(
				'Dated API Version',
				`must look like 2024-10-21 or 2025-04-01-preview (got "${dated}")`,
			);
		if (!isCalendarDate(day))
			throw new CredentialSettingError(
				'Dated API Version',
				`${day} is not a date (got "${dated}")`,
			);
		return { url: `${base}/openai${path}`, qs: { 'api-version': dated } };
	}
	if (!(V1_API_VERSIONS as readonly string[]).includes(version)) {
		throw new CredentialSettingError(
			'API Version',
			`must be one of ${V1_API_VERSIONS.join(', ')}, ${DATED_API_VERSION} (got "${version}")`,
		);
	}
	return {
		url: `${base}/openai/v1${path}`,
		qs: version === 'v1' ? {} : { 'api-version': version },
	};
}

/**
 * The `api-version` requests carry with these settings: undefined for `v1` (sent without one), `preview`, or the
 * dated version such as `2024-10-21` (docs/azure-api.md#endpoints-and-api-versions). Create Job shapes its body by it.
 * @throws CredentialSettingError as {@link resolveEndpointTarget}.
 */
export function apiVersionOf(settings: EndpointSettings): string | undefined {
	return resolveEndpointTarget(settings, '').qs['api-version'];
}
