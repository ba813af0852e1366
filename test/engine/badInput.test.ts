/**
 * Bad-input table: bad values for every field of every operation and of the credential, run through n8n-core's
 * WorkflowExecute against the emulator. Each must be refused with a message naming the field as the editor shows it,
 * and the emulator's request log must show that nothing was sent (for the content checks of Check Files First: that
 * the files were read and no job was created). The listed rows below are written by hand; test/support/badInputs.ts
 * generates the rest, every kind of bad value × every field it applies to. Values an n8n user can only produce with an
 * expression (objects where text is expected, IDs with `/`, `..`, `?`, `#`, spaces) are given as expressions: n8n's own
 * regex check stops such literal By-ID values before the run (one literal row shows that too).
 */
import type { INodeParameters } from 'n8n-workflow';
import { readFileSync } from 'fs';
import { join } from 'path';

import { AzureAiFoundryApi } from '../../credentials/AzureAiFoundryApi.credentials';
import { AzureAiFoundryFineTuning } from '../../nodes/AzureAiFoundryFineTuning/AzureAiFoundryFineTuning.node';
import { DUPLICATE_MARKER_FIELD } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/duplicateJob';
import { MAX_JSON_DEPTH } from '../../nodes/shared/validation';
import {
	displayNames,
	expr,
	extra,
	filters,
	generatedBadInputs,
	hyper,
	long,
	metadata,
	multi,
	namesEditorField,
	reinforcement,
	responseFormat,
	scoreModel,
	subGrader,
	type BadInput,
	type BenchFiles,
} from '../support/badInputs';
import { byId, startBench, trainingJsonl, type Bench } from '../support/faultRun';
import { fileItem } from '../support/fileHarness';
import { GRADER_CASES, graderParameters, ITEM } from '../support/graderCases';
import { runNode, type CredentialData } from '../support/engine';

/** A string-check grader in the Grader resource's fields. */
const VALID_GRADER = graderParameters(GRADER_CASES.string_check);

/** Parameters with which each operation runs (all valid). */
const VALID: Record<string, INodeParameters> = {
	'job.create': {
		model: byId('gpt-4.1-mini-2025-04-14'),
		trainingFile: byId('file-abc123'),
		methodType: 'supervised',
	},
	'job.list': { returnAll: false, limit: 5 },
	'file.upload': { purpose: 'fine-tune' },
	'grader.validate': VALID_GRADER,
	'grader.run': { ...VALID_GRADER, modelSample: 'Paris', item: JSON.stringify(ITEM) },
	'file.check': {},
	'file.list': { purposeFilter: 'fine-tune', returnAll: false, limit: 5 },
	'file.download': { fileId: byId('file-abc123'), output: 'binary' },
	...Object.fromEntries(
		['get', 'cancel', 'pause', 'resume', 'listEvents', 'listCheckpoints', 'getMetrics'].map(
			(op) => [`job.${op}`, { jobId: byId('ftjob-abc123') }],
		),
	),
	...Object.fromEntries(
		['get', 'delete'].map((op) => [`file.${op}`, { fileId: byId('file-abc123') }]),
	),
};

/**
 * With Method or Grader Type given by an expression n8n cannot tell which fields are shown, so it requires every
 * required field any choice would show before it runs the node: these fill them.
 */
const anyMethod: INodeParameters = {
	graderName: 'g',
	graderModel: 'o3-mini-2025-01-31',
	graderCalculateOutput: 'a',
};

/** The rows written by hand (without a kind; they count as "listed"). */
const LISTED: Array<Omit<BadInput, 'kind'>> = [
	// Credential
	{
		operation: 'job.get',
		credential: { endpoint: 'https://user:secret@res.openai.azure.com' },
		field: 'Endpoint',
		problem: 'must not contain a user name or password',
	},
	{
		operation: 'job.get',
		credential: { endpoint: 'https://res.openai.azure.com/?api-version=2024-10-21' },
		field: 'Endpoint',
		problem: 'must not contain a query',
	},
	{
		operation: 'job.get',
		credential: { endpoint: 'https://res.openai.azure.com/openai/v1#keys' },
		field: 'Endpoint',
		problem: 'must not contain a fragment',
	},
	{
		operation: 'job.get',
		credential: { endpoint: 'http://res.openai.azure.com' },
		field: 'Endpoint',
		problem: 'plain http is not allowed',
	},
	{
		operation: 'job.get',
		credential: { endpoint: 'http://localhost.attacker.example' },
		field: 'Endpoint',
		problem: 'plain http is not allowed',
	},
	{
		operation: 'job.get',
		credential: { endpoint: 'ftp://res.openai.azure.com' },
		field: 'Endpoint',
		problem: 'must start with https://',
	},
	{
		operation: 'job.get',
		credential: { endpoint: 'res.openai.azure.com' },
		field: 'Endpoint',
		problem: 'is not a URL',
	},
	{ operation: 'job.get', credential: { endpoint: '' }, field: 'Endpoint', problem: 'is required' },
	{ operation: 'job.get', credential: { apiKey: '' }, field: 'API Key', problem: 'is required' },
	{ operation: 'job.get', credential: { apiKey: '   ' }, field: 'API Key', problem: 'is required' },
	{
		operation: 'job.get',
		credential: { apiKey: 'canary-7f3a9c1e\ndo-not-leak' },
		field: 'API Key',
		problem: 'must be one line',
	},
	{
		operation: 'job.get',
		credential: { apiKey: 'canary-7f3a9c1e do-not-leak' },
		field: 'API Key',
		problem: 'must be one line',
	},
	{
		operation: 'job.get',
		credential: { apiVersion: 'v2' },
		field: 'API Version',
		problem: 'must be one of v1, preview, dated',
	},
	{
		operation: 'job.get',
		credential: { apiVersion: 'dated', datedApiVersion: 'latest' },
		field: 'Dated API Version',
		problem: 'must look like 2024-10-21',
	},
	{
		operation: 'job.get',
		credential: { apiVersion: 'dated', datedApiVersion: '2024-10' },
		field: 'Dated API Version',
		problem: 'must look like 2024-10-21',
	},
	{
		operation: 'job.get',
		credential: { apiVersion: 'dated', datedApiVersion: '2025-13-45' },
		field: 'Dated API Version',
		problem: '2025-13-45 is not a date',
	},
	{
		operation: 'job.get',
		credential: { apiVersion: 'dated', datedApiVersion: '2025-02-29-preview' },
		field: 'Dated API Version',
		problem: '2025-02-29 is not a date',
	},

	// Job → Create: model and files
	{
		operation: 'job.create',
		parameters: { model: byId(expr('{ a: 1 }')) },
		field: 'Model',
		problem: 'must be text, but the value is an object',
	},
	{
		operation: 'job.create',
		parameters: { model: byId(expr('"gpt 4.1"')) },
		field: 'Model',
		problem: 'may only contain a model name without spaces',
	},
	{
		operation: 'job.create',
		parameters: { model: byId(expr('"gpt-4.1/../files"')) },
		field: 'Model',
		problem: 'may only contain',
	},
	{
		operation: 'job.create',
		parameters: { model: byId(long(257)) },
		field: 'Model',
		problem: 'must be at most 256 characters (got 257)',
	},
	{
		operation: 'job.create',
		parameters: { model: byId('') },
		field: 'Model',
		problem: 'Parameter "Model" is required',
		beforeRun: true,
	},
	{
		operation: 'job.create',
		parameters: { model: byId(expr('"  "')) },
		field: 'Model',
		problem: 'is required',
	},
	{
		operation: 'job.create',
		parameters: { trainingFile: byId(expr('"file-abc/../../fine_tuning/jobs"')) },
		field: 'Training File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.create',
		parameters: { trainingFile: byId(expr('"file abc"')) },
		field: 'Training File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.create',
		parameters: { trainingFile: byId(expr('["file-abc"]')) },
		field: 'Training File',
		problem: 'must be text, but the value is a list',
	},
	{
		operation: 'job.create',
		parameters: { validationFile: byId(expr('"file-abc?purpose=batch"')) },
		field: 'Validation File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.create',
		parameters: { validationFile: byId(expr('"file-abc#x"')) },
		field: 'Validation File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.create',
		parameters: { ...anyMethod, methodType: expr('"sft"') },
		field: 'Method',
		problem: 'must be one of supervised, dpo, reinforcement',
	},
	// Job → Create: hyperparameters
	{
		operation: 'job.create',
		parameters: hyper('supervised', { batchSize: 'custom', batchSizeValue: 0 }),
		field: 'Hyperparameters › Batch Size Value',
		problem: 'must be an integer from 1 to 256 (got 0)',
	},
	{
		operation: 'job.create',
		parameters: hyper('supervised', { batchSize: 'custom', batchSizeValue: expr('"eight"') }),
		field: 'Hyperparameters › Batch Size Value',
		problem: 'must be an integer',
	},
	{
		operation: 'job.create',
		parameters: hyper('supervised', {
			learningRateMultiplier: 'custom',
			learningRateMultiplierValue: 0,
		}),
		field: 'Hyperparameters › Learning Rate Multiplier Value',
		problem: 'greater than 0',
	},
	{
		operation: 'job.create',
		parameters: hyper('supervised', { nEpochs: 'custom', nEpochsValue: 1.5 }),
		field: 'Hyperparameters › Epochs Value',
		problem: 'must be an integer from 1 to 50 (got 1.5)',
	},
	{
		operation: 'job.create',
		parameters: hyper('supervised', { nEpochs: 'custom', nEpochsValue: 51 }),
		field: 'Hyperparameters › Epochs Value',
		problem: '(got 51)',
	},
	{
		operation: 'job.create',
		parameters: hyper('supervised', { nEpochs: expr('"many"') }),
		field: 'Hyperparameters › Epochs',
		problem: 'must be Auto or Custom Value',
	},
	{
		operation: 'job.create',
		parameters: { methodType: 'dpo', ...hyper('dpo', { beta: 'custom', betaValue: 3 }) },
		field: 'Hyperparameters › Beta Value',
		problem: 'at most 2 (got 3)',
	},
	{
		operation: 'job.create',
		parameters: {
			...reinforcement({}),
			...hyper('reinforcement', { computeMultiplier: 'custom', computeMultiplierValue: 11 }),
		},
		field: 'Hyperparameters › Compute Multiplier Value',
		problem: '(got 11)',
	},
	{
		operation: 'job.create',
		parameters: {
			...reinforcement({}),
			...hyper('reinforcement', { evalSamples: 'custom', evalSamplesValue: expr('-1') }),
		},
		field: 'Hyperparameters › Eval Samples Value',
		problem: '(got -1)',
	},
	{
		operation: 'job.create',
		parameters: {
			...reinforcement({}),
			...hyper('reinforcement', { reasoningEffort: expr('"extreme"') }),
		},
		field: 'Hyperparameters › Reasoning Effort',
		problem: 'must be one of default, low, medium, high',
	},
	{
		operation: 'job.create',
		// Hidden for DPO in the editor (n8n drops it); with Method from an expression n8n keeps it.
		parameters: {
			...anyMethod,
			methodType: expr('"dpo"'),
			...extra({ deprecatedHyperparameters: { values: { nEpochs: 'auto' } } }),
		},
		field: 'Hyperparameters (Deprecated)',
		problem: 'only apply to the supervised method',
	},
	// Job → Create: grader and response format
	{
		operation: 'job.create',
		parameters: reinforcement({ ...anyMethod, graderType: expr('"label_model"') }),
		field: 'Grader Type',
		problem: 'must be one of string_check',
	},
	{
		operation: 'job.create',
		parameters: reinforcement({ graderName: '' }),
		field: 'Grader Name',
		problem: 'Parameter "Grader Name" is required',
		beforeRun: true,
	},
	{
		operation: 'job.create',
		parameters: reinforcement({ graderName: expr('""') }),
		field: 'Grader Name',
		problem: 'is required',
	},
	{
		operation: 'job.create',
		parameters: reinforcement({ graderInput: expr('{ text: "x" }') }),
		field: 'Grader Input',
		problem: 'must be text',
	},
	{
		operation: 'job.create',
		parameters: reinforcement({ graderReference: expr('["a", "b"]') }),
		field: 'Grader Reference',
		problem: 'must be text, but the value is a list',
	},
	{
		operation: 'job.create',
		parameters: reinforcement({ graderOperation: expr('"contains"') }),
		field: 'Grader Comparison',
		problem: 'must be one of eq, ne, like, ilike',
	},
	{
		operation: 'job.create',
		parameters: reinforcement({
			graderType: 'text_similarity',
			graderEvaluationMetric: expr('"cosine"'),
		}),
		field: 'Grader Evaluation Metric',
		problem: 'must be one of fuzzy_match',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({}, []),
		field: 'Grader Input Messages',
		problem: 'add at least one message',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ temperature: 3 }),
		field: 'Grader Score Model Options › Temperature',
		problem: 'must be a number from 0 to 2 (got 3)',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ rangeMin: 5, rangeMax: 1 }),
		field: 'Grader Score Model Options › Range Max',
		problem: 'must be greater than Range Min',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ maxCompletionsTokens: 0 }),
		field: 'Grader Score Model Options › Max Completions Tokens',
		problem: '(got 0)',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ topP: 2 }),
		field: 'Grader Score Model Options › Top P',
		problem: 'must be a number from 0 to 1 (got 2)',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ seed: -1 }),
		field: 'Grader Score Model Options › Seed',
		problem: '(got -1)',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ reasoningEffort: expr('"max"') }),
		field: 'Grader Score Model Options › Reasoning Effort',
		problem: 'must be one of minimal, low, medium, high',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({ rangeMin: 0 }),
		field: 'Grader Score Model Options › Range Max',
		problem: 'set both Range Min and Range Max',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({}, [{ role: expr('"bot"'), content: 'x' }]),
		field: 'Grader Input Messages › #1 › Role',
		problem: 'must be one of system, developer, user, assistant',
	},
	{
		operation: 'job.create',
		parameters: scoreModel({}, [{ role: 'user', content: expr('" "') }]),
		field: 'Grader Input Messages › #1 › Content',
		problem: 'is required',
	},
	{
		operation: 'job.create',
		parameters: multi([]),
		field: 'Grader Graders',
		problem: 'add at least one grader',
	},
	{
		operation: 'job.create',
		parameters: multi([subGrader('a'), subGrader('a')]),
		field: 'Grader Graders › Key',
		problem: '"a" is used twice',
	},
	{
		operation: 'job.create',
		parameters: multi([subGrader(long(65))]),
		field: 'Grader Graders › #1 › Key',
		problem: 'must be at most 64 characters',
	},
	{
		operation: 'job.create',
		parameters: multi([{ ...subGrader('a'), model: 'o3-mini', type: expr('"multi"') }]),
		field: 'Grader Graders › a › Type',
		problem: 'must be one of string_check, text_similarity, score_model',
	},
	{
		operation: 'job.create',
		parameters: { ...multi([subGrader('a')]), graderCalculateOutput: expr('""') },
		field: 'Grader Calculate Output',
		problem: 'is required',
	},
	{
		operation: 'job.create',
		parameters: responseFormat({ schema: '{"type": object}' }),
		field: 'Response Format › Schema',
		problem: 'is not valid JSON',
	},
	{
		operation: 'job.create',
		parameters: responseFormat({ schema: '[1, 2]' }),
		field: 'Response Format › Schema',
		problem: 'must be a JSON object',
	},
	{
		operation: 'job.create',
		parameters: responseFormat({ schema: expr('42') }),
		field: 'Response Format › Schema',
		problem: 'must be a JSON object',
	},
	{
		operation: 'job.create',
		// Used to reach the transport and fail as "No answer from Azure: Maximum call stack size exceeded".
		parameters: responseFormat({ schema: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` }),
		field: 'Response Format › Schema',
		problem: `is nested more than ${MAX_JSON_DEPTH} levels deep`,
	},
	{
		operation: 'job.create',
		parameters: responseFormat({ name: 'my schema' }),
		field: 'Response Format › Name',
		problem: 'may only contain letters, digits, _ and -',
	},
	// Job → Create: additional fields
	{
		operation: 'job.create',
		parameters: extra({ suffix: long(65) }),
		field: 'Suffix',
		problem: 'must be at most 40 characters (got 65)',
	},
	{
		operation: 'job.create',
		parameters: extra({ suffix: expr('{ a: 1 }') }),
		field: 'Suffix',
		problem: 'must be text, but the value is an object',
	},
	{
		operation: 'job.create',
		parameters: extra({ seed: expr('"abc"') }),
		field: 'Seed',
		problem: 'must be an integer from 0 to 2147483647 (got "abc")',
	},
	{
		operation: 'job.create',
		parameters: extra({ seed: 2147483648 }),
		field: 'Seed',
		problem: '(got 2147483648)',
	},
	{
		operation: 'job.create',
		parameters: metadata(long(65), 'v'),
		field: 'Metadata › Key',
		problem: 'must be at most 64 characters',
	},
	{
		operation: 'job.create',
		parameters: metadata('team', long(513)),
		field: 'Metadata › Value ("team")',
		problem: 'must be at most 512 characters',
	},
	{
		operation: 'job.create',
		parameters: metadata('team', expr('{ a: 1 }')),
		field: 'Metadata › Value ("team")',
		problem: 'must be text',
	},
	{
		operation: 'job.create',
		parameters: metadata(DUPLICATE_MARKER_FIELD, 'mine'),
		field: 'Metadata › Key',
		problem: 'is set by the node itself',
	},
	{
		operation: 'job.create',
		parameters: extra({ integrations: { wandb: [{ project: '' }] } }),
		field: 'Integrations › Weights & Biases › Project',
		problem: 'is required',
	},
	{
		operation: 'job.create',
		parameters: extra({ integrations: { wandb: [{ project: 'p', tags: `ok, ${long(65)}` }] } }),
		field: 'Integrations › Weights & Biases › Tags',
		problem: 'at most 64',
	},
	{
		operation: 'job.create',
		parameters: extra({
			integrations: { wandb: [{ project: 'p', entity: expr('{ team: "a" }') }] },
		}),
		field: 'Integrations › Weights & Biases › Entity',
		problem: 'must be text',
	},
	{
		operation: 'job.create',
		parameters: extra({ integrations: { wandb: [{ project: 'p', name: expr('["run"]') }] } }),
		field: 'Integrations › Weights & Biases › Run Name',
		problem: 'must be text',
	},
	{
		operation: 'job.create',
		parameters: extra({ trainingType: expr('"premium"') }),
		field: 'Training Type',
		problem: 'must be one of Standard',
	},

	// Job → by-ID operations
	{
		operation: 'job.get',
		parameters: { jobId: byId(expr('"ftjob-abc/../../files"')) },
		field: 'Fine-Tuning Job',
		problem:
			'must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only), got',
	},
	// Typed in By ID mode: n8n's own check of the locator's regex, shown under the field in the UI.
	{
		operation: 'job.get',
		parameters: { jobId: byId('ftjob-abc/../../files') },
		field: 'Fine-Tuning Job',
		problem: 'must be a fine-tuning job ID such as ftjob-abc123',
		beforeRun: true,
	},
	{
		operation: 'job.cancel',
		parameters: { jobId: byId(expr('"ftjob-abc?x=1"')) },
		field: 'Fine-Tuning Job',
		problem:
			'must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.pause',
		parameters: { jobId: byId(expr('"ftjob-abc#x"')) },
		field: 'Fine-Tuning Job',
		problem:
			'must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.resume',
		parameters: { jobId: byId(expr('"ftjob abc"')) },
		field: 'Fine-Tuning Job',
		problem:
			'must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.listEvents',
		parameters: { jobId: byId(expr('".."')) },
		field: 'Fine-Tuning Job',
		problem:
			'must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'job.listCheckpoints',
		parameters: { jobId: byId(expr('{ id: "ftjob-abc" }')) },
		field: 'Fine-Tuning Job',
		problem: 'must be text, but the value is an object',
	},
	{
		operation: 'job.getMetrics',
		parameters: { jobId: byId(expr('""')) },
		field: 'Fine-Tuning Job',
		problem: 'is required',
	},
	{
		operation: 'job.getMetrics',
		parameters: { jobId: byId(long(257)) },
		field: 'Fine-Tuning Job',
		problem: 'must be at most 256 characters',
	},
	{
		operation: 'job.listEvents',
		parameters: { limit: 0 },
		field: 'Limit',
		problem: 'must be an integer at least 1 (got 0)',
	},
	{
		operation: 'job.listCheckpoints',
		parameters: { limit: expr('"ten"') },
		field: 'Limit',
		problem: '(got "ten")',
	},

	// Job → List
	{ operation: 'job.list', parameters: { limit: 1.5 }, field: 'Limit', problem: '(got 1.5)' },
	{
		operation: 'job.list',
		parameters: filters({ createdAfter: 'yesterday' }),
		field: 'Created After',
		problem: 'must be a date',
	},
	{
		operation: 'job.list',
		parameters: filters({ createdAfter: expr('{ a: 1 }') }),
		field: 'Created After',
		problem: 'must be a date',
	},
	{
		operation: 'job.list',
		parameters: filters({ statuses: expr('[1, 2]') }),
		field: 'Statuses',
		problem: 'must be status names',
	},
	{
		operation: 'job.list',
		parameters: filters({ metadata: { pairs: [{ key: '', value: 'x' }] } }),
		field: 'Metadata › Key',
		problem: 'is required',
	},
	{
		operation: 'job.list',
		parameters: filters({ suffix: expr('{ a: 1 }') }),
		field: 'Suffix',
		problem: 'must be text',
	},

	// File → Upload and Check Training Data
	{
		operation: 'file.upload',
		parameters: { purpose: expr('"training"') },
		field: 'Purpose',
		problem: 'must be one of fine-tune, assistants, batch, evals',
	},
	{
		operation: 'file.upload',
		parameters: { fileName: expr('"a\\nb.jsonl"') },
		field: 'File Name',
		problem: 'must be one line without tabs or other control characters (found a line break',
	},
	{
		operation: 'file.upload',
		parameters: { fileName: `${long(252)}.jsonl` },
		field: 'File Name',
		problem: 'must be at most 255 characters',
	},
	{
		operation: 'file.upload',
		parameters: { fileName: expr('{ name: "a.jsonl" }') },
		field: 'File Name',
		problem: 'must be text',
	},
	{
		operation: 'file.upload',
		parameters: { binaryPropertyName: expr('{ a: 1 }') },
		field: 'Input Binary Field',
		problem: 'must be text',
	},
	{
		operation: 'file.upload',
		parameters: { binaryPropertyName: '' },
		field: 'Input Binary Field',
		problem: 'Parameter "Input Binary Field" is required',
		beforeRun: true,
	},
	{
		operation: 'file.upload',
		parameters: { binaryPropertyName: expr('""') },
		field: 'Input Binary Field',
		problem: 'is required',
	},
	{
		operation: 'file.upload',
		parameters: { binaryPropertyName: 'file' },
		field: 'Input Binary Field',
		problem: 'the input item has no binary field "file"; its binary fields: "data"',
	},
	{
		operation: 'file.check',
		parameters: { binaryPropertyName: 'attachment' },
		field: 'Input Binary Field',
		problem: 'the input item has no binary field "attachment"; its binary fields: "data"',
	},
	{
		operation: 'file.upload',
		parameters: { trainingMethod: expr('"rlhf"') },
		field: 'Fine-Tuning Method',
		problem: 'must be one of supervised, dpo, reinforcement',
	},
	{
		operation: 'file.upload',
		parameters: { options: { waitUntilProcessed: true, maxWaitSeconds: 7201 } },
		field: 'Max Wait (Seconds)',
		problem: '(got 7201)',
	},
	{
		operation: 'file.upload',
		parameters: { options: { waitUntilProcessed: true, maxWaitSeconds: expr('"soon"') } },
		field: 'Max Wait (Seconds)',
		problem: 'must be an integer from 1 to 7200',
	},
	{
		operation: 'file.check',
		parameters: { trainingMethod: expr('5') },
		field: 'Fine-Tuning Method',
		problem: '(got 5)',
	},
	{
		operation: 'file.check',
		parameters: { binaryPropertyName: '   ' },
		field: 'Input Binary Field',
		problem: 'is required',
	},

	// File → List, Get, Delete, Download Content
	{
		operation: 'file.list',
		parameters: { purposeFilter: expr('"results"') },
		field: 'Purpose',
		problem: 'must be empty (any) or one of fine-tune',
	},
	{ operation: 'file.list', parameters: { limit: -1 }, field: 'Limit', problem: '(got -1)' },
	{
		operation: 'file.list',
		parameters: { returnAll: expr('"yes"') },
		field: 'Return All',
		problem: 'must be true or false (got "yes")',
	},
	{
		operation: 'job.list',
		parameters: { returnAll: expr('1') },
		field: 'Return All',
		problem: 'must be true or false (got 1)',
	},
	{
		operation: 'file.get',
		parameters: { fileId: byId(expr('"file-abc/content"')) },
		field: 'File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'file.delete',
		parameters: { fileId: byId(expr('"../fine_tuning/jobs"')) },
		field: 'File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'file.download',
		parameters: { fileId: byId(expr('"file-abc?x=1"')) },
		field: 'File',
		problem: 'must be a file ID such as file-abc123 (letters, digits, - _ . : only), got',
	},
	{
		operation: 'file.download',
		parameters: { output: expr('"csv"') },
		field: 'Output',
		problem: 'must be one of binary, rows',
	},
	{
		operation: 'file.download',
		parameters: { binaryPropertyName: '' },
		field: 'Put Output File in Field',
		problem: 'Parameter "Put Output File in Field" is required',
		beforeRun: true,
	},
	{
		operation: 'file.download',
		parameters: { binaryPropertyName: expr('" "') },
		field: 'Put Output File in Field',
		problem: 'is required',
	},
];

/** The whole table: the listed rows and the generated ones. */
const CATALOGUE: BadInput[] = [
	...LISTED.map((input) => ({ ...input, kind: 'listed' })),
	...generatedBadInputs(),
];

const NODE = new AzureAiFoundryFineTuning().description.properties;
const CREDENTIAL = new AzureAiFoundryApi();
const CREDENTIAL_FIELDS = displayNames(CREDENTIAL.properties);

/** What the run showed, per row, for the printed counts. */
const tally = {
	rows: 0,
	requests: 0,
	fileReads: 0,
	creates: 0,
	notRefused: 0,
	withoutEditorName: 0,
	byKind: {} as Record<string, number>,
};

let bench: Bench;
let files: BenchFiles;

/** Uploads `content` as a fine-tune file and returns its ID (processed after the next emulator step). */
async function upload(content: string, filename: string): Promise<string> {
	const form = new FormData();
	form.append('purpose', 'fine-tune');
	form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
	const response = await fetch(`${bench.emu.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': bench.emu.apiKey },
		body: form,
	});
	return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
	bench = await startBench();
	const fixture = (name: string) =>
		readFileSync(join(__dirname, '..', 'fixtures', 'training', name), 'utf8');
	files = {
		chat: bench.trainingFile,
		dpo: await upload(fixture('dpo-valid.jsonl'), 'dpo.jsonl'),
		rft: await upload(fixture('rft-valid.jsonl'), 'rft.jsonl'),
	};
	bench.emu.step();
});
afterAll(async () => {
	const kinds = Object.entries(tally.byKind)
		.map(([kind, count]) => `${kind} ${count}`)
		.join(', ');
	console.log(
		`Bad-input table: ${tally.rows} inputs (${kinds}); ${tally.requests} requests reached the emulator ` +
			`(${tally.fileReads} file reads of the content checks, ${tally.creates} creates); ` +
			`${tally.notRefused} not refused; ${tally.withoutEditorName} messages without the field's editor name`,
	);
	await bench.close();
});
beforeEach(() => bench.emu.clearRequests());

/** The message (and description) a bad input ends in: the run's error, or what n8n threw before the run. */
async function refusal(input: BadInput): Promise<{ message: string; description: string }> {
	const [resource, operation] = input.operation.split('.');
	const extraParameters =
		typeof input.parameters === 'function' ? input.parameters(files) : input.parameters;
	const parameters = { resource, operation, ...VALID[input.operation], ...extraParameters };
	const credentials: CredentialData = { ...bench.credentials, ...input.credential };
	const items = resource === 'file' ? [fileItem(trainingJsonl(10))] : undefined;
	if (input.beforeRun) {
		const thrown = await runNode(parameters, credentials, { items }).then(
			() => undefined,
			(error: Error) => error,
		);
		return { message: thrown?.message ?? '(not refused)', description: '' };
	}
	const { error } = await runNode(parameters, credentials, { items });
	return {
		message: error?.message ?? '(not refused)',
		description: (error as { description?: string } | undefined)?.description ?? '',
	};
}

/** Whether the message names the row's field the way the row expects (and the field is one the editor shows). */
function namesField(input: BadInput, message: string): boolean {
	if (!namesEditorField(input.field, NODE, CREDENTIAL)) return false;
	if (CREDENTIAL_FIELDS.has(input.field)) return message.includes(`Credential "${input.field}"`);
	if (input.beforeRun) return message.toLowerCase().includes(input.field.toLowerCase());
	return message.startsWith(`${input.field}: `);
}

test('the table covers every operation, every kind, and at least 1,000 inputs', () => {
	expect(CATALOGUE.length).toBeGreaterThanOrEqual(1000);
	expect(new Set(CATALOGUE.map((input) => input.operation))).toEqual(new Set(Object.keys(VALID)));
	expect(new Set(CATALOGUE.map((input) => input.kind))).toEqual(
		new Set([
			'listed',
			'control character',
			'not text',
			'not a boolean',
			'bad number',
			'suffix rule',
			'metadata from an expression',
			'dated API version',
			'reinforcement without validation file',
			'python grader',
			'model and method',
			'file content',
			'grader field missing in data',
			'grader resource',
		]),
	);
});

test('every field a row names is one the editor shows', () => {
	const unknown = CATALOGUE.filter((input) => !namesEditorField(input.field, NODE, CREDENTIAL));
	expect(unknown.map((input) => input.field)).toEqual([]);
});

test.each(
	CATALOGUE.map(
		(input) =>
			[
				`${input.kind}: ${input.operation} › ${input.field}: ${String(input.problem)}`,
				input,
			] as const,
	),
)('%s', async (_, input) => {
	const { message, description } = await refusal(input);
	const requests = bench.emu.requests;
	const creates = requests.filter(
		(request) => request.method === 'POST' && request.path.endsWith('/fine_tuning/jobs'),
	);
	tally.rows++;
	tally.byKind[input.kind] = (tally.byKind[input.kind] ?? 0) + 1;
	tally.requests += requests.length;
	tally.creates += creates.length;
	if (message === '(not refused)') tally.notRefused++;
	if (!namesField(input, message)) tally.withoutEditorName++;
	if (input.readsFiles) {
		tally.fileReads += requests.length;
		expect(
			requests.every((request) => request.method === 'GET' && /\/files\//.test(request.path)),
		).toBe(true);
	} else {
		expect(requests).toEqual([]);
	}
	expect(creates).toEqual([]);
	expect(namesField(input, message)).toBe(true);
	const text = `${message} ${description}`;
	if (input.problem instanceof RegExp) expect(text).toMatch(input.problem);
	else expect(text).toContain(input.problem);
	expect(message).not.toContain('[object Object]');
});
