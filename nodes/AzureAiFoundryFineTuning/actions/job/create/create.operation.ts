/** Create Job: `POST /fine_tuning/jobs` (spec operation createFineTuningJob). */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { randomUUID } from 'crypto';

import { METHOD_TYPES } from '../../../descriptions/method';
import { hyperparametersParameter } from './hyperparameters';
import { buildCreateJobBody, type CreateJobInput, type GraderInput } from './requestBody';
import {
	hasMarker,
	DUPLICATE_MARKER_FIELD,
	idempotencyKey,
	LOOKUP_WINDOW,
	type CreateSite,
} from './duplicateJob';
import { TRAINING_TYPE_OPTIONS } from './trainingTypes';
import { apiList, apiRequest } from '../../../../shared/transport';
import { deprecatedHyperparameters, methodHyperparameters } from './hyperparameterFields';
import { requireFilesReady } from './filesReady';
import { fileLocator } from '../../../../shared/locators';
import { modelLocator } from './modelField';
import { metadataPairsField } from '../../../descriptions/metadata';
import { methodOptions } from '../../../descriptions/method';
import { graderParameter, reinforcementFields } from './reinforcementFields';

const properties: INodeProperties[] = [
	modelLocator(),
	fileLocator('trainingFile', 'Training File', {
		required: true,
		description: 'A processed JSONL file uploaded with purpose fine-tune (training_file)',
	}),
	fileLocator('validationFile', 'Validation File', {
		description:
			'Optional JSONL file of examples held out to measure progress (validation_file). Required by reinforcement.',
	}),
	{
		displayName: 'Method',
		name: 'methodType',
		type: 'options',
		default: 'supervised',
		description: 'Fine-tuning method (method.type)',
		options: methodOptions({
			supervised: 'Learn from example conversations (SFT)',
			dpo: 'Direct preference optimization: learn from preferred vs non-preferred answers',
			reinforcement: 'Reinforcement fine-tuning (RFT): answers are scored by a grader',
		}),
	},
	...methodHyperparameters,
	...reinforcementFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			deprecatedHyperparameters,
			{
				displayName: 'Integrations',
				name: 'integrations',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Integration',
				default: {},
				description: 'Services the job reports to (integrations)',
				options: [
					{
						displayName: 'Weights & Biases',
						name: 'wandb',
						values: [
							{
								displayName: 'Project',
								name: 'project',
								type: 'string',
								default: '',
								required: true,
								description: 'W&B project the run is logged to (wandb.project)',
							},
							{
								displayName: 'Run Name',
								name: 'name',
								type: 'string',
								default: '',
								description: 'Display name of the run (wandb.name); defaults to the job ID',
							},
							{
								displayName: 'Entity',
								name: 'entity',
								type: 'string',
								default: '',
								description:
									'W&B team or user name (wandb.entity); defaults to your default entity',
							},
							{
								displayName: 'Tags',
								name: 'tags',
								type: 'string',
								default: '',
								placeholder: 'e.g. support-bot, v2',
								description: 'Comma-separated tags for the run (wandb.tags)',
							},
						],
					},
				],
			},
			metadataPairsField(
				'Up to 16 key-value pairs stored with the job (metadata); keys up to 64 characters, values up to 512',
			),
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 2147483647 },
				description:
					'Makes the job reproducible: the same seed and parameters should give the same result (seed, integer 0 to 2147483647). Generated when left out.',
			},
			{
				displayName: 'Suffix',
				name: 'suffix',
				type: 'string',
				default: '',
				placeholder: 'e.g. support-bot',
				description:
					"Added to the fine-tuned model's name (suffix, 1 to 64 characters; Azure recommends letters, digits, - and _)",
			},
			{
				displayName: 'Training Type',
				name: 'trainingType',
				type: 'options',
				default: 'standard',
				options: TRAINING_TYPE_OPTIONS,
				description:
					'Azure training tier (trainingType): where training runs, its price and data residency',
				hint: 'Only sent when added here. Without it Azure trains Standard (regional, data stays in the region). Global-only models such as Ministral-3B need Global.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Check Files First',
				name: 'checkFilesFirst',
				type: 'boolean',
				default: true,
				description:
					"Whether to look up the Training File and Validation File before creating the job (on unless turned off), and stop with the file's status and purpose unless it has purpose fine-tune and status processed",
			},
			{
				displayName: 'Prevent Duplicate Jobs',
				name: 'preventDuplicates',
				type: 'boolean',
				default: true,
				description:
					"Whether to mark the job with metadata n8n_idempotency_key so that a retry after a lost answer (or n8n's Retry On Fail) returns the job already created instead of creating a second one. Uses one of the 16 metadata pairs.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['create'] } },
	properties,
);

const GRADER_FIELDS = [
	'name',
	'input',
	'reference',
	'operation',
	'evaluationMetric',
	'model',
	'messages',
	'scoreOptions',
	'calculateOutput',
	'graders',
] as const;

function readGrader(ctx: IExecuteFunctions, itemIndex: number): GraderInput {
	const grader: GraderInput = { type: ctx.getNodeParameter('graderType', itemIndex) };
	for (const base of GRADER_FIELDS) {
		(grader as IDataObject)[base] = ctx.getNodeParameter(graderParameter(base), itemIndex, '');
	}
	return grader;
}

/** Reads the Create Job parameters of one item into the shape `buildCreateJobBody` takes. */
export function readCreateJobInput(ctx: IExecuteFunctions, itemIndex: number): CreateJobInput {
	const get = (name: string, fallback: unknown = '') =>
		ctx.getNodeParameter(name, itemIndex, fallback as string, { extractValue: true });
	const methodType = get('methodType', 'supervised');
	const method = METHOD_TYPES.find((type) => type === methodType);
	const hyperparameters = method
		? (get(hyperparametersParameter(method), {}) as IDataObject).values
		: undefined;
	const extra = get('additionalFields', {}) as IDataObject;
	return {
		model: get('model'),
		trainingFile: get('trainingFile'),
		validationFile: get('validationFile'),
		methodType,
		hyperparameters: hyperparameters as IDataObject | undefined,
		...(method === 'reinforcement'
			? {
					grader: readGrader(ctx, itemIndex),
					responseFormat: (get('responseFormat', {}) as IDataObject).jsonSchema as
						IDataObject | undefined,
				}
			: {}),
		suffix: extra.suffix,
		seed: extra.seed,
		metadata: (extra.metadata as IDataObject | undefined)?.pairs as CreateJobInput['metadata'],
		wandb: (extra.integrations as IDataObject | undefined)?.wandb as CreateJobInput['wandb'],
		deprecatedHyperparameters: (extra.deprecatedHyperparameters as IDataObject | undefined)
			?.values as IDataObject | undefined,
		trainingType: extra.trainingType,
	};
}

/** The job carrying marker `key` among those created in the lookup window, if any. */
async function findMarkedJob(
	ctx: IExecuteFunctions,
	key: string,
): Promise<IDataObject | undefined> {
	const oldest = Date.now() / 1000 - LOOKUP_WINDOW.seconds;
	let after: string | undefined;
	for (let page = 0; page < LOOKUP_WINDOW.pages; page++) {
		const list = await apiList.call(ctx, '/fine_tuning/jobs', {
			limit: LOOKUP_WINDOW.pageSize,
			...(after ? { after } : {}),
		});
		const found = list.data.find((job) => hasMarker(job, key));
		if (found) return found;
		const last = list.data.at(-1);
		if (!list.has_more || !last || Number(last.created_at) < oldest) return undefined;
		after = String(last.id);
	}
	return undefined;
}

/** This create's place in the run: same for n8n's Retry On Fail of this node run, different otherwise. */
function createSite(ctx: IExecuteFunctions, itemIndex: number): CreateSite {
	const runIndex = Number(ctx.evaluateExpression('{{ $runIndex }}', itemIndex));
	return {
		executionId: ctx.getExecutionId() || randomUUID(),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		nodeId: ctx.getNode().id,
		runIndex: Number.isInteger(runIndex) ? runIndex : 0,
		itemIndex,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const preventDuplicates = options.preventDuplicates !== false;
	const body = buildCreateJobBody(readCreateJobInput(this, itemIndex), {
		reservedMetadataKeys: preventDuplicates ? [DUPLICATE_MARKER_FIELD] : [],
	});
	if (options.checkFilesFirst !== false) {
		await requireFilesReady(this, [
			{ field: 'Training File', id: body.training_file },
			{ field: 'Validation File', id: body.validation_file },
		]);
	}
	if (!preventDuplicates) {
		return [
			{ json: await apiRequest.call(this, { method: 'POST', path: '/fine_tuning/jobs', body }) },
		];
	}
	const key = idempotencyKey(createSite(this, itemIndex));
	body.metadata = { ...(body.metadata as IDataObject | undefined), [DUPLICATE_MARKER_FIELD]: key };
	const existing = await findMarkedJob(this, key);
	if (existing) return [{ json: existing }];
	const job = await apiRequest.call(this, {
		method: 'POST',
		path: '/fine_tuning/jobs',
		body,
		recover: async () => await findMarkedJob(this, key),
	});
	return [{ json: job }];
}
