/**
 * Microsoft Entra ID sign-in for the transport: what the Microsoft Entra ID credential stores, read and checked
 * ({@link readEntraSettings}); the clouds and their token audiences; the client-credentials token request
 * ({@link requestEntraToken}); and the one token cache of the process ({@link ENTRA_TOKENS}, entraToken.ts), so a
 * token is asked for once and reused until shortly before it expires, whatever the number of items or requests.
 *
 * Facts (token endpoint, audiences, clouds, AADSTS codes): docs/azure-api.md#microsoft-entra-id-and-resource-manager.
 * The transport does the HTTP: this module gets a {@link HttpExchange} (n8n's request helper of the context).
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { describeNetworkFailure } from './apiError';
import { CredentialSettingError, isLoopbackUrl } from './endpoint';
import {
	EntraTokenCache,
	secretFingerprint,
	type EntraTokenKey,
	type TokenGrant,
} from './entraToken';
import { decideRetry, TIMEOUT_CODES, type AttemptFailure } from './retry';
import { settings } from './settings';

export { ENTRA_CREDENTIAL_TYPE } from '../constants';

/**
 * Key under which the transport hands the credential's `authenticate` the access token of one request (in the
 * credential data it passes to n8n's request helper; never stored).
 */
export const ACCESS_TOKEN_FIELD = 'accessToken';

/** Which token: for the data plane (fine-tuning, inference) or for Azure Resource Manager (deployments). */
export type Audience = 'dataPlane' | 'arm';

/** How a message names each audience. */
export const AUDIENCE_LABELS: Record<Audience, string> = {
	dataPlane: 'data plane (fine-tuning API)',
	arm: 'Azure Resource Manager',
};

/** A cloud's hosts and token audiences (resource IDs; the scope is `<audience>/.default`). */
export interface Cloud {
	authorityHost: string;
	armHost: string;
	armAudience: string;
	dataPlaneAudience: string;
}

/**
 * The clouds the credential offers besides Custom (docs/azure-api.md#microsoft-entra-id-and-resource-manager,
 * the table of sovereign clouds). ARM's audience is its host.
 */
export const CLOUDS: Record<'public' | 'usGovernment' | 'china', Cloud> = {
	public: {
		authorityHost: 'https://login.microsoftonline.com',
		armHost: 'https://management.azure.com',
		armAudience: 'https://management.azure.com',
		dataPlaneAudience: 'https://cognitiveservices.azure.com',
	},
	usGovernment: {
		authorityHost: 'https://login.microsoftonline.us',
		armHost: 'https://management.usgovcloudapi.net',
		armAudience: 'https://management.usgovcloudapi.net',
		dataPlaneAudience: 'https://cognitiveservices.azure.us',
	},
	china: {
		authorityHost: 'https://login.partner.microsoftonline.cn',
		armHost: 'https://management.chinacloudapi.cn',
		armAudience: 'https://management.chinacloudapi.cn',
		dataPlaneAudience: 'https://cognitiveservices.azure.cn',
	},
};

/** Value of the Cloud option whose hosts and audiences are typed in. */
export const CUSTOM_CLOUD = 'custom';

/** The Microsoft Entra ID credential's sign-in settings, checked and normalised. */
export interface EntraSettings extends Cloud {
	tenantId: string;
	clientId: string;
	clientSecret: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant's domain, e.g. `contoso.onmicrosoft.com`. */
const DOMAIN =
	/^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** Tenant aliases that name no single tenant: the client-credentials grant needs one. */
const TENANT_ALIASES = ['common', 'organizations', 'consumers'];
/** A client secret as Entra issues it: one line of visible ASCII. */
const SECRET = /^[\x21-\x7e]+$/;

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads the credential's sign-in fields (names as in `AzureAiFoundryEntraApi.credentials.ts`): Tenant ID (a GUID
 * or a domain such as `contoso.onmicrosoft.com`), Client ID (a GUID), Client Secret, Cloud, and for a Custom cloud
 * Authority Host, Resource Manager Host (https, or plain http on this machine only, like the Endpoint), and the two
 * audiences (defaults: the public cloud's).
 * @throws CredentialSettingError naming the field as the credential form shows it.
 */
export function readEntraSettings(credentials: IDataObject): EntraSettings {
	const tenantId = text(credentials.tenantId);
	if (!tenantId)
		throw new CredentialSettingError('Tenant ID', 'is required (Directory (tenant) ID of the app)');
	if (TENANT_ALIASES.includes(tenantId.toLowerCase()))
		throw new CredentialSettingError(
			'Tenant ID',
			`"${tenantId}" names no single tenant; an app signs in with its own tenant's ID (a GUID) or domain`,
		);
	if (!GUID.test(tenantId) && !DOMAIN.test(tenantId))
		throw new CredentialSettingError(
			'Tenant ID',
			`must be a GUID such as 7d1a5c3e-0b5e-4c2a-9f1e-3a6b8c0d2e4f or a domain such as contoso.onmicrosoft.com (got "${tenantId}")`,
		);
	const clientId = text(credentials.clientId);
	if (!GUID.test(clientId))
		throw new CredentialSettingError(
			'Client ID',
			clientId
				? `must be the app's Application (client) ID, a GUID (got "${clientId}")`
				: "is required (the app's Application (client) ID)",
		);
	const clientSecret = text(credentials.clientSecret);
	if (!clientSecret)
		throw new CredentialSettingError('Client Secret', "is required (the secret's Value)");
	if (!SECRET.test(clientSecret))
		throw new CredentialSettingError(
			'Client Secret',
			"must be one line without spaces or line breaks inside; copy the secret's Value again",
		);
	return { tenantId, clientId, clientSecret, ...cloudOf(credentials) };
}

function cloudOf(credentials: IDataObject): Cloud {
	const cloud = text(credentials.cloud) || 'public';
	if (cloud !== CUSTOM_CLOUD) {
		const known = CLOUDS[cloud as keyof typeof CLOUDS];
		if (!known)
			throw new CredentialSettingError(
				'Cloud',
				`must be one of ${[...Object.keys(CLOUDS), CUSTOM_CLOUD].join(', ')} (got "${cloud}")`,
			);
		return known;
	}
	return {
		authorityHost: host('Authority Host', credentials.authorityHost),
		armHost: host('Resource Manager Host', credentials.armHost),
		armAudience: audience(
			'Resource Manager Audience',
			credentials.armAudience,
			CLOUDS.public.armAudience,
		),
		dataPlaneAudience: audience(
			'Data-Plane Audience',
			credentials.dataPlaneAudience,
			CLOUDS.public.dataPlaneAudience,
		),
	};
}

/** An origin (`https://host[:port]`): https, or http on this machine only; no path, query or user info. */
function host(field: string, raw: unknown): string {
	const value = text(raw);
	if (!value) throw new CredentialSettingError(field, 'is required for a Custom cloud');
	const url = URL.canParse(value) ? new URL(value) : undefined;
	if (!url) throw new CredentialSettingError(field, `"${value}" is not a URL`);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url)))
		throw new CredentialSettingError(
			field,
			url.protocol === 'http:'
				? 'plain http is allowed only on this machine (the client secret and tokens would travel unencrypted); use https://'
				: `must start with https:// (got ${url.protocol}//)`,
		);
	if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, ''))
		throw new CredentialSettingError(
			field,
			`must be a host only, such as https://login.microsoftonline.com (got "${value}")`,
		);
	return url.origin;
}

/** A token audience (resource ID), e.g. `https://management.azure.com`, without `/.default` or a trailing `/`. */
function audience(field: string, raw: unknown, fallback: string): string {
	const value = text(raw)
		.replace(/\/\.default$/, '')
		.replace(/\/+$/, '');
	if (!value) return fallback;
	if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value))
		throw new CredentialSettingError(
			field,
			`must be a resource ID such as ${fallback} (got "${value}")`,
		);
	return value;
}

/** The token cache key of `audience` for these settings (scope `<audience>/.default`). */
export function tokenKey(entra: EntraSettings, audience: Audience): EntraTokenKey {
	const resource = audience === 'arm' ? entra.armAudience : entra.dataPlaneAudience;
	return {
		tenantId: entra.tenantId,
		clientId: entra.clientId,
		authorityHost: entra.authorityHost,
		scope: `${resource}/.default`,
		secretFingerprint: secretFingerprint(entra.clientSecret),
	};
}

/** The one token cache of the process: every node, trigger and credential test shares it. */
export const ENTRA_TOKENS = new EntraTokenCache();

/** An HTTP answer as n8n's request helpers give it with the full response. */
export interface HttpAnswer {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/**
 * Sends one request and resolves with any HTTP answer (also 4xx/5xx); rejects only when no answer came. The
 * transport's adapter over n8n's request helper of the context.
 */
export type HttpExchange = (options: IHttpRequestOptions) => Promise<HttpAnswer>;

/** A refused or failed sign-in: `message` says which audience and why, `description` what to check. */
export class EntraSignInError extends Error {
	constructor(
		message: string,
		readonly description: string,
		/** HTTP status of Entra's answer; undefined when none came. */
		readonly status?: number,
		/** The AADSTS code of Entra's refusal, e.g. 7000215. */
		readonly aadsts?: number,
	) {
		super(message);
		this.name = 'EntraSignInError';
	}
}

/** What to check for the AADSTS codes a client-credentials sign-in meets (docs/azure-api.md#microsoft-entra-id-and-resource-manager). */
const AADSTS_HINTS: Record<number, string> = {
	7000215:
		"Check Client Secret: it must be the secret's Value (shown once when it was added), not its Secret ID",
	7000222:
		'The client secret has expired: add a new one to the app (App registrations → Certificates & secrets) and put its Value in Client Secret',
	7000218: 'Client Secret is missing',
	700016:
		'Check Client ID and Tenant ID: no app with this Client ID is registered in this tenant (or the credential names another cloud)',
	90002: 'Check Tenant ID and Cloud: this cloud has no such tenant',
	70011: "Check the Cloud (a Custom cloud's audiences): the token scope is not valid",
	500011:
		"Check the Cloud (a Custom cloud's audiences): this tenant knows no resource with the token's audience",
	900144: 'Entra ID missed a field of the sign-in request',
};

/**
 * The error for an Entra refusal (`{error, error_description: "AADSTS<n>: …", error_codes}`): Entra's first line of
 * `error_description` with what to check, the HTTP status, `error` and the trace ID.
 */
export function describeTokenRefusal(
	audience: Audience,
	status: number,
	body: string,
): EntraSignInError {
	let parsed: IDataObject = {};
	try {
		const value: unknown = JSON.parse(body);
		if (value && typeof value === 'object') parsed = value as IDataObject;
	} catch {
		// not JSON: a gateway page; described below
	}
	const description = typeof parsed.error_description === 'string' ? parsed.error_description : '';
	const firstLine = description.split(/\r?\n/)[0].trim();
	const codes = Array.isArray(parsed.error_codes) ? parsed.error_codes : [];
	const aadsts =
		typeof codes[0] === 'number' ? codes[0] : Number(/AADSTS(\d+)/.exec(firstLine)?.[1] ?? NaN);
	const code = Number.isFinite(aadsts) ? aadsts : undefined;
	const what = firstLine
		? firstLine.slice(0, 500)
		: `HTTP ${status}${body.trim() ? `: ${body.trim().replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
	const details = [
		(code !== undefined && AADSTS_HINTS[code]) || '',
		`HTTP ${status}`,
		typeof parsed.error === 'string' ? `error: ${parsed.error}` : '',
		typeof parsed.trace_id === 'string' ? `Trace ID: ${parsed.trace_id}` : '',
	].filter(Boolean);
	return new EntraSignInError(
		`Microsoft Entra ID refused the ${AUDIENCE_LABELS[audience]} token: ${what}`,
		details.join(' · '),
		status,
		code,
	);
}

/**
 * Asks Entra's token endpoint (`POST <authority>/<tenant>/oauth2/v2.0/token`, client-credentials grant, form
 * encoded) for a token of `audience`. Asking is safe to repeat, so 408, 429, 5xx and network failures are retried
 * with the transport's policy (`settings.retry`, honouring `retry-after`).
 * @returns the token and its lifetime in seconds.
 * @throws EntraSignInError for a refusal (AADSTS code, what to check), a network failure once retries are spent, or
 *   an answer without a token.
 */
export async function requestEntraToken(
	exchange: HttpExchange,
	entra: EntraSettings,
	audience: Audience,
): Promise<TokenGrant> {
	const key = tokenKey(entra, audience);
	const url = `${entra.authorityHost}/${encodeURIComponent(entra.tenantId)}/oauth2/v2.0/token`;
	const form = new URLSearchParams({
		client_id: entra.clientId,
		client_secret: entra.clientSecret,
		scope: key.scope,
		grant_type: 'client_credentials',
	}).toString();
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let failure: AttemptFailure;
		let error: EntraSignInError;
		try {
			const answer = await exchange({
				method: 'POST',
				url,
				body: form,
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'application/json',
				},
				timeout: settings.timeouts.requestMs,
				disableFollowRedirect: true,
			});
			const body = bodyText(answer.body);
			if (answer.statusCode >= 200 && answer.statusCode < 300) return readGrant(audience, body);
			failure = { status: answer.statusCode, headers: answer.headers };
			error = describeTokenRefusal(audience, answer.statusCode, body);
		} catch (caught) {
			const cause = (caught as { cause?: { code?: unknown } }).cause;
			const code =
				typeof cause?.code === 'string'
					? cause.code
					: typeof (caught as { code?: unknown }).code === 'string'
						? String((caught as { code: string }).code)
						: undefined;
			const described = describeNetworkFailure(
				{
					code,
					reason: (caught as Error).message,
					host: new URL(entra.authorityHost).host,
					timeoutMs: settings.timeouts.requestMs,
					network: true,
				},
				TIMEOUT_CODES,
			);
			failure = { networkCode: code };
			error = new EntraSignInError(
				`Microsoft Entra ID could not be reached for the ${AUDIENCE_LABELS[audience]} token: ${described?.message ?? (caught as Error).message}`,
				`${described?.description ?? ''} Check the Cloud (or a Custom cloud's Authority Host) and the network of the n8n host.`.trim(),
			);
		}
		const decision = decideRetry(failure, {
			attempt,
			waitedMs,
			repeatable: true,
			policy: settings.retry,
			now: Date.now(),
			random: Math.random,
		});
		if (!decision.retry) throw error;
		await sleep(decision.delayMs);
		waitedMs += decision.delayMs;
	}
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	return body === undefined || body === null ? '' : JSON.stringify(body);
}

function readGrant(audience: Audience, body: string): TokenGrant {
	let parsed: IDataObject = {};
	try {
		parsed = JSON.parse(body) as IDataObject;
	} catch {
		// checked below
	}
	const accessToken = typeof parsed?.access_token === 'string' ? parsed.access_token : '';
	const expiresInSeconds = Number(parsed?.expires_in);
	if (!accessToken || !(expiresInSeconds > 0))
		throw new EntraSignInError(
			`Microsoft Entra ID answered the ${AUDIENCE_LABELS[audience]} token request without a usable token`,
			'The answer lacks access_token or expires_in: check the Cloud (or a Custom cloud’s Authority Host).',
		);
	return { accessToken, expiresInSeconds };
}

/**
 * A token of `audience` from {@link ENTRA_TOKENS}: the cached one while it is reusable, else one asked for with
 * `exchange` (shared with callers asking at the same time).
 * @throws EntraSignInError as {@link requestEntraToken}.
 */
export async function entraToken(
	exchange: HttpExchange,
	entra: EntraSettings,
	audience: Audience,
): Promise<string> {
	return await ENTRA_TOKENS.getToken(tokenKey(entra, audience), async () =>
		requestEntraToken(exchange, entra, audience),
	);
}
