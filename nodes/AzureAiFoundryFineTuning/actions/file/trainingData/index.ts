/**
 * Pure: checks a JSONL training file before it is uploaded (rules: docs/azure-api.md#files-and-training-data).
 *
 * The file is read as bytes in one pass, from one Buffer ({@link checkTrainingData}) or chunk by chunk from a stream
 * ({@link checkTrainingDataStream}), with the same report either way: `lines.ts` cuts it into lines, and each line is
 * decoded and parsed on its own, so it never builds an array of lines or a string of the whole file. The rules per
 * example live in `examples.ts` and `messages.ts` beside this file.
 */
import { EXAMPLE_CHECKS, type TrainingMethod } from './examples';
import { LineSplitter } from './lines';
import { ExampleScope, isObject, show, WarningTally } from './scope';

export type { TrainingMethod } from './examples';

/** Largest accepted file: 512 MB (docs/azure-api.md#files-and-training-data). */
export const MAX_TRAINING_FILE_BYTES = 512 * 1024 * 1024;

/** Fewest examples a training file must have (docs/azure-api.md#files-and-training-data). */
export const MIN_TRAINING_EXAMPLES = 10;

/** Characters of message text per estimated token (a common rule of thumb for English text; no tokenizer). */
export const CHARS_PER_TOKEN = 4;

const DEFAULT_MAX_ERRORS = 5;
const MAX_JSON_ERROR_LENGTH = 160;

export interface TrainingDataOptions {
	/** Fine-tuning method the file is for (`method.type` of the job). */
	method: TrainingMethod;
	/** How many errors to list in `errors` (default 5, may be 0). All are still counted in `errorCount`. */
	maxErrors?: number;
	/**
	 * Fields every example must have, as dotted paths (`answer`, `meta.id`): the `{{item.<field>}}` a reinforcement
	 * grader reads (docs/azure-api.md#graders). A line without one gets the error `no field "answer" (the grader
	 * reads {{item.answer}})`.
	 */
	itemFields?: readonly string[];
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
 * Checks a JSONL training file for `options.method` (docs/azure-api.md#files-and-training-data):
 * - bytes: more than {@link MAX_TRAINING_FILE_BYTES} is an error before anything is parsed; strict UTF-8 with an
 *   optional leading BOM; `\n` or `\r\n` line ends; lines of only spaces and tabs are skipped;
 * - every other line is one example: a JSON object following the method's rules (`examples.ts`);
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
	const check = new TrainingDataCheck(options, data.byteLength);
	if (check.needsContent) check.push(data);
	return check.finish();
}

/**
 * {@link checkTrainingData} over a file read chunk by chunk (e.g. n8n's binary data stream): the same report for the
 * same bytes, however they are cut into chunks. Memory stays at one chunk plus the longest line.
 *
 * @param chunks the file's bytes in order; read to the end unless `declaredBytes` is already too large
 * @param declaredBytes the file size when known beforehand (n8n's binary metadata): above
 *   {@link MAX_TRAINING_FILE_BYTES} the size error is reported without reading anything
 * @returns the report; `bytes` is what was read (or `declaredBytes` when nothing was)
 * @throws RangeError as {@link checkTrainingData}; whatever reading `chunks` throws
 */
export async function checkTrainingDataStream(
	chunks: AsyncIterable<Uint8Array>,
	options: TrainingDataOptions,
	declaredBytes?: number,
): Promise<TrainingDataReport> {
	const check = new TrainingDataCheck(options, declaredBytes);
	if (check.needsContent) for await (const chunk of chunks) check.push(chunk);
	return check.finish();
}

/**
 * One check in progress: the file's chunks go in through {@link push}, the report comes out of {@link finish}. Once
 * the bytes exceed {@link MAX_TRAINING_FILE_BYTES} nothing more is parsed (bytes are still counted for the message)
 * and the report holds only the size error, as when the size was known from the start.
 */
class TrainingDataCheck {
	private readonly report: ReportBuilder;
	private readonly lines: LineSplitter;
	private readonly checkExample: (typeof EXAMPLE_CHECKS)[TrainingMethod];
	private readonly scope: ExampleScope;
	private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	/** False when the known size already decides the report (too large): the content need not be read. */
	readonly needsContent: boolean;
	private oversized: boolean;
	private bytes = 0;
	private readonly itemFields: readonly string[] | undefined;

	/** @param knownBytes the file size when known before reading (a Buffer's length, binary metadata) */
	constructor(
		options: TrainingDataOptions,
		private readonly knownBytes?: number,
	) {
		const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
		if (!Number.isInteger(maxErrors) || maxErrors < 0)
			throw new RangeError(`maxErrors must be a non-negative integer, got ${maxErrors}`);
		this.report = new ReportBuilder(maxErrors);
		this.checkExample = EXAMPLE_CHECKS[options.method];
		this.itemFields = options.itemFields;
		this.scope = new ExampleScope(this.report.warnings);
		this.lines = new LineSplitter((line, bytes) => this.checkLine(line, bytes));
		this.oversized = (knownBytes ?? 0) > MAX_TRAINING_FILE_BYTES;
		this.needsContent = !this.oversized;
	}

	/** The next chunk of the file; past the size limit it is only counted. */
	push(chunk: Uint8Array): void {
		this.bytes += chunk.byteLength;
		if (this.bytes > MAX_TRAINING_FILE_BYTES) this.oversized = true;
		if (!this.oversized) this.lines.push(chunk);
	}

	/** The report, once every chunk was pushed. */
	finish(): TrainingDataReport {
		const bytes = this.needsContent ? this.bytes : (this.knownBytes ?? 0);
		if (this.oversized) {
			const sizeOnly = new ReportBuilder(this.report.maxErrors);
			const mb = (bytes / (1024 * 1024)).toFixed(1);
			sizeOnly.error(
				0,
				`the file is ${mb} MB; the maximum is ${MAX_TRAINING_FILE_BYTES / (1024 * 1024)} MB`,
			);
			return sizeOnly.finish(bytes);
		}
		this.lines.end();
		const report = this.report;
		if (report.examples < MIN_TRAINING_EXAMPLES) {
			report.error(
				0,
				`at least ${MIN_TRAINING_EXAMPLES} examples are needed, ${report.examples} found`,
			);
		}
		return report.finish(bytes);
	}

	/** One line: blank lines are skipped; any other is an example, checked for the method. */
	private checkLine(line: number, bytes: Buffer): void {
		const report = this.report;
		let text: string;
		try {
			text = this.decoder.decode(bytes);
		} catch {
			report.examples++; // bytes that are not UTF-8 are not blank either
			report.error(line, 'not valid UTF-8 (save the file as UTF-8)');
			return;
		}
		if (isBlank(text)) return;
		report.examples++;
		let example: unknown;
		try {
			example = JSON.parse(text);
		} catch (error) {
			report.error(line, `not valid JSON (${jsonErrorText(error)})`);
			return;
		}
		if (!isObject(example)) {
			report.error(line, `expected a JSON object, found ${show(example)}`);
			return;
		}
		const scope = this.scope;
		scope.begin(line);
		const problem = this.checkExample(example, scope) ?? missingItemField(example, this.itemFields);
		if (problem) report.error(line, problem);
		else report.addTokens(Math.ceil(scope.chars / CHARS_PER_TOKEN));
	}
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

	constructor(readonly maxErrors: number) {}

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

	/** @param bytes the size of the file, for the report */
	finish(bytes: number): TrainingDataReport {
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
			bytes,
		};
	}
}

/** The first of `paths` the example lacks, as an error; undefined when it has them all. */
function missingItemField(
	example: Record<string, unknown>,
	paths: readonly string[] | undefined,
): string | undefined {
	const missing = paths?.find((path) => {
		let value: unknown = example;
		for (const key of path.split('.')) {
			if (!isObject(value) || !Object.prototype.hasOwnProperty.call(value, key)) return true;
			value = value[key];
		}
		return false;
	});
	return missing === undefined
		? undefined
		: `no field "${missing}" (the grader reads {{item.${missing}}})`;
}

/** Only JSON whitespace (space, tab, a stray CR): such lines are skipped. Ordinary lines return at the first character. */
function isBlank(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code !== 0x20 && code !== 0x09 && code !== 0x0d) return false;
	}
	return true;
}

function jsonErrorText(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.length > MAX_JSON_ERROR_LENGTH ? `${text.slice(0, MAX_JSON_ERROR_LENGTH)}…` : text;
}
