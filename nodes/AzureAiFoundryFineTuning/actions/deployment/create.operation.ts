/**
 * Create Deployment: deploys a fine-tuned model (a succeeded job's `fine_tuned_model`, or a model or checkpoint by
 * name) with `PUT …/accounts/{account}/deployments/{name}` (operation Deployments_CreateOrUpdate), then, unless told
 * not to, waits for the long-running operation (`Azure-AsyncOperation`) and for the deployment to answer a minimal
 * chat request on the data plane, within Max Wait.
 *
 * Never twice: the PUT is by name, so repeating it cannot make a second deployment; an existing deployment of the
 * same model and SKU is not written again, and after a lost answer the deployment is read before anything is
 * resent. A deployment of another model under the name is not replaced unless asked.
 * Facts: docs/azure-api.md#microsoft-entra-id-and-resource-manager.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { hasStatus } from '../../../shared/jobs';
import { jobLocator } from '../../../shared/locators';
import { apiRequest, type ApiAnswer } from '../../../shared/transport';
import {
	ARM_API_VERSION,
	armExchange,
	DEVELOPER_TIER_API_VERSION,
	followOperation,
} from '../../../shared/transport/arm';
import { FieldError, requireText, toNumber, toOptionalBoolean } from '../../../shared/validation';
import { readJobId } from '../job/get.operation';
import { accountPath, checkDeploymentName, readAccount, type AccountRef } from './account';
import {
	deploymentFailed,
	isSucceeded,
	maxWaitMs,
	modelOf,
	pollProvisioning,
	provisioningStateOf,
	readDeployment,
	requireEntraId,
	waitUntilServing,
} from './deployments';
import { accountFields, maxWaitField } from './fields';

/**
 * The SKUs a fine-tuned model deploys with: `sku.name` as ARM takes it and the api-version its deployment is made
 * with (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
export const DEPLOYMENT_SKUS = {
	standard: { skuName: 'Standard', apiVersion: ARM_API_VERSION },
	globalStandard: { skuName: 'GlobalStandard', apiVersion: ARM_API_VERSION },
	developer: { skuName: 'DeveloperTier', apiVersion: DEVELOPER_TIER_API_VERSION },
} as const;
export type DeploymentSku = keyof typeof DEPLOYMENT_SKUS;

/** Default Max Wait of Create, in seconds: deployments commonly take minutes, then a few more to serve. */
export const CREATE_MAX_WAIT_SECONDS = 1800;

const show = { resource: ['deployment'], operation: ['create'] };

export const description = updateDisplayOptions({ show }, [
	...accountFields,
	{
		displayName: 'Model From',
		name: 'modelFrom',
		type: 'options',
		default: 'job',
		options: [
			{
				name: 'Fine-Tuning Job',
				value: 'job',
				description: "A succeeded job's fine-tuned model",
			},
			{
				name: 'Model Name',
				value: 'name',
				description: 'A fine-tuned model or checkpoint by its name',
			},
		],
	},
	jobLocator({
		description: 'The succeeded fine-tuning job whose model to deploy (its fine_tuned_model)',
		displayOptions: { show: { modelFrom: ['job'] } },
	}),
	{
		displayName: 'Model Name',
		name: 'modelName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'gpt-4.1-mini-2025-04-14.ft-0123456789abcdef-my-suffix',
		description:
			"A fine-tuned model's name (a job's fine_tuned_model) or a checkpoint's (fine_tuned_model_checkpoint)",
		displayOptions: { show: { modelFrom: ['name'] } },
	},
	{
		displayName: 'Deployment Name',
		name: 'newDeploymentName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'my-fine-tuned-model',
		description:
			'Name of the deployment: inference requests name it as their model. 2–64 letters, digits, - _ . .',
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'options',
		default: 'standard',
		options: [
			{
				name: 'Standard',
				value: 'standard',
				description:
					'Regional, data stays in the region. Hourly hosting fee while deployed, plus tokens.',
			},
			{
				name: 'Global Standard',
				value: 'globalStandard',
				description: 'Served from any region. Hourly hosting fee while deployed, plus tokens.',
			},
			{
				name: 'Developer',
				value: 'developer',
				description: 'For trying a model: no hosting fee, no SLA, removed 24 hours after creation',
			},
		],
	},
	{
		displayName: 'Capacity',
		name: 'capacity',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1 },
		description:
			'Units of 1,000 tokens per minute (Developer deployments are usually given 50). Counts against your quota.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			maxWaitField(CREATE_MAX_WAIT_SECONDS, 'the deployment to succeed and answer'),
			{
				displayName: 'Replace Another Model',
				name: 'replaceExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether to let a deployment of the same name that serves another model be switched to this one. Off: such a deployment stops the node.',
			},
			{
				displayName: 'Wait Until Ready',
				name: 'waitUntilReady',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait until the deployment succeeded and answers a minimal chat request (on unless turned off). Off: returns as soon as Azure accepted it.',
			},
		],
	},
]);

/** What an item asks for, checked. */
interface CreateInput {
	account: AccountRef;
	name: string;
	model: { jobId: string } | { name: string };
	sku: DeploymentSku;
	capacity: number;
	wait: boolean;
	maxWaitMs: number;
	replace: boolean;
}

/** Reads and checks an item's fields. @throws FieldError naming the field (nothing is sent). */
function readInput(ctx: IExecuteFunctions, itemIndex: number): CreateInput {
	requireEntraId(ctx);
	const account = readAccount(ctx, itemIndex);
	const name = checkDeploymentName(
		'Deployment Name',
		ctx.getNodeParameter('newDeploymentName', itemIndex, ''),
	);
	const modelFrom = ctx.getNodeParameter('modelFrom', itemIndex, 'job');
	const model =
		modelFrom === 'name'
			? {
					name: requireText('Model Name', ctx.getNodeParameter('modelName', itemIndex, ''), {
						maxLength: 256,
					}),
				}
			: { jobId: readJobId(ctx, itemIndex) };
	const sku = ctx.getNodeParameter('sku', itemIndex, 'standard');
	if (typeof sku !== 'string' || !(sku in DEPLOYMENT_SKUS))
		throw new FieldError(
			'SKU',
			`must be one of ${Object.keys(DEPLOYMENT_SKUS).join(', ')} (got ${String(sku)})`,
		);
	const capacity = toNumber('Capacity', ctx.getNodeParameter('capacity', itemIndex, 1), {
		integer: true,
		min: 1,
	});
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		account,
		name,
		model,
		sku: sku as DeploymentSku,
		capacity,
		wait: toOptionalBoolean('Wait Until Ready', options.waitUntilReady, true),
		maxWaitMs: maxWaitMs(options.maxWaitSeconds, CREATE_MAX_WAIT_SECONDS),
		replace: toOptionalBoolean('Replace Another Model', options.replaceExisting, false),
	};
}

/**
 * The model of a succeeded fine-tuning job (`fine_tuned_model`, operation retrieveFineTuningJob).
 * @throws NodeOperationError when the job has not succeeded or names no model.
 */
async function modelOfJob(ctx: IExecuteFunctions, jobId: string): Promise<string> {
	const job = await apiRequest.call(ctx, { method: 'GET', path: `/fine_tuning/jobs/${jobId}` });
	const model = job.fine_tuned_model;
	if (!hasStatus(job.status, 'succeeded') || typeof model !== 'string' || !model)
		throw new NodeOperationError(
			ctx.getNode(),
			`Fine-tuning job ${jobId} has no model to deploy: it is ${String(job.status)}`,
			{
				description:
					'Only a succeeded job has a fine_tuned_model. Deploy after it succeeded (e.g. from the trigger on status Succeeded).',
			},
		);
	return model;
}

/** The PUT body (`Deployment`: `sku` and `properties.model`). */
function deploymentBody(input: CreateInput, model: string): IDataObject {
	return {
		sku: { name: DEPLOYMENT_SKUS[input.sku].skuName, capacity: input.capacity },
		properties: { model: { format: 'OpenAI', name: model, version: '1' } },
	};
}

/** True when `deployment` serves `model` with the SKU and capacity asked for. */
function isAsAsked(deployment: IDataObject, input: CreateInput, model: string): boolean {
	const sku = (deployment.sku ?? {}) as IDataObject;
	return (
		modelOf(deployment) === model &&
		String(sku.name).toLowerCase() === DEPLOYMENT_SKUS[input.sku].skuName.toLowerCase() &&
		Number(sku.capacity) === input.capacity
	);
}

function notReady(ctx: IExecuteFunctions, input: CreateInput, state: string): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Deployment "${input.name}" is not ready after ${input.maxWaitMs / 1000} s (${state})`,
		{
			description:
				'Azure may still finish it: read it later with Get Deployment, or run Create again (it does not create the deployment twice).',
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = readInput(this, itemIndex);
	const model =
		'name' in input.model ? input.model.name : await modelOfJob(this, input.model.jobId);
	const path = accountPath(input.account, input.name);
	const existing = await readDeployment(this, input.account, input.name);
	if (existing && modelOf(existing) !== model && !input.replace)
		throw new NodeOperationError(
			this.getNode(),
			`Deployment "${input.name}" already serves another model`,
			{
				description: `It serves ${modelOf(existing) ?? 'an unnamed model'}; this run would switch it to ${model}. Choose another Deployment Name, or turn on Options › Replace Another Model.`,
			},
		);
	const keep =
		existing !== undefined &&
		isAsAsked(existing, input, model) &&
		!['failed', 'canceled'].includes(provisioningStateOf(existing).toLowerCase());
	let started: ApiAnswer | undefined;
	if (!keep)
		started = await armExchange.call(this, {
			method: 'PUT',
			path,
			apiVersion: DEPLOYMENT_SKUS[input.sku].apiVersion,
			body: deploymentBody(input, model),
			// The answer was lost: the PUT may have been carried out. Read before sending it again.
			recover: async () => {
				const found = await readDeployment(this, input.account, input.name);
				return found && isAsAsked(found, input, model) ? found : undefined;
			},
		});
	const deployment = started?.body ?? (existing as IDataObject);
	if (!input.wait) return [{ json: deployment }];

	const deadline = Date.now() + input.maxWaitMs;
	const operation = started ? await followOperation.call(this, started, deadline) : undefined;
	if (operation && !operation.finished) throw notReady(this, input, operation.status);
	if (operation && !isSucceeded(operation.status))
		throw deploymentFailed(this.getNode(), input.name, operation.status, operation.error);
	const { value: current, settled } = await pollProvisioning(this, path, deadline);
	const state = provisioningStateOf(current);
	if (!settled) throw notReady(this, input, `provisioningState ${state}`);
	if (!isSucceeded(state))
		throw deploymentFailed(this.getNode(), input.name, state, operation?.error);
	if (!(await waitUntilServing(this, input.name, deadline)))
		throw notReady(this, input, 'provisioned, but not answering yet');
	return [{ json: current }];
}
