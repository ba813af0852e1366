/**
 * Pure: the Create Job parameters as n8n hands them over → the JSON body of `POST /fine_tuning/jobs`
 * (component `OpenAI.CreateFineTuningJobRequest` of test/fixtures/azure-fine-tuning.openapi.yaml;
 * docs/azure-api.md#creating-a-job and docs/azure-api.md#methods-and-hyperparameters).
 *
 * The body holds exactly what the user set, with the API's JSON types: numbers typed or produced by an expression
 * as text (`"3"`) are sent as numbers, Auto is the string `"auto"`, and an empty optional field is left out (never
 * `null` or `""`). Every rule is checked here and broken ones raise a {@link FieldError} before anything is sent.
 * Azure's `trainingType` (in no schema: docs/azure-api.md#training-types) is sent only when Training Type was added
 * (trainingTypes.ts). On a dated API version from before `method` (2024-10-21 and older GA versions) the body takes
 * that version's shape, and what it cannot carry is refused ({@link isPreMethodApiVersion}).
 */
import {
	DEPRECATED_HYPERPARAMETERS,
	DEPRECATED_HYPERPARAMETERS_LABEL,
	customValueField,
	HYPERPARAMETERS_LABEL,
	hyperparametersOf,
	INT32_MAX,
	type HyperparameterSpec,
} from './hyperparameters';
import { METHOD_TYPES, type MethodType } from '../../../descriptions/method';
import { documentedBaseModel, methodsLabel } from '../../../methods/models';
import { buildGrader, type GraderInput } from '../../grader/body';
import { trainingTypeToApi } from './trainingTypes';
import {
	checkPathId,
	FieldError,
	isBlank,
	requireText,
	show,
	toBoolean,
	toJsonObject,
	toKeyValuePairs,
	toNumber,
	toText,
} from '../../../../shared/validation';

type Json = Record<string, unknown>;

export type { EvalMessageInput, GraderInput, ScoreOptionsInput } from '../../grader/body';

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
	/** The Metadata field's value (`{ pairs: [{ key, value }] }`), or pairs in any shape `toKeyValuePairs` reads. */
	metadata?: unknown;
	/** Metadata (JSON): an object or a list of `{ key, value }` pairs, as JSON text or from an expression. */
	metadataJson?: unknown;
	wandb?: WandbInput[];
	/** Values of Hyperparameters (Deprecated); undefined when not added. */
	deprecatedHyperparameters?: Record<string, unknown>;
	/** Training Type (`standard`, `global`, `developer`; trainingTypes.ts); undefined when the field was not added. */
	trainingType?: unknown;
}

/**
 * Limits of `metadata` (the description of `CreateFineTuningJobRequest.metadata`; docs/azure-api.md#creating-a-job).
 */
export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 } as const;

/**
 * The rule of `suffix`: 1 to 40 characters of letters, digits, `-` and `_` (Azure's dated specs and fine-tuning page;
 * the v1 document's 1 to 64 characters of anything is OpenAI's text: docs/azure-api.md#creating-a-job).
 */
export const SUFFIX_RULE = {
	minLength: 1,
	maxLength: 40,
	pattern: {
		regex: /^[A-Za-z0-9_-]+$/,
		description: 'letters, digits, - and _ (no dots or spaces)',
	},
} as const;

/** The newest dated API version whose job has no `method`, `metadata` or `integrations` (the GA `2024-10-21`). */
const LAST_PRE_METHOD_VERSION = '2024-10-21';

/**
 * True for a dated GA API version up to 2024-10-21, whose create-job body (component `FineTuningJobCreation` of
 * Azure's dated spec for that version) has only `model`, `training_file`, `validation_file`, `suffix`, `seed` and a
 * top-level `hyperparameters` of numbers; no `method`, `metadata`, `integrations` or `trainingType`
 * (docs/azure-api.md#creating-a-job). Dated preview versions and `v1`/`preview` take the v1 body.
 * @param version the api-version requests carry (transport/endpoint.ts `apiVersionOf`); undefined on v1.
 */
export function isPreMethodApiVersion(version: string | undefined): boolean {
	return /^\d{4}-\d{2}-\d{2}$/.test(version ?? '') && version! <= LAST_PRE_METHOD_VERSION;
}

/** What the body builder needs to know besides the fields. */
export interface CreateJobOptions {
	/** Metadata keys the node sets itself (Prevent Duplicate Jobs' marker); each takes one of the 16 pairs. */
	reservedMetadataKeys?: string[];
	/** The api-version requests carry (transport/endpoint.ts `apiVersionOf`): undefined on v1, `preview`, `2024-10-21`… */
	apiVersion?: string;
	/**
	 * Refuse a documented base model with a method Microsoft's table does not list for it (Options › Check Model
	 * and Method, on unless false). A model outside the table is never refused.
	 */
	checkModelMethod?: boolean;
}

/**
 * Builds the create-job body.
 * @throws FieldError naming the field as the UI shows it, for any value the API would refuse, a reinforcement job
 *   without a Validation File, a documented model with a method it does not support, or a field the credential's
 *   API version cannot carry.
 */
export function buildCreateJobBody(input: CreateJobInput, options: CreateJobOptions = {}): Json {
	const method = toMethodType(input.methodType);
	const model = checkModel(input.model);
	if (options.checkModelMethod !== false) refuseUnsupportedMethod(model, method);
	const body: Json = {
		model,
		training_file: checkPathId('Training File', input.trainingFile, 'file'),
	};
	if (!isBlank(input.validationFile))
		body.validation_file = checkPathId('Validation File', input.validationFile, 'file');
	else if (method === 'reinforcement')
		throw new FieldError(
			'Validation File',
			'is required by the reinforcement method: Azure grades the model on it during training. Choose a file uploaded with purpose fine-tune, in the same format as the Training File',
		);
	const preMethod = isPreMethodApiVersion(options.apiVersion) ? options.apiVersion : undefined;
	if (preMethod) {
		const hyperparameters = buildPreMethodHyperparameters(method, input, preMethod);
		if (hyperparameters) body.hyperparameters = hyperparameters;
	} else {
		body.method = buildMethod(method, input);
		if (input.deprecatedHyperparameters) {
			body.hyperparameters = buildDeprecatedHyperparameters(method, input);
		}
	}
	if (!isBlank(input.suffix)) body.suffix = toText('Suffix', input.suffix, SUFFIX_RULE);
	const trainingType = trainingTypeToApi(input.trainingType);
	if (trainingType) {
		if (preMethod) throw notOnVersion('Training Type', preMethod, 'training types');
		body.trainingType = trainingType;
	}
	if (!isBlank(input.seed))
		body.seed = toNumber('Seed', input.seed, { integer: true, min: 0, max: INT32_MAX });
	const metadata = buildMetadata(input, options.reservedMetadataKeys ?? [], preMethod);
	if (metadata) body.metadata = metadata;
	const integrations = (input.wandb ?? []).map(buildWandbIntegration);
	if (integrations.length) {
		if (preMethod) throw notOnVersion('Integrations', preMethod, 'integrations');
		body.integrations = integrations;
	}
	if (preMethod && options.reservedMetadataKeys?.length)
		throw new FieldError(
			'Prevent Duplicate Jobs',
			`cannot be used with API version ${preMethod}, which has no job metadata to mark the job with; turn the option off (a retry after a lost answer may then create a second job), or set the credential's API Version to v1`,
		);
	return body;
}

/** A field the credential's dated API version has no place for. */
function notOnVersion(field: string, version: string, what: string): FieldError {
	return new FieldError(
		field,
		`cannot be used with API version ${version}, which has no ${what}; leave it out, or set the credential's API Version to v1`,
	);
}

/**
 * A documented base model (methods/models.ts) with a method its row does not list.
 * @throws FieldError `Method` naming the methods the model supports and how to go on if the table is out of date.
 */
function refuseUnsupportedMethod(model: string, method: MethodType): void {
	const documented = documentedBaseModel(model);
	if (!documented || documented.methods.includes(method)) return;
	throw new FieldError(
		'Method',
		`${method} is not supported by ${documented.id}, which Microsoft's table of fine-tunable models lists for ${methodsLabel(documented)} only; choose one of those methods or another model. If Azure has added ${method} for this model since, turn off Options › Check Model and Method`,
	);
}

/**
 * The top-level `hyperparameters` of a dated version before `method`: the supervised values set to a number (Auto is
 * left out: that version types them as numbers only), from the method's Hyperparameters or the deprecated ones.
 * @throws FieldError `Method` for DPO or reinforcement; as {@link buildHyperparameters}.
 */
function buildPreMethodHyperparameters(
	method: MethodType,
	input: CreateJobInput,
	version: string,
): Json | undefined {
	if (method !== 'supervised')
		throw new FieldError(
			'Method',
			`${method} cannot be used with API version ${version}, which has supervised fine-tuning only; choose Supervised, or set the credential's API Version to v1`,
		);
	const values = input.deprecatedHyperparameters
		? buildDeprecatedHyperparameters(method, input)
		: input.hyperparameters
			? buildHyperparameters(hyperparametersOf(method), input.hyperparameters, METHOD_LABEL)
			: {};
	const numbers = Object.entries(values).filter(([, value]) => typeof value === 'number');
	return numbers.length ? Object.fromEntries(numbers) : undefined;
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
			METHOD_LABEL,
		);
	}
	if (method === 'reinforcement') {
		settings.grader = buildGrader(input.grader ?? {}, 'Grader ', true);
		if (input.responseFormat) settings.response_format = buildResponseFormat(input.responseFormat);
	}
	return Object.keys(settings).length ? { type: method, [method]: settings } : { type: method };
}

/** Put before a method hyperparameter's name in messages: its block, as the editor shows it. */
const METHOD_LABEL = `${HYPERPARAMETERS_LABEL} › `;

/** @param labelPrefix put before each field's name in messages: its block, `Hyperparameters › ` or `Hyperparameters (Deprecated) › `. */
function buildHyperparameters(
	specs: readonly HyperparameterSpec[],
	values: Record<string, unknown>,
	labelPrefix: string,
): Json {
	const result: Json = {};
	for (const spec of specs) {
		const label = labelPrefix + spec.displayName;
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
				labelPrefix + valueField.displayName,
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
	const label = DEPRECATED_HYPERPARAMETERS_LABEL;
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
		`${label} › `,
	);
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
		schema.strict = toBoolean('Response Format › Strict', format.strict);
	return { type: 'json_schema', json_schema: schema };
}

/**
 * The job's `metadata` from Metadata (pairs) and Metadata (JSON) together: keys unique, up to 64 characters, one line;
 * values up to 512 characters (line breaks allowed: the API limits only their length; a number from an expression is
 * sent as its text). `reserved` keys are set by the node itself (the duplicate-prevention marker) and take one of the
 * 16 pairs each.
 * @param preMethod a dated API version without job metadata: any pair is refused.
 * @throws FieldError naming the field (`Metadata`, `Metadata (JSON)`, `… › Key`, `… › Value ("<key>")`), with the
 *   number of pairs the user gave when there are too many, and why fewer than 16 are allowed when that is the reason.
 */
function buildMetadata(
	input: CreateJobInput,
	reserved: string[],
	preMethod: string | undefined,
): Record<string, string> | undefined {
	const sources = [
		{ field: 'Metadata', pairs: toKeyValuePairs('Metadata', input.metadata, 'pairs') },
		{ field: 'Metadata (JSON)', pairs: toKeyValuePairs('Metadata (JSON)', input.metadataJson) },
	].filter((source) => source.pairs.length);
	if (!sources.length) return undefined;
	if (preMethod) throw notOnVersion(sources[0].field, preMethod, 'job metadata');
	const metadata: Record<string, string> = {};
	for (const { field: label, pairs } of sources) {
		for (const pair of pairs) {
			if (label === 'Metadata' && isBlank(pair.key))
				throw new FieldError(
					'Metadata › Key',
					'is required but was empty. For metadata from an expression use Metadata (JSON): n8n turns an expression put in place of the pairs into empty pairs',
				);
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
				multiline: true,
				numbers: true,
			});
		}
	}
	const count = Object.keys(metadata).length;
	const field = sources.length > 1 ? 'Metadata' : sources[0].field;
	const given = sources.length > 1 ? ' from Metadata and Metadata (JSON) together' : '';
	if (count > METADATA_LIMITS.pairs)
		throw new FieldError(
			field,
			`at most ${METADATA_LIMITS.pairs} pairs are allowed (got ${count}${given})`,
		);
	if (count > METADATA_LIMITS.pairs - reserved.length)
		throw new FieldError(
			field,
			`at most ${METADATA_LIMITS.pairs - reserved.length} pairs are allowed while the option Prevent Duplicate Jobs is on: its marker takes one of the ${METADATA_LIMITS.pairs} (got ${count}${given}). Remove a pair or turn the option off`,
		);
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
