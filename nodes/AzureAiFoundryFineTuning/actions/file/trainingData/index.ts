/**
 * Pure: checks a JSONL training file before it is uploaded (spec §6 "Training data", Appendix A7 "Training-data rules").
 *
 * The file is read as bytes in one pass: it looks for newline bytes and decodes and parses one line at a time, so it
 * never builds an array of lines or a string of the whole file. The rules per example live in `./trainingData/`.
 */
import { EXAMPLE_CHECKS, type TrainingMethod } from './examples';
import { ExampleScope, isObject, show, WarningTally } from './scope';

export type { TrainingMethod } from './examples';

/** Largest accepted file: 512 MB (spec §6, A7 "Encoding / size"). */
export const MAX_TRAINING_FILE_BYTES = 512 * 1024 * 1024;

/** Fewest examples a training file must have (spec §6, A7 "Minimum"). */
export const MIN_TRAINING_EXAMPLES = 10;

/** Characters of message text per estimated token (a common rule of thumb for English text; no tokenizer). */
export const CHARS_PER_TOKEN = 4;

const DEFAULT_MAX_ERRORS = 5;
const MAX_JSON_ERROR_LENGTH = 160;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface TrainingDataOptions {
	/** Fine-tuning method the file is for (`method.type` of the job). */
	method: TrainingMethod;
	/** How many errors to list in `errors` (default 5, may be 0). All are still counted in `errorCount`. */
	maxErrors?: number;
}

export interface TrainingDataError {
	/** 1-based line number; 0 for a problem of the whole file (size, too few examples). */
	line: number;
	message: string;
}

/** Token estimate per example, over the examples that passed the checks (all 0 when none did). */
export interface TokenStats {
	total: number;
	min: number;
	max: number;
	/** Rounded to a whole token. */
	mean: number;
}

export interface TrainingDataReport {
	/** True when no error was found; warnings do not affect it. */
	valid: boolean;
	/** Number of non-blank lines, i.e. examples, whether or not they passed. */
	examples: number;
	/** The first `maxErrors` errors, in file order. */
	errors: TrainingDataError[];
	/** Number of errors in total (at most one per line, plus file-level ones). */
	errorCount: number;
	/** Findings that do not make the file invalid, one sentence each, e.g. `line 4: … (12 examples in total)`. */
	warnings: string[];
	estimatedTokens: TokenStats;
	/** One sentence saying how `estimatedTokens` was estimated. */
	tokenEstimate: string;
	/** Size of the input in bytes. */
	bytes: number;
}

const TOKEN_ESTIMATE =
	`Estimated at ~${CHARS_PER_TOKEN} characters per token of message text (content, text parts, tool-call names and ` +
	'arguments): a rule of thumb, not a tokenizer; real counts vary with language and content, images and message overhead are not counted.';

/**
 * Checks a JSONL training file for `options.method` (spec §6 and Appendix A7):
 * - bytes: more than {@link MAX_TRAINING_FILE_BYTES} is an error before anything is parsed; strict UTF-8 with an
 *   optional leading BOM; `\n` or `\r\n` line ends; lines of only spaces and tabs are skipped;
 * - every other line is one example: a JSON object following the method's rules (`./trainingData/examples.ts`);
 *   a line gets at most one error, the first problem found;
 * - at least {@link MIN_TRAINING_EXAMPLES} examples (non-blank lines).
 *
 * @param data the file's bytes (not copied; only read)
 * @returns the report; a file with problems is reported, never thrown
 * @throws RangeError when `options.maxErrors` is not a non-negative integer
 */
export function checkTrainingData(
	data: Buffer | Uint8Array,
	options: TrainingDataOptions,
): TrainingDataReport {
	const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
	if (!Number.isInteger(maxErrors) || maxErrors < 0)
		throw new RangeError(`maxErrors must be a non-negative integer, got ${maxErrors}`);
	const report = new ReportBuilder(data.byteLength, maxErrors);
	if (data.byteLength > MAX_TRAINING_FILE_BYTES) {
		const mb = (data.byteLength / (1024 * 1024)).toFixed(1);
		report.error(
			0,
			`the file is ${mb} MB; the maximum is ${MAX_TRAINING_FILE_BYTES / (1024 * 1024)} MB`,
		);
		return report.finish();
	}
	const checkExample = EXAMPLE_CHECKS[options.method];
	const scope = new ExampleScope(report.warnings);
	const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	const length = data.byteLength;
	let start = hasBom(data) ? 3 : 0;
	let line = 0;
	while (start < length) {
		let end = data.indexOf(NEWLINE, start);
		if (end === -1) end = length;
		line++;
		const bytes = data.subarray(
			start,
			end > start && data[end - 1] === CARRIAGE_RETURN ? end - 1 : end,
		);
		start = end + 1;
		let text: string;
		try {
			text = decoder.decode(bytes);
		} catch {
			report.examples++; // bytes that are not UTF-8 are not blank either
			report.error(line, 'not valid UTF-8 (save the file as UTF-8)');
			continue;
		}
		if (isBlank(text)) continue;
		report.examples++;
		let example: unknown;
		try {
			example = JSON.parse(text);
		} catch (error) {
			report.error(line, `not valid JSON (${jsonErrorText(error)})`);
			continue;
		}
		if (!isObject(example)) {
			report.error(line, `expected a JSON object, found ${show(example)}`);
			continue;
		}
		scope.begin(line);
		const problem = checkExample(example, scope);
		if (problem) report.error(line, problem);
		else report.addTokens(Math.ceil(scope.chars / CHARS_PER_TOKEN));
	}
	if (report.examples < MIN_TRAINING_EXAMPLES) {
		report.error(
			0,
			`at least ${MIN_TRAINING_EXAMPLES} examples are needed, ${report.examples} found`,
		);
	}
	return report.finish();
}

/**
 * Turns a report with errors into one message for the user, e.g.
 * `Training data has 7 problems (first 5 listed): line 7: not valid JSON (…); line 9: …`.
 * File-level errors (line 0) are listed without a line number.
 *
 * @returns the message, or `''` when the report has no errors
 */
export function formatTrainingDataErrors(report: TrainingDataReport): string {
	const { errorCount, errors } = report;
	if (errorCount === 0) return '';
	const head = `Training data has ${errorCount} problem${errorCount === 1 ? '' : 's'}`;
	const shown = errors.length < errorCount ? ` (first ${errors.length} listed)` : '';
	const list = errors
		.map(({ line, message }) => (line > 0 ? `line ${line}: ${message}` : message))
		.join('; ');
	return list ? `${head}${shown}: ${list}` : `${head}.`;
}

/** Collects errors (listing the first `maxErrors`), warnings and token statistics while the file is read. */
class ReportBuilder {
	examples = 0;
	readonly warnings = new WarningTally();
	private readonly errors: TrainingDataError[] = [];
	private errorCount = 0;
	private tokens: TokenStats = { total: 0, min: Infinity, max: 0, mean: 0 };
	private checked = 0;

	constructor(
		private readonly bytes: number,
		private readonly maxErrors: number,
	) {}

	error(line: number, message: string): void {
		if (this.errorCount++ < this.maxErrors) this.errors.push({ line, message });
	}

	addTokens(count: number): void {
		const tokens = this.tokens;
		tokens.total += count;
		if (count < tokens.min) tokens.min = count;
		if (count > tokens.max) tokens.max = count;
		this.checked++;
	}

	finish(): TrainingDataReport {
		const { total, min, max } = this.tokens;
		const checked = this.checked;
		return {
			valid: this.errorCount === 0,
			examples: this.examples,
			errors: this.errors,
			errorCount: this.errorCount,
			warnings: this.warnings.list(),
			estimatedTokens: checked
				? { total, min, max, mean: Math.round(total / checked) }
				: { total: 0, min: 0, max: 0, mean: 0 },
			tokenEstimate: TOKEN_ESTIMATE,
			bytes: this.bytes,
		};
	}
}

function hasBom(data: Uint8Array): boolean {
	return data.byteLength >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
}

/** Only JSON whitespace (space, tab, a stray CR): such lines are skipped. Ordinary lines return at the first character. */
function isBlank(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code !== 0x20 && code !== 0x09 && code !== CARRIAGE_RETURN) return false;
	}
	return true;
}

function jsonErrorText(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.length > MAX_JSON_ERROR_LENGTH ? `${text.slice(0, MAX_JSON_ERROR_LENGTH)}…` : text;
}
