/**
 * Pure: the Create Job parameters as n8n hands them over → the JSON body of `POST /fine_tuning/jobs`
 * (spec component `OpenAI.CreateFineTuningJobRequest`, spec/FINE_TUNING_API.md §3–4).
 *
 * The body holds exactly what the user set, with the API's JSON types: numbers typed or produced by an expression
 * as text (`"3"`) are sent as numbers, Auto is the string `"auto"`, and an empty optional field is left out (never
 * `null` or `""`). Every rule is checked here and broken ones raise a {@link FieldError} before anything is sent.
 * Azure's `trainingType` (spec §8, in no schema) is sent only when Training Type was added (trainingTypes.ts).
 */
import {
	DEPRECATED_HYPERPARAMETERS,
	customValueField,
	hyperparametersOf,
	INT32_MAX,
	type HyperparameterSpec,
} from './hyperparameters';
import type { MetadataPairInput } from '../../../../shared/validation';
import { METHOD_TYPES, type MethodType } from '../../../descriptions/method';
import {
	EVAL_CONTENT_TYPES,
	EVAL_ITEM_ROLES,
	EVALUATION_METRICS,
	GRADER_TYPES,
	SAMPLING_REASONING_EFFORTS,
	STRING_CHECK_OPERATIONS,
	SUB_GRADER_TYPES,
} from './graders';
import { trainingTypeToApi } from './trainingTypes';
import {
	checkPathId,
	FieldError,
	isBlank,
	requireText,
	show,
	toJsonObject,
	toNumber,
	toText,
} from '../../../../shared/validation';

type Json = Record<string, unknown>;

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
	calculateOutput?: unknown;
	graders?: { grader?: Array<GraderInput & { key?: unknown }> };
}

export interface ResponseFormatInput {
	name?: unknown;
	description?: unknown;
	schema?: unknown;
	strict?: unknown;
}

export interface WandbInput {
	project?: unknown;
	name?: unknown;
	entity?: unknown;
	tags?: unknown;
}

/** Create Job parameters, already resolved by n8n (expressions evaluated, resource locators reduced to their value). */
export interface CreateJobInput {
	model: unknown;
	trainingFile: unknown;
	validationFile?: unknown;
	methodType?: unknown;
	/** Values of the chosen method's Hyperparameters block; undefined when the block was not added. */
	hyperparameters?: Record<string, unknown>;
	grader?: GraderInput;
	responseFormat?: ResponseFormatInput;
	suffix?: unknown;
	seed?: unknown;
	metadata?: MetadataPairInput[];
	wandb?: WandbInput[];
	/** Values of Hyperparameters (Deprecated); undefined when not added. */
	deprecatedHyperparameters?: Record<string, unknown>;
	/** Training Type (`standard`, `global`, `developer`; trainingTypes.ts); undefined when the field was not added. */
	trainingType?: unknown;
}

/** Limits of `metadata` (spec description of `CreateFineTuningJobRequest.metadata`). */
export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 } as const;

/** Limits of `suffix` (spec: minLength 1, maxLength 64). */
export const SUFFIX_LIMITS = { minLength: 1, maxLength: 64 } as const;

/**
 * Builds the create-job body.
 * @throws FieldError naming the field as the UI shows it, for any value the API would refuse.
 */
export function buildCreateJobBody(
	input: CreateJobInput,
	options: { reservedMetadataKeys?: string[] } = {},
): Json {
	const method = toMethodType(input.methodType);
	const body: Json = {
		model: checkModel(input.model),
		training_file: checkPathId('Training File', input.trainingFile, 'file'),
	};
	if (!isBlank(input.validationFile))
		body.validation_file = checkPathId('Validation File', input.validationFile, 'file');
	body.method = buildMethod(method, input);
	if (input.deprecatedHyperparameters) {
		body.hyperparameters = buildDeprecatedHyperparameters(method, input);
	}
	if (!isBlank(input.suffix)) body.suffix = toText('Suffix', input.suffix, SUFFIX_LIMITS);
	const trainingType = trainingTypeToApi(input.trainingType);
	if (trainingType) body.trainingType = trainingType;
	if (!isBlank(input.seed))
		body.seed = toNumber('Seed', input.seed, { integer: true, min: 0, max: INT32_MAX });
	const metadata = buildMetadata(input.metadata ?? [], options.reservedMetadataKeys ?? []);
	if (metadata) body.metadata = metadata;
	const integrations = (input.wandb ?? []).map(buildWandbIntegration);
	if (integrations.length) body.integrations = integrations;
	return body;
}

function toMethodType(value: unknown): MethodType {
	const method = isBlank(value) ? 'supervised' : value;
	if (!(METHOD_TYPES as readonly unknown[]).includes(method)) {
		throw new FieldError(
			'Method',
			`must be one of ${METHOD_TYPES.join(', ')} (got ${show(value)})`,
		);
	}
	return method as MethodType;
}

function checkModel(value: unknown): string {
	return requireText('Model', value, {
		maxLength: 256,
		pattern: { regex: /^[^\s/?#]+$/, description: 'a model name without spaces, / ? or #' },
	});
}

function buildMethod(method: MethodType, input: CreateJobInput): Json {
	const settings: Json = {};
	if (input.hyperparameters) {
		settings.hyperparameters = buildHyperparameters(
			hyperparametersOf(method),
			input.hyperparameters,
			'',
		);
	}
	if (method === 'reinforcement') {
		settings.grader = buildGrader(input.grader ?? {}, 'Grader ', true);
		if (input.responseFormat) settings.response_format = buildResponseFormat(input.responseFormat);
	}
	return Object.keys(settings).length ? { type: method, [method]: settings } : { type: method };
}

function buildHyperparameters(
	specs: readonly HyperparameterSpec[],
	values: Record<string, unknown>,
	labelSuffix: string,
): Json {
	const result: Json = {};
	for (const spec of specs) {
		const label = spec.displayName + labelSuffix;
		const setting = values[spec.name];
		if (spec.choices) {
			const choice = isBlank(setting) ? spec.choices[0] : setting;
			if (!spec.choices.includes(choice as string)) {
				throw new FieldError(
					label,
					`must be one of ${spec.choices.join(', ')} (got ${show(setting)})`,
				);
			}
			result[spec.api] = choice;
		} else if (isBlank(setting) || setting === 'auto') {
			result[spec.api] = 'auto';
		} else if (setting === 'custom') {
			const valueField = customValueField(spec);
			result[spec.api] = toNumber(
				valueField.displayName + labelSuffix,
				values[valueField.name],
				spec.rule,
			);
		} else {
			throw new FieldError(label, `must be Auto or Custom Value (got ${show(setting)})`);
		}
	}
	return result;
}

function buildDeprecatedHyperparameters(method: MethodType, input: CreateJobInput): Json {
	const label = 'Hyperparameters (Deprecated)';
	if (method !== 'supervised') {
		throw new FieldError(
			label,
			`only apply to the supervised method; use the ${method} method's Hyperparameters instead`,
		);
	}
	if (input.hyperparameters) {
		throw new FieldError(
			label,
			"cannot be combined with the method's Hyperparameters; remove one of them (the method's are preferred)",
		);
	}
	return buildHyperparameters(
		DEPRECATED_HYPERPARAMETERS,
		input.deprecatedHyperparameters ?? {},
		' (Deprecated)',
	);
}

function oneOf<T extends string>(label: string, value: unknown, allowed: readonly T[]): T {
	if (!allowed.includes(value as T))
		throw new FieldError(label, `must be one of ${allowed.join(', ')} (got ${show(value)})`);
	return value as T;
}

/** Builds one grader; `prefix` is prepended to field labels (`Grader ` at top level, `Graders › <key> › ` inside multi). */
function buildGrader(grader: GraderInput, prefix: string, allowMulti: boolean): Json {
	const type = oneOf(`${prefix}Type`, grader.type, allowMulti ? GRADER_TYPES : SUB_GRADER_TYPES);
	const result: Json = { type, name: requireText(`${prefix}Name`, grader.name) };
	if (type === 'string_check' || type === 'text_similarity') {
		result.input = requireText(`${prefix}Input`, grader.input);
		result.reference = requireText(`${prefix}Reference`, grader.reference);
		if (type === 'string_check')
			result.operation = oneOf(`${prefix}Operation`, grader.operation, STRING_CHECK_OPERATIONS);
		else
			result.evaluation_metric = oneOf(
				`${prefix}Evaluation Metric`,
				grader.evaluationMetric,
				EVALUATION_METRICS,
			);
	} else if (type === 'score_model') {
		result.model = requireText(`${prefix}Model`, grader.model);
		result.input = buildEvalMessages(grader.messages?.message ?? [], `${prefix}Input Messages`);
		Object.assign(result, buildScoreOptions(grader.scoreOptions ?? {}, `${prefix}`));
	} else {
		result.calculate_output = requireText(`${prefix}Calculate Output`, grader.calculateOutput);
		result.graders = buildSubGraders(grader.graders?.grader ?? [], prefix);
	}
	return result;
}

function buildSubGraders(graders: Array<GraderInput & { key?: unknown }>, prefix: string): Json {
	const label = `${prefix}Graders`;
	if (!graders.length)
		throw new FieldError(label, 'add at least one grader for the multi grader to combine');
	const map: Json = {};
	graders.forEach((grader, index) => {
		const key = requireText(`${label} › #${index + 1} › Key`, grader.key, { maxLength: 64 });
		if (key in map)
			throw new FieldError(
				`${label} › Key`,
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
		const role = oneOf(`${at} › Role`, message.role, EVAL_ITEM_ROLES);
		const text = requireText(`${at} › Content`, message.content);
		const contentType = oneOf(
			`${at} › Content Type`,
			isBlank(message.contentType) ? 'text' : message.contentType,
			EVAL_CONTENT_TYPES,
		);
		return { role, content: contentType === 'text' ? text : { type: contentType, text } };
	});
}

function buildScoreOptions(options: ScoreOptionsInput, prefix: string): Json {
	const result: Json = {};
	const hasMin = !isBlank(options.rangeMin);
	if (hasMin !== !isBlank(options.rangeMax)) {
		throw new FieldError(
			`${prefix}Range`,
			'set both Range Min and Range Max, or neither (default 0 to 1)',
		);
	}
	if (hasMin) {
		const min = toNumber(`${prefix}Range Min`, options.rangeMin);
		const max = toNumber(`${prefix}Range Max`, options.rangeMax);
		if (max <= min)
			throw new FieldError(`${prefix}Range Max`, `must be greater than Range Min (${min})`);
		result.range = [min, max];
	}
	const sampling: Json = {};
	if (!isBlank(options.seed))
		sampling.seed = toNumber(`${prefix}Sampling Seed`, options.seed, {
			integer: true,
			min: 0,
			max: INT32_MAX,
		});
	if (!isBlank(options.temperature))
		sampling.temperature = toNumber(`${prefix}Temperature`, options.temperature, {
			min: 0,
			max: 2,
		});
	if (!isBlank(options.topP))
		sampling.top_p = toNumber(`${prefix}Top P`, options.topP, { min: 0, max: 1 });
	if (!isBlank(options.maxCompletionsTokens)) {
		sampling.max_completions_tokens = toNumber(
			`${prefix}Max Completions Tokens`,
			options.maxCompletionsTokens,
			{ integer: true, min: 1, max: INT32_MAX },
		);
	}
	if (!isBlank(options.reasoningEffort)) {
		sampling.reasoning_effort = oneOf(
			`${prefix}Reasoning Effort`,
			options.reasoningEffort,
			SAMPLING_REASONING_EFFORTS,
		);
	}
	if (Object.keys(sampling).length) result.sampling_params = sampling;
	return result;
}

function buildResponseFormat(format: ResponseFormatInput): Json {
	const schema: Json = {
		name: requireText('Response Format › Name', format.name, {
			maxLength: 64,
			pattern: { regex: /^[A-Za-z0-9_-]+$/, description: 'letters, digits, _ and -' },
		}),
		schema: toJsonObject('Response Format › Schema', format.schema),
	};
	if (!isBlank(format.description))
		schema.description = toText('Response Format › Description', format.description);
	if (format.strict !== undefined)
		schema.strict = format.strict === true || format.strict === 'true';
	return { type: 'json_schema', json_schema: schema };
}

/** `reserved` keys are set by the node itself (the duplicate-prevention marker) and take one pair each. */
function buildMetadata(
	pairs: MetadataPairInput[],
	reserved: string[],
): Record<string, string> | undefined {
	if (!pairs.length) return undefined;
	const label = 'Metadata';
	const allowed = METADATA_LIMITS.pairs - reserved.length;
	if (pairs.length > allowed) {
		const why = reserved.length ? ` (one is used by the option Prevent Duplicate Jobs)` : '';
		throw new FieldError(label, `at most ${allowed} pairs are allowed${why} (got ${pairs.length})`);
	}
	const metadata: Record<string, string> = {};
	for (const pair of pairs) {
		const key = toText(`${label} › Key`, pair.key, {
			minLength: 1,
			maxLength: METADATA_LIMITS.keyLength,
		});
		if (key in metadata)
			throw new FieldError(`${label} › Key`, `"${key}" is used twice; keys must be unique`);
		if (reserved.includes(key))
			throw new FieldError(
				`${label} › Key`,
				`"${key}" is set by the node itself; choose another key`,
			);
		metadata[key] = toText(`${label} › Value ("${key}")`, pair.value, {
			maxLength: METADATA_LIMITS.valueLength,
		});
	}
	return metadata;
}

function buildWandbIntegration(wandb: WandbInput): Json {
	const label = 'Integrations › Weights & Biases';
	const settings: Json = { project: requireText(`${label} › Project`, wandb.project) };
	if (!isBlank(wandb.name)) settings.name = toText(`${label} › Run Name`, wandb.name);
	if (!isBlank(wandb.entity)) settings.entity = toText(`${label} › Entity`, wandb.entity);
	const tags = toTags(`${label} › Tags`, wandb.tags);
	if (tags.length) settings.tags = tags;
	return { type: 'wandb', wandb: settings };
}

/** Tags typed as `a, b, c` or given as a list by an expression. */
function toTags(label: string, value: unknown): string[] {
	if (isBlank(value)) return [];
	const items = Array.isArray(value) ? value : toText(label, value).split(',');
	return items
		.map((tag) => toText(label, typeof tag === 'string' ? tag.trim() : tag, { maxLength: 64 }))
		.filter(Boolean);
}
