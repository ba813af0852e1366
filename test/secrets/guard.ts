/**
 * The secret check the engine harness (test/engine/harness.ts) wraps around every run: the run's result or the error
 * it throws, what n8n logged during it and the emulator's request log are scanned for the api-key of the run's
 * credential and for the canary key; a find fails the test with the paths where the key was found.
 */
import type { RecordedRequest } from '../emulator/types';
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
	/**
	 * Emulator request records checked (api-key header `<redacted>`, no key anywhere). The whole log is checked after
	 * each run; a record is counted once (by the log's growth since the last check).
	 */
	recordedRequests: 0,
};

/** Length of each emulator's request log (by origin) at the last check. */
const lastLength = new Map<string, number>();

/** A run's own key is scanned for only when it is this long: a shorter one (`k`) would be found by chance. */
const MIN_SCANNED_KEY_LENGTH = 12;

/** The secrets to look for in a run with this credential: the canary, and the credential's own api-key. */
export function secretsOf(credentials: { apiKey?: unknown }): string[] {
	const own = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
	return [...new Set([CANARY_API_KEY, ...(own.length >= MIN_SCANNED_KEY_LENGTH ? [own] : [])])];
}

/**
 * The emulator's request log at `endpoint` (through its admin API), or undefined when the endpoint is not a local
 * emulator (no plain-http loopback URL, or nothing answers there).
 */
export async function emulatorRequestLog(
	endpoint: unknown,
): Promise<{ origin: string; requests: RecordedRequest[] } | undefined> {
	let origin: string;
	try {
		const url = new URL(String(endpoint));
		if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
			return undefined;
		origin = url.origin;
	} catch {
		return undefined;
	}
	try {
		const response = await fetch(`${origin}/__emulator/requests`);
		return response.ok
			? { origin, requests: (await response.json()) as RecordedRequest[] }
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
 * Runs `run` and scans, for the secrets of `credentials` ({@link secretsOf}): its result, or the error it throws;
 * the log entries written meanwhile; the request log of the emulator the credential points at.
 * @param what names the run in a failure message, e.g. `job.create`.
 * @returns what `run` returns; rethrows what it throws.
 * @throws Error `Secret leak: …` (instead) when a secret is found.
 */
export async function scanned<T>(
	what: string,
	credentials: { apiKey?: unknown; endpoint?: unknown },
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
		const before = lastLength.get(log.origin) ?? 0;
		scanStats.recordedRequests +=
			log.requests.length >= before ? log.requests.length - before : log.requests.length;
		lastLength.set(log.origin, log.requests.length);
	}
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}
