/**
 * What the grader operations (`validateGrader`, `runGrader`) and reinforcement job creation check beyond the spec,
 * and the deterministic rewards `runGrader` answers with (docs/azure-api.md#graders). Graders reach this module
 * already validated against the spec's schemas, so their shape is right.
 *
 * Checks beyond the spec, each a 400 `invalidPayload` naming the field (e.g. `grader.reference`,
 * `method.reinforcement.grader.graders.exact.input`):
 * - templates: every `{{ namespace.path }}` must be `item.<path>` or `sample.output_text` / `sample.output_json[.<path>]`
 *   (the namespaces and sample variables Azure's RFT how-to documents; spaces inside the braces are allowed);
 * - python: `source` of at most 256 KB (UTF-8 bytes), without NUL, defining a top-level `def grade(`;
 * - score_model: `range`, when sent, is two numbers, the first below the second;
 * - multi: at least one grader, and a `calculate_output` that parses and names only their keys (formula.ts).
 * `validateGrader` and job creation refuse all of these. `runGrader` refuses the python, range and empty-multi ones
 * and reports template and formula problems the way the run answer's `metadata.errors` flags describe them: reward 0
 * with `invalid_variable_error` (an unknown variable, or a field the item or sample lacks), `sample_parse_error`
 * (`sample.output_json` read when the model sample is not JSON) or `formula_parse_error`.
 *
 * Rewards (stand-ins where Azure runs a model or code):
 * - string_check: 1 or 0 — `eq` equal, `ne` not equal, `like` input contains reference, `ilike` the same ignoring case;
 * - text_similarity: similarity.ts's metrics;
 * - score_model: no model is called; a stable hash of the model name and the rendered messages, mapped onto `range`
 *   (default [0, 1]), with token counts estimated at 4 characters per token;
 * - python: no code is run; the number of the source's first `return <number literal>` line, else a stable hash of
 *   source, sample and item in [0, 1);
 * - multi: `calculate_output` evaluated over the sub-graders' rewards (reward 0 and their error flags when one of
 *   them failed; `other_error` when the result is not a finite number).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { invalidPayload } from './errors';
import { FormulaError, parseFormula } from './formula';
import { similarity, type SimilarityMetric } from './similarity';

type Json = Record<string, any>;

/** Largest python grader `source`: 256 KB of UTF-8 (Azure's RFT how-to, "Python grader" limits). */
export const PYTHON_SOURCE_MAX_BYTES = 256 * 1024;

/** Sample variables Azure documents; `output_json` may be followed by a path into the parsed sample. */
const SAMPLE_VARIABLES: ReadonlySet<string> = new Set(['output_text', 'output_json']);

/** One problem beyond the spec; `kind` decides whether `runGrader` refuses it or reports it in its flags. */
interface GraderProblem {
	param: string;
	message: string;
	kind: 'shape' | 'template' | 'formula';
}

/** The run answer's error flags (`OpenAI.RunGraderResponse.metadata.errors`), all false/null. */
const NO_ERRORS = {
	formula_parse_error: false,
	sample_parse_error: false,
	truncated_observation_error: false,
	unresponsive_reward_error: false,
	invalid_variable_error: false,
	other_error: false,
	python_grader_server_error: false,
	python_grader_server_error_type: null,
	python_grader_runtime_error: false,
	python_grader_runtime_error_details: null,
	model_grader_server_error: false,
	model_grader_refusal_error: false,
	model_grader_parse_error: false,
	model_grader_server_error_details: null,
	// Not in the spec; OpenAI's live answers carry them, so clients must tolerate them (docs/azure-api.md#graders).
	invalid_variable_error_details: null,
	sample_parse_error_details: null,
} as const;

type ErrorFlags = Partial<Record<keyof typeof NO_ERRORS, boolean | string>>;

/**
 * Refuses a grader Azure's validate operation would refuse (all the checks of the module comment).
 * @param param where the grader is in the request, e.g. `grader` or `method.reinforcement.grader`
 * @throws ApiError 400 `invalidPayload` whose `param` names the field
 */
export function checkGrader(grader: Json, param: string): void {
	const [problem] = graderProblems(grader, param);
	if (problem)
		throw invalidPayload(`Invalid '${problem.param}': ${problem.message}.`, problem.param);
}

/**
 * Runs a grader (`runGrader`): refuses what the module comment says, then answers `OpenAI.RunGraderResponse`.
 * @param modelSample fills `{{sample.output_text}}`, and `{{sample.output_json}}` when it is JSON
 * @param item fills `{{item.*}}` (undefined: every item variable is missing)
 * @throws ApiError 400 `invalidPayload` for a problem of kind `shape`
 */
export function runGrader(grader: Json, modelSample: string, item: unknown): Json {
	const problem = graderProblems(grader, 'grader').find((p) => p.kind === 'shape');
	if (problem)
		throw invalidPayload(`Invalid '${problem.param}': ${problem.message}.`, problem.param);
	const started = performance.now();
	const outcome = grade(grader, sampleOf(modelSample), item);
	const usage = outcome.usage ?? {};
	const tokens = Object.values(usage).reduce((sum, u) => sum + u.total_tokens, 0);
	return {
		reward: outcome.reward,
		metadata: {
			name: grader.name,
			type: grader.type,
			errors: { ...NO_ERRORS, ...outcome.errors },
			execution_time: (performance.now() - started) / 1000,
			scores: outcome.subRewards ?? {},
			token_usage: outcome.usage ? tokens : null,
			sampled_model_name: grader.type === 'score_model' ? grader.model : null,
		},
		sub_rewards: outcome.subRewards ?? {},
		model_grader_token_usage_per_model: usage,
	};
}

// ---- checks ------------------------------------------------------------------------------------------------------

function graderProblems(grader: Json, param: string): GraderProblem[] {
	const problems: GraderProblem[] = [];
	for (const [field, template] of templatesOf(grader, param)) {
		const message = templateProblem(template);
		if (message) problems.push({ param: field, message, kind: 'template' });
	}
	if (grader.type === 'python') {
		const message = pythonSourceProblem(grader.source);
		if (message) problems.push({ param: `${param}.source`, message, kind: 'shape' });
	} else if (grader.type === 'score_model' && grader.range !== undefined) {
		const [min, max] = grader.range as number[];
		if (grader.range.length !== 2 || !(min < max))
			problems.push({
				param: `${param}.range`,
				message: 'must be two numbers [min, max] with min below max',
				kind: 'shape',
			});
	} else if (grader.type === 'multi') {
		const keys = Object.keys(grader.graders);
		if (!keys.length)
			problems.push({
				param: `${param}.graders`,
				message: 'must contain at least one grader',
				kind: 'shape',
			});
		for (const key of keys)
			problems.push(...graderProblems(grader.graders[key], `${param}.graders.${key}`));
		try {
			parseFormula(grader.calculate_output, new Set(keys));
		} catch (error) {
			if (!(error instanceof FormulaError)) throw error;
			problems.push({
				param: `${param}.calculate_output`,
				message: error.message,
				kind: 'formula',
			});
		}
	}
	return problems;
}

/** The grader's own template strings with the param naming each (a multi grader's are its sub-graders'). */
function templatesOf(grader: Json, param: string): Array<[string, string]> {
	if (grader.type === 'string_check' || grader.type === 'text_similarity')
		return [
			[`${param}.input`, grader.input],
			[`${param}.reference`, grader.reference],
		];
	if (grader.type !== 'score_model') return [];
	return (grader.input as Json[]).map((message, i) =>
		typeof message.content === 'string'
			? [`${param}.input.${i}.content`, message.content]
			: [`${param}.input.${i}.content.text`, message.content.text],
	);
}

function pythonSourceProblem(source: string): string | undefined {
	const bytes = Buffer.byteLength(source, 'utf8');
	if (bytes > PYTHON_SOURCE_MAX_BYTES)
		return `the source is ${bytes} bytes; at most ${PYTHON_SOURCE_MAX_BYTES} bytes (256 KB) are allowed`;
	if (source.includes('\u0000')) return 'source code cannot contain null bytes';
	if (!/^def[ \t]+grade[ \t]*\(/m.test(source))
		return 'the source must define a top-level function grade(sample, item)';
	return undefined;
}

// ---- templates ---------------------------------------------------------------------------------------------------

const TEMPLATE = /\{\{(.*?)\}\}/gs;
const VARIABLE = /^([A-Za-z_]\w*)((?:\.[\w-]+|\[\d+\])*)$/;

/** A template variable: its namespace and the path below it (`item.a.b[0]` → `item`, `['a', 'b', 0]`). */
interface Variable {
	text: string;
	namespace: string;
	path: Array<string | number>;
}

function parseVariable(raw: string): Variable | undefined {
	const text = raw.trim();
	const match = VARIABLE.exec(text);
	if (!match) return undefined;
	const path = [...match[2].matchAll(/\.([\w-]+)|\[(\d+)\]/g)].map((m) =>
		m[1] !== undefined ? m[1] : Number(m[2]),
	);
	return { text, namespace: match[1], path };
}

/** Why a variable is unknown, or undefined when it is one Azure documents. */
function variableProblem(variable: Variable | undefined, raw: string): string | undefined {
	if (!variable) return `"{{${raw}}}" is not a template variable such as {{item.answer}}`;
	const { namespace, path, text } = variable;
	if (namespace === 'item')
		return path.length ? undefined : `{{${text}}} needs a field: {{item.<field>}}`;
	if (namespace !== 'sample')
		return `unknown template namespace "${namespace}" in {{${text}}}; use item or sample`;
	const [first, ...rest] = path;
	if (
		typeof first !== 'string' ||
		!SAMPLE_VARIABLES.has(first) ||
		(first === 'output_text' && rest.length)
	)
		return `unknown template variable {{${text}}}; the sample has output_text and output_json`;
	return undefined;
}

function templateProblem(template: string): string | undefined {
	for (const [, raw] of template.matchAll(TEMPLATE)) {
		const problem = variableProblem(parseVariable(raw), raw);
		if (problem) return problem;
	}
	return undefined;
}

interface Sample {
	output_text: string;
	/** Undefined when the model sample is not JSON. */
	output_json?: unknown;
}

function sampleOf(modelSample: string): Sample {
	try {
		return { output_text: modelSample, output_json: JSON.parse(modelSample) as unknown };
	} catch {
		return { output_text: modelSample };
	}
}

/** A template that could not be filled, as the run answer reports it. */
class RenderError extends Error {
	constructor(
		readonly flag: 'invalid_variable_error' | 'sample_parse_error',
		message: string,
	) {
		super(message);
	}
}

/** Fills every `{{…}}` of `template`. @throws RenderError for an unknown variable or a missing field */
function render(template: string, sample: Sample, item: unknown): string {
	return template.replace(TEMPLATE, (_whole, raw: string) => {
		const variable = parseVariable(raw);
		const problem = variableProblem(variable, raw);
		if (problem) throw new RenderError('invalid_variable_error', problem);
		const { namespace, path, text } = variable!;
		if (namespace === 'sample' && path[0] === 'output_json' && !('output_json' in sample))
			throw new RenderError(
				'sample_parse_error',
				`{{${text}}} reads the sample as JSON, but the model sample is not valid JSON`,
			);
		const value = path.reduce<unknown>(
			(node, key) =>
				node !== null && typeof node === 'object' ? (node as Json)[key as string] : undefined,
			namespace === 'item' ? item : sample,
		);
		if (value === undefined)
			throw new RenderError(
				'invalid_variable_error',
				`{{${text}}} is not defined: the ${namespace} has no such field`,
			);
		return typeof value === 'string' ? value : JSON.stringify(value);
	});
}

// ---- rewards -----------------------------------------------------------------------------------------------------

interface TokenUsage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	cached_tokens: number;
}

interface Outcome {
	reward: number;
	errors?: ErrorFlags;
	subRewards?: Record<string, number>;
	usage?: Record<string, TokenUsage>;
}

/** A number in [0, 1) that depends only on `parts`. */
function stableFraction(...parts: string[]): number {
	const digest = createHash('sha256').update(JSON.stringify(parts)).digest();
	return digest.readUInt32BE(0) / 2 ** 32;
}

const LITERAL_RETURN =
	/^[ \t]+return[ \t]+([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)[ \t]*(?:#.*)?$/m;

function grade(grader: Json, sample: Sample, item: unknown): Outcome {
	try {
		return gradeOrThrow(grader, sample, item);
	} catch (error) {
		if (!(error instanceof RenderError)) throw error;
		return { reward: 0, errors: { [error.flag]: true, [`${error.flag}_details`]: error.message } };
	}
}

function gradeOrThrow(grader: Json, sample: Sample, item: unknown): Outcome {
	const fill = (template: string) => render(template, sample, item);
	switch (grader.type) {
		case 'string_check': {
			const input = fill(grader.input);
			const reference = fill(grader.reference);
			const pass = {
				eq: input === reference,
				ne: input !== reference,
				like: input.includes(reference),
				ilike: input.toLowerCase().includes(reference.toLowerCase()),
			}[grader.operation as 'eq' | 'ne' | 'like' | 'ilike'];
			return { reward: pass ? 1 : 0 };
		}
		case 'text_similarity':
			return {
				reward: similarity(
					grader.evaluation_metric as SimilarityMetric,
					fill(grader.input),
					fill(grader.reference),
				),
			};
		case 'score_model': {
			const prompt = (grader.input as Json[]).map((message) =>
				fill(typeof message.content === 'string' ? message.content : message.content.text),
			);
			const [min, max] = (grader.range as number[] | undefined) ?? [0, 1];
			const promptTokens = Math.ceil(prompt.join('\n').length / 4);
			const usage = {
				prompt_tokens: promptTokens,
				completion_tokens: 1,
				total_tokens: promptTokens + 1,
				cached_tokens: 0,
			};
			return {
				reward: min + (max - min) * stableFraction(grader.model, ...prompt),
				usage: { [grader.model]: usage },
			};
		}
		case 'python': {
			const literal = LITERAL_RETURN.exec(grader.source);
			return {
				reward: literal
					? Number(literal[1])
					: stableFraction(grader.source, sample.output_text, JSON.stringify(item ?? null)),
			};
		}
		default:
			return gradeMulti(grader, sample, item);
	}
}

function gradeMulti(grader: Json, sample: Sample, item: unknown): Outcome {
	const subRewards: Record<string, number> = {};
	const usage: Record<string, TokenUsage> = {};
	let errors: ErrorFlags | undefined;
	for (const [key, sub] of Object.entries<Json>(grader.graders)) {
		const outcome = grade(sub, sample, item);
		subRewards[key] = outcome.reward;
		if (outcome.errors) errors = { ...errors, ...outcome.errors };
		for (const [model, u] of Object.entries(outcome.usage ?? {})) addUsage(usage, model, u);
	}
	const common = { subRewards, ...(Object.keys(usage).length ? { usage } : {}) };
	if (errors) return { reward: 0, errors, ...common };
	let reward: number;
	try {
		reward = parseFormula(grader.calculate_output, new Set(Object.keys(subRewards)))(subRewards);
	} catch (error) {
		if (!(error instanceof FormulaError)) throw error;
		return { reward: 0, errors: { formula_parse_error: true }, ...common };
	}
	if (!Number.isFinite(reward)) return { reward: 0, errors: { other_error: true }, ...common };
	return { reward, ...common };
}

function addUsage(total: Record<string, TokenUsage>, model: string, usage: TokenUsage): void {
	const sum = (total[model] ??= {
		prompt_tokens: 0,
		completion_tokens: 0,
		total_tokens: 0,
		cached_tokens: 0,
	});
	for (const key of Object.keys(usage) as Array<keyof TokenUsage>) sum[key] += usage[key];
}
