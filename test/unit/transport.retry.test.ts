/**
 * The transport's pure retry rules (nodes/shared/transport/retry.ts): which failures are retried, how long the waits are,
 * and that attempts and total wait stay bounded whatever the service answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import {
	backoffDelayMs,
	classifyFailure,
	decideRetry,
	isQuotaExhausted,
	isSafeToRepeat,
	messageRetryDelayMs,
	serverRetryDelayMs,
	type AttemptFailure,
	type FailureKind,
	type RetryPolicy,
} from '../../nodes/shared/transport/retry';
import { settings } from '../../nodes/shared/transport/settings';

const POLICY: RetryPolicy = {
	attempts: 4,
	baseDelayMs: 1_000,
	maxDelayMs: 15_000,
	maxTotalWaitMs: 60_000,
};
const NOW = Date.parse('2025-06-01T12:00:00Z');
const decide = (
	failure: AttemptFailure,
	overrides: Partial<Parameters<typeof decideRetry>[1]> = {},
) =>
	decideRetry(failure, {
		attempt: 1,
		waitedMs: 0,
		repeatable: true,
		policy: POLICY,
		now: NOW,
		random: () => 0.5,
		...overrides,
	});

describe('classifyFailure', () => {
	test.each<[string, FailureKind, AttemptFailure]>([
		['429 (refused before processing)', 'not-processed', { status: 429 }],
		['408', 'maybe-processed', { status: 408 }],
		['500', 'maybe-processed', { status: 500 }],
		['502', 'maybe-processed', { status: 502 }],
		['503', 'maybe-processed', { status: 503 }],
		['504 (a gateway gave up waiting)', 'in-flight', { status: 504 }],
		['a 200 whose body was cut off', 'maybe-processed', { status: 200, unreadableSuccess: true }],
		['400', 'final', { status: 400 }],
		['a redirect', 'final', { status: 302 }],
		['429 with a daily-quota code', 'final', { status: 429, apiCode: 'daily_rate_limit_exceeded' }],
		['429 with insufficient_quota', 'final', { status: 429, apiCode: 'insufficient_quota' }],
		['429 RateLimitReached', 'not-processed', { status: 429, apiCode: 'RateLimitReached' }],
		['a request that failed in n8n before it was sent', 'final', { notSent: true }],
		['401', 'final', { status: 401 }],
		['404', 'final', { status: 404 }],
		['connection refused', 'not-processed', { networkCode: 'ECONNREFUSED' }],
		['DNS failure', 'not-processed', { networkCode: 'ENOTFOUND' }],
		['connection reset', 'maybe-processed', { networkCode: 'ECONNRESET' }],
		['unknown network error', 'maybe-processed', {}],
		['per-request timeout (axios)', 'in-flight', { networkCode: 'ECONNABORTED' }],
		['socket timeout', 'in-flight', { networkCode: 'ETIMEDOUT' }],
	])('%s → %s', (_, kind, failure) => {
		expect(classifyFailure(failure)).toBe(kind);
	});

	test('only GET and HEAD are safe to repeat', () => {
		expect(['GET', 'HEAD', 'POST', 'DELETE', 'PATCH'].filter(isSafeToRepeat)).toEqual([
			'GET',
			'HEAD',
		]);
	});
});

describe('serverRetryDelayMs', () => {
	test.each<[string, Record<string, unknown> | undefined, number | undefined]>([
		['retry-after-ms', { 'retry-after-ms': '250' }, 250],
		['retry-after-ms wins over retry-after', { 'retry-after-ms': '250', 'retry-after': '10' }, 250],
		['retry-after in seconds', { 'retry-after': '3' }, 3_000],
		['retry-after as a number', { 'retry-after': 2 }, 2_000],
		['retry-after: 0', { 'retry-after': '0' }, 0],
		[
			'retry-after as an HTTP date 30 s ahead',
			{ 'retry-after': new Date(NOW + 30_000).toUTCString() },
			30_000,
		],
		['an HTTP date in the past', { 'retry-after': new Date(NOW - 5_000).toUTCString() }, 0],
		[
			'a negative retry-after-ms falls back to retry-after',
			{ 'retry-after-ms': '-1', 'retry-after': '1' },
			1_000,
		],
		['garbage', { 'retry-after': 'soon' }, undefined],
		['no headers', undefined, undefined],
	])('%s', (_, headers, expected) => {
		expect(serverRetryDelayMs(headers, NOW)).toBe(expected);
	});
});

describe('messageRetryDelayMs', () => {
	test.each<[string | undefined, number | undefined]>([
		['Rate limit is exceeded. Try again in 86400 seconds.', 86_400_000],
		['Please try again in 1 second', 1_000],
		['Try again in 2.5 seconds.', 2_500],
		['Rate limit is exceeded. Try again later.', undefined],
		[undefined, undefined],
	])('%s', (message, expected) => {
		expect(messageRetryDelayMs(message)).toBe(expected);
	});
});

describe('backoffDelayMs (equal jitter)', () => {
	test('random in [step / 2, step], step = base × 2^retry capped at maxDelayMs', () => {
		expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, POLICY, () => 1))).toEqual([
			1_000, 2_000, 4_000, 8_000, 15_000, 15_000,
		]);
		expect([0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, POLICY, () => 0))).toEqual([
			500, 1_000, 2_000, 4_000, 7_500,
		]);
		expect(backoffDelayMs(1, POLICY, () => 0.5)).toBe(1_500);
	});

	test('the waits the Retries section of docs/operations.md states are exactly what the settings in force produce', () => {
		const doc = readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8');
		const retries = /^### Retries\n([\s\S]*?)^### /m.exec(doc)?.[1].replace(/\s+/g, ' ') ?? '';
		const stated =
			/waits before the second, third and fourth attempt are random between ([\d.]+) and ([\d.]+) s, ([\d.]+) and ([\d.]+) s, ([\d.]+) and ([\d.]+) s/.exec(
				retries,
			);
		expect(stated).not.toBeNull();
		expect(retries).toContain(`up to ${settings.retry.attempts} attempts`);
		expect(retries).toContain(
			`at most ${settings.retry.maxDelayMs / 1000} s per wait and ${settings.retry.maxTotalWaitMs / 1000} s per request`,
		);
		const bounds = [0, 1, 2].map((retry) => [
			Number(stated![1 + retry * 2]) * 1000,
			Number(stated![2 + retry * 2]) * 1000,
		]);
		expect(bounds).toHaveLength(settings.retry.attempts - 1);
		bounds.forEach(([low, high], retry) => {
			const waits = Array.from({ length: 2_000 }, () =>
				backoffDelayMs(retry, settings.retry, Math.random),
			);
			// Every wait within the stated range, and the range filled: both ends are reached within 5 %.
			expect(Math.min(...waits)).toBeGreaterThanOrEqual(low);
			expect(Math.max(...waits)).toBeLessThanOrEqual(high);
			expect(Math.min(...waits)).toBeLessThan(low + (high - low) * 0.05);
			expect(Math.max(...waits)).toBeGreaterThan(high - (high - low) * 0.05);
		});
	});
});

describe('decideRetry', () => {
	test("the issue's case: 429 daily_rate_limit_exceeded with retry-after 86400 fails at once instead of looping", () => {
		const decision = decide(
			{ status: 429, headers: { 'retry-after': '86400' } },
			{ repeatable: false },
		);
		expect(decision).toEqual({
			retry: false,
			reason: 'the service asks to wait 86400 s, longer than the 60 s retry budget',
		});
	});

	test('a 429 whose code says a quota is used up is not retried, even without retry-after', () => {
		for (const apiCode of ['daily_rate_limit_exceeded', 'insufficient_quota', 'QuotaExceeded']) {
			expect(isQuotaExhausted({ status: 429, apiCode })).toBe(true);
			expect(decide({ status: 429, apiCode })).toEqual({
				retry: false,
				reason: 'a quota is used up, which waiting does not change',
			});
		}
		expect(isQuotaExhausted({ status: 400, apiCode: 'insufficient_quota' })).toBe(false);
		expect(decide({ status: 429, apiCode: 'RateLimitReached' })).toMatchObject({ retry: true });
	});

	test("a 429 naming its wait only in the message (Azure's gateway) is taken at its word: too long fails at once", () => {
		const failure = { status: 429, apiCode: '429' };
		expect(
			decide({ ...failure, apiMessage: 'Rate limit is exceeded. Try again in 86400 seconds.' }),
		).toEqual({
			retry: false,
			reason: 'the service asks to wait 86400 s, longer than the 60 s retry budget',
		});
		expect(decide({ ...failure, apiMessage: 'Try again in 2 seconds.' })).toEqual({
			retry: true,
			delayMs: 2_000,
		});
		// Only a 429's message is read; a header wins over the message.
		expect(decide({ status: 503, apiMessage: 'Try again in 86400 seconds.' })).toMatchObject({
			retry: true,
		});
		expect(
			decide({
				...failure,
				headers: { 'retry-after-ms': '10' },
				apiMessage: 'Try again in 86400 seconds.',
			}),
		).toEqual({ retry: true, delayMs: 10 });
	});

	test('a 429 wait within the budget is taken exactly as the server asks, even for a POST', () => {
		expect(
			decide({ status: 429, headers: { 'retry-after-ms': '1500' } }, { repeatable: false }),
		).toEqual({ retry: true, delayMs: 1_500 });
		expect(decide({ status: 429, headers: { 'retry-after': '20' } }, { waitedMs: 40_000 })).toEqual(
			{ retry: true, delayMs: 20_000 },
		);
		expect(
			decide({ status: 429, headers: { 'retry-after': '21' } }, { waitedMs: 40_000 }),
		).toMatchObject({ retry: false });
	});

	test('without a server wait: exponential backoff with jitter', () => {
		expect(decide({ status: 503 }, { attempt: 1, random: () => 1 })).toEqual({
			retry: true,
			delayMs: 1_000,
		});
		expect(decide({ status: 503 }, { attempt: 3, random: () => 1 })).toEqual({
			retry: true,
			delayMs: 4_000,
		});
		expect(decide({ networkCode: 'ECONNRESET' }, { attempt: 2, random: () => 0.5 })).toEqual({
			retry: true,
			delayMs: 1_500,
		});
	});

	test('a write that may have taken effect is not repeated unless checked (repeatable)', () => {
		for (const failure of [
			{ status: 500 },
			{ status: 502 },
			{ networkCode: 'ECONNRESET' },
			{ status: 200, unreadableSuccess: true },
		]) {
			expect(decide(failure, { repeatable: false })).toEqual({
				retry: false,
				reason: 'may have taken effect',
			});
			expect(decide(failure, { repeatable: true })).toMatchObject({ retry: true });
		}
	});

	test('a write still in flight (timeout, 504) is not repeated unless it is a read', () => {
		for (const failure of [{ status: 504 }, { networkCode: 'ECONNABORTED' }]) {
			expect(decide(failure, { repeatable: false })).toEqual({
				retry: false,
				reason: 'the service may still act on it',
			});
			expect(decide(failure, { repeatable: true })).toMatchObject({ retry: true });
		}
	});

	test('4xx other than 408 and 429 are final', () => {
		expect(decide({ status: 400 })).toEqual({ retry: false, reason: 'not retryable' });
		expect(decide({ status: 404 })).toEqual({ retry: false, reason: 'not retryable' });
	});

	test('stops after the last attempt', () => {
		expect(decide({ status: 503 }, { attempt: 3 })).toMatchObject({ retry: true });
		expect(decide({ status: 503 }, { attempt: 4 })).toEqual({
			retry: false,
			reason: 'gave up after 4 attempts',
		});
	});

	test('property: whatever the failures, at most `attempts` attempts and at most `maxTotalWaitMs` of waiting', () => {
		const failure = fc.oneof(
			fc.record({
				status: fc.constantFrom(408, 429, 500, 502, 503, 504),
				headers: fc.option(fc.record({ 'retry-after-ms': fc.nat(90_000).map(String) }), {
					nil: undefined,
				}),
			}),
			fc.record({ networkCode: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED') }),
		);
		const policy = fc.record({
			attempts: fc.integer({ min: 1, max: 8 }),
			baseDelayMs: fc.nat(2_000),
			maxDelayMs: fc.nat(20_000),
			maxTotalWaitMs: fc.nat(120_000),
		});
		fc.assert(
			fc.property(
				fc.array(failure, { minLength: 10, maxLength: 10 }),
				policy,
				fc.double({ min: 0, max: 1, noNaN: true }),
				(failures, p, r) => {
					let waitedMs = 0;
					let attempt = 1;
					for (; ; attempt++) {
						const decision = decideRetry(failures[attempt - 1], {
							attempt,
							waitedMs,
							repeatable: true,
							policy: p,
							now: NOW,
							random: () => r,
						});
						if (!decision.retry) break;
						expect(decision.delayMs).toBeGreaterThanOrEqual(0);
						waitedMs += decision.delayMs;
					}
					expect(attempt).toBeLessThanOrEqual(Math.max(1, p.attempts));
					expect(waitedMs).toBeLessThanOrEqual(p.maxTotalWaitMs);
				},
			),
		);
	});
});
