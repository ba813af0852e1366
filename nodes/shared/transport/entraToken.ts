/**
 * Pure cache of Microsoft Entra ID access tokens (client-credentials grant) for the transport: it never does HTTP
 * itself, the caller passes the function that asks the token endpoint. Entra issues no refresh token for this
 * grant, so a token is simply asked for again when it nears its end
 * (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 *
 * - One token per (tenant, client, authority host, scope) and client secret: two credentials that share a client
 *   id but not its secret never share a token (the secret is only kept as a SHA-256 digest).
 * - A token is reused until {@link refreshMarginMs} before it expires; the next caller then asks for a new one.
 * - Single flight: callers asking at the same time for a token the cache lacks share one token request, and its
 *   failure (never cached; the next call asks again).
 * - {@link EntraTokenCache.withToken}: when a request made with a cached token is refused as unauthorized (401),
 *   the token is dropped and the request is made once more with a new one. A token fresh from Entra is not
 *   retried, as its refusal cannot be an expiry.
 */
import { createHash } from 'crypto';

/** Which token. Tenant, client and authority host are compared case-insensitively; the scope as it is. */
export interface EntraTokenKey {
	/** Directory (tenant) id or domain. */
	tenantId: string;
	/** Application (client) id. */
	clientId: string;
	/** Authority host, e.g. `https://login.microsoftonline.com` (a trailing slash does not matter). */
	authorityHost: string;
	/** One `<resource>/.default` scope, e.g. `https://cognitiveservices.azure.com/.default`. */
	scope: string;
	/** {@link secretFingerprint} of the client secret the token is asked with. */
	secretFingerprint: string;
}

/** What the token endpoint granted: `access_token`, and `expires_in` in seconds. */
export interface TokenGrant {
	accessToken: string;
	expiresInSeconds: number;
}

/**
 * Asks the token endpoint for a token (the caller's HTTP, through the transport). Throws what the endpoint's
 * refusal or the network gives; the cache passes it on to every caller waiting for that token.
 */
export type RequestToken = (key: EntraTokenKey) => Promise<TokenGrant>;

/**
 * How long before its expiry a token stops being reused, in milliseconds: 5 minutes (room for clock skew between
 * n8n and Entra and for a slow request), or half the token's lifetime when that is shorter (Entra's tokens live
 * 60 to 90 minutes, so the 5 minutes apply in practice).
 */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** The margin for a token of `lifetimeMs`: {@link REFRESH_MARGIN_MS}, at most half the lifetime. */
export function refreshMarginMs(lifetimeMs: number, margin = REFRESH_MARGIN_MS): number {
	return Math.min(margin, lifetimeMs / 2);
}

/** SHA-256 (hex) of a client secret, for {@link EntraTokenKey.secretFingerprint}. */
export function secretFingerprint(secret: string): string {
	return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Options of {@link EntraTokenCache}. */
export interface EntraTokenCacheOptions {
	/** Current time in ms since the epoch. Default `Date.now`. */
	now?: () => number;
	/** See {@link REFRESH_MARGIN_MS}. */
	refreshMarginMs?: number;
}

interface Entry {
	accessToken: string;
	/** When the token stops being reused (ms since the epoch): its expiry minus the margin. */
	reuseUntil: number;
}

/** Tokens by key; see the module comment. */
export class EntraTokenCache {
	private readonly entries = new Map<string, Entry>();
	private readonly inFlight = new Map<string, Promise<Entry>>();
	private readonly now: () => number;
	private readonly margin: number;

	constructor(options: EntraTokenCacheOptions = {}) {
		this.now = options.now ?? Date.now;
		this.margin = options.refreshMarginMs ?? REFRESH_MARGIN_MS;
	}

	/**
	 * A token for `key`: the cached one while it is reusable, else one from `request` (shared with callers asking
	 * at the same time).
	 * @throws what `request` throws, or Error when it grants no token or a lifetime that is not a positive number.
	 */
	async getToken(key: EntraTokenKey, request: RequestToken): Promise<string> {
		return (await this.acquire(key, request)).accessToken;
	}

	/**
	 * Runs `use` with a token for `key`. When `use` throws and `isUnauthorized` says the error is a 401, and the
	 * token came from the cache, the token is dropped and `use` runs once more with a new one; whatever that second
	 * run gives is final.
	 * @throws what `use` throws (other errors, or the second refusal), or what {@link getToken} throws.
	 */
	async withToken<T>(
		key: EntraTokenKey,
		request: RequestToken,
		use: (accessToken: string) => Promise<T>,
		isUnauthorized: (error: unknown) => boolean,
	): Promise<T> {
		const { accessToken, fresh } = await this.acquire(key, request);
		// `use`'s errors are the caller's own (NodeApiError in the transport): passed on unchanged.
		return use(accessToken).catch(async (error: unknown) => {
			if (fresh || !isUnauthorized(error)) return Promise.reject(error);
			this.invalidate(key, accessToken);
			return use(await this.getToken(key, request));
		});
	}

	/** Drops the cached token of `key` (only if it is still `accessToken`, when given). */
	invalidate(key: EntraTokenKey, accessToken?: string): void {
		const id = keyOf(key);
		const entry = this.entries.get(id);
		if (entry && (accessToken === undefined || entry.accessToken === accessToken))
			this.entries.delete(id);
	}

	/** Drops every cached token (requests in flight still complete). */
	clear(): void {
		this.entries.clear();
	}

	/** The token and whether it was asked for during this call (joined requests count as fresh). */
	private async acquire(
		key: EntraTokenKey,
		request: RequestToken,
	): Promise<{ accessToken: string; fresh: boolean }> {
		const id = keyOf(key);
		const cached = this.entries.get(id);
		if (cached && this.now() < cached.reuseUntil)
			return { accessToken: cached.accessToken, fresh: false };
		if (cached) this.entries.delete(id);
		let pending = this.inFlight.get(id);
		if (!pending) {
			const asked = this.ask(id, key, request);
			const settled = () => {
				if (this.inFlight.get(id) === asked) this.inFlight.delete(id);
			};
			asked.then(settled, settled);
			this.inFlight.set(id, asked);
			pending = asked;
		}
		return { accessToken: (await pending).accessToken, fresh: true };
	}

	private async ask(id: string, key: EntraTokenKey, request: RequestToken): Promise<Entry> {
		const askedAt = this.now();
		const grant = await request(key);
		const lifetimeMs = grant?.expiresInSeconds * 1000;
		if (!grant?.accessToken || !(lifetimeMs > 0))
			throw new Error('The token endpoint granted no usable token (access_token, expires_in)');
		const entry = {
			accessToken: grant.accessToken,
			reuseUntil: askedAt + lifetimeMs - refreshMarginMs(lifetimeMs, this.margin),
		};
		this.entries.set(id, entry);
		return entry;
	}
}

function keyOf(key: EntraTokenKey): string {
	return JSON.stringify([
		key.tenantId.toLowerCase(),
		key.clientId.toLowerCase(),
		key.authorityHost.toLowerCase().replace(/\/+$/, ''),
		key.scope,
		key.secretFingerprint,
	]);
}
