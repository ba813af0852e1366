/**
 * Shared plumbing of the training-data rules: the per-example scope (text size for the token estimate, warnings)
 * and small value helpers. Rules live in `messages.ts` and `examples.ts`.
 */

/** A rule's verdict: a sentence describing the first problem found, or `undefined` when the value is fine. */
export type Problem = string | undefined;

export type JsonObject = Record<string, unknown>;

/** Things worth telling the user that do not make a file invalid. */
const WARNING_TEXT = {
	legacyFunctionRole: 'role "function" is deprecated; use "tool" messages with "tool_call_id"',
	legacyFunctionCall: '"function_call" is deprecated; use "tool_calls"',
	legacyFunctions: 'top-level "functions" is deprecated; use "tools"',
	// The supervised format ends each example with an assistant message (docs/azure-api.md#files-and-training-data).
	lastNotAssistant:
		'the last message should be from the assistant; messages after the last assistant message are not trained on',
	noGraderField:
		'no field besides "messages"; a grader usually needs a reference answer such as "reference_answer" (used as {{item.reference_answer}})',
} as const;

export type WarningKind = keyof typeof WARNING_TEXT;

/** Counts each warning kind once per line and remembers the first line it occurred on. */
export class WarningTally {
	private readonly seen = new Map<WarningKind, { first: number; last: number; count: number }>();

	add(kind: WarningKind, line: number): void {
		const entry = this.seen.get(kind);
		if (!entry) this.seen.set(kind, { first: line, last: line, count: 1 });
		else if (entry.last !== line) {
			entry.last = line;
			entry.count++;
		}
	}

	/** One sentence per kind, in order of first occurrence, e.g. `line 4: … (12 examples in total)`. */
	list(): string[] {
		return [...this.seen].map(([kind, { first, count }]) => {
			const total = count > 1 ? ` (${count} examples in total)` : '';
			return `line ${first}: ${WARNING_TEXT[kind]}${total}`;
		});
	}
}

/** What the rules for one example write into, besides their verdict. */
export class ExampleScope {
	/** Characters of message text seen so far in this example (basis of the token estimate). */
	chars = 0;
	/** 1-based line of the example being checked. */
	line = 0;
	/** Image parts seen so far in this example (vision.ts). */
	images = 0;
	/** Examples of the file so far with at least one image part (vision.ts); not reset by {@link begin}. */
	examplesWithImages = 0;

	constructor(private readonly tally: WarningTally) {}

	/** Prepares the scope for the example on `line`. */
	begin(line: number): void {
		this.line = line;
		this.chars = 0;
		this.images = 0;
	}

	warn(kind: WarningKind): void {
		this.tally.add(kind, this.line);
	}
}

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_SHOWN = 40;

/** A short rendering of a JSON value for error messages: `an array`, `null`, `2`, `"sytem"`. */
export function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	if (value !== null && typeof value === 'object') return 'an object';
	const text = JSON.stringify(value);
	return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}
