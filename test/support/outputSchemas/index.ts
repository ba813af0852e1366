/**
 * The nodes' output schemas (`nodes/<Node>/__schema__/…`), generated, never written by hand: what n8n's editor shows
 * in the input panel before a node has run (paths: paths.ts; form: compact.ts).
 *
 * Mechanically from the API's own descriptions, as the emulator serves them: an operation's output is the 200 answer
 * of its API operation, or one entry of that list, in test/fixtures/azure-fine-tuning.openapi.yaml (with the grader
 * operations merged in: `loadSpec` of test/emulator/spec.ts) or, for deployments, test/fixtures/deployments.arm.json.
 * Azure's documented deviations from its spec come from the jobs the emulator makes (`newJob`). Where the node builds
 * the output itself, its own code makes the samples the schema is inferred from (Get Metrics: `parseResultsCsv` of
 * the emulator's results.csv; Check Training Data: `reportSummary` of the checker's reports; the trigger: `toItem`).
 *
 * `npm run generate:schemas` (scripts/generate-schemas.ts) writes them; test/unit/outputSchemas.test.ts fails when the
 * committed files differ from what this generates, or when an operation of a node has no entry in {@link OUTPUTS}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { AzureAiFoundryFineTuning } from '../../../nodes/AzureAiFoundryFineTuning/AzureAiFoundryFineTuning.node';
import { reportSummary } from '../../../nodes/AzureAiFoundryFineTuning/actions/file/inputFile';
import { parseResultsCsv } from '../../../nodes/AzureAiFoundryFineTuning/actions/file/resultsCsv';
import {
	checkTrainingData,
	type TrainingMethod,
} from '../../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';
import { AzureAiFoundryFineTuningTrigger } from '../../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import { toItem } from '../../../nodes/AzureAiFoundryFineTuningTrigger/filters';
import { ARM_SPEC_FILE } from '../../emulator/arm/spec';
import { chatCompletion } from '../../emulator/inference';
import { runGrader } from '../../emulator/graders';
import { newJob } from '../../emulator/job-factory';
import { resultsCsv } from '../../emulator/lifecycle';
import { loadSpec } from '../../emulator/spec';
import { GRADER_CASES, ITEM } from '../graderCases';
import {
	fromSamples,
	fromSpec,
	nullableProperties,
	settled,
	unite,
	type OutputSchema,
} from './compact';
import { operationsOf, schemaPath, versionsOf } from './paths';

export type { OutputSchema } from './compact';
export * from './paths';

const REPO_ROOT = join(__dirname, '..', '..', '..');

type Json = Record<string, any>;
type Source = () => OutputSchema;

const loaded = new Map<string, Json>();
/** The fine-tuning (and grader) operations, as the emulator serves them. */
const fineTuningSpec = (): Json => loaded.get('v1') ?? loaded.set('v1', loadSpec()).get('v1')!;
/** Azure Resource Manager's deployment operations (Swagger 2.0). */
const armSpec = (): Json =>
	loaded.get('arm') ??
	loaded.set('arm', JSON.parse(readFileSync(ARM_SPEC_FILE, 'utf8')) as Json).get('arm')!;

/** The JSON schema of the 200 (or 201) answer of `operationId` in an OpenAPI 3 or Swagger 2 document. */
function answerSchema(doc: Json, operationId: string): Json {
	for (const pathItem of Object.values<Json>(doc.paths)) {
		for (const operation of Object.values<Json>(pathItem)) {
			if (operation?.operationId !== operationId) continue;
			const answer = operation.responses?.['200'] ?? operation.responses?.['201'];
			const schema = answer?.content?.['application/json']?.schema ?? answer?.schema;
			if (!schema) throw new Error(`${operationId} answers no JSON body`);
			return schema as Json;
		}
	}
	throw new Error(`No operation ${operationId} in the spec`);
}

/** The node outputs the API's answer to `operationId` (of the fine-tuning API, or `doc`) as it is (one item). */
const answer =
	(operationId: string, doc = fineTuningSpec): Source =>
	() =>
		fromSpec(doc(), answerSchema(doc(), operationId));

/** The node outputs each entry of the `field` list of the answer to `operationId` as an item. */
const entryOf =
	(operationId: string, field = 'data', doc = fineTuningSpec): Source =>
	() => {
		const items = answer(operationId, doc)().properties?.[field]?.items;
		if (!items) throw new Error(`The answer to ${operationId} has no list "${field}"`);
		return items;
	};

/** The node outputs values like `samples()` (what the node's or the emulator's code produces). */
const like =
	(samples: () => unknown[]): Source =>
	() =>
		fromSamples(samples());

/**
 * A fine-tuning job as Azure serves it (docs/azure-api.md#azure-and-its-spec): the spec's job united with jobs the
 * emulator makes (`newJob`), which carry Azure's deviations: `null` where the spec does not allow it
 * (`organization_id`, `result_files`, `method`), the suffix as `suffix`, the echoed `trainingType`. (No sample has
 * `metadata`: a map's keys are not fields.)
 */
const azureJob =
	(source: Source): Source =>
	() =>
		unite(
			source(),
			fromSamples([
				newJob({ model: 'gpt-4.1-mini-2025-04-14', training_file: 'file-sample' }, 0),
				newJob(
					{
						model: 'gpt-4.1-mini-2025-04-14',
						training_file: 'file-sample',
						suffix: 'nightly',
						trainingType: 'GlobalStandard',
					},
					0,
				),
			]),
		);

/** `source` with the fields the node adds to it, inferred from `samples()` of them. */
const withAdded =
	(source: Source, samples: () => unknown[]): Source =>
	() =>
		unite(source(), fromSamples(samples()));

const TRAINING_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'training', 'chat-valid.jsonl');

/** A training example that passes with a warning: it ends with a user message, which is not trained on. */
const UNTRAINED_TAIL = JSON.stringify({
	messages: [
		{ role: 'user', content: 'Question' },
		{ role: 'assistant', content: 'Answer' },
		{ role: 'user', content: 'Follow-up' },
	],
});

/**
 * What Check Training Data outputs (file/check.operation.ts: the summary plus `fileName` and `method`) for a valid
 * file with a name and an invalid one (errors and a warning) without, so the filled and the empty forms of each field
 * are seen.
 */
function trainingDataChecks(): Json[] {
	const method: TrainingMethod = 'supervised';
	const check = (bytes: Buffer, fileName: string | null) => ({
		...reportSummary(checkTrainingData(bytes, { method })),
		fileName,
		method,
	});
	return [
		check(readFileSync(TRAINING_FIXTURE), 'chat-valid.jsonl'),
		check(Buffer.from(`${UNTRAINED_TAIL}\nnot json\n`), null),
	];
}

/** A deployment the emulator's inference endpoint treats as serving. */
const SERVING = {
	serve: (name: string) => ({
		name,
		properties: { model: { name: 'gpt-4.1-mini-2025-04-14.ft-sample' } },
	}),
} as unknown as Parameters<typeof chatCompletion>[0];

/**
 * The output of every operation of the action node, by resource and operation: one line per operation. A new
 * resource's operations get their lines here (test/unit/outputSchemas.test.ts fails until they have them).
 */
export const OUTPUTS: Record<string, Record<string, Source>> = {
	job: {
		create: azureJob(answer('createFineTuningJob')),
		get: azureJob(answer('retrieveFineTuningJob')),
		list: azureJob(entryOf('listPaginatedFineTuningJobs')),
		cancel: azureJob(answer('cancelFineTuningJob')),
		pause: azureJob(answer('pauseFineTuningJob')),
		resume: azureJob(answer('resumeFineTuningJob')),
		listEvents: entryOf('listFineTuningEvents'),
		listCheckpoints: entryOf('listFineTuningJobCheckpoints'),
		// One item per results.csv row; an empty cell (a metric not computed at that step) is null (resultsCsv.ts).
		getMetrics: () => nullableProperties(fromSamples(parseResultsCsv(resultsCsv()))),
	},
	file: {
		// Upload checks the training data first by default and attaches the report as `trainingDataCheck`.
		upload: withAdded(answer('createFile'), () =>
			trainingDataChecks().map((trainingDataCheck) => ({ trainingDataCheck })),
		),
		check: like(trainingDataChecks),
		list: entryOf('listFiles'),
		get: answer('retrieveFile'),
		delete: answer('deleteFile'),
		// Output "Binary" (the default): the file's metadata as JSON, its content as binary data.
		download: answer('retrieveFile'),
	},
	grader: {
		validate: answer('validateGrader'),
		// The spec's answer united with the emulator's, which carries the error details live answers add
		// (docs/azure-api.md#graders): a string check and a score model, for the token usage filled and empty.
		run: withAdded(answer('runGrader'), () => [
			runGrader(GRADER_CASES.string_check.sent, 'Paris', ITEM),
			runGrader(GRADER_CASES.score_model.sent, 'Paris', ITEM),
		]),
	},
	deployment: {
		create: answer('Deployments_CreateOrUpdate', armSpec),
		get: answer('Deployments_Get', armSpec),
		list: entryOf('Deployments_List', 'value', armSpec),
		update: answer('Deployments_Update', armSpec),
		pause: answer('Deployments_Pause', armSpec),
		resume: answer('Deployments_Resume', armSpec),
		// The node's own answer (deployment/delete.operation.ts): the deployment's id and name, and where it stands.
		delete: like(() => [
			{ id: '/subscriptions/…/deployments/my-model', name: 'my-model', status: 'deleted' },
		]),
		// Azure's chat.completion; the vendored specs have no chat operation, so the emulator's answer is the sample.
		testPrompt: like(() => [
			chatCompletion(
				SERVING,
				{ model: 'my-model', messages: [{ role: 'user', content: 'Hi' }] },
				0,
			),
		]),
	},
};

/** The trigger's item: the job as the API returned it, plus `previous_status` (filters.ts `toItem`). */
export const TRIGGER_OUTPUT: Source = withAdded(azureJob(answer('retrieveFineTuningJob')), () => [
	toItem({ job: { id: 'ftjob-sample' }, previous: 'running' }),
	toItem({ job: { id: 'ftjob-sample' }, previous: null }),
]);

export interface SchemaNode {
	/** The node's folder, relative to the repository root (its schemas go to `<dir>/__schema__/`). */
	dir: string;
	description: INodeTypeDescription;
	/** The output of an operation; for a node without operations, of the node. */
	output(operation?: { resource: string; operation: string }): OutputSchema;
}

/** The package's nodes and where their outputs come from. */
export const SCHEMA_NODES: SchemaNode[] = [
	{
		dir: 'nodes/AzureAiFoundryFineTuning',
		description: new AzureAiFoundryFineTuning().description,
		output: (operation) => {
			const source = operation && OUTPUTS[operation.resource]?.[operation.operation];
			if (!source)
				throw new Error(
					`No output schema source for ${JSON.stringify(operation)}: add it to OUTPUTS in test/support/outputSchemas`,
				);
			return source();
		},
	},
	{
		dir: 'nodes/AzureAiFoundryFineTuningTrigger',
		description: new AzureAiFoundryFineTuningTrigger().description,
		output: () => TRIGGER_OUTPUT(),
	},
];

/**
 * Every schema file of every node: path relative to the repository root → the schema.
 * @throws Error when an operation has no source in {@link OUTPUTS}, or a source's API operation is not in the spec.
 */
export function generateSchemas(): Map<string, OutputSchema> {
	const files = new Map<string, OutputSchema>();
	for (const node of SCHEMA_NODES) {
		for (const version of versionsOf(node.description)) {
			const operations = operationsOf(node.description, version);
			const outputs = operations.length
				? operations.map(
						(operation) => [schemaPath(version, operation), node.output(operation)] as const,
					)
				: [[schemaPath(version), node.output()] as const];
			for (const [file, schema] of outputs) files.set(`${node.dir}/${file}`, settled(schema));
		}
	}
	return files;
}
