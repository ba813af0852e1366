import {
	describeApiFailure,
	describeNetworkFailure,
	MAX_MESSAGE_LENGTH,
} from '../../nodes/shared/transport/apiError';
import { TIMEOUT_CODES } from '../../nodes/shared/transport/retry';

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

	test('an API message longer than the limit is cut, saying so; code, param and status stay', () => {
		const message = 'm'.repeat(1_048_576);
		const described = describeApiFailure({
			status: 400,
			body: JSON.stringify({ error: { code: 'invalidPayload', param: 'suffix', message } }),
		});
		expect(described.message).toBe(
			`${'m'.repeat(MAX_MESSAGE_LENGTH)}… (shortened: 1048576 characters in all)`,
		);
		expect(described.description).toBe('Code: invalidPayload · Param: suffix · HTTP 400');
		expect(described.apiError?.message).toBe(described.message);
		// A message at the limit is shown whole.
		const atLimit = 'm'.repeat(MAX_MESSAGE_LENGTH);
		expect(
			describeApiFailure({ status: 400, body: JSON.stringify({ error: { message: atLimit } }) })
				.message,
		).toBe(atLimit);
	});

	test('an empty 2xx body where JSON was expected is said so', () => {
		expect(describeApiFailure({ status: 200, body: '', unreadableSuccess: true }).message).toBe(
			'The API answered HTTP 200 with an empty body where JSON was expected',
		);
	});

	test.each([302, 307])(
		'a redirect (%i) names the host it points to and says nothing was sent there',
		(status) => {
			const described = describeApiFailure({
				status,
				body: '<html>Moved</html>',
				location: 'https://login.example.net/steal?x=1',
				requestId: 'r-1',
			});
			expect(described.message).toBe(
				`The endpoint answered HTTP ${status}, a redirect to login.example.net. Azure's API does not redirect, so the redirect was not followed: no API key or request data was sent to login.example.net. Check the credential's Endpoint.`,
			);
			expect(described.description).toBe(`HTTP ${status} · apim-request-id: r-1`);
		},
	);

	test('a redirect without a usable Location still says it was not followed', () => {
		expect(describeApiFailure({ status: 301, body: '' }).message).toMatch(
			/^The endpoint answered HTTP 301, a redirect\. .*no API key or request data was sent to the other address\./,
		);
	});
});

describe('describeNetworkFailure', () => {
	const explain = (failure: Partial<Parameters<typeof describeNetworkFailure>[0]>) =>
		describeNetworkFailure(
			{ reason: '', host: 'res.openai.azure.com', network: true, ...failure },
			TIMEOUT_CODES,
		);

	test("an https endpoint answered without TLS: says so, keeps the code and OpenSSL's reason", () => {
		expect(
			explain({
				code: 'EPROTO',
				reason:
					'write EPROTO 80EC812D1F7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:',
			}),
		).toEqual({
			message:
				"The endpoint res.openai.azure.com answered without TLS (plain http where https:// was expected): check the scheme and port of the credential's Endpoint",
			description: 'Network error EPROTO (ssl3_get_record:wrong version number)',
		});
		expect(
			explain({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', reason: 'wrong version number' })?.message,
		).toMatch(/answered without TLS/);
	});

	test.each<[string, string, RegExp]>([
		[
			'ENOTFOUND',
			'getaddrinfo ENOTFOUND x',
			/^The endpoint's host res\.openai\.azure\.com was not found \(DNS\): check the resource name/,
		],
		['EAI_AGAIN', 'getaddrinfo EAI_AGAIN x', /could not be looked up \(DNS did not answer\)/],
		[
			'ECONNREFUSED',
			'connect ECONNREFUSED',
			/^Nothing accepted the connection at res\.openai\.azure\.com/,
		],
		[
			'CERT_HAS_EXPIRED',
			'certificate has expired',
			/^The TLS certificate of res\.openai\.azure\.com was not accepted \(certificate has expired\)/,
		],
		[
			'ECONNABORTED',
			'timeout of 60000ms exceeded',
			/^No answer from Azure within 60000 ms \(the request timed out\)$/,
		],
	])('%s → what it means, the code in the description', (code, reason, message) => {
		const described = explain({ code, reason, timeoutMs: 60_000 });
		expect(described?.message).toMatch(message);
		expect(described?.description).toMatch(new RegExp(`^Network error ${code}`));
	});

	test("a connection reset keeps n8n's own sentence (undefined here)", () => {
		expect(explain({ code: 'ECONNRESET', reason: 'socket hang up' })).toBeUndefined();
	});

	test('an error raised before the request left is never "No answer from Azure"', () => {
		const described = explain({
			reason: 'Maximum call stack size exceeded',
			network: false,
		});
		expect(described).toEqual({
			message: 'The request was not sent to Azure: Maximum call stack size exceeded',
			description:
				'An error in n8n before the request left; Azure received nothing from this attempt.',
		});
	});
});
