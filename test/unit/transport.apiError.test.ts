import { describeApiFailure } from '../../nodes/shared/transport/apiError';

describe('describeApiFailure', () => {
	test("Azure's error: the API's own message, with code, param, status and apim-request-id", () => {
		const described = describeApiFailure({
			status: 400,
			body: JSON.stringify({
				error: {
					code: 'invalidPayload',
					message: 'The suffix is invalid.',
					param: 'suffix',
					type: 'invalid_request_error',
				},
			}),
			requestId: 'req-123',
		});
		expect(described).toEqual({
			message: 'The suffix is invalid.',
			description: 'Code: invalidPayload · Param: suffix · HTTP 400 · apim-request-id: req-123',
			apiError: {
				code: 'invalidPayload',
				message: 'The suffix is invalid.',
				param: 'suffix',
				type: 'invalid_request_error',
			},
		});
	});

	test.each([['"401"'], ['401']])(
		'a code that only repeats the status (Azure sends %s) is said once, as HTTP 401',
		(code) => {
			const described = describeApiFailure({
				status: 401,
				body: `{"error":{"code":${code},"message":"Access denied"}}`,
			});
			expect(described.message).toBe('Access denied');
			expect(described.description).toBe('HTTP 401');
			expect(described.apiError?.code).toBe('401'); // still in the item's details
		},
	);

	test('a numeric code that differs from the status is kept', () => {
		expect(
			describeApiFailure({ status: 400, body: '{"error":{"code":1001,"message":"x"}}' })
				.description,
		).toBe('Code: 1001 · HTTP 400');
	});

	test('an error object without a message still names the code', () => {
		expect(
			describeApiFailure({ status: 429, body: '{"error":{"code":"daily_rate_limit_exceeded"}}' })
				.message,
		).toBe('The API answered HTTP 429 with error code daily_rate_limit_exceeded');
	});

	test('an HTML gateway page becomes a short readable message', () => {
		const described = describeApiFailure({
			status: 502,
			body:
				'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>' +
				'x'.repeat(5000) +
				'</body></html>',
		});
		expect(described.message).toBe(
			'The API answered HTTP 502 with an HTML page instead of JSON: "502 Bad Gateway"',
		);
		expect(described.description).toBe('HTTP 502');
	});

	test('truncated JSON on a success answer', () => {
		const described = describeApiFailure({
			status: 200,
			body: '{"id":"ftjob-1","status":"run',
			unreadableSuccess: true,
		});
		expect(described.message).toMatch(
			/^The API answered HTTP 200 but its body is not valid JSON \(it may have been cut off\): \{"id":"ftjob-1"/,
		);
	});

	test('long plain text is cut to 200 characters; empty body is said so', () => {
		expect(describeApiFailure({ status: 500, body: 'y'.repeat(1000) }).message).toHaveLength(
			'The API answered HTTP 500: '.length + 201,
		);
		expect(describeApiFailure({ status: 503, body: '' }).message).toBe(
			'The API answered HTTP 503 with an empty body',
		);
	});

	test('never [object Object], whatever the error holds', () => {
		for (const body of [
			'{"error":{"message":{"nested":true}}}',
			'{"error":"flat string"}',
			'{"error":null}',
			'[]',
			'null',
		]) {
			const { message, description } = describeApiFailure({ status: 400, body });
			expect(`${message} ${description}`).not.toContain('[object Object]');
		}
	});
});
