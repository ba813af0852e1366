/**
 * Pure: turns an unsuccessful HTTP answer ({@link describeApiFailure}), or a request that got none
 * ({@link describeNetworkFailure}), into the message and description a user sees.
 *
 * Azure answers errors as `{"error": {"code", "message", "param", "type", "inner_error"}}` (component
 * `AzureErrorResponse`, the `default` response of every operation; docs/azure-api.md#errors-and-retries); every field
 * is optional. Azure Resource Manager answers `{"error": {"code", "message", "target", "details": [{code, message}]}}`
 * (definition `ErrorResponse` of test/fixtures/deployments.arm.json), read the same way (`target` as the param, the
 * details in the description); the data plane refuses an Entra token with `{"statusCode": 401, "message"}`
 * (docs/azure-api.md#microsoft-entra-id-and-resource-manager). Proxies in front of Azure can answer with an HTML page
 * or a cut-off body instead, which must still read well.
 */

/** What came back, as far as the transport could read it. */
export interface ApiFailure {
	/** HTTP status code. */
	status: number;
	/** Response body as text (may be JSON, HTML, truncated or empty). */
	body: string;
	/** Azure's `apim-request-id` response header, when present. */
	requestId?: string;
	/** True when the status was 2xx but the body could not be read as JSON (cut off, or empty). */
	unreadableSuccess?: boolean;
	/** For a redirect (3xx): its `Location` as an absolute URL, when it had one. */
	location?: string;
}

/** The API's own error fields, each only when the API sent it. */
export interface AzureErrorFields {
	code?: string;
	message?: string;
	param?: string;
	type?: string;
	/** ARM's `details` (`code: message`, joined with `; `), when it sent any. */
	details?: string;
}

export interface DescribedFailure {
	/** The API's own message verbatim when it sent one, else a short readable sentence. */
	message: string;
	/** `Code: … · Param: … · HTTP 400 · apim-request-id: …` (parts only when known). */
	description: string;
	/** The parsed `error` object, when the body had one. */
	apiError?: AzureErrorFields;
}

const MAX_EXCERPT = 200;

/**
 * Longest API message shown, in characters; a longer one is cut there and says so. Azure's messages are a sentence or
 * two: anything far longer (a proxy echoing a request, a stack trace) would bury the error and fill the saved
 * execution.
 */
export const MAX_MESSAGE_LENGTH = 1000;

/** Longest code, param or type kept, in characters (they are identifiers; longer ones are cut like messages). */
const MAX_FIELD_LENGTH = 200;

/**
 * The message and description of an HTTP answer outside 2xx (or a 2xx whose body is unusable).
 *
 * - With an Azure error body: the API's message (cut at {@link MAX_MESSAGE_LENGTH}, saying so), with code, param,
 *   status and apim-request-id in the description.
 * - A redirect (3xx): names the host it points to and says it was not followed, so neither the api-key nor the body
 *   went there (no operation of test/fixtures/azure-fine-tuning.openapi.yaml answers 3xx).
 * - Otherwise a short sentence: an HTML page's title, an excerpt of other text, or that the body was empty or cut off.
 */
export function describeApiFailure(failure: ApiFailure): DescribedFailure {
	const apiError = readAzureError(failure.body);
	const details = [
		// Azure's gateway puts the HTTP status in code (401): said once, as HTTP 401.
		apiError?.code && apiError.code !== String(failure.status) ? `Code: ${apiError.code}` : '',
		apiError?.param ? `Param: ${apiError.param}` : '',
		apiError?.details ? `Details: ${apiError.details}` : '',
		`HTTP ${failure.status}`,
		failure.requestId ? `apim-request-id: ${failure.requestId}` : '',
	].filter(Boolean);
	const message =
		failure.status >= 300 && failure.status < 400
			? redirectMessage(failure)
			: (apiError?.message ?? fallbackMessage(failure, apiError));
	return { message, description: details.join(' · '), ...(apiError ? { apiError } : {}) };
}

function readAzureError(body: string): AzureErrorFields | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}
	const error = (parsed as { error?: unknown } | null)?.error;
	const bare = parsed as { statusCode?: unknown; message?: unknown } | null;
	if ((!error || typeof error !== 'object') && typeof bare?.statusCode === 'number') {
		const fields = readFields({ message: bare.message });
		return fields.message ? fields : undefined;
	}
	if (!error || typeof error !== 'object') return undefined;
	const { target, details, ...rest } = error as Record<string, unknown>;
	const fields = readFields({ ...(rest.param === undefined ? { param: target } : {}), ...rest });
	const listed = (Array.isArray(details) ? details : [])
		.slice(0, 3)
		.map((detail) => readFields(detail as Record<string, unknown>))
		.map((detail) => [detail?.code, detail?.message].filter(Boolean).join(': '))
		.filter(Boolean);
	if (listed.length) fields.details = shorten(listed.join('; '), MAX_MESSAGE_LENGTH);
	return Object.keys(fields).length ? fields : undefined;
}

/** The code, message, param and type of an error object, as far as they are text (or numbers). */
function readFields(error: Record<string, unknown> | null | undefined): AzureErrorFields {
	const fields: AzureErrorFields = {};
	for (const key of ['code', 'message', 'param', 'type'] as const) {
		const value = error?.[key];
		const text = typeof value === 'number' ? String(value) : value;
		if (typeof text === 'string' && text)
			fields[key] = shorten(text, key === 'message' ? MAX_MESSAGE_LENGTH : MAX_FIELD_LENGTH);
	}
	return fields;
}

/** `text`, or its first `max` characters and how long it was. */
function shorten(text: string, max: number): string {
	return text.length > max
		? `${text.slice(0, max)}… (shortened: ${text.length} characters in all)`
		: text;
}

function redirectMessage(failure: ApiFailure): string {
	const host = failure.location ? hostOf(failure.location) : undefined;
	const where = host ? `a redirect to ${host}` : 'a redirect';
	return `The endpoint answered HTTP ${failure.status}, ${where}. Azure's API does not redirect, so the redirect was not followed: no API key or request data was sent to ${host ?? 'the other address'}. Check the credential's Endpoint.`;
}

function hostOf(url: string): string | undefined {
	try {
		return new URL(url).host || undefined;
	} catch {
		return undefined;
	}
}

function fallbackMessage(failure: ApiFailure, apiError: AzureErrorFields | undefined): string {
	if (apiError?.code)
		return `The API answered HTTP ${failure.status} with error code ${apiError.code}`;
	const text = failure.body.trim();
	if (failure.unreadableSuccess && !text)
		return `The API answered HTTP ${failure.status} with an empty body where JSON was expected`;
	if (failure.unreadableSuccess) {
		return `The API answered HTTP ${failure.status} but its body is not valid JSON (it may have been cut off): ${excerpt(text)}`;
	}
	if (!text) return `The API answered HTTP ${failure.status} with an empty body`;
	if (/^<(!doctype|html|\?xml|head|body)/i.test(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		return `The API answered HTTP ${failure.status} with an HTML page instead of JSON${title ? `: "${title}"` : ''}`;
	}
	return `The API answered HTTP ${failure.status}: ${excerpt(text)}`;
}

function excerpt(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ');
	return oneLine.length > MAX_EXCERPT ? `${oneLine.slice(0, MAX_EXCERPT)}…` : oneLine;
}

/** A request that got no HTTP answer, as the transport saw it. */
export interface NetworkFailure {
	/** Node's or axios' error code (`ENOTFOUND`, `ECONNREFUSED`, `EPROTO`, `ECONNABORTED`, ...), when there is one. */
	code?: string;
	/** The underlying error's own message. */
	reason: string;
	/** Host (and port) of the endpoint, e.g. `res.openai.azure.com`. */
	host: string;
	/** The per-attempt timeout in milliseconds. */
	timeoutMs?: number;
	/** True when the request may have reached the network: false for an error raised before anything was sent. */
	network: boolean;
}

/** Codes of a certificate that Node refused (TLS handshake). */
const CERTIFICATE_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Network codes whose cause is known, and what to check. */
const NETWORK_EXPLANATIONS: Record<string, (failure: NetworkFailure) => string> = {
	ENOTFOUND: ({ host }) =>
		`The endpoint's host ${host} was not found (DNS): check the resource name in the credential's Endpoint`,
	EAI_AGAIN: ({ host }) =>
		`The endpoint's host ${host} could not be looked up (DNS did not answer): check the network or DNS of the n8n host`,
	ECONNREFUSED: ({ host }) =>
		`Nothing accepted the connection at ${host}: check the host and port in the credential's Endpoint`,
};

/** OpenSSL's text when the other side answered without TLS, e.g. `ssl3_get_record:wrong version number`. */
const PLAIN_HTTP_ON_TLS = /wrong version number|packet length too long/i;

/** The `function:reason` pair of an OpenSSL error line (`…:SSL routines:ssl3_get_record:wrong version number:…`). */
const OPENSSL_REASON = /([a-z0-9_]+:[a-z]+(?: [a-z]+)+)(?::|$)/;

/**
 * The message and description of a request that got no HTTP answer. The message says what it means and what to
 * check; the description keeps the code (and OpenSSL's own text for a TLS failure) for searching.
 *
 * - timeout (`ECONNABORTED`, `ETIMEDOUT`, …): no answer within the timeout;
 * - DNS (`ENOTFOUND`), refused connection: the host or port of the Endpoint;
 * - an https Endpoint answered by a plain-http server (OpenSSL's "wrong version number"): the scheme or port;
 * - a refused certificate: the Endpoint, or a TLS-inspecting proxy's certificate authority;
 * - an error raised before anything was sent (`network` false, e.g. a body that cannot be serialised): says the
 *   request was not sent, never "No answer from Azure";
 * - otherwise `undefined`, and the caller keeps n8n's sentence for the code (connection reset: "The connection to
 *   the server was closed unexpectedly …").
 */
export function describeNetworkFailure(
	failure: NetworkFailure,
	timeoutCodes: ReadonlySet<string>,
): { message: string; description: string } | undefined {
	const { code, reason } = failure;
	const withCode = code ? `Network error ${code}` : '';
	if (!failure.network)
		return {
			message: `The request was not sent to Azure: ${shorten(reason, MAX_EXCERPT)}`,
			description:
				'An error in n8n before the request left; Azure received nothing from this attempt.',
		};
	if (code && timeoutCodes.has(code))
		return {
			message: `No answer from Azure within ${failure.timeoutMs ?? '?'} ms (the request timed out)`,
			description: withCode,
		};
	if (code && NETWORK_EXPLANATIONS[code])
		return { message: NETWORK_EXPLANATIONS[code](failure), description: withCode };
	if (PLAIN_HTTP_ON_TLS.test(reason) && (code === 'EPROTO' || code?.startsWith('ERR_SSL_')))
		return {
			message: `The endpoint ${failure.host} answered without TLS (plain http where https:// was expected): check the scheme and port of the credential's Endpoint`,
			description: `${withCode} (${OPENSSL_REASON.exec(reason)?.[1] ?? shorten(reason, MAX_EXCERPT)})`,
		};
	if (code && CERTIFICATE_CODES.has(code))
		return {
			message: `The TLS certificate of ${failure.host} was not accepted (${shorten(reason, MAX_EXCERPT)}): check the credential's Endpoint; behind a proxy that inspects TLS, n8n needs that proxy's certificate authority (NODE_EXTRA_CA_CERTS)`,
			description: withCode,
		};
	return undefined;
}
