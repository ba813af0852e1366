/**
 * Pure retry rules of the transport: which failures may be retried, and how long to wait.
 *
 * The fine-tuning endpoints document no rate-limit headers; Azure's inference endpoints send `retry-after`
 * (seconds or an HTTP date) and `retry-after-ms` on 429 (spec/FINE_TUNING_API.md §1 "Retry / rate limits"), so both
 * are honoured when present. Otherwise: exponential backoff with full jitter.
 */

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	attempts: number;
	/** First backoff step in milliseconds; step n waits up to base × 2^n. */
	baseDelayMs: number;
	/** Largest single backoff wait in milliseconds (a server-given wait may be longer, up to the total bound). */
	maxDelayMs: number;
	/** Bound on all waits of one request, in milliseconds. A server asking for longer fails at once. */
	maxTotalWaitMs: number;
}

/**
 * The policy in force: 4 attempts, backoff from 1 s up to 15 s per wait, at most 60 s of waiting per request.
 * Tests shorten the delays.
 */
export const retryPolicy: RetryPolicy = {
	attempts: 4,
	baseDelayMs: 1_000,
	maxDelayMs: 15_000,
	maxTotalWaitMs: 60_000,
};

/**
 * What went wrong with one attempt: an HTTP status (`unreadableSuccess` when it was a 2xx whose body could not be
 * read, e.g. cut off), or a network error code (`ECONNRESET`, `ECONNABORTED` for a timeout, ...).
 */
export type AttemptFailure =
	| { status: number; headers?: Record<string, unknown>; unreadableSuccess?: boolean }
	| { networkCode?: string };

/**
 * - `not-processed`: the service certainly did not act on the request (429, connection refused, DNS failure):
 *   repeating is safe for any method.
 * - `maybe-processed`: the request may have taken effect (408, 5xx, reset, a 2xx whose body was cut off):
 *   repeating is safe only for reads, or after checking the effect did not happen.
 * - `in-flight`: no answer in time (the per-request timeout, a gateway's 504): the service may still be working on
 *   the request and act on it after any check, so repeating is safe only for reads; a check may still find the effect.
 * - `final`: not worth retrying (4xx other than 408/429).
 */
export type FailureKind = 'not-processed' | 'maybe-processed' | 'in-flight' | 'final';

const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** Network error codes of a request that got no answer within its timeout (axios: `ECONNABORTED`). */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
]);

export function classifyFailure(failure: AttemptFailure): FailureKind {
	if ('status' in failure) {
		if (failure.unreadableSuccess) return 'maybe-processed';
		if (failure.status === 429) return 'not-processed';
		if (failure.status === 504) return 'in-flight';
		if (failure.status === 408 || failure.status >= 500) return 'maybe-processed';
		return 'final';
	}
	if (failure.networkCode && NOT_SENT_CODES.has(failure.networkCode)) return 'not-processed';
	return failure.networkCode && TIMEOUT_CODES.has(failure.networkCode)
		? 'in-flight'
		: 'maybe-processed';
}

/** Methods whose repetition cannot change anything on the service. */
export function isSafeToRepeat(method: string): boolean {
	return method === 'GET' || method === 'HEAD';
}

/**
 * The wait the server asked for, in milliseconds, from `retry-after-ms` or `retry-after` (seconds or HTTP date).
 * @param now current time in ms since the epoch (for HTTP dates).
 */
export function serverRetryDelayMs(
	headers: Record<string, unknown> | undefined,
	now: number,
): number | undefined {
	const ms = Number(headers?.['retry-after-ms']);
	if (headers?.['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
	const raw = headers?.['retry-after'];
	if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(String(raw));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Backoff wait before retry number `retry` (0-based): random in [0, min(max, base × 2^retry)] (full jitter). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
	return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry));
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Whether to try again after attempt number `attempt` (1-based) failed, having waited `waitedMs` so far.
 * `repeatable` says whether a maybe-processed or in-flight failure may be repeated (a read, or checked to have had
 * no effect).
 */
export function decideRetry(
	failure: AttemptFailure,
	context: {
		attempt: number;
		waitedMs: number;
		repeatable: boolean;
		policy: RetryPolicy;
		now: number;
		random: () => number;
	},
): RetryDecision {
	const kind = classifyFailure(failure);
	if (kind === 'final') return { retry: false, reason: 'not retryable' };
	if (kind === 'maybe-processed' && !context.repeatable)
		return { retry: false, reason: 'may have taken effect' };
	if (kind === 'in-flight' && !context.repeatable)
		return { retry: false, reason: 'the service may still act on it' };
	if (context.attempt >= context.policy.attempts)
		return { retry: false, reason: `gave up after ${context.attempt} attempts` };
	const asked = 'status' in failure ? serverRetryDelayMs(failure.headers, context.now) : undefined;
	const delayMs = asked ?? backoffDelayMs(context.attempt - 1, context.policy, context.random);
	if (context.waitedMs + delayMs > context.policy.maxTotalWaitMs) {
		return {
			retry: false,
			reason: `the service asks to wait ${Math.ceil(delayMs / 1000)} s, longer than the ${context.policy.maxTotalWaitMs / 1000} s retry budget`,
		};
	}
	return { retry: true, delayMs };
}
