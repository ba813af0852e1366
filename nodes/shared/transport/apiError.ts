/**
 * Pure: turns an unsuccessful HTTP answer into the message and description a user sees.
 *
 * Azure answers errors as `{"error": {"code", "message", "param", "type", "inner_error"}}` (spec component
 * `AzureErrorResponse`, the `default` response of every operation); every field is optional. Proxies in front of
 * Azure can answer with an HTML page or a cut-off body instead, which must still read well.
 */

/** What came back, as far as the transport could read it. */
export interface ApiFailure {
	/** HTTP status code. */
	status: number;
	/** Response body as text (may be JSON, HTML, truncated or empty). */
	body: string;
	/** Azure's `apim-request-id` response header, when present. */
	requestId?: string;
	/** True when the status was 2xx but the body could not be read as JSON. */
	unreadableSuccess?: boolean;
}

/** The API's own error fields, each only when the API sent it. */
export interface AzureErrorFields {
	code?: string;
	message?: string;
	param?: string;
	type?: string;
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

export function describeApiFailure(failure: ApiFailure): DescribedFailure {
	const apiError = readAzureError(failure.body);
	const details = [
		// Azure's gateway puts the HTTP status in code (401): said once, as HTTP 401.
		apiError?.code && apiError.code !== String(failure.status) ? `Code: ${apiError.code}` : '',
		apiError?.param ? `Param: ${apiError.param}` : '',
		`HTTP ${failure.status}`,
		failure.requestId ? `apim-request-id: ${failure.requestId}` : '',
	].filter(Boolean);
	const message = apiError?.message ?? fallbackMessage(failure, apiError);
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
	if (!error || typeof error !== 'object') return undefined;
	const fields: AzureErrorFields = {};
	for (const key of ['code', 'message', 'param', 'type'] as const) {
		const value = (error as Record<string, unknown>)[key];
		if (typeof value === 'string' && value) fields[key] = value;
		else if (typeof value === 'number') fields[key] = String(value);
	}
	return Object.keys(fields).length ? fields : undefined;
}

function fallbackMessage(failure: ApiFailure, apiError: AzureErrorFields | undefined): string {
	if (apiError?.code)
		return `The API answered HTTP ${failure.status} with error code ${apiError.code}`;
	const text = failure.body.trim();
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
