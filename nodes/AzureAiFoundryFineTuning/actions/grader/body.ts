/**
 * Pure: one reinforcement grader's fields (fields.ts) → the grader object of the API, checked before anything is
 * sent. Create Job's body (requestBody.ts) uses it for `method.reinforcement.grader`; a Grader resource can send the
 * same object to `validateGrader`/`runGrader` (docs/azure-api.md#graders).
 */
import { INT32_MAX } from '../job/create/hyperparameters';
import {
	EVAL_CONTENT_TYPES,
	EVAL_ITEM_ROLES,
	EVALUATION_METRICS,
	GRADER_TYPES,
	PYTHON_SOURCE_MAX_BYTES,
	SAMPLING_REASONING_EFFORTS,
	STRING_CHECK_OPERATIONS,
	SUB_GRADER_TYPES,
} from './types';
import { GRADER_FIELD_LABELS, readGraderParameters, type GraderPlace } from './fields';
import {
	FieldError,
	isBlank,
	requireText,
	show,
	toNumber,
	toText,
} from '../../../shared/validation';

type Json = Record<string, unknown>;

/** Grader templates and messages may span lines. */
const TEMPLATE = { multiline: true } as const;

/** One input message of a score-model grader (UI: Grader Input Messages). */
export interface EvalMessageInput {
	role?: unknown;
	content?: unknown;
	contentType?: unknown;
}

/** Score-model grader options (UI: Score Model Options). */
export interface ScoreOptionsInput {
	rangeMin?: unknown;
	rangeMax?: unknown;
	seed?: unknown;
	temperature?: unknown;
	topP?: unknown;
	maxCompletionsTokens?: unknown;
	reasoningEffort?: unknown;
}

/** A grader's fields by their base names (top level they are prefixed `grader…`, inside Graders they are not). */
export interface GraderInput {
	type?: unknown;
	name?: unknown;
	input?: unknown;
	reference?: unknown;
	operation?: unknown;
	evaluationMetric?: unknown;
	model?: unknown;
	messages?: { message?: EvalMessageInput[] };
	scoreOptions?: ScoreOptionsInput;
	source?: unknown;
	imageTag?: unknown;
	calculateOutput?: unknown;
	graders?: { grader?: Array<GraderInput & { key?: unknown }> };
}

/** The display name of a grader field (`operation` → `Comparison`), or of a field inside one (`scoreOptions.seed`). */
const labelOf = (key: string) => GRADER_FIELD_LABELS[key] ?? key;

function oneOf<T extends string>(label: string, value: unknown, allowed: readonly T[]): T {
	if (!allowed.includes(value as T))
		throw new FieldError(label, `must be one of ${allowed.join(', ')} (got ${show(value)})`);
	return value as T;
}

/**
 * Builds one grader object of the API from its fields (types string_check, text_similarity, score_model, python,
 * multi; see types.ts): `OpenAI.GraderStringCheck`, `OpenAI.GraderTextSimilarity`, `OpenAI.GraderScoreModel`,
 * `OpenAI.GraderPython` or `OpenAI.GraderMulti`. Empty optional fields are left out.
 * @param prefix put before the fields' display names (fields.ts `GRADER_FIELD_LABELS`) in errors: `Grader ` at
 *   the top level of Create Job (its fields are shown so: `GraderPlace.labelPrefix`), `Grader Graders › <key> › `
 *   inside a multi grader
 * @param allowMulti false inside a multi grader, whose entries may only be {@link SUB_GRADER_TYPES}
 * @throws FieldError naming the field, for any value the API would refuse
 */
export function buildGrader(grader: GraderInput, prefix = 'Grader ', allowMulti = true): Json {
	const label = (base: string) => prefix + labelOf(base);
	const type = oneOf(`${prefix}Type`, grader.type, allowMulti ? GRADER_TYPES : SUB_GRADER_TYPES);
	const result: Json = { type, name: requireText(label('name'), grader.name) };
	if (type === 'string_check' || type === 'text_similarity') {
		result.input = requireText(label('input'), grader.input, TEMPLATE);
		result.reference = requireText(label('reference'), grader.reference, TEMPLATE);
		if (type === 'string_check')
			result.operation = oneOf(label('operation'), grader.operation, STRING_CHECK_OPERATIONS);
		else
			result.evaluation_metric = oneOf(
				label('evaluationMetric'),
				grader.evaluationMetric,
				EVALUATION_METRICS,
			);
	} else if (type === 'score_model') {
		result.model = requireText(label('model'), locatorValue(grader.model));
		result.input = buildEvalMessages(grader.messages?.message ?? [], label('messages'));
		Object.assign(result, buildScoreOptions(grader.scoreOptions ?? {}, label('scoreOptions')));
	} else if (type === 'python') {
		result.source = checkPythonSource(label('source'), grader.source);
		if (!isBlank(grader.imageTag))
			result.image_tag = requireText(label('imageTag'), grader.imageTag);
	} else {
		result.calculate_output = requireText(label('calculateOutput'), grader.calculateOutput);
		result.graders = buildSubGraders(grader.graders?.grader ?? [], label('graders'));
	}
	return result;
}

/** @param label the Graders list's label, e.g. `Grader Graders` */
function buildSubGraders(graders: Array<GraderInput & { key?: unknown }>, label: string): Json {
	if (!graders.length)
		throw new FieldError(label, 'add at least one grader for the multi grader to combine');
	const map: Json = {};
	graders.forEach((grader, index) => {
		const key = requireText(`${label} › #${index + 1} › ${labelOf('graders.key')}`, grader.key, {
			maxLength: 64,
		});
		if (key in map)
			throw new FieldError(
				`${label} › ${labelOf('graders.key')}`,
				`"${key}" is used twice; each grader needs its own key`,
			);
		map[key] = buildGrader(grader, `${label} › ${key} › `, false);
	});
	return map;
}

function buildEvalMessages(messages: EvalMessageInput[], label: string): Json[] {
	if (!messages.length)
		throw new FieldError(
			label,
			'add at least one message (e.g. a user message with {{item.reference_answer}})',
		);
	return messages.map((message, index) => {
		const at = `${label} › #${index + 1}`;
		const role = oneOf(`${at} › ${labelOf('messages.role')}`, message.role, EVAL_ITEM_ROLES);
		const text = requireText(`${at} › ${labelOf('messages.content')}`, message.content, TEMPLATE);
		const contentType = oneOf(
			`${at} › ${labelOf('messages.contentType')}`,
			isBlank(message.contentType) ? 'text' : message.contentType,
			EVAL_CONTENT_TYPES,
		);
		return { role, content: contentType === 'text' ? text : { type: contentType, text } };
	});
}

/** @param collection the Score Model Options field's label, e.g. `Grader Score Model Options` */
function buildScoreOptions(options: ScoreOptionsInput, collection: string): Json {
	const label = (name: keyof ScoreOptionsInput) =>
		`${collection} › ${labelOf(`scoreOptions.${name}`)}`;
	const result: Json = {};
	const hasMin = !isBlank(options.rangeMin);
	if (hasMin !== !isBlank(options.rangeMax)) {
		throw new FieldError(
			label(hasMin ? 'rangeMax' : 'rangeMin'),
			'set both Range Min and Range Max, or neither (default 0 to 1)',
		);
	}
	if (hasMin) {
		const min = toNumber(label('rangeMin'), options.rangeMin);
		const max = toNumber(label('rangeMax'), options.rangeMax);
		if (max <= min)
			throw new FieldError(label('rangeMax'), `must be greater than Range Min (${min})`);
		result.range = [min, max];
	}
	const sampling: Json = {};
	if (!isBlank(options.seed))
		sampling.seed = toNumber(label('seed'), options.seed, {
			integer: true,
			min: 0,
			max: INT32_MAX,
		});
	if (!isBlank(options.temperature))
		sampling.temperature = toNumber(label('temperature'), options.temperature, {
			min: 0,
			max: 2,
		});
	if (!isBlank(options.topP))
		sampling.top_p = toNumber(label('topP'), options.topP, { min: 0, max: 1 });
	if (!isBlank(options.maxCompletionsTokens)) {
		sampling.max_completions_tokens = toNumber(
			label('maxCompletionsTokens'),
			options.maxCompletionsTokens,
			{ integer: true, min: 1, max: INT32_MAX },
		);
	}
	if (!isBlank(options.reasoningEffort)) {
		sampling.reasoning_effort = oneOf(
			label('reasoningEffort'),
			options.reasoningEffort,
			SAMPLING_REASONING_EFFORTS,
		);
	}
	if (Object.keys(sampling).length) result.sampling_params = sampling;
	return result;
}

/**
 * A Python grader's `source`, as typed: not trimmed (indentation matters), not blank, with no control characters but
 * line breaks and tabs (so no NUL, which Python refuses in source code), and at most {@link PYTHON_SOURCE_MAX_BYTES}
 * bytes of UTF-8.
 * @throws FieldError naming `label`, with the limit when the source is too large
 */
export function checkPythonSource(label: string, value: unknown): string {
	const source = toText(label, value, { multiline: true });
	if (isBlank(source))
		throw new FieldError(label, 'is required but was empty: define grade(sample, item)');
	const bytes = Buffer.byteLength(source, 'utf8');
	if (bytes > PYTHON_SOURCE_MAX_BYTES)
		throw new FieldError(
			label,
			`must be at most ${PYTHON_SOURCE_MAX_BYTES / 1024} KB (${PYTHON_SOURCE_MAX_BYTES.toLocaleString('en-US')} bytes of UTF-8), Azure's limit for Python graders; it is ${bytes.toLocaleString('en-US')} bytes`,
		);
	return source;
}

/**
 * Reads the grader whose parameters are at `place` and builds its API object (`readGraderParameters`, then
 * {@link buildGrader} with `place.labelPrefix`).
 * @param getParameter returns a parameter's value by name, e.g. `(name) => ctx.getNodeParameter(name, i, '')`
 * @throws FieldError naming the field, for any value the API would refuse
 */
export function graderFromParameters(
	getParameter: (name: string) => unknown,
	place: GraderPlace,
): Json {
	return buildGrader(readGraderParameters(getParameter, place) as GraderInput, place.labelPrefix);
}

/**
 * The value of a resource-locator field read without n8n's extractValue (inside a multi grader's Graders list, or
 * through `readGraderParameters`): `{__rl, mode, value}` gives `value`; anything else (a plain name, as saved before
 * Model was a locator, or an expression's result) is returned as it is.
 */
function locatorValue(value: unknown): unknown {
	return value !== null && typeof value === 'object' && 'value' in value && '__rl' in value
		? (value as { value: unknown }).value
		: value;
}
