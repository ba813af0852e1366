/**
 * Azure Resource Manager (ARM) through the transport (index.ts, `plane: 'arm'`): every call carries a Microsoft Entra
 * ID token of ARM's audience, goes to the Entra credential's ARM host, and is retried, refused and described like a
 * data-plane call (ARM's errors `{error: {code, message, target, details}}` read by apiError.ts). Lists follow
 * `nextLink`; long-running operations are followed through `Azure-AsyncOperation` or `Location`, waiting what
 * `Retry-After` asks.
 *
 * Facts (operations, api-versions, LRO headers, provisioning states): docs/azure-api.md#microsoft-entra-id-and-resource-manager
 * and test/fixtures/deployments.arm.json (operation IDs cited below).
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { UnexpectedAnswerError } from '../errors';
import { apiExchange, type ApiAnswer, type ApiContext, type ApiRequest } from './';
import { serverRetryDelayMs } from './retry';
import { settings, type DeploymentWaitPolicy } from './settings';

/**
 * The api-version of every Microsoft.CognitiveServices call: the newest stable version, the one
 * test/fixtures/deployments.arm.json describes, which has every Deployments operation (Pause and Resume included).
 */
export const ARM_API_VERSION = '2026-09-01';

/**
 * The api-version Microsoft's Developer-tier page deploys with: whether stable versions take the Developer SKU is not
 * documented, so Developer deployments are created with the version documented for them.
 */
export const DEVELOPER_TIER_API_VERSION = '2025-07-01-preview';

/** api-version of Microsoft.Resources' Subscriptions_List (`GET /subscriptions`). */
export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/** api-version of Microsoft.Resources' ResourceGroups_List (`GET /subscriptions/{id}/resourcegroups`). */
export const RESOURCE_GROUPS_API_VERSION = '2021-04-01';

/** Most pages read of one ARM list; past it the list ends there. */
export const MAX_ARM_PAGES = 100;

/** One ARM call. */
export interface ArmCall {
	method: IHttpRequestMethods;
	/**
	 * `/subscriptions/…` below the ARM host, or a URL ARM handed out (`nextLink`, `Azure-AsyncOperation`,
	 * `Location`), which must be on the ARM host (the transport refuses another host).
	 */
	path: string;
	/** `api-version`, added unless the path's query carries one. Default {@link ARM_API_VERSION}. */
	apiVersion?: string;
	body?: Record<string, unknown>;
	/** See `ApiRequest.recover` (index.ts): for a PUT whose answer was lost. */
	recover?: ApiRequest['recover'];
}

/**
 * Sends an ARM call.
 * @returns the 2xx answer with its headers (`{}` body for ARM's empty 202/204).
 * @throws NodeOperationError when the node does not sign in with Microsoft Entra ID, or its credential is unusable;
 *   NodeApiError (ARM's code, message, target and details; Entra's refusal of the sign-in) as `apiRequest`.
 */
export async function armExchange(this: ApiContext, call: ArmCall): Promise<ApiAnswer> {
	const versioned = /[?&]api-version=/i.test(call.path);
	return await apiExchange.call(this, {
		method: call.method,
		path: call.path,
		qs: versioned ? {} : { 'api-version': call.apiVersion ?? ARM_API_VERSION },
		...(call.body ? { body: call.body } : {}),
		...(call.recover ? { recover: call.recover } : {}),
		plane: 'arm',
	});
}

/** {@link armExchange}'s body. @throws as {@link armExchange}. */
export async function armRequest(this: ApiContext, call: ArmCall): Promise<IDataObject> {
	return (await armExchange.call(this, call)).body;
}

/**
 * The pages of an ARM list (`{value, nextLink}`, `x-ms-pageable` with `nextLinkName: nextLink`), first to last, at
 * most {@link MAX_ARM_PAGES}.
 * @throws UnexpectedAnswerError when a `nextLink` repeats (an endless list); as {@link armExchange}.
 */
export async function* armPages(
	this: ApiContext,
	path: string,
	apiVersion = ARM_API_VERSION,
): AsyncGenerator<IDataObject[], void, undefined> {
	const followed = new Set<string>();
	let next: string | undefined = path;
	for (let pages = 0; next !== undefined && pages < MAX_ARM_PAGES; pages++) {
		const page: IDataObject = await armRequest.call(this, {
			method: 'GET',
			path: next,
			apiVersion,
		});
		yield Array.isArray(page.value) ? (page.value as IDataObject[]) : [];
		const link: string | undefined =
			typeof page.nextLink === 'string' && page.nextLink ? page.nextLink : undefined;
		if (link !== undefined && followed.has(link))
			throw new UnexpectedAnswerError(
				'Azure Resource Manager handed out the same next page again; stopped reading to avoid an endless loop',
			);
		if (link !== undefined) followed.add(link);
		next = link;
	}
}

/** Every item of an ARM list ({@link armPages}). @throws as {@link armPages}. */
export async function armList(
	this: ApiContext,
	path: string,
	apiVersion = ARM_API_VERSION,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for await (const page of armPages.call(this, path, apiVersion)) items.push(...page);
	return items;
}

/** Statuses after which an ARM operation or provisioning does not change any more (ARM's convention). */
const FINISHED = ['succeeded', 'failed', 'canceled'];

/** True for `Succeeded`, `Failed` and `Canceled` (any case): an operation or provisioning that has ended. */
export function isFinishedState(state: unknown): boolean {
	return typeof state === 'string' && FINISHED.includes(state.toLowerCase());
}

/**
 * Pure: the pause before the next poll of a wait, in milliseconds: what ARM asked for (`Retry-After`), else the
 * policy's pause for poll number `poll` (0-based: first, first × factor, …), at most `maxDelayMs`, and never past
 * the deadline. Undefined when no time is left.
 */
export function pauseBeforePoll(
	poll: number,
	policy: DeploymentWaitPolicy,
	remainingMs: number,
	askedMs?: number,
): number | undefined {
	if (remainingMs <= 0) return undefined;
	const planned = askedMs ?? policy.firstDelayMs * policy.factor ** poll;
	return Math.max(0, Math.round(Math.min(planned, policy.maxDelayMs, remainingMs)));
}

/** What one poll read: the value to judge, and the wait the answer asked for (ms), if any. */
export interface PollRead<T> {
	value: T;
	askedMs?: number;
}

/**
 * Reads again and again (`read`) until `settled` accepts the value or the deadline passes, pausing
 * {@link pauseBeforePoll} between reads (`settings.deploymentWait`) with n8n's `sleep`.
 * @param deadline ms since the epoch.
 * @returns the last value and whether it settled (false: the deadline passed first).
 * @throws what `read` throws.
 */
export async function pollUntil<T>(
	read: () => Promise<PollRead<T>>,
	settled: (value: T) => boolean,
	deadline: number,
): Promise<{ value: T; settled: boolean }> {
	for (let poll = 0; ; poll++) {
		const { value, askedMs } = await read();
		if (settled(value)) return { value, settled: true };
		const pause = pauseBeforePoll(poll, settings.deploymentWait, deadline - Date.now(), askedMs);
		if (pause === undefined) return { value, settled: false };
		await sleep(pause);
	}
}

/** The wait an ARM answer asks for (`Retry-After`, seconds or a date), in milliseconds. */
export function askedWaitMs(answer: ApiAnswer): number | undefined {
	return serverRetryDelayMs(answer.headers, Date.now());
}

/** How a long-running operation ended (or where it stood at the deadline). */
export interface OperationEnd {
	/** `Succeeded`, `Failed`, `Canceled`; for an operation still running at the deadline its last status. */
	status: string;
	/** False when the deadline passed first. */
	finished: boolean;
	/** ARM's error of a failed operation (`OperationStatusResult.error`, or the `Location` poll's error answer). */
	error?: { code?: string; message?: string };
}

/**
 * Follows the long-running operation an ARM write started (`Deployments_CreateOrUpdate` 201/200,
 * `Deployments_Update` 202, `Deployments_Delete` 202) until it ends or the deadline passes:
 * - `Azure-AsyncOperation`: GET it until its `status` is Succeeded, Failed or Canceled (`OperationStatusResult`);
 * - else `Location`: GET it while it answers 202; any other 2xx is the end;
 * - neither: undefined (nothing to follow: the write was done at once, or its answer was lost and recovered).
 * Polls are GETs, so the transport retries their 429, 5xx and network failures.
 * @param deadline ms since the epoch.
 * @throws as {@link armExchange} (a `Location` poll answering an error throws ARM's error).
 */
export async function followOperation(
	this: ApiContext,
	started: ApiAnswer,
	deadline: number,
): Promise<OperationEnd | undefined> {
	const header = (name: string) =>
		typeof started.headers[name] === 'string' && started.headers[name]
			? (started.headers[name] as string)
			: undefined;
	const statusUrl = header('azure-asyncoperation');
	const location = header('location');
	const firstWait = askedWaitMs(started);
	let polls = 0;
	const waitFirst = async () => {
		if (polls++ === 0 && firstWait !== undefined)
			await sleep(Math.min(firstWait, settings.deploymentWait.maxDelayMs));
	};
	if (statusUrl) {
		const { value, settled } = await pollUntil(
			async () => {
				await waitFirst();
				const answer = await armExchange.call(this, { method: 'GET', path: statusUrl });
				return { value: answer.body, askedMs: askedWaitMs(answer) };
			},
			(body) => isFinishedState(body.status),
			deadline,
		);
		const error = value.error as OperationEnd['error'];
		return {
			status: typeof value.status === 'string' ? value.status : 'Unknown',
			finished: settled,
			...(error && typeof error === 'object' ? { error } : {}),
		};
	}
	if (location) {
		const { settled } = await pollUntil(
			async () => {
				await waitFirst();
				const answer = await armExchange.call(this, { method: 'GET', path: location });
				return { value: answer.status, askedMs: askedWaitMs(answer) };
			},
			(status) => status !== 202,
			deadline,
		);
		return { status: settled ? 'Succeeded' : 'InProgress', finished: settled };
	}
	return undefined;
}
