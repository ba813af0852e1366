/**
 * Pure retry rules of the transport: which failures may be retried, and how long to wait.
 *
 * The fine-tuning endpoints document no rate-limit headers; Azure's inference endpoints send `retry-after`
 * (seconds or an HTTP date) and `retry-after-ms` on 429 (docs/azure-api.md#errors-and-retries), so both are honoured
 * when present, and so is the wait Azure's gateway writes into its 429 message ("Try again in 86400 seconds.", same
 * section). Otherwise: exponential backoff with jitter in the upper half of each step (see {@link backoffDelayMs}).
 * A 429 whose code says a quota is used up is not retried: waiting seconds does not bring a quota back.
 */

/** How a failed request is retried; the one in force is `settings.retry` (settings.ts). */
export interface RetryPolicy {
	/** Attempts in all, the first included. */
	attempts: number;
	/** First backoff step in milliseconds; step n waits between half of and all of base × 2^n. */
	baseDelayMs: number;
	/** Largest single backoff wait in milliseconds (a server-given wait may be longer, up to the total bound). */
	maxDelayMs: number;
	/** Bound on all waits of one request, in milliseconds. A server asking for longer fails at once. */
	maxTotalWaitMs: number;
}

/**
 * What went wrong with one attempt: an HTTP status (`unreadableSuccess` when it was a 2xx whose body could not be
 * read, e.g. cut off or empty; `apiCode` / `apiMessage` from the error body when it had them), or a network error
 * code (`ECONNRESET`, `ECONNABORTED` for a timeout, ...; `notSent` when the request failed in n8n before it left).
 */
export type AttemptFailure =
	| {
			status: number;
			headers?: Record<string, unknown>;
			unreadableSuccess?: boolean;
			apiCode?: string;
			apiMessage?: string;
	  }
	| { networkCode?: string; notSent?: boolean };

/**
 * - `not-processed`: the service certainly did not act on the request (429, connection refused, DNS failure):
 *   repeating is safe for any method.
 * - `maybe-processed`: the request may have taken effect (408, 5xx, reset, a 2xx whose body was cut off):
 *   repeating is safe only for reads, or after checking the effect did not happen.
 * - `in-flight`: no answer in time (the per-request timeout, a gateway's 504): the service may still be working on
 *   the request and act on it after any check, so repeating is safe only for reads; a check may still find the effect.
 * - `final`: not worth retrying (4xx other than 408/429, a redirect, a 429 saying a quota is used up, a request that
 *   failed in n8n before it was sent).
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

/**
 * Error codes of a 429 that means a quota is used up rather than a short burst: they name a quota or a daily limit,
 * e.g. `daily_rate_limit_exceeded`, `insufficient_quota`, `QuotaExceeded` (docs/azure-api.md#errors-and-retries).
 * Azure's plain rate-limit codes (`429`, `RateLimitReached`, `RateLimitExceeded`) do not match.
 */
const QUOTA_CODE = /quota|daily/i;

/** True for a 429 whose error code says a quota is used up ({@link QUOTA_CODE}). */
export function isQuotaExhausted(failure: AttemptFailure): boolean {
	return 'status' in failure && failure.status === 429 && QUOTA_CODE.test(failure.apiCode ?? '');
}

export function classifyFailure(failure: AttemptFailure): FailureKind {
	if ('status' in failure) {
		if (failure.unreadableSuccess) return 'maybe-processed';
		if (isQuotaExhausted(failure)) return 'final';
		if (failure.status === 429) return 'not-processed';
		if (failure.status === 504) return 'in-flight';
		if (failure.status === 408 || failure.status >= 500) return 'maybe-processed';
		return 'final';
	}
	if (failure.notSent) return 'final';
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

/**
 * The wait Azure's gateway writes into a 429 message, e.g. "Rate limit is exceeded. Try again in 86400 seconds."
 * (docs/azure-api.md#errors-and-retries), in milliseconds; undefined when the message names none.
 */
export function messageRetryDelayMs(message: string | undefined): number | undefined {
	const seconds = /\btry again in (\d+(?:\.\d+)?) seconds?\b/i.exec(message ?? '')?.[1];
	return seconds === undefined ? undefined : Number(seconds) * 1000;
}

/**
 * Backoff wait before retry number `retry` (0-based), in milliseconds: with step = min(maxDelayMs, baseDelayMs ×
 * 2^retry), random in [step / 2, step] ("equal jitter"). With the settings in force (settings.ts) that is 0.5–1 s,
 * 1–2 s, 2–4 s, ... up to 7.5–15 s: retries of many clients spread out, yet each wait is at least half its step, so a
 * struggling service always gets a pause.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	return Math.round(step / 2 + (random() * step) / 2);
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
	if (isQuotaExhausted(failure))
		return { retry: false, reason: 'a quota is used up, which waiting does not change' };
	if (kind === 'final') return { retry: false, reason: 'not retryable' };
	if (kind === 'maybe-processed' && !context.repeatable)
		return { retry: false, reason: 'may have taken effect' };
	if (kind === 'in-flight' && !context.repeatable)
		return { retry: false, reason: 'the service may still act on it' };
	if (context.attempt >= context.policy.attempts)
		return { retry: false, reason: `gave up after ${context.attempt} attempts` };
	const asked =
		'status' in failure
			? (serverRetryDelayMs(failure.headers, context.now) ??
				(failure.status === 429 ? messageRetryDelayMs(failure.apiMessage) : undefined))
			: undefined;
	const delayMs = asked ?? backoffDelayMs(context.attempt - 1, context.policy, context.random);
	if (context.waitedMs + delayMs > context.policy.maxTotalWaitMs) {
		return {
			retry: false,
			reason: `the service asks to wait ${Math.ceil(delayMs / 1000)} s, longer than the ${context.policy.maxTotalWaitMs / 1000} s retry budget`,
		};
	}
	return { retry: true, delayMs };
}
