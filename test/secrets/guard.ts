/**
 * The secret check the engine harness (test/support/engine.ts) wraps around every run: the run's result or the error
 * it throws, what n8n logged during it, the emulator's request log and what the emulator's redirect target received
 * (the other host `redirect` faults point to, which records unredacted) are scanned for the api-key of the run's
 * credential and for the canary key, for a Microsoft Entra ID credential's client secret, and for every access token
 * the emulator has issued; a find fails the test with the paths where the secret was found.
 */
import type { RecordedRequest, RedirectedRequest } from '../emulator/types';
import { captureLogs } from './logs';
import { assertNoSecret, CANARY_API_KEY } from './scan';

/** What the checks of this module instance (one per jest test file) have scanned so far. */
export const scanStats = {
	/** Runs scanned (node runs, list searches, credential tests, polls). */
	runs: 0,
	/** Errors thrown by runs (n8n's own refusals before the run), scanned with message, stack and context. */
	thrownErrors: 0,
	/** Log entries written by n8n or the node during the runs. */
	logEntries: 0,
	/** Most access tokens the emulator had issued at a scan (each one is scanned for). */
	tokens: 0,
	/**
	 * Emulator request records checked (api-key header `<redacted>`, no key anywhere). The whole log is checked after
	 * each run; a record is counted once (by the log's growth since the last check).
	 */
	recordedRequests: 0,
	/** Requests the redirect target received (counted like `recordedRequests`); any key in them is a leak. */
	redirectedRequests: 0,
};

/** Length of each emulator's request log and redirect target log (by origin and log) at the last check. */
const lastLength = new Map<string, number>();

/** How many of a log's `length` records were not counted at its last check (`key`); a log that shrank was cleared. */
function newRecords(key: string, length: number): number {
	const before = lastLength.get(key) ?? 0;
	lastLength.set(key, length);
	return length >= before ? length - before : length;
}

/** A run's own key is scanned for only when it is this long: a shorter one (`k`) would be found by chance. */
const MIN_SCANNED_KEY_LENGTH = 12;

/**
 * The secrets to look for in a run with this credential: the canary, and the credential's own api-key or client
 * secret (`clientSecret`, Microsoft Entra ID credential).
 */
export function secretsOf(credentials: { apiKey?: unknown; clientSecret?: unknown }): string[] {
	const own = [credentials.apiKey, credentials.clientSecret]
		.map((value) => (typeof value === 'string' ? value.trim() : ''))
		.filter((value) => value.length >= MIN_SCANNED_KEY_LENGTH);
	return [...new Set([CANARY_API_KEY, ...own])];
}

/** The origin of a local emulator at `endpoint` (a plain-http loopback URL), else undefined. */
function emulatorOrigin(endpoint: unknown): string | undefined {
	try {
		const url = new URL(String(endpoint));
		return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
			? url.origin
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * Every access token the emulator at `endpoint` has issued (its admin API), or none when the endpoint is not a local
 * emulator.
 */
export async function issuedTokens(endpoint: unknown): Promise<string[]> {
	const origin = emulatorOrigin(endpoint);
	if (!origin) return [];
	try {
		const response = await fetch(`${origin}/__emulator/issued-tokens`, { redirect: 'error' });
		return response.ok ? ((await response.json()) as { tokens: string[] }).tokens : [];
	} catch {
		return [];
	}
}

/**
 * The emulator's request log at `endpoint` and what its redirect target received (through its admin API), or
 * undefined when the endpoint is not a local emulator (no plain-http loopback URL, or nothing answers there).
 */
export async function emulatorRequestLog(
	endpoint: unknown,
): Promise<
	{ origin: string; requests: RecordedRequest[]; redirected: RedirectedRequest[] } | undefined
> {
	const origin = emulatorOrigin(endpoint);
	if (!origin) return undefined;
	try {
		const [requests, redirected] = await Promise.all(
			['requests', 'redirected'].map(async (log) => {
				const response = await fetch(`${origin}/__emulator/${log}`, { redirect: 'error' });
				return response.ok ? ((await response.json()) as unknown[]) : undefined;
			}),
		);
		return requests
			? {
					origin,
					requests: requests as RecordedRequest[],
					redirected: (redirected ?? []) as RedirectedRequest[],
				}
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * Checks a request log: each record's `api-key` / `authorization` header, when present, must read `<redacted>`,
 * and no secret may occur anywhere in it.
 * @throws Error naming the first offending record.
 */
export function checkRequestLog(requests: RecordedRequest[], secrets: string[]): void {
	requests.forEach((request, index) => {
		for (const header of ['api-key', 'authorization']) {
			const value = request.headers?.[header];
			if (value !== undefined && value !== '<redacted>') {
				throw new Error(
					`Secret leak: the emulator recorded header ${header} of request ${index} (${request.method} ${request.path}) unredacted`,
				);
			}
		}
	});
	for (const secret of secrets) assertNoSecret(requests, secret, 'the emulator request log');
}

/**
 * Runs `run` and scans, for the secrets of `credentials` ({@link secretsOf}) and the tokens the emulator issued
 * ({@link issuedTokens}): its result, or the error it throws; the log entries written meanwhile; the request log of
 * the emulator the credential points at.
 * @param what names the run in a failure message, e.g. `job.create`.
 * @returns what `run` returns; rethrows what it throws.
 * @throws Error `Secret leak: …` (instead) when a secret is found.
 */
export async function scanned<T>(
	what: string,
	credentials: { apiKey?: unknown; clientSecret?: unknown; endpoint?: unknown },
	run: () => Promise<T>,
): Promise<T> {
	const logs = captureLogs();
	const firstLog = logs.length;
	const secrets = secretsOf(credentials);
	let outcome: { ok: true; value: T } | { ok: false; error: unknown };
	try {
		outcome = { ok: true, value: await run() };
	} catch (error) {
		outcome = { ok: false, error };
		scanStats.thrownErrors++;
	}
	scanStats.runs++;
	const tokens = await issuedTokens(credentials.endpoint);
	scanStats.tokens = Math.max(scanStats.tokens, tokens.length);
	secrets.push(...tokens);
	const written = logs.slice(firstLog);
	scanStats.logEntries += written.length;
	for (const secret of secrets) {
		assertNoSecret(
			outcome.ok ? outcome.value : outcome.error,
			secret,
			`the ${outcome.ok ? 'result' : 'thrown error'} of ${what}`,
		);
		assertNoSecret(written, secret, `the log entries of ${what}`);
	}
	const log = await emulatorRequestLog(credentials.endpoint);
	if (log) {
		checkRequestLog(log.requests, secrets);
		for (const secret of secrets)
			assertNoSecret(log.redirected, secret, 'what the redirect target received');
		scanStats.recordedRequests += newRecords(`${log.origin} requests`, log.requests.length);
		scanStats.redirectedRequests += newRecords(`${log.origin} redirected`, log.redirected.length);
	}
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}
