/**
 * Pure parts of the ARM transport (nodes/shared/transport/arm.ts) and how ARM's errors read (apiError.ts).
 */
import { describeApiFailure } from '../../nodes/shared/transport/apiError';
import { isFinishedState, pauseBeforePoll } from '../../nodes/shared/transport/arm';

const POLICY = { firstDelayMs: 1000, factor: 2, maxDelayMs: 5000 };

test.each([
	[0, 60_000, undefined, 1000],
	[1, 60_000, undefined, 2000],
	[5, 60_000, undefined, 5000],
	[0, 60_000, 3000, 3000],
	[0, 60_000, 90_000, 5000],
	[3, 700, undefined, 700],
	[0, 0, undefined, undefined],
])('pauseBeforePoll(poll %d, %d ms left, asked %s) = %s', (poll, remaining, asked, expected) => {
	expect(pauseBeforePoll(poll, POLICY, remaining, asked)).toBe(expected);
});

test.each([
	['Succeeded', true],
	['failed', true],
	['Canceled', true],
	['Creating', false],
	['Accepted', false],
	[undefined, false],
])('isFinishedState(%s) = %s', (state, finished) => {
	expect(isFinishedState(state)).toBe(finished);
});

test('ARM’s error: message, code, target as the param, details in the description', () => {
	const described = describeApiFailure({
		status: 400,
		body: JSON.stringify({
			error: {
				code: 'InvalidResourceProperties',
				message: 'The specified SKU is not supported.',
				target: 'sku.name',
				details: [{ code: 'SkuNotSupported', message: 'Use Standard or GlobalStandard.' }],
			},
		}),
	});
	expect(described.message).toBe('The specified SKU is not supported.');
	expect(described.description).toBe(
		'Code: InvalidResourceProperties · Param: sku.name · Details: SkuNotSupported: Use Standard or GlobalStandard. · HTTP 400',
	);
});

test('the data plane’s refusal of a token ({statusCode, message}) shows its message', () => {
	const described = describeApiFailure({
		status: 401,
		body: JSON.stringify({ statusCode: 401, message: 'Unauthorized. Access token is missing.' }),
	});
	expect(described.message).toBe('Unauthorized. Access token is missing.');
	expect(described.description).toBe('HTTP 401');
});
