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

/** Decimal text an expression may give for a number: `3`, `-1.5`, `.5`, `2e-5` (not `0x10`, `Infinity` or `""`). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Reads a number typed in the UI or produced by an expression (`3`, `"3"`, `" 0.5 "`); booleans, `NaN`, `Infinity`
 * and text that is not a decimal number are refused, never converted.
 * @throws FieldError when it is not a finite number or breaks `rule`.
 */
export function toNumber(field: string, value: unknown, rule: NumberRule = {}): number {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && DECIMAL.test(value.trim())
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

/**
 * Reads a boolean option of a collection: `whenNotAdded` when the user did not add it (n8n gives `undefined`), else
 * strictly as {@link toBoolean} (`"yes"` or `{}` is refused, not read as false).
 * @throws FieldError naming `field` for a value that is not a boolean.
 */
export function toOptionalBoolean(field: string, value: unknown, whenNotAdded: boolean): boolean {
	return value === undefined ? whenNotAdded : toBoolean(field, value);
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
	/**
	 * The field is genuinely multi-line (a grader template, an input message, a metadata value): line breaks
	 * (`\n`, `\r`) and tabs are allowed. Other control characters are refused in every field.
	 */
	multiline?: boolean;
	/**
	 * A finite number from an expression is accepted as its decimal text (`3` → `"3"`), for free text where a number
	 * is a natural value (a metadata value). Without it, and always for `NaN`, `Infinity` and booleans, a value that
	 * is not text is refused.
	 */
	numbers?: boolean;
}

/**
 * C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F) and the Unicode line and paragraph
 * separators (U+2028, U+2029): invisible characters that change how a value is read or shown.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_CHARACTER_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CHARACTER_NAMES: Readonly<Record<string, string>> = {
	'\n': 'a line break',
	'\r': 'a carriage return',
	'\t': 'a tab',
	'\u0000': 'a NUL character',
	'\u2028': 'a line separator',
	'\u2029': 'a paragraph separator',
};

/**
 * The first control character of `text` a field refuses, described for a message, e.g.
 * `a line break (U+000A) at character 4`; undefined when there is none.
 * @param multiline line breaks and tabs are allowed (see {@link TextRule.multiline}).
 */
export function findControlCharacter(text: string, multiline = false): string | undefined {
	const match = (multiline ? CONTROL_CHARACTER_EXCEPT_LINES : CONTROL_CHARACTER).exec(text);
	if (!match) return undefined;
	const character = match[0];
	const code = `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
	const name = CHARACTER_NAMES[character];
	return `${name ? `${name} (${code})` : code} at character ${match.index + 1}`;
}

/** What a field's control-character rule allows, for messages. */
function controlRule(multiline: boolean | undefined): string {
	return multiline
		? 'must not contain control characters other than line breaks and tabs'
		: 'must be one line without tabs or other control characters';
}

/** The value's type for a message saying it is not text, e.g. `the number NaN`, `the boolean true`, `a list`. */
function describeNonText(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'number') return `the number ${String(value)}`;
	if (typeof value === 'boolean') return `the boolean ${String(value)}`;
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads a text value. Only text is accepted: a number, boolean, object or list from an expression is refused
 * naming its type (finite numbers are read as their decimal text only with {@link TextRule.numbers}); `undefined`
 * and `null` read as `''`. Control characters are refused (line breaks and tabs only in
 * {@link TextRule.multiline} fields).
 * @throws FieldError naming `field` for a value that is not text, a control character, or a broken length or
 *   pattern rule.
 */
export function toText(field: string, value: unknown, rule: TextRule = {}): string {
	return checkText(field, readText(field, value, rule), rule);
}

/** The value as text, before any rule but the type: see {@link toText}. */
function readText(field: string, value: unknown, rule: TextRule): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (rule.numbers && typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new FieldError(field, `must be text, but the value is ${describeNonText(value)}`);
}

function refuseControlCharacters(
	field: string,
	text: string,
	multiline: boolean | undefined,
): void {
	const control = findControlCharacter(text, multiline);
	if (control) throw new FieldError(field, `${controlRule(multiline)} (found ${control})`);
}

function checkText(field: string, text: string, rule: TextRule): string {
	refuseControlCharacters(field, text, rule.multiline);
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

/**
 * Reads a required text value as {@link toText} does; surrounding spaces are removed, but a control character
 * there (a trailing line break from an expression) is refused like one inside.
 * @throws FieldError as {@link toText}, and `is required but was empty` for empty or blank text.
 */
export function requireText(field: string, value: unknown, rule: TextRule = {}): string {
	const full = { minLength: 1, ...rule };
	const text = readText(field, value, full);
	refuseControlCharacters(field, text, full.multiline);
	return checkText(field, text.trim(), full);
}

/**
 * IDs that go into a URL path: letters, digits, `-`, `_`, `.` and `:`, not starting with `.` or `:`, no `..`.
 * One rule for both checks: n8n's own check of a By ID field as the user types (locators.ts) and
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
 * @throws FieldError when the text is not valid JSON, not an object, or nested deeper than {@link MAX_JSON_DEPTH}
 *   ({@link checkJsonDepth}).
 */
export function toJsonObject(field: string, value: unknown): Record<string, unknown> {
	const parsed = typeof value === 'string' ? parseJson(value) : { value };
	if ('problem' in parsed) throw new FieldError(field, `is not valid JSON (${parsed.problem})`);
	const object = parsed.value;
	if (typeof object !== 'object' || object === null || Array.isArray(object)) {
		throw new FieldError(field, 'must be a JSON object ({ ... })');
	}
	checkJsonDepth(field, object);
	return object as Record<string, unknown>;
}

/**
 * Deepest nesting of objects and lists accepted in a JSON field. Real values stay far below it (a JSON schema ten
 * levels deep is about 20); a value nested thousands deep cannot even be serialised to be sent (the stack overflows).
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Refuses a value that nests objects and lists more than {@link MAX_JSON_DEPTH} levels deep (`{}` and `[]` are level
 * 1, a scalar inside them level 1 too). Walks without recursion, so the check itself cannot overflow the stack; an
 * object that contains itself (possible from an expression) counts as too deep.
 * @throws FieldError naming `field` and the limit.
 */
export function checkJsonDepth(field: string, value: unknown): void {
	const deepestSeen = new Map<object, number>();
	const pending: Array<[unknown, number]> = [[value, 1]];
	while (pending.length) {
		const [current, depth] = pending.pop()!;
		if (typeof current !== 'object' || current === null) continue;
		if (depth > MAX_JSON_DEPTH)
			throw new FieldError(
				field,
				`is nested more than ${MAX_JSON_DEPTH} levels deep (objects and lists inside each other); at most ${MAX_JSON_DEPTH} levels can be sent`,
			);
		// A part reached again (shared, or a cycle) is walked again only when reached deeper than before.
		if ((deepestSeen.get(current) ?? 0) >= depth) continue;
		deepestSeen.set(current, depth);
		for (const child of Object.values(current)) pending.push([child, depth + 1]);
	}
}

/** What {@link toKeyValuePairs} accepts, for messages. */
const KEY_VALUE_SHAPES =
	'an object such as {"team": "search"} or a list of {"key": …, "value": …} pairs';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads key-value pairs (Create's Metadata and Metadata (JSON)) in every shape n8n can hand over:
 * - the value of a pairs field, `{ <envelope>: … }` (a fixedCollection; only when `envelope` is given), whose
 *   content may itself come from an expression in any shape below;
 * - a list of `{ key, value }` objects;
 * - an object `{ "<key>": <value> }`;
 * - JSON text of such a list or object (a JSON field, or an expression that gives text).
 * Blank values (`''`, `undefined`, `null`, `{}`, `[]`) give no pairs. Keys and values are returned as given: the
 * caller checks them as text.
 * @throws FieldError naming `field` for anything else (a number, a boolean, JSON that is not a list or object, a
 *   list item that is not a `{ key, value }` object), saying which shapes are accepted.
 */
export function toKeyValuePairs(
	field: string,
	value: unknown,
	envelope?: string,
): MetadataPairInput[] {
	if (isBlank(value)) return [];
	if (envelope && isPlainObject(value)) {
		const keys = Object.keys(value);
		if (keys.length === 1 && keys[0] === envelope) return toKeyValuePairs(field, value[envelope]);
	}
	let content = value;
	if (typeof value === 'string') {
		const parsed = parseJson(value);
		if ('problem' in parsed)
			throw new FieldError(
				field,
				`is not valid JSON (${parsed.problem}); expected ${KEY_VALUE_SHAPES}`,
			);
		content = parsed.value;
	}
	if (Array.isArray(content)) {
		return content.map((item, index) => {
			if (!isPlainObject(item) || !('key' in item))
				throw new FieldError(
					field,
					`item ${index + 1} of the list must be a {"key": …, "value": …} pair (got ${show(item)})`,
				);
			return { key: item.key, value: item.value };
		});
	}
	if (isPlainObject(content))
		return Object.entries(content).map(([key, entry]) => ({ key, value: entry }));
	throw new FieldError(field, `must be ${KEY_VALUE_SHAPES} (got ${show(content)})`);
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
	else if (typeof value === 'number')
		text = String(value); // NaN and Infinity, which JSON writes as null
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
