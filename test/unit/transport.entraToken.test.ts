/**
 * The transport's Entra token cache (nodes/shared/transport/entraToken.ts), on fake time: reuse until the margin
 * before expiry, one token per key, single flight, failures not cached, and one refresh on a 401.
 */
import {
	EntraTokenCache,
	REFRESH_MARGIN_MS,
	refreshMarginMs,
	secretFingerprint,
	type EntraTokenKey,
	type RequestToken,
	type TokenGrant,
} from '../../nodes/shared/transport/entraToken';

const KEY: EntraTokenKey = {
	tenantId: '7d1a5c3e-0b5e-4c2a-9f1e-3a6b8c0d2e4f',
	clientId: 'c1e47a08-5d2b-4f6e-8a3c-1b9d0e2f4a6c',
	authorityHost: 'https://login.microsoftonline.com',
	scope: 'https://cognitiveservices.azure.com/.default',
	secretFingerprint: secretFingerprint('s3cret'),
};
const START = Date.parse('2026-01-01T00:00:00Z');

/** Fake time, and a token endpoint that counts its calls and numbers its tokens. */
function setup(expiresInSeconds = 3600) {
	let now = START;
	const calls: EntraTokenKey[] = [];
	const request: RequestToken = async (key) => {
		calls.push(key);
		return { accessToken: `token-${calls.length}`, expiresInSeconds };
	};
	const cache = new EntraTokenCache({ now: () => now });
	return {
		cache,
		calls,
		request,
		advance: (ms: number) => void (now += ms),
	};
}

/** A promise resolved from outside. */
function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

class Unauthorized extends Error {
	readonly status = 401;
}
const is401 = (error: unknown) => error instanceof Unauthorized;

describe('reuse until shortly before expiry', () => {
	it('reuses a token until 5 minutes before it expires, then asks again', async () => {
		const { cache, calls, request, advance } = setup(3600);
		expect(await cache.getToken(KEY, request)).toBe('token-1');
		advance(3600_000 - REFRESH_MARGIN_MS - 1);
		expect(await cache.getToken(KEY, request)).toBe('token-1');
		advance(1);
		expect(await cache.getToken(KEY, request)).toBe('token-2');
		expect(calls).toHaveLength(2);
	});

	it('uses half the lifetime as the margin for short-lived tokens', async () => {
		expect(refreshMarginMs(60_000)).toBe(30_000);
		expect(refreshMarginMs(3_600_000)).toBe(REFRESH_MARGIN_MS);
		const { cache, request, advance } = setup(60);
		await cache.getToken(KEY, request);
		advance(29_999);
		expect(await cache.getToken(KEY, request)).toBe('token-1');
		advance(1);
		expect(await cache.getToken(KEY, request)).toBe('token-2');
	});

	it('counts the lifetime from when the token was asked for', async () => {
		let now = START;
		const cache = new EntraTokenCache({ now: () => now, refreshMarginMs: 0 });
		const slow: RequestToken = async () => {
			now += 10_000; // the answer takes 10 s
			return { accessToken: 'slow', expiresInSeconds: 60 };
		};
		await cache.getToken(KEY, slow);
		now = START + 59_999;
		expect(await cache.getToken(KEY, slow)).toBe('slow');
		now = START + 60_000;
		await cache.getToken(KEY, async () => ({ accessToken: 'next', expiresInSeconds: 60 }));
		expect(await cache.getToken(KEY, slow)).toBe('next');
	});
});

describe('one token per key', () => {
	it.each<[string, Partial<EntraTokenKey>]>([
		['tenant', { tenantId: 'contoso.onmicrosoft.com' }],
		['client', { clientId: 'another-client' }],
		['authority host', { authorityHost: 'https://login.microsoftonline.us' }],
		['scope', { scope: 'https://management.azure.com/.default' }],
		['client secret', { secretFingerprint: secretFingerprint('other secret') }],
	])('asks anew for another %s', async (_what, change) => {
		const { cache, calls, request } = setup();
		await cache.getToken(KEY, request);
		expect(await cache.getToken({ ...KEY, ...change }, request)).toBe('token-2');
		expect(await cache.getToken(KEY, request)).toBe('token-1');
		expect(calls).toEqual([KEY, { ...KEY, ...change }]);
	});

	it('ignores case in tenant, client and host, and a trailing slash on the host', async () => {
		const { cache, calls, request } = setup();
		await cache.getToken(KEY, request);
		const same = {
			...KEY,
			tenantId: KEY.tenantId.toUpperCase(),
			clientId: KEY.clientId.toUpperCase(),
			authorityHost: 'HTTPS://LOGIN.MICROSOFTONLINE.COM/',
		};
		expect(await cache.getToken(same, request)).toBe('token-1');
		expect(calls).toHaveLength(1);
	});

	it('keeps only a digest of the secret', () => {
		const fingerprint = secretFingerprint('s3cret');
		expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
		expect(fingerprint).toBe(secretFingerprint('s3cret'));
		expect(fingerprint).not.toContain('s3cret');
		expect(secretFingerprint('s3cret ')).not.toBe(fingerprint);
	});
});

describe('single flight', () => {
	it('makes 100 parallel callers share one token request', async () => {
		const answer = deferred<TokenGrant>();
		let calls = 0;
		const cache = new EntraTokenCache({ now: () => START });
		const request: RequestToken = () => {
			calls++;
			return answer.promise;
		};
		const tokens = Promise.all(Array.from({ length: 100 }, () => cache.getToken(KEY, request)));
		answer.resolve({ accessToken: 'shared', expiresInSeconds: 3600 });
		expect(new Set(await tokens)).toEqual(new Set(['shared']));
		expect(calls).toBe(1);
		expect(await cache.getToken(KEY, request)).toBe('shared');
		expect(calls).toBe(1);
	});

	it('shares a failure with every waiting caller and does not cache it', async () => {
		const answer = deferred<TokenGrant>();
		let calls = 0;
		const cache = new EntraTokenCache({ now: () => START });
		const failing: RequestToken = () => {
			calls++;
			return answer.promise;
		};
		const waiting = [cache.getToken(KEY, failing), cache.getToken(KEY, failing)];
		answer.reject(new Error('AADSTS7000215: Invalid client secret provided.'));
		for (const result of waiting) await expect(result).rejects.toThrow(/AADSTS7000215/);
		expect(calls).toBe(1);
		const next = await cache.getToken(KEY, async () => ({
			accessToken: 'ok',
			expiresInSeconds: 60,
		}));
		expect(next).toBe('ok');
	});

	it('does not stay stuck after a token request that throws at once', async () => {
		const cache = new EntraTokenCache({ now: () => START });
		const throwing = (() => {
			throw new Error('no network');
		}) as unknown as RequestToken;
		await expect(cache.getToken(KEY, throwing)).rejects.toThrow('no network');
		expect(
			await cache.getToken(KEY, async () => ({ accessToken: 'ok', expiresInSeconds: 60 })),
		).toBe('ok');
	});

	it.each<[string, unknown]>([
		['no access_token', { expiresInSeconds: 3600 }],
		['a lifetime of 0', { accessToken: 't', expiresInSeconds: 0 }],
		['a lifetime that is not a number', { accessToken: 't', expiresInSeconds: 'soon' }],
	])('refuses a grant with %s', async (_what, grant) => {
		const cache = new EntraTokenCache({ now: () => START });
		await expect(cache.getToken(KEY, async () => grant as TokenGrant)).rejects.toThrow(
			/no usable token/,
		);
	});
});

describe('withToken: one refresh on a 401', () => {
	it('drops a cached token refused as unauthorized and retries once with a new one', async () => {
		const { cache, calls, request } = setup();
		await cache.getToken(KEY, request);
		const used: string[] = [];
		const result = await cache.withToken(
			KEY,
			request,
			async (token) => {
				used.push(token);
				if (token === 'token-1') throw new Unauthorized('expired');
				return 'done';
			},
			is401,
		);
		expect(result).toBe('done');
		expect(used).toEqual(['token-1', 'token-2']);
		expect(calls).toHaveLength(2);
		expect(await cache.getToken(KEY, request)).toBe('token-2');
	});

	it('does not retry with a token fresh from Entra', async () => {
		const { cache, calls, request } = setup();
		const use = jest.fn(async () => {
			throw new Unauthorized('wrong audience');
		});
		await expect(cache.withToken(KEY, request, use, is401)).rejects.toThrow('wrong audience');
		expect(use).toHaveBeenCalledTimes(1);
		expect(calls).toHaveLength(1);
	});

	it('refreshes only once: a second 401 is final', async () => {
		const { cache, calls, request } = setup();
		await cache.getToken(KEY, request);
		const use = jest.fn(async () => {
			throw new Unauthorized('no role');
		});
		await expect(cache.withToken(KEY, request, use, is401)).rejects.toThrow('no role');
		expect(use).toHaveBeenCalledTimes(2);
		expect(calls).toHaveLength(2);
	});

	it('passes other errors on without a new token', async () => {
		const { cache, calls, request } = setup();
		await cache.getToken(KEY, request);
		const use = jest.fn(async () => {
			throw new Error('HTTP 500');
		});
		await expect(cache.withToken(KEY, request, use, is401)).rejects.toThrow('HTTP 500');
		expect(use).toHaveBeenCalledTimes(1);
		expect(calls).toHaveLength(1);
	});

	it('makes parallel callers refused with the same stale token share one refresh', async () => {
		const { cache, calls, request } = setup();
		await cache.getToken(KEY, request);
		const use = async (token: string) => {
			await Promise.resolve();
			if (token === 'token-1') throw new Unauthorized('expired');
			return token;
		};
		const results = await Promise.all(
			Array.from({ length: 10 }, () => cache.withToken(KEY, request, use, is401)),
		);
		expect(new Set(results)).toEqual(new Set(['token-2']));
		expect(calls).toHaveLength(2);
	});

	it('invalidate drops only the token it names', async () => {
		const { cache, request } = setup();
		await cache.getToken(KEY, request);
		cache.invalidate(KEY, 'some-older-token');
		expect(await cache.getToken(KEY, request)).toBe('token-1');
		cache.invalidate(KEY, 'token-1');
		expect(await cache.getToken(KEY, request)).toBe('token-2');
		cache.clear();
		expect(await cache.getToken(KEY, request)).toBe('token-3');
	});
});
