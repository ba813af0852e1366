/** Create Job: `POST /fine_tuning/jobs` (operation createFineTuningJob; docs/azure-api.md#creating-a-job). */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { METHOD_TYPES } from '../../../descriptions/method';
import { hyperparametersParameter } from './hyperparameters';
import { buildCreateJobBody, type CreateJobInput, type GraderInput } from './requestBody';
import { createSite, DUPLICATE_MARKER_FIELD, findMarkedJob, idempotencyKey } from './duplicateJob';
import { TRAINING_TYPE_OPTIONS } from './trainingTypes';
import { apiRequest } from '../../../../shared/transport';
import { dataPlaneApiVersion } from '../../../../shared/transport/credentials';
import { toOptionalBoolean } from '../../../../shared/validation';
import type { TrainingMethod } from '../../file/trainingData';
import { graderItemFields } from '../../grader/templates';
import { deprecatedHyperparameters, methodHyperparameters } from './hyperparameterFields';
import { requireFilesReady } from './filesReady';
import { fileLocator } from '../../../../shared/locators';
import { modelLocator } from './modelField';
import { metadataPairsField } from '../../../../shared/jobs';
import { methodOptions } from '../../../descriptions/method';
import { reinforcementFields } from './reinforcementFields';
import { GRADER_PLACE, GRADER_TYPE_LABEL, readGraderParameters } from '../../grader/fields';
import { validateGrader } from '../../grader/request';

const properties: INodeProperties[] = [
	modelLocator(),
	fileLocator('trainingFile', 'Training File', {
		required: true,
		description: 'A processed JSONL file uploaded with purpose fine-tune (training_file)',
	}),
	fileLocator('validationFile', 'Validation File', {
		description:
			'JSONL file of examples held out to measure progress (validation_file). Optional, except for the reinforcement method, which grades the model on it.',
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
			{
				displayName: 'Integrations',
				name: 'integrations',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Integration',
				// Opens empty in the editor and vanishes while empty, as Metadata does (shared/jobs.ts).
				default: { wandb: [{ project: '' }] },
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
				'Key-value pairs stored with the job (metadata): up to 16, or 15 while Options › Prevent Duplicate Jobs is on (it adds n8n_idempotency_key). Keys up to 64 characters on one line, values up to 512.',
			),
			{
				displayName: 'Metadata (JSON)',
				name: 'metadataJson',
				type: 'json',
				default: '{}',
				placeholder: '{"team": "search"}',
				description:
					'Metadata given as data, e.g. by an expression: an object of key-value pairs, or a list of {"key": …, "value": …} pairs. Added to the pairs of Metadata; same limits (16 pairs in all, 15 while Prevent Duplicate Jobs is on).',
			},
			{
				// No minValue/maxValue: n8n's number input would silently clamp -1 to 0; the run refuses it instead.
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				default: 0,
				description:
					'Makes the job reproducible: the same seed and parameters should give the same result (seed, integer 0 to 2147483647). Once added, the number shown is sent (0 unless changed); remove the field to let Azure pick a seed.',
			},
			{
				displayName: 'Suffix',
				name: 'suffix',
				type: 'string',
				default: '',
				placeholder: 'e.g. support-bot',
				description:
					"Added to the fine-tuned model's name (suffix): 1 to 40 characters, only letters, digits, - and _ (Azure's rule: no dots or spaces)",
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
			// Last, after the current fields, and only where it applies (supervised): n8n lists a collection's
			// options in this order.
			deprecatedHyperparameters,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		// Shown switched on, so that what the node does by default is in sight. A saved workflow without Options
		// gets these same values; an option missing from a saved Options (removed, or saved before it existed)
		// counts as on (toOptionalBoolean in execute).
		default: {
			checkFilesFirst: true,
			checkModelMethod: true,
			preventDuplicates: true,
			validateGraderFirst: true,
		},
		options: [
			{
				displayName: 'Check Files First',
				name: 'checkFilesFirst',
				type: 'boolean',
				default: true,
				description:
					'Whether to look up the Training File and Validation File before creating the job and stop unless each has purpose fine-tune and status processed. Files up to 32 MB are also downloaded and checked against the Method (for reinforcement also that every line has the fields the grader reads as {{item.&lt;field&gt;}}); larger files are not read, and Azure checks their content when the job starts.',
			},
			{
				displayName: 'Check Model and Method',
				name: 'checkModelMethod',
				type: 'boolean',
				default: true,
				description:
					"Whether to stop when the Model is a documented base model and Microsoft's table of fine-tunable models does not list the Method for it (e.g. DPO with gpt-4o-mini-2024-07-18). Turn off if Azure has added the method since. Models not in the table are never stopped.",
			},
			{
				displayName: 'Prevent Duplicate Jobs',
				name: 'preventDuplicates',
				type: 'boolean',
				default: true,
				description:
					"Whether to mark the job with metadata n8n_idempotency_key so that a retry after a lost answer (or n8n's Retry On Fail) returns the job already created instead of creating a second one. Uses one of the 16 metadata pairs, and the job Azure returns (this node's output) shows it under metadata.",
			},
			{
				displayName: 'Validate Grader First',
				name: 'validateGraderFirst',
				type: 'boolean',
				default: true,
				displayOptions: { show: { '/methodType': ['reinforcement'] } },
				description:
					"Whether to send the grader to Azure's grader check (POST /fine_tuning/alpha/graders/validate) before creating the job, and stop with Azure's message, naming the grader field, if Azure refuses it. Costs one request and nothing else: Azure checks the grader without running it, and no job exists yet. Runs after Check Files First.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['create'] } },
	properties,
);

/** The grader's fields (every field of every grader type, grader/fields.ts), read at Create Job's place. */
function readGrader(ctx: IExecuteFunctions, itemIndex: number): GraderInput {
	return readGraderParameters(
		(name) => ctx.getNodeParameter(name, itemIndex, ''),
		GRADER_PLACE,
	) as GraderInput;
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
		metadata: extra.metadata,
		metadataJson: extra.metadataJson,
		wandb: (extra.integrations as IDataObject | undefined)?.wandb as CreateJobInput['wandb'],
		deprecatedHyperparameters: (extra.deprecatedHyperparameters as IDataObject | undefined)
			?.values as IDataObject | undefined,
		trainingType: extra.trainingType,
	};
}

/**
 * The api-version requests will carry (transport/endpoint.ts), which shapes the body, whichever credential the node
 * signs in with. Undefined when the credential is unusable: the transport then refuses it, naming the credential
 * field, before anything is sent.
 */
async function credentialApiVersion(ctx: IExecuteFunctions): Promise<string | undefined> {
	return await dataPlaneApiVersion(ctx);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const preventDuplicates = toOptionalBoolean(
		'Prevent Duplicate Jobs',
		options.preventDuplicates,
		true,
	);
	const checkFilesFirst = toOptionalBoolean('Check Files First', options.checkFilesFirst, true);
	const body = buildCreateJobBody(readCreateJobInput(this, itemIndex), {
		reservedMetadataKeys: preventDuplicates ? [DUPLICATE_MARKER_FIELD] : [],
		apiVersion: await credentialApiVersion(this),
		checkModelMethod: toOptionalBoolean('Check Model and Method', options.checkModelMethod, true),
	});
	const method = body.method as { type: TrainingMethod; reinforcement?: IDataObject } | undefined;
	const grader = method?.reinforcement?.grader as IDataObject | undefined;
	const graderToValidate =
		grader && toOptionalBoolean('Validate Grader First', options.validateGraderFirst, true)
			? grader
			: undefined;
	if (checkFilesFirst) {
		await requireFilesReady(
			this,
			[
				{ field: 'Training File', id: body.training_file },
				{ field: 'Validation File', id: body.validation_file },
			],
			{
				method: method?.type ?? 'supervised',
				itemFields: graderItemFields(grader),
			},
		);
	}
	// After the files (their content may already show what the grader lacks), before the duplicate lookup and the
	// create: a grader Azure refuses stops the run before any job exists (docs/azure-api.md#graders).
	if (graderToValidate) await validateGrader(this, graderToValidate, GRADER_TYPE_LABEL);
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
