/**
 * The Microsoft Entra ID stand-in: the client-credentials token endpoint `POST /<tenant>/oauth2/v2.0/token`, and
 * the tokens it issued, which the data plane and ARM check (audience, tenant, expiry on the emulator's clock).
 *
 * Request, answer and error shapes follow docs/azure-api.md#microsoft-entra-id-and-resource-manager: a form-encoded
 * body (`client_id`, `client_secret`, `scope` = `<resource>/.default`, `grant_type=client_credentials`; the client
 * may authenticate with HTTP Basic instead), `{token_type, expires_in, ext_expires_in, access_token}` on success,
 * and `{error, error_description: "AADSTS<n>: …", error_codes, timestamp, trace_id, correlation_id, error_uri}` on
 * failure. Checks run in Entra's order: method, tenant, grant type, client, secret, scope.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from './errors';

/** An app registration (service principal) with a client secret. */
export interface EntraApp {
	/** Directory (tenant) id the app lives in. */
	tenantId: string;
	/** Application (client) id. */
	clientId: string;
	clientSecret: string;
}

/**
 * The app used when none is configured. Its secret is a canary like `DEFAULT_API_KEY`, so a test using it also
 * proves the secret never shows up in outputs, errors or logs.
 */
export const DEFAULT_ENTRA_APP: Readonly<EntraApp> = {
	tenantId: '7d1a5c3e-0b5e-4c2a-9f1e-3a6b8c0d2e4f',
	clientId: 'c1e47a08-5d2b-4f6e-8a3c-1b9d0e2f4a6c',
	clientSecret: 'entra-canary-4b8e2d-do-not-leak',
};

/** Resource of the data plane's tokens (scope `https://cognitiveservices.azure.com/.default`). */
export const COGNITIVE_SERVICES_RESOURCE = 'https://cognitiveservices.azure.com';

/**
 * Audiences the data plane accepts: Cognitive Services, and the Foundry audience the service's own 401 text also
 * names as valid.
 */
export const DATA_PLANE_AUDIENCES: readonly string[] = [
	COGNITIVE_SERVICES_RESOURCE,
	'https://ai.azure.com',
];

/** Audience ARM accepts (scope `https://management.azure.com/.default`). */
export const ARM_AUDIENCE = 'https://management.azure.com';

/** Resources a token can be asked for; any other `<resource>/.default` gets AADSTS500011. */
const KNOWN_RESOURCES = new Set([...DATA_PLANE_AUDIENCES, ARM_AUDIENCE]);

/** Default token lifetime in seconds (what Entra usually grants, give or take). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** Path of the token endpoint; group 1 is the tenant. */
export const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

/** Form fields never recorded as sent. */
export const SECRET_FORM_FIELDS = ['client_secret', 'client_assertion'];

/** A token the emulator issued. Times are unix seconds on the emulator clock. */
export interface IssuedToken {
	tenantId: string;
	clientId: string;
	/** The resource it was asked for, without a trailing slash, e.g. `https://management.azure.com`. */
	audience: string;
	issuedAt: number;
	expiresAt: number;
}

/** Why a bearer token was refused. */
export type TokenProblem = 'missing' | 'malformed' | 'unknown' | 'expired' | 'audience' | 'tenant';

/** Outcome of {@link Entra.check}: the token, or why it is refused (with the token when one was found). */
export type TokenCheck =
	{ token: IssuedToken; problem?: undefined } | { problem: TokenProblem; token?: IssuedToken };

/** An answer of the token endpoint. */
export interface EntraAnswer {
	status: number;
	body: Record<string, unknown>;
}

/** Issues and checks tokens for a fixed set of app registrations. */
export class Entra {
	private readonly issued = new Map<string, IssuedToken>();
	private readonly counts = new Map<string, number>();
	private lifetime: number;

	/**
	 * @param apps the registered apps (their tenants are the only known ones).
	 * @param now the emulator clock, unix seconds.
	 * @param lifetimeSeconds `expires_in` of new tokens.
	 */
	constructor(
		readonly apps: readonly EntraApp[],
		private readonly now: () => number,
		lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
	) {
		this.lifetime = checkedLifetime(lifetimeSeconds);
	}

	/** Sets the lifetime of tokens issued from now on. @throws Error unless a positive integer. */
	setLifetime(seconds: number): void {
		this.lifetime = checkedLifetime(seconds);
	}

	/** Every access token issued so far (for secret scans: no token may show up in an output or log). */
	issuedTokens(): string[] {
		return [...this.issued.keys()];
	}

	/** The client secrets (to scrub them from recorded requests). */
	secrets(): string[] {
		return this.apps.map((app) => app.clientSecret);
	}

	/**
	 * Token requests received (issued or refused), for one tenant and/or client, or all. A request without a
	 * `client_id` counts for the tenant only.
	 */
	requestCount(tenantId?: string, clientId?: string): number {
		let total = 0;
		for (const [key, count] of this.counts) {
			const [tenant, client] = JSON.parse(key) as [string, string];
			if (
				(tenantId === undefined || tenant === tenantId) &&
				(clientId === undefined || client === clientId)
			)
				total += count;
		}
		return total;
	}

	/**
	 * Answers `POST /<tenant>/oauth2/v2.0/token` (`method` and `form` as received; `authorization` = the request's
	 * Authorization header, for HTTP Basic client authentication).
	 */
	token(
		method: string,
		tenant: string,
		form: Record<string, string>,
		authorization: string | undefined,
	): EntraAnswer {
		const basic = basicCredentials(authorization);
		const clientId = form.client_id ?? basic?.clientId;
		const key = JSON.stringify([tenant, clientId ?? '']);
		this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
		try {
			const token = this.issue(method, tenant, form, clientId, form.client_secret ?? basic?.secret);
			return {
				status: 200,
				body: {
					token_type: 'Bearer',
					expires_in: this.lifetime,
					ext_expires_in: this.lifetime,
					access_token: token,
				},
			};
		} catch (error) {
			if (error instanceof ApiError)
				return { status: error.status, body: error.body as Record<string, unknown> };
			throw error;
		}
	}

	/**
	 * Checks an `Authorization` header: a `Bearer` token this emulator issued, unexpired, for one of `audiences` and
	 * issued in `tenantId`.
	 */
	check(
		authorization: string | undefined,
		audiences: readonly string[],
		tenantId: string,
	): TokenCheck {
		if (!authorization) return { problem: 'missing' };
		const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
		if (!match) return { problem: 'malformed' };
		const token = this.issued.get(match[1]);
		if (!token) return { problem: 'unknown' };
		if (this.now() >= token.expiresAt) return { problem: 'expired', token };
		if (!audiences.includes(token.audience)) return { problem: 'audience', token };
		if (token.tenantId !== tenantId) return { problem: 'tenant', token };
		return { token };
	}

	private issue(
		method: string,
		tenant: string,
		form: Record<string, string>,
		clientId: string | undefined,
		secret: string | undefined,
	): string {
		if (method !== 'POST')
			throw this.refusal(
				400,
				'invalid_request',
				900561,
				'The endpoint only accepts POST requests.',
			);
		if (!this.apps.some((app) => app.tenantId === tenant))
			throw this.refusal(
				400,
				'invalid_request',
				90002,
				`Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
			);
		const grantType = form.grant_type;
		if (!grantType) throw this.missing('grant_type');
		if (grantType !== 'client_credentials')
			throw this.refusal(
				400,
				'unsupported_grant_type',
				70003,
				`The app requested an unsupported grant type '${grantType}'.`,
			);
		if (!clientId) throw this.missing('client_id');
		const app = this.apps.find((a) => a.tenantId === tenant && a.clientId === clientId);
		if (!app)
			throw this.refusal(
				400,
				'unauthorized_client',
				700016,
				`Application with identifier '${clientId}' was not found in the directory '${tenant}'. You may have sent your authentication request to the wrong tenant.`,
			);
		if (!secret)
			throw this.refusal(
				401,
				'invalid_client',
				7000218,
				"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
			);
		if (secret !== app.clientSecret)
			throw this.refusal(
				401,
				'invalid_client',
				7000215,
				`Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
			);
		const audience = this.audienceOf(tenant, form.scope);
		const now = this.now();
		const record: IssuedToken = {
			tenantId: tenant,
			clientId,
			audience,
			issuedAt: now,
			expiresAt: now + this.lifetime,
		};
		const token = jwtLike(record);
		this.issued.set(token, record);
		return token;
	}

	/** The audience of a client-credentials scope: exactly one `<known resource>/.default`. */
	private audienceOf(tenant: string, scope: string | undefined): string {
		if (!scope) throw this.missing('scope');
		const match = /^(\S+)\/\.default$/.exec(scope.trim());
		if (!match)
			throw this.refusal(
				400,
				'invalid_scope',
				70011,
				`The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
			);
		const resource = match[1].replace(/\/+$/, '');
		if (!KNOWN_RESOURCES.has(resource))
			throw this.refusal(
				400,
				'invalid_resource',
				500011,
				`The resource principal named ${match[1]} was not found in the tenant named ${tenant}. You might have sent your authentication request to the wrong tenant.`,
			);
		return resource;
	}

	private missing(parameter: string): ApiError {
		return this.refusal(
			400,
			'invalid_request',
			900144,
			`The request body must contain the following parameter: '${parameter}'.`,
		);
	}

	/** An Entra error answer; the description carries `AADSTS<code>:` and the trace lines Entra appends. */
	private refusal(status: number, error: string, code: number, text: string): ApiError {
		const traceId = randomUUID();
		const correlationId = randomUUID();
		const timestamp = new Date(this.now() * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		return new ApiError(status, {
			error,
			error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp.replace('T', ' ')}`,
			error_codes: [code],
			timestamp: timestamp.replace('T', ' '),
			trace_id: traceId,
			correlation_id: correlationId,
			error_uri: `https://login.microsoftonline.com/error?code=${code}`,
		});
	}
}

function checkedLifetime(seconds: number): number {
	if (!Number.isInteger(seconds) || seconds < 1)
		throw new Error(`The token lifetime must be an integer >= 1 (seconds), got ${seconds}`);
	return seconds;
}

/** `client_id` and secret of an HTTP Basic `Authorization` header (both URL-encoded, per OAuth 2.0). */
function basicCredentials(
	authorization: string | undefined,
): { clientId: string; secret: string } | undefined {
	const match = /^Basic\s+(\S+)$/i.exec(authorization?.trim() ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	try {
		return {
			clientId: decodeURIComponent(decoded.slice(0, colon)),
			secret: decodeURIComponent(decoded.slice(colon + 1)),
		};
	} catch {
		return undefined;
	}
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token shaped like Entra's (a JWT with `aud`, `iss`, `iat`, `nbf`, `exp`, `appid`, `tid`), so a client that reads
 * its claims can; its signature is random bytes. The emulator recognises its tokens by value, not by signature.
 */
function jwtLike(token: IssuedToken): string {
	const header = { typ: 'JWT', alg: 'RS256', kid: 'emulator' };
	const claims = {
		aud: token.audience,
		iss: `https://sts.windows.net/${token.tenantId}/`,
		iat: token.issuedAt,
		nbf: token.issuedAt,
		exp: token.expiresAt,
		appid: token.clientId,
		tid: token.tenantId,
		idtyp: 'app',
		ver: '1.0',
	};
	return `${base64url(header)}.${base64url(claims)}.${randomBytes(32).toString('base64url')}`;
}
