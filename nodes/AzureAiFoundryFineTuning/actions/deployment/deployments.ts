/**
 * What the deployment operations share: the Microsoft Entra ID requirement, reading a deployment (or learning there
 * is none), its model and provisioning state, a failed deployment's error, a chat completion on the data plane, and
 * the wait until a new deployment answers.
 *
 * Facts (ARM's deployment object, provisioning states, `DeploymentNotFound` while a deployment is not serving yet,
 * `model` = the deployment's name in v1 inference): docs/azure-api.md#microsoft-entra-id-and-resource-manager.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../../shared/errors';
import { apiRequest } from '../../../shared/transport';
import { armRequest, isFinishedState, pollUntil } from '../../../shared/transport/arm';
import {
	AUTHENTICATION,
	authenticationOf,
	dataPlaneApiVersion,
} from '../../../shared/transport/credentials';
import { FieldError, isBlank, toNumber } from '../../../shared/validation';
import { accountPath, type AccountRef } from './account';

/**
 * Deployments go through Azure Resource Manager, which takes only Entra ID tokens.
 * @throws FieldError `Authentication` when the node signs in with an API key.
 */
export function requireEntraId(ctx: IExecuteFunctions): void {
	if (authenticationOf(ctx.getNode()) !== AUTHENTICATION.entraId)
		throw new FieldError(
			'Authentication',
			'must be Microsoft Entra ID: deployments are made in Azure Resource Manager, which accepts no API key',
		);
}

/** ARM error codes of a 404 that means "no such deployment" (rather than no such subscription or group). */
const NO_DEPLOYMENT_CODES = ['ResourceNotFound', 'DeploymentNotFound', 'NotFound'];

/** The status and code the transport put on a NodeApiError (`context.apiError`). */
export function apiErrorOf(error: unknown): { status?: number; code?: string } {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return {};
	const apiError = (error.context.apiError ?? {}) as { status?: unknown; code?: unknown };
	return {
		...(typeof apiError.status === 'number' ? { status: apiError.status } : {}),
		...(typeof apiError.code === 'string' ? { code: apiError.code } : {}),
	};
}

/**
 * `Deployments_Get`.
 * @returns the deployment, or undefined when ARM answers 404 for it (ResourceNotFound).
 * @throws the transport's NodeApiError otherwise.
 */
export async function readDeployment(
	ctx: IExecuteFunctions,
	account: AccountRef,
	name: string,
): Promise<IDataObject | undefined> {
	try {
		return await armRequest.call(ctx, { method: 'GET', path: accountPath(account, name) });
	} catch (error) {
		const { status, code } = apiErrorOf(error);
		if (status === 404 && (code === undefined || NO_DEPLOYMENT_CODES.includes(code)))
			return undefined;
		throw toNodeError(ctx.getNode(), error);
	}
}

/** The deployment's `properties` (empty when absent). */
function propertiesOf(deployment: IDataObject): IDataObject {
	return (deployment.properties ?? {}) as IDataObject;
}

/** The model a deployment serves (`properties.model.name`). */
export function modelOf(deployment: IDataObject): string | undefined {
	const name = (propertiesOf(deployment).model as IDataObject | undefined)?.name;
	return typeof name === 'string' ? name : undefined;
}

/** `properties.provisioningState` (Accepted, Creating, Succeeded, Failed, …), `Unknown` when absent. */
export function provisioningStateOf(deployment: IDataObject): string {
	const state = propertiesOf(deployment).provisioningState;
	return typeof state === 'string' && state ? state : 'Unknown';
}

/** True for a provisioning state that has ended well. */
export function isSucceeded(state: string): boolean {
	return state.toLowerCase() === 'succeeded';
}

/**
 * The error of a deployment that did not provision: ARM's code and message when it gave them (the operation's
 * `error`), else the state it ended in.
 */
export function deploymentFailed(
	node: INode,
	name: string,
	state: string,
	error?: { code?: string; message?: string },
): NodeOperationError {
	const reason = error?.message
		? error.message
		: `Azure Resource Manager reports provisioningState ${state} without a reason`;
	const failure = new NodeOperationError(node, `Deployment "${name}" failed: ${reason}`, {
		description: [
			error?.code ? `Code: ${error.code}` : '',
			`provisioningState: ${state}`,
			'The deployment stays in the account in this state: delete it, or create it again.',
		]
			.filter(Boolean)
			.join(' · '),
	});
	failure.context.apiError = {
		...(error?.code ? { code: error.code } : {}),
		message: reason,
	};
	return failure;
}

/** One chat message of a request. */
export interface ChatMessage {
	role: 'system' | 'user';
	content: string;
}

/**
 * A chat completion on the deployment (data plane; the node's credential, API key or Entra ID): `POST
 * /chat/completions` with `model` = the deployment's name (v1), or `POST /deployments/<name>/chat/completions` for a
 * dated API version.
 * @returns Azure's `chat.completion` object.
 * @throws the transport's NodeApiError (e.g. 404 DeploymentNotFound while it does not serve yet, 423 when paused).
 */
export async function chatCompletion(
	ctx: IExecuteFunctions,
	deploymentName: string,
	messages: ChatMessage[],
): Promise<IDataObject> {
	const version = await dataPlaneApiVersion(ctx);
	const dated = version !== undefined && version !== 'preview';
	return await apiRequest.call(ctx, {
		method: 'POST',
		path: dated ? `/deployments/${deploymentName}/chat/completions` : '/chat/completions',
		body: { model: deploymentName, messages },
	});
}

/** The smallest request that shows a deployment answers. */
const PROBE: ChatMessage[] = [{ role: 'user', content: 'Hi' }];

/** Answers that mean "not serving yet, ask again": 404 DeploymentNotFound / DeploymentNotReady, 429 and 5xx. */
function notServingYet(error: unknown): boolean {
	const { status } = apiErrorOf(error);
	return status === 404 || status === 429 || (status !== undefined && status >= 500);
}

/**
 * Sends the smallest chat request until the deployment answers it, or the deadline passes (a deployment may answer
 * DeploymentNotFound for minutes after it succeeded).
 * @param deadline ms since the epoch.
 * @returns whether it answered before the deadline.
 * @throws the transport's NodeApiError for any other refusal (e.g. 423 paused, 400).
 */
export async function waitUntilServing(
	ctx: IExecuteFunctions,
	deploymentName: string,
	deadline: number,
): Promise<boolean> {
	const { settled } = await pollUntil(
		async () => {
			try {
				await chatCompletion(ctx, deploymentName, PROBE);
				return { value: true };
			} catch (error) {
				if (notServingYet(error)) return { value: false };
				throw toNodeError(ctx.getNode(), error);
			}
		},
		(serving) => serving,
		deadline,
	);
	return settled;
}

/**
 * Reads the deployment at `path` (`GET`, Deployments_Get) until its `provisioningState` is final (arm.ts
 * `isFinishedState`) or the deadline passes.
 * @param path the deployment's ARM path (account.ts `accountPath`).
 * @param deadline ms since the epoch.
 * @returns the last deployment read and whether its state was final by then.
 * @throws the transport's NodeApiError for a refused read.
 */
export async function pollProvisioning(
	ctx: IExecuteFunctions,
	path: string,
	deadline: number,
): Promise<{ value: IDataObject; settled: boolean }> {
	return await pollUntil(
		async () => ({ value: await armRequest.call(ctx, { method: 'GET', path }) }),
		(read) => isFinishedState(provisioningStateOf(read)),
		deadline,
	);
}

/** Reads Max Wait (Seconds) of the options (default `defaultSeconds`) as milliseconds. @throws FieldError. */
export function maxWaitMs(value: unknown, defaultSeconds: number): number {
	const seconds = isBlank(value)
		? defaultSeconds
		: toNumber('Max Wait (Seconds)', value, { min: 1, max: 86400 });
	return seconds * 1000;
}
