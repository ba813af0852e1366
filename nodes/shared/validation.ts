/**
 * Pure input checks shared by every operation: the one place where user input is turned into the API's JSON
 * types or refused. Each failure is a {@link FieldError} naming the field as the UI shows it and what is allowed,
 * raised before any request is sent.
 */

/** Bad user input; `field` is the display name of the offending field (e.g. `Suffix`). */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'FieldError';
	}
}

/** One key/value pair of a Metadata field (Create's metadata, List's filter) as n8n hands it over. */
export interface MetadataPairInput {
	key?: unknown;
	value?: unknown;
}

export interface NumberRule {
	integer?: boolean;
	/** Smallest allowed value (inclusive unless `exclusiveMin`). */
	min?: number;
	exclusiveMin?: boolean;
	/** Largest allowed value (inclusive). */
	max?: number;
}

/** Describes a rule for messages, e.g. `an integer from 1 to 50` or `a number greater than 0`. */
export function describeNumberRule(rule: NumberRule): string {
	const kind = rule.integer ? 'an integer' : 'a number';
	const { min, max } = rule;
	if (min !== undefined && max !== undefined && !rule.exclusiveMin)
		return `${kind} from ${min} to ${max}`;
	const parts = [
		min !== undefined ? `${rule.exclusiveMin ? 'greater than' : 'at least'} ${min}` : '',
		max !== undefined ? `at most ${max}` : '',
	].filter(Boolean);
	return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/**
 * Reads a number typed in the UI or produced by an expression (`3`, `"3"`, `" 0.5 "`).
 * @throws FieldError when it is not a finite number or breaks `rule`.
 */
export function toNumber(field: string, value: unknown, rule: NumberRule = {}): number {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim()
				? Number(value.trim())
				: NaN;
	const allowed = describeNumberRule(rule);
	if (!Number.isFinite(number))
		throw new FieldError(field, `must be ${allowed} (got ${show(value)})`);
	const tooSmall =
		rule.min !== undefined && (rule.exclusiveMin ? number <= rule.min : number < rule.min);
	const tooLarge = rule.max !== undefined && number > rule.max;
	if ((rule.integer && !Number.isInteger(number)) || tooSmall || tooLarge) {
		throw new FieldError(field, `must be ${allowed} (got ${show(value)})`);
	}
	return number;
}

/**
 * Reads a boolean field, also when an expression produced `"true"` / `"false"` (any case, surrounding spaces).
 * @throws FieldError for anything else.
 */
export function toBoolean(field: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	throw new FieldError(field, `must be true or false (got ${show(value)})`);
}

/** True when an optional field was left empty (n8n gives `''`, `undefined` or `null` for those). */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

export interface TextRule {
	minLength?: number;
	maxLength?: number;
	/** Allowed characters, with a human description used in the message. */
	pattern?: { regex: RegExp; description: string };
}

/**
 * Reads a text value; numbers and booleans from expressions are accepted as their text.
 * @throws FieldError for objects/arrays (e.g. an expression that yields `{...}`), or when the length or
 *   pattern rule is broken.
 */
export function toText(field: string, value: unknown, rule: TextRule = {}): string {
	if (typeof value === 'object' && value !== null) {
		throw new FieldError(
			field,
			`must be text, but the value is ${Array.isArray(value) ? 'a list' : 'an object'}`,
		);
	}
	const text = value === undefined || value === null ? '' : String(value);
	if (rule.minLength !== undefined && text.length < rule.minLength) {
		throw new FieldError(
			field,
			text.length === 0
				? 'is required but was empty'
				: `must be at least ${rule.minLength} characters (got ${text.length})`,
		);
	}
	if (rule.maxLength !== undefined && text.length > rule.maxLength) {
		throw new FieldError(
			field,
			`must be at most ${rule.maxLength} characters (got ${text.length})`,
		);
	}
	if (rule.pattern && !rule.pattern.regex.test(text)) {
		throw new FieldError(field, `may only contain ${rule.pattern.description} (got ${show(text)})`);
	}
	return text;
}

/** Reads a required text value; surrounding whitespace is removed. */
export function requireText(field: string, value: unknown, rule: TextRule = {}): string {
	return toText(field, typeof value === 'string' ? value.trim() : value, { minLength: 1, ...rule });
}

/**
 * IDs that go into a URL path: letters, digits, `-`, `_`, `.` and `:`, not starting with `.` or `:`, no `..`.
 * One rule for both checks: n8n's own check of a By ID field as the user types (descriptions/locators.ts) and
 * `checkPathId` at run time (for values from expressions).
 */
export const PATH_ID_REGEX = '^(?!.*\\.\\.)[A-Za-z0-9_-][A-Za-z0-9._:-]*$';
const PATH_ID_PATTERN = new RegExp(PATH_ID_REGEX);
const MAX_ID_LENGTH = 256;

/** The kinds of ID that go into URL paths, with the noun and an example used in messages and placeholders. */
export const PATH_ID_KINDS = {
	job: { noun: 'fine-tuning job', example: 'ftjob-abc123' },
	file: { noun: 'file', example: 'file-abc123' },
} as const;
export type PathIdKind = keyof typeof PATH_ID_KINDS;

/** What a path ID of `kind` must look like, e.g. `must be a file ID such as file-abc123 (letters, digits, - _ . : only)`. */
export function pathIdRule(kind: PathIdKind): string {
	const { noun, example } = PATH_ID_KINDS[kind];
	return `must be a ${noun} ID such as ${example} (letters, digits, - _ . : only)`;
}

/**
 * Checks an ID that goes into a URL path (PATH_ID_REGEX), so that it cannot change the path.
 * @throws FieldError naming `field`, with `pathIdRule(kind)`, otherwise.
 */
export function checkPathId(field: string, value: unknown, kind: PathIdKind): string {
	const id = requireText(field, value, { maxLength: MAX_ID_LENGTH });
	if (!PATH_ID_PATTERN.test(id))
		throw new FieldError(field, `${pathIdRule(kind)}, got ${show(id)}`);
	return id;
}

/**
 * Parses a JSON value typed into a JSON field (string) or already given as an object by an expression.
 * @throws FieldError when the text is not valid JSON, or not an object when `object` is required.
 */
export function toJsonObject(field: string, value: unknown): Record<string, unknown> {
	const parsed = typeof value === 'string' ? parseJson(value) : { value };
	if ('problem' in parsed) throw new FieldError(field, `is not valid JSON (${parsed.problem})`);
	const object = parsed.value;
	if (typeof object !== 'object' || object === null || Array.isArray(object)) {
		throw new FieldError(field, 'must be a JSON object ({ ... })');
	}
	return object as Record<string, unknown>;
}

function parseJson(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

/** Short, safe rendering of a bad value for messages (truncated, never `[object Object]`). */
export function show(value: unknown): string {
	let text: string;
	if (typeof value === 'string') text = JSON.stringify(value);
	else if (value === undefined) text = 'nothing';
	else {
		try {
			text = JSON.stringify(value) ?? String(value);
		} catch {
			text = String(value);
		}
	}
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
