/**
 * The bad-input table's library (test/engine/badInput.test.ts): the shape of one bad input, parameter helpers, and
 * the generated rows — every kind of bad value × every field it applies to, each with the field's name as the editor
 * shows it and the problem the message must state. Also the editor's field names, to check that a message names one.
 */
import type {
	ICredentialType,
	IDataObject,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
} from 'n8n-workflow';

import { describeNumberRule, MAX_JSON_DEPTH, type NumberRule } from '../../nodes/shared/validation';
import {
	customValueField,
	DEPRECATED_HYPERPARAMETERS,
	hyperparametersOf,
	INT32_MAX,
} from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/hyperparameters';
import { DOCUMENTED_BASE_MODELS } from '../../nodes/AzureAiFoundryFineTuning/methods/models';
import {
	METHOD_TYPES,
	type MethodType,
} from '../../nodes/AzureAiFoundryFineTuning/descriptions/method';
// Azure's limit as the emulator states it, not the node's own constant: the node's must agree with it.
import { PYTHON_SOURCE_MAX_BYTES } from '../emulator/graders';
import { byId } from './faultRun';

/** IDs of the processed files the bench holds: chat (supervised), DPO and reinforcement data. */
export interface BenchFiles {
	chat: string;
	dpo: string;
	rft: string;
}

/** One bad input: where it goes, and how the refusal must read. */
export interface BadInput {
	/** `<resource>.<operation>`. */
	operation: string;
	/** Parameters set on top of the operation's valid ones; a function when they name the bench's files. */
	parameters?: INodeParameters | ((files: BenchFiles) => INodeParameters);
	/** Credential fields set on top of the valid credential. */
	credential?: Record<string, string>;
	/** The field's display name, as the message must name it. */
	field: string;
	/** Part of the message or description saying what is wrong. */
	problem: string | RegExp;
	/** Refused by n8n itself before the node runs (runNode rejects). */
	beforeRun?: boolean;
	/**
	 * Refused after reading the files (Check Files First's content check): the file reads reach the emulator, the
	 * create does not.
	 */
	readsFiles?: boolean;
	/** The kind of bad value, for the printed counts. */
	kind: string;
}

export const long = (length: number) => 'x'.repeat(length);
/** An n8n expression giving `code`'s value, e.g. `expr('true')` → `={{ true }}`. */
export const expr = (code: string) => `={{ ${code} }}`;
/**
 * An expression giving the text `value`, its control characters written as escapes (JSON leaves U+2028 and U+2029
 * raw, which n8n's expression parser refuses as "invalid syntax").
 */
export const exprText = (value: string) =>
	expr(
		JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
	);

/** A reinforcement job that passes every check: documented model, validation file, a string_check grader. */
export const reinforcement = (grader: IDataObject): INodeParameters => ({
	model: byId('o4-mini-2025-04-16'),
	validationFile: byId('file-abc123'),
	methodType: 'reinforcement',
	graderType: 'string_check',
	graderName: 'exact',
	graderInput: '{{sample.output_text}}',
	graderReference: '{{item.answer}}',
	graderOperation: 'eq',
	...grader,
});
export const scoreModel = (
	options: IDataObject,
	messages: IDataObject[] = [{ role: 'user', content: 'Rate {{sample.output_text}}' }],
	grader: IDataObject = {},
): INodeParameters =>
	reinforcement({
		graderType: 'score_model',
		graderModel: 'o3-mini-2025-01-31',
		graderMessages: { message: messages },
		graderScoreOptions: options,
		...grader,
	});
export const multi = (graders: IDataObject[], grader: IDataObject = {}): INodeParameters =>
	reinforcement({
		graderType: 'multi',
		graderCalculateOutput: 'a',
		graderGraders: { grader: graders },
		...grader,
	});
export const subGrader = (key: string, fields: IDataObject = {}): IDataObject => ({
	key,
	type: 'string_check',
	name: key,
	input: '{{sample.output_text}}',
	reference: '{{item.answer}}',
	operation: 'eq',
	...fields,
});
export const python = (grader: IDataObject): INodeParameters =>
	reinforcement({
		graderType: 'python',
		graderSource: 'def grade(sample, item):\n    return 1\n',
		...grader,
	});
export const hyper = (method: MethodType, values: INodeParameters): INodeParameters => ({
	[`${method}Hyperparameters`]: { values },
});
export const responseFormat = (jsonSchema: IDataObject): INodeParameters =>
	reinforcement({
		responseFormat: { jsonSchema: { name: 'answer', schema: '{"type":"object"}', ...jsonSchema } },
	});
export const extra = (additionalFields: INodeParameters): INodeParameters => ({ additionalFields });
export const metadata = (key: string, value: string): INodeParameters =>
	extra({ metadata: { pairs: [{ key, value }] } });
export const filters = (value: INodeParameters): INodeParameters => ({ filters: value });

/** A field that holds text, and how to put a value into it. */
interface TextField {
	operation: string;
	field: string;
	set: (value: string) => INodeParameters;
	/** Genuinely multi-line: line breaks and tabs are allowed. */
	multiline?: boolean;
	/** Finite numbers are read as their text (metadata values). */
	numbers?: boolean;
	/** A list of texts is allowed (W&B tags). */
	lists?: boolean;
	/** The problem stated for a control character, when the field words it its own way. */
	controlProblem?: RegExp;
}

const JOB_ID_OPERATIONS = [
	'get',
	'cancel',
	'pause',
	'resume',
	'listEvents',
	'listCheckpoints',
	'getMetrics',
];

/**
 * `fields` plus, for each of Create Job's grader fields (`Grader …`), the same field on Grader › Validate: the Grader
 * resource shows the same fields under the same names and reads them with the same code (grader/fields.ts).
 */
function withGraderResource<T extends { operation: string; field: string }>(fields: T[]): T[] {
	const graderFields = fields.filter(
		(field) => field.operation === 'job.create' && field.field.startsWith('Grader '),
	);
	return [...fields, ...graderFields.map((field) => ({ ...field, operation: 'grader.validate' }))];
}

/** Every text field of the action node, with the value given by an expression (as n8n hands it over). */
function textFields(): TextField[] {
	const wandb = (values: IDataObject) =>
		extra({ integrations: { wandb: [{ project: 'p', ...values }] } });
	const sub = (fields: IDataObject) => multi([subGrader('a', fields)]);
	const create = (field: string, set: TextField['set'], more: Partial<TextField> = {}) => ({
		operation: 'job.create',
		field,
		set,
		...more,
	});
	return withGraderResource([
		create('Model', (v) => ({ model: byId(v) })),
		create('Training File', (v) => ({ trainingFile: byId(v) })),
		create('Validation File', (v) => ({ validationFile: byId(v) })),
		create('Suffix', (v) => extra({ suffix: v })),
		create('Grader Name', (v) => reinforcement({ graderName: v })),
		create('Grader Input', (v) => reinforcement({ graderInput: v }), { multiline: true }),
		create('Grader Reference', (v) => reinforcement({ graderReference: v }), { multiline: true }),
		create('Grader Model', (v) => scoreModel({}, undefined, { graderModel: v })),
		create(
			'Grader Input Messages › #1 › Content',
			(v) => scoreModel({}, [{ role: 'user', content: v }]),
			{
				multiline: true,
			},
		),
		create('Grader Calculate Output', (v) => multi([subGrader('a')], { graderCalculateOutput: v })),
		create('Grader Graders › #1 › Key', (v) => multi([subGrader(v)])),
		create('Grader Graders › a › Name', (v) => sub({ name: v })),
		create('Grader Graders › a › Input', (v) => sub({ input: v }), { multiline: true }),
		create('Grader Graders › a › Reference', (v) => sub({ reference: v }), { multiline: true }),
		create('Grader Source', (v) => python({ graderSource: v }), {
			multiline: true,
			controlProblem: /control characters other than line breaks|NUL characters/,
		}),
		create('Grader Image Tag', (v) => python({ graderImageTag: v })),
		create('Response Format › Name', (v) => responseFormat({ name: v })),
		create('Response Format › Description', (v) => responseFormat({ description: v })),
		create('Metadata › Key', (v) => metadata(v, 'x')),
		create('Metadata › Value ("team")', (v) => metadata('team', v), {
			multiline: true,
			numbers: true,
		}),
		create('Metadata (JSON) › Value ("team")', (v) => extra({ metadataJson: { team: v } }), {
			multiline: true,
			numbers: true,
		}),
		create('Integrations › Weights & Biases › Project', (v) => wandb({ project: v })),
		create('Integrations › Weights & Biases › Run Name', (v) => wandb({ name: v })),
		create('Integrations › Weights & Biases › Entity', (v) => wandb({ entity: v })),
		create('Integrations › Weights & Biases › Tags', (v) => wandb({ tags: v }), { lists: true }),
		...JOB_ID_OPERATIONS.map((op) => ({
			operation: `job.${op}`,
			field: 'Fine-Tuning Job',
			set: (v: string) => ({ jobId: byId(v) }),
		})),
		...['get', 'delete', 'download'].map((op) => ({
			operation: `file.${op}`,
			field: 'File',
			set: (v: string) => ({ fileId: byId(v) }),
		})),
		{ operation: 'job.list', field: 'Suffix', set: (v) => filters({ suffix: v }) },
		{
			operation: 'job.list',
			field: 'Metadata › Key',
			set: (v) => filters({ metadata: { pairs: [{ key: v, value: 'x' }] } }),
		},
		{
			operation: 'job.list',
			field: 'Metadata › Value ("team")',
			set: (v) => filters({ metadata: { pairs: [{ key: 'team', value: v }] } }),
		},
		{ operation: 'file.upload', field: 'File Name', set: (v) => ({ fileName: v }) },
		{
			operation: 'file.upload',
			field: 'Input Binary Field',
			set: (v) => ({ binaryPropertyName: v }),
		},
		{
			operation: 'file.check',
			field: 'Input Binary Field',
			set: (v) => ({ binaryPropertyName: v }),
		},
		{
			operation: 'file.download',
			field: 'Put Output File in Field',
			set: (v) => ({ binaryPropertyName: v }),
		},
		{
			operation: 'grader.run',
			field: 'Model Sample',
			set: (v) => ({ modelSample: v }),
			multiline: true,
		},
	]);
}

/** Control characters refused in every one-line field: C0 (with line breaks and tab), DEL, C1, Unicode separators. */
const ONE_LINE_BAD: Record<string, string> = {
	'a line feed': '\n',
	'a carriage return': '\r',
	'a tab': '\t',
	NUL: '\u0000',
	BEL: '\u0007',
	ESC: '\u001b',
	DEL: '\u007f',
	'NEL (C1)': '\u0085',
	'a line separator': '\u2028',
};
/** Control characters refused even in multi-line fields. */
const MULTI_LINE_BAD: Record<string, string> = {
	NUL: '\u0000',
	BEL: '\u0007',
	ESC: '\u001b',
	'a vertical tab': '\u000b',
	'a form feed': '\u000c',
	DEL: '\u007f',
	'NEL (C1)': '\u0085',
	'CSI (C1)': '\u009b',
};

function controlCharacterRows(): BadInput[] {
	return textFields().flatMap((text) =>
		Object.values(text.multiline ? MULTI_LINE_BAD : ONE_LINE_BAD).map((character) => ({
			kind: 'control character',
			operation: text.operation,
			parameters: text.set(exprText(`ok${character}ok`)),
			field: text.field,
			problem:
				text.controlProblem ??
				(text.multiline
					? 'must not contain control characters other than line breaks and tabs (found '
					: 'must be one line without tabs or other control characters (found '),
		})),
	);
}

/** Values an expression may give where text is expected, with the type the message must name. */
const NOT_TEXT: Array<{ code: string; type: string; number?: boolean; list?: boolean }> = [
	{ code: 'true', type: 'the boolean true' },
	{ code: 'false', type: 'the boolean false' },
	{ code: 'NaN', type: 'the number NaN' },
	{ code: 'Infinity', type: 'the number Infinity' },
	{ code: '42', type: 'the number 42', number: true },
	{ code: '{ id: "x" }', type: 'an object' },
	{ code: '["x"]', type: 'a list', list: true },
];

function notTextRows(): BadInput[] {
	return textFields().flatMap((text) =>
		NOT_TEXT.filter((value) => !(value.number && text.numbers) && !(value.list && text.lists)).map(
			(value) => ({
				kind: 'not text',
				operation: text.operation,
				parameters: text.set(expr(value.code)),
				field: text.field,
				problem: `must be text, but the value is ${value.type}`,
			}),
		),
	);
}

/** A boolean field and how to put a value into it. */
const BOOLEAN_FIELDS: Array<{
	operation: string;
	field: string;
	set: (v: string) => INodeParameters;
}> = [
	{
		operation: 'job.create',
		field: 'Check Files First',
		set: (v) => ({ options: { checkFilesFirst: v } }),
	},
	{
		operation: 'job.create',
		field: 'Prevent Duplicate Jobs',
		set: (v) => ({ options: { preventDuplicates: v } }),
	},
	{
		operation: 'job.create',
		field: 'Check Model and Method',
		set: (v) => ({ options: { checkModelMethod: v } }),
	},
	{
		operation: 'job.create',
		field: 'Validate Grader First',
		set: (v) => ({ ...reinforcement({}), options: { validateGraderFirst: v } }),
	},
	{
		operation: 'job.create',
		field: 'Response Format › Strict',
		set: (v) => responseFormat({ strict: v }),
	},
	...['job.list', 'file.list', 'job.listEvents', 'job.listCheckpoints'].map((operation) => ({
		operation,
		field: 'Return All',
		set: (v: string) => ({ returnAll: v }),
	})),
	{
		operation: 'file.upload',
		field: 'Wait Until Processed',
		set: (v) => ({ options: { waitUntilProcessed: v } }),
	},
	{
		operation: 'file.upload',
		field: 'Check Training Data First',
		set: (v) => ({ options: { checkTrainingData: v } }),
	},
];

function booleanRows(): BadInput[] {
	const values: Array<[string, string]> = [
		['"yes"', '"yes"'],
		['{}', '{}'],
		['[]', '[]'],
		['1', '1'],
		['"on"', '"on"'],
	];
	return BOOLEAN_FIELDS.flatMap((flag) =>
		values.map(([code, shown]) => ({
			kind: 'not a boolean',
			operation: flag.operation,
			parameters: flag.set(expr(code)),
			field: flag.field,
			problem: `must be true or false (got ${shown})`,
		})),
	);
}

/** A number field, its rule, and how to put a value into it. */
interface NumberField {
	operation: string;
	field: string;
	rule: NumberRule;
	set: (value: unknown) => INodeParameters;
}

function numberFields(): NumberField[] {
	const methodBase: Record<MethodType, INodeParameters> = {
		supervised: {},
		dpo: { methodType: 'dpo' },
		reinforcement: reinforcement({}),
	};
	const hyperparameterFields = METHOD_TYPES.flatMap((method) =>
		hyperparametersOf(method)
			.filter((spec) => spec.rule)
			.map((spec) => {
				const value = customValueField(spec);
				return {
					operation: 'job.create',
					field: `Hyperparameters › ${value.displayName}`,
					rule: spec.rule!,
					set: (v: unknown) => ({
						...methodBase[method],
						...hyper(method, { [spec.name]: 'custom', [value.name]: v as string }),
					}),
				};
			}),
	);
	const deprecatedFields = DEPRECATED_HYPERPARAMETERS.filter((spec) => spec.rule).map((spec) => {
		const value = customValueField(spec);
		return {
			operation: 'job.create',
			field: `Hyperparameters (Deprecated) › ${value.displayName}`,
			rule: spec.rule!,
			set: (v: unknown) =>
				extra({
					deprecatedHyperparameters: {
						values: { [spec.name]: 'custom', [value.name]: v as number },
					},
				}),
		};
	});
	const score = (field: string, name: string, rule: NumberRule, others: IDataObject = {}) => ({
		operation: 'job.create',
		field: `Grader Score Model Options › ${field}`,
		rule,
		set: (v: unknown) => scoreModel({ ...others, [name]: v as number }),
	});
	const limit = (operation: string) => ({
		operation,
		field: 'Limit',
		rule: { integer: true, min: 1 },
		set: (v: unknown) => ({ returnAll: false, limit: v as number }),
	});
	return withGraderResource([
		{
			operation: 'job.create',
			field: 'Seed',
			rule: { integer: true, min: 0, max: INT32_MAX },
			set: (v) => extra({ seed: v as number }),
		},
		...hyperparameterFields,
		...deprecatedFields,
		score('Seed', 'seed', { integer: true, min: 0, max: INT32_MAX }),
		score('Temperature', 'temperature', { min: 0, max: 2 }),
		score('Top P', 'topP', { min: 0, max: 1 }),
		score('Max Completions Tokens', 'maxCompletionsTokens', {
			integer: true,
			min: 1,
			max: INT32_MAX,
		}),
		score('Range Min', 'rangeMin', {}, { rangeMax: 10 }),
		score('Range Max', 'rangeMax', {}, { rangeMin: -10 }),
		...['job.list', 'file.list', 'job.listEvents', 'job.listCheckpoints'].map(limit),
		{
			operation: 'file.upload',
			field: 'Max Wait (Seconds)',
			rule: { integer: true, min: 1, max: 7200 },
			set: (v) => ({ options: { waitUntilProcessed: true, maxWaitSeconds: v as number } }),
		},
	]);
}

/** Bad values for a rule: outside its bounds, a fraction for an integer, and what is not a number at all. */
function badNumbers(rule: NumberRule): Array<{ value: unknown; shown: string }> {
	const values: Array<{ value: unknown; shown: string }> = [
		{ value: expr('"abc"'), shown: '"abc"' },
		{ value: expr('NaN'), shown: 'NaN' },
		{ value: expr('Infinity'), shown: 'Infinity' },
		{ value: expr('true'), shown: 'true' },
		{ value: expr('"0x10"'), shown: '"0x10"' },
		{ value: expr('{}'), shown: '{}' },
	];
	const { min, max } = rule;
	if (min !== undefined) {
		const below = rule.exclusiveMin ? min : min - 1;
		values.push({ value: below, shown: String(below) });
		if (min >= 1) values.push({ value: -1, shown: '-1' });
	}
	if (max !== undefined) {
		values.push({ value: max + 1, shown: String(max + 1) });
	}
	if (rule.integer) values.push({ value: (min ?? 0) + 1.5, shown: String((min ?? 0) + 1.5) });
	return values;
}

function numberRows(): BadInput[] {
	return numberFields().flatMap((number) =>
		badNumbers(number.rule).map(({ value, shown }) => ({
			kind: 'bad number',
			operation: number.operation,
			parameters: number.set(value),
			field: number.field,
			problem: `must be ${describeNumberRule(number.rule)} (got ${shown})`,
		})),
	);
}

/** Suffix: Azure takes up to 40 characters of a-z A-Z 0-9 - _ (docs/azure-api.md#creating-a-job). */
function suffixRows(): BadInput[] {
	const characters = 'may only contain letters, digits, - and _ (no dots or spaces)';
	return [
		['v1.2', characters],
		['my bot', characters],
		['support.bot.v2', characters],
		['größe', characters],
		['a/b', characters],
		['a:b', characters],
		['bot+1', characters],
		['bot😀', characters],
		[long(41), 'must be at most 40 characters (got 41)'],
		['-'.repeat(64), 'must be at most 40 characters (got 64)'],
	].map(([suffix, problem]) => ({
		kind: 'suffix rule',
		operation: 'job.create',
		parameters: extra({ suffix }),
		field: 'Suffix',
		problem,
	}));
}

/** Metadata given by expressions, in shapes the node reads and others it refuses. */
function metadataRows(): BadInput[] {
	const object = (count: number) =>
		Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
	const pairs = (count: number, prefix = 'k') =>
		Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, value: 'v' }));
	const rows: Array<[INodeParameters, string, string | RegExp]> = [
		[extra({ metadataJson: expr('5') }), 'Metadata (JSON)', 'must be an object such as'],
		[extra({ metadataJson: expr('true') }), 'Metadata (JSON)', 'must be an object such as'],
		[extra({ metadataJson: 'team=search' }), 'Metadata (JSON)', 'is not valid JSON'],
		[extra({ metadataJson: expr('"text"') }), 'Metadata (JSON)', 'is not valid JSON'],
		[extra({ metadataJson: expr('[1, 2]') }), 'Metadata (JSON)', 'item 1 of the list must be'],
		[
			extra({ metadataJson: expr('[{ name: "a" }]') }),
			'Metadata (JSON)',
			'item 1 of the list must be',
		],
		[
			extra({ metadataJson: expr(JSON.stringify(object(17))) }),
			'Metadata (JSON)',
			'at most 16 pairs are allowed (got 17)',
		],
		[
			extra({ metadataJson: JSON.stringify(pairs(17)) }),
			'Metadata (JSON)',
			'at most 16 pairs are allowed (got 17)',
		],
		[
			{ ...extra({ metadataJson: expr(JSON.stringify(object(16))) }), options: {} },
			'Metadata (JSON)',
			'at most 15 pairs are allowed while the option Prevent Duplicate Jobs is on: its marker takes one of the 16 (got 16)',
		],
		[
			extra({ metadata: { pairs: pairs(9) }, metadataJson: expr(JSON.stringify(pairs(8, 'j'))) }),
			'Metadata',
			'at most 16 pairs are allowed (got 17 from Metadata and Metadata (JSON) together)',
		],
		[
			extra({ metadata: { pairs: [{ key: 'team', value: 'a' }] }, metadataJson: '{"team": "b"}' }),
			'Metadata (JSON) › Key',
			'"team" is used twice',
		],
		[
			extra({ metadata: { pairs: expr('$json.meta') } }),
			'Metadata › Key',
			'is required but was empty. For metadata from an expression use Metadata (JSON)',
		],
		[
			extra({ metadata: { pairs: expr('{ team: "search" }') } }),
			'Metadata › Key',
			'is required but was empty. For metadata from an expression use Metadata (JSON)',
		],
		[extra({ metadataJson: { [long(65)]: 'v' } }), 'Metadata (JSON) › Key', 'must be at most 64'],
		[
			extra({ metadataJson: { team: long(513) } }),
			'Metadata (JSON) › Value ("team")',
			'at most 512',
		],
		[extra({ metadataJson: { '': 'v' } }), 'Metadata (JSON) › Key', 'is required'],
		[
			extra({ metadataJson: { n8n_idempotency_key: 'mine' } }),
			'Metadata (JSON) › Key',
			'is set by the node itself',
		],
	];
	return rows.map(([parameters, field, problem]) => ({
		kind: 'metadata from an expression',
		operation: 'job.create',
		parameters,
		field,
		problem,
	}));
}

/** What a dated API version before `method` (2024-10-21 and older GA versions) cannot carry. */
function datedVersionRows(): BadInput[] {
	const rows: Array<[INodeParameters, string, string]> = [
		[{ methodType: 'dpo' }, 'Method', 'dpo cannot be used with API version'],
		[reinforcement({}), 'Method', 'reinforcement cannot be used with API version'],
		[metadata('team', 'a'), 'Metadata', 'cannot be used with API version'],
		[
			extra({ metadataJson: '{"team": "a"}' }),
			'Metadata (JSON)',
			'cannot be used with API version',
		],
		[
			extra({ integrations: { wandb: [{ project: 'p' }] } }),
			'Integrations',
			'cannot be used with API version',
		],
		[extra({ trainingType: 'global' }), 'Training Type', 'cannot be used with API version'],
		[extra({ trainingType: 'developer' }), 'Training Type', 'cannot be used with API version'],
		[{ options: {} }, 'Prevent Duplicate Jobs', 'cannot be used with API version'],
	];
	return ['2024-10-21', '2024-06-01', '2024-02-01'].flatMap((version) =>
		rows.map(([parameters, field, problem]) => ({
			kind: 'dated API version',
			operation: 'job.create',
			credential: { apiVersion: 'dated', datedApiVersion: version },
			parameters:
				field === 'Prevent Duplicate Jobs'
					? parameters
					: { ...parameters, options: { preventDuplicates: false } },
			field,
			problem: `${problem} ${version}`,
		})),
	);
}

/**
 * A Python grader's own fields: Source over the 256 KB limit (counted in UTF-8 bytes, so also when it has fewer
 * characters), empty, blank or with a NUL, and Name empty. A literal empty value is stopped by n8n itself (both
 * fields are required); one from an expression reaches the node's own check.
 */
function pythonGraderRows(): BadInput[] {
	const head = 'def grade(sample, item):\n    return 1\n';
	const tooLong = `${head}#${'x'.repeat(PYTHON_SOURCE_MAX_BYTES - head.length)}`;
	const tooManyBytes = `${head}#${'é'.repeat((PYTHON_SOURCE_MAX_BYTES - head.length) / 2)}`;
	const bytes = (n: number) => n.toLocaleString('en-US');
	const over = `must be at most 256 KB (${bytes(PYTHON_SOURCE_MAX_BYTES)} bytes of UTF-8), Azure's limit for Python graders; it is ${bytes(PYTHON_SOURCE_MAX_BYTES + 1)} bytes`;
	const rows: Array<[IDataObject, string, string | RegExp, boolean?]> = [
		[{ graderSource: tooLong }, 'Grader Source', over],
		[{ graderSource: tooManyBytes }, 'Grader Source', over],
		[{ graderSource: '' }, 'Grader Source', 'Parameter "Grader Source" is required', true],
		[
			{ graderSource: expr('""') },
			'Grader Source',
			'is required but was empty: define grade(sample, item)',
		],
		[
			{ graderSource: ' \n\t\n' },
			'Grader Source',
			'is required but was empty: define grade(sample, item)',
		],
		[{ graderSource: `${head}\u0000` }, 'Grader Source', '(found a NUL character'],
		[{ graderName: '' }, 'Grader Name', 'Parameter "Grader Name" is required', true],
		[{ graderName: expr('" "') }, 'Grader Name', 'is required'],
	];
	return rows.map(([grader, field, problem, beforeRun]) => ({
		kind: 'python grader',
		operation: 'job.create',
		parameters: python(grader),
		field,
		problem,
		...(beforeRun ? { beforeRun } : {}),
	}));
}

/** Reinforcement needs a Validation File, whatever the grader. */
function noValidationFileRows(): BadInput[] {
	// Left empty, as the editor leaves an unset file picker (its By ID mode would refuse '' itself).
	const without = { validationFile: { __rl: true, mode: 'list', value: '' } };
	return [
		reinforcement(without),
		reinforcement({ ...without, graderType: 'text_similarity', graderEvaluationMetric: 'bleu' }),
		scoreModel({}, undefined, without),
		multi([subGrader('a')], without),
		python(without),
	].map((parameters) => ({
		kind: 'reinforcement without validation file',
		operation: 'job.create',
		parameters,
		field: 'Validation File',
		problem: 'is required by the reinforcement method',
	}));
}

/** A documented base model with each method Microsoft's table does not list for it. */
function modelMethodRows(): BadInput[] {
	return DOCUMENTED_BASE_MODELS.flatMap((model) =>
		METHOD_TYPES.filter((method) => !model.methods.includes(method)).map((method) => ({
			kind: 'model and method',
			operation: 'job.create',
			parameters: {
				...(method === 'reinforcement' ? reinforcement({}) : { methodType: method }),
				model: byId(model.id),
			},
			field: 'Method',
			problem: `${method} is not supported by ${model.id}`,
		})),
	);
}

/** Files whose content does not fit the method, or lacks a field the grader reads (Check Files First). */
function contentRows(): BadInput[] {
	const job = (method: MethodType, model: string) =>
		method === 'reinforcement'
			? reinforcement({ model: byId(model), graderReference: '{{item.reference_answer}}' })
			: { methodType: method, model: byId(model) };
	const mismatches: Array<[MethodType, string, keyof BenchFiles, keyof BenchFiles]> = [
		['supervised', 'gpt-4.1-mini-2025-04-14', 'dpo', 'chat'],
		['supervised', 'gpt-4.1-mini-2025-04-14', 'rft', 'chat'],
		['dpo', 'gpt-4.1-mini-2025-04-14', 'chat', 'dpo'],
		['dpo', 'gpt-4.1-mini-2025-04-14', 'rft', 'dpo'],
		['reinforcement', 'o4-mini-2025-04-16', 'chat', 'rft'],
		['reinforcement', 'o4-mini-2025-04-16', 'dpo', 'rft'],
	];
	const rows: BadInput[] = mismatches.flatMap(([method, model, wrong, right]) => [
		{
			kind: 'file content',
			operation: 'job.create',
			parameters: (files: BenchFiles) => ({
				...job(method, model),
				trainingFile: byId(files[wrong]),
				validationFile: byId(files[right]),
			}),
			field: 'Training File',
			problem: `does not hold ${method} training data`,
			readsFiles: true,
		},
		{
			kind: 'file content',
			operation: 'job.create',
			parameters: (files: BenchFiles) => ({
				...job(method, model),
				trainingFile: byId(files[right]),
				validationFile: byId(files[wrong]),
			}),
			field: 'Validation File',
			problem: `does not hold ${method} training data`,
			readsFiles: true,
		},
	]);
	const graders: Array<[INodeParameters, string]> = [
		[reinforcement({ graderReference: '{{item.answer}}' }), 'answer'],
		[reinforcement({ graderReference: '{{ item.expected }}' }), 'expected'],
		[
			reinforcement({
				graderType: 'text_similarity',
				graderEvaluationMetric: 'bleu',
				graderInput: '{{sample.output_text}}',
				graderReference: '{{item.gold}}',
			}),
			'gold',
		],
		[scoreModel({}, [{ role: 'user', content: 'Compare with {{item.ideal}}' }]), 'ideal'],
		[
			multi([
				subGrader('a', { reference: '{{item.reference_answer}}' }),
				subGrader('b', { reference: '{{item.meta.id}}' }),
			]),
			'meta.id',
		],
	];
	const missing = graders.map(([parameters, name]) => ({
		kind: 'grader field missing in data',
		operation: 'job.create',
		parameters: (files: BenchFiles) => ({
			...parameters,
			trainingFile: byId(files.rft),
			validationFile: byId(files.rft),
		}),
		field: 'Training File',
		problem: `line 1: no field "${name}" (the grader reads {{item.${name}}})`,
		readsFiles: true,
	}));
	return [...rows, ...missing];
}

/**
 * The Grader resource's own inputs: Run's Item (not JSON, not an object, nested too deep) and Model Sample (empty),
 * and on Validate the grader checks no generated kind covers: the type, an empty Multi, the Python grader's fields.
 */
function graderResourceRows(): BadInput[] {
	const run = (parameters: INodeParameters, field: string, problem: string, beforeRun = false) => ({
		kind: 'grader resource',
		operation: 'grader.run',
		parameters,
		field,
		problem,
		...(beforeRun ? { beforeRun } : {}),
	});
	const notObject = 'must be a JSON object ({ ... })';
	const deep = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
	return [
		run({ item: expr('[1, 2]') }, 'Item', notObject),
		run({ item: expr('5') }, 'Item', notObject),
		run({ item: expr('true') }, 'Item', notObject),
		run({ item: '["answer"]' }, 'Item', notObject),
		run({ item: 'null' }, 'Item', notObject),
		run({ item: '"Paris"' }, 'Item', notObject),
		run({ item: '{"answer": ' }, 'Item', 'is not valid JSON'),
		run({ item: 'answer=Paris' }, 'Item', 'is not valid JSON'),
		run({ item: expr('"answer=Paris"') }, 'Item', 'is not valid JSON'),
		run({ item: `{"a": ${deep}}` }, 'Item', `is nested more than ${MAX_JSON_DEPTH} levels deep`),
		run({ modelSample: '' }, 'Model Sample', 'Parameter "Model Sample" is required', true),
		{
			kind: 'grader resource',
			operation: 'grader.validate',
			// With the type from an expression n8n requires every field any type would show.
			parameters: reinforcement({
				graderType: expr('"label_model"'),
				graderModel: 'o3-mini-2025-01-31',
				graderCalculateOutput: 'a',
			}),
			field: 'Grader Type',
			problem: 'must be one of string_check, text_similarity, score_model, python, multi',
		},
		{
			kind: 'grader resource',
			operation: 'grader.validate',
			parameters: multi([]),
			field: 'Grader Graders',
			problem: 'add at least one grader',
		},
		...pythonGraderRows().map((row) => ({ ...row, operation: 'grader.validate' })),
	];
}

/** Every generated row. */
export function generatedBadInputs(): BadInput[] {
	return [
		...controlCharacterRows(),
		...notTextRows(),
		...booleanRows(),
		...numberRows(),
		...suffixRows(),
		...metadataRows(),
		...datedVersionRows(),
		...noValidationFileRows(),
		...pythonGraderRows(),
		...modelMethodRows(),
		...contentRows(),
		...graderResourceRows(),
	];
}

/** Every display name of `properties`, at any depth (collections, fixed collections and their values). */
export function displayNames(properties: readonly INodeProperties[]): Set<string> {
	const names = new Set<string>();
	const visit = (property: INodeProperties | INodePropertyCollection) => {
		names.add(property.displayName);
		const nested = 'values' in property ? property.values : (property as INodeProperties).options;
		for (const option of nested ?? []) {
			if (typeof option === 'object' && option && 'displayName' in option)
				visit(option as INodeProperties | INodePropertyCollection);
		}
	};
	properties.forEach(visit);
	return names;
}

/**
 * Whether `field` (a message's field path, e.g. `Grader Graders › a › Input`) names fields the editor shows: every
 * segment is a display name of the node or its credential, optionally after `Grader ` (the grader's fields sit under
 * Grader Type), an item number `#2`, a metadata value `Value ("key")`, or the key of a multi grader's entry.
 */
export function namesEditorField(
	field: string,
	node: readonly INodeProperties[],
	credential: ICredentialType,
): boolean {
	const names = new Set([...displayNames(node), ...displayNames(credential.properties)]);
	const segments = field.split(' › ');
	return segments.every(
		(segment, index) =>
			names.has(segment) ||
			names.has(segment.replace(/^Grader /, '')) ||
			/^#\d+$/.test(segment) ||
			/^Value \(".*"\)$/.test(segment) ||
			(index > 0 && segments[index - 1].endsWith('Graders')),
	);
}
