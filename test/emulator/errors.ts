/**
 * Error answers in Azure's shape `{"error": {"code", "message", "param", "type"}}` and the errors the emulator
 * throws internally to produce them.
 */
import type { ValidationError as ErrorObject } from './validator';

/** Body of an error answer. */
export interface AzureErrorBody {
	error: {
		code: string;
		message: string;
		param?: string | null;
		type?: string;
		inner_error?: unknown;
	};
}

/**
 * Thrown by handlers and the store; the server answers `status` with `body` and `headers`. The body is Azure's
 * `{error: {...}}` on the data plane and ARM; Entra and the data plane's bearer refusal use their own shapes.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: AzureErrorBody | Record<string, unknown>,
		readonly headers: Record<string, string> = {},
	) {
		super(messageOf(body));
		this.name = 'ApiError';
	}

	/** What `RecordedRequest.error` keeps: the `error` object of `{error: {...}}` bodies, else the whole body. */
	get recorded(): unknown {
		const { error } = this.body as { error?: unknown };
		return error && typeof error === 'object' ? error : this.body;
	}
}

function messageOf(body: object): string {
	const { error, message, error_description } = body as Record<string, any>;
	return String(error?.message ?? error_description ?? message ?? 'error');
}

/** `type` of 400 answers (what OpenAI-compatible APIs send; the spec's enum says `error`, see README). */
const INVALID_REQUEST = 'invalid_request_error';

/** 400 `invalidPayload` (Azure's fine-tuning code for a request it refuses) naming the offending `param`. */
export function invalidPayload(message: string, param: string | null): ApiError {
	return new ApiError(400, {
		error: { code: 'invalidPayload', message, param, type: INVALID_REQUEST },
	});
}

/** 400 with a specific `code` (job state rules, api-version), `param` null unless given. */
export function badRequest(code: string, message: string, param: string | null = null): ApiError {
	return new ApiError(400, { error: { code, message, param, type: INVALID_REQUEST } });
}

/** 404 `notFound` for an unknown job or file id. */
export function notFound(message: string): ApiError {
	return new ApiError(404, { error: { code: 'notFound', message } });
}

/** 404 for a path the API does not have (Azure's gateway answer). */
export const UNKNOWN_PATH = new ApiError(404, {
	error: { code: '404', message: 'Resource not found' },
});

/** 401 for a missing or wrong `api-key` (Azure's gateway answer, verbatim). */
export const UNAUTHORIZED = new ApiError(401, {
	error: {
		code: '401',
		message:
			'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
	},
});

/**
 * 401 for a refused bearer token on the data plane: missing, unknown, expired, or for another audience or tenant.
 * Azure answers all of these with this one text, in a body of its own shape (`statusCode`, `message`; no `error`).
 */
export const BEARER_UNAUTHORIZED = new ApiError(401, {
	statusCode: 401,
	message:
		'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
});

/**
 * Turns Ajv errors from `validateRequest` into one 400 `invalidPayload` whose `param` is the dotted field path
 * (`method.type`, `limit`, `integrations.0.wandb.project`). A union (`anyOf`/`oneOf`) names its own field, so it
 * wins over its branches' noise; alternatives reported at the same place are joined with "or".
 */
export function fromValidationErrors(errors: ErrorObject[]): ApiError {
	const chosen = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') ?? errors[0];
	const segments = chosen.instancePath.split('/').slice(2); // drop '' and 'requestBody' | 'query' | 'path'
	const missing = (chosen.params as { missingProperty?: string }).missingProperty;
	if (missing === 'requestBody')
		return invalidPayload('The request body is required and must be a JSON object.', null);
	if (missing) segments.push(missing);
	const param = segments.join('.') || null;
	const reasons = errors.filter(
		(e) => e.instancePath === chosen.instancePath && !['anyOf', 'oneOf'].includes(e.keyword),
	);
	const described =
		(chosen.keyword === 'anyOf' || chosen.keyword === 'oneOf') && reasons.length
			? reasons
			: [chosen];
	const text = [...new Set(described.map(describe))].join(' or ');
	return invalidPayload(`Invalid '${param ?? 'body'}': ${text}.`, param);
}

/** An Ajv error as a phrase: its message, plus the allowed values of an enum. */
export function describe(error: Pick<ErrorObject, 'message' | 'params'>): string {
	const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
	return allowed ? `${error.message} (${allowed.join(', ')})` : (error.message ?? 'is invalid');
}
