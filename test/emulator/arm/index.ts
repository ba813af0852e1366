/**
 * Azure Resource Manager for Microsoft.CognitiveServices accounts and deployments, under `/subscriptions/…` on the
 * emulator's port (so a credential's ARM host is the emulator URL). For every request, in this order:
 * 1. a bearer token from the emulated Entra ID, for `https://management.azure.com`, issued in the subscription's
 *    tenant and unexpired (else 401 with ARM's code and a `WWW-Authenticate` challenge);
 * 2. `api-version` required (400 `MissingApiVersionParameter`), well-formed (`InvalidApiVersionParameter`) and one
 *    the provider serves (`NoRegisteredProviderFound`);
 * 3. the operation-status URLs the long-running operations hand out, else a route of the spec (404, or 405 for a
 *    method the path does not have);
 * 4. a malformed JSON body → 400 `InvalidRequestContent`; then path parameters, declared query parameters and the
 *    body are checked against the spec (400 `InvalidParameter` / `InvalidRequestContent`, with `target`);
 * 5. the operation runs (arm/deployments.ts); with `selfCheck`, 2xx bodies are checked against the spec's response
 *    schemas (`OperationStatusResult` for operation statuses) and a mismatch becomes a 500.
 * Facts: docs/azure-api.md#microsoft-entra-id-and-resource-manager.
 */
import { ApiError } from '../errors';
import { ARM_AUDIENCE, type Entra, type IssuedToken } from '../entra';
import type { ArmAccount, ArmOptions } from '../types';
import { isFinished, type ArmState, type OperationRecord } from './deployments';
import { armError, armUnauthorized } from './errors';
import type { ArmMatch, ArmSpec } from './spec';

/**
 * ARM api-versions the emulated provider serves: the stable versions with this Deployments shape and the preview
 * the Developer-tier docs use.
 */
export const ARM_API_VERSIONS: readonly string[] = [
	'2024-10-01',
	'2025-06-01',
	'2025-07-01-preview',
	'2025-09-01',
	'2025-12-01',
	'2026-03-01',
	'2026-09-01',
];

/** Everything the ARM pipeline works with. */
export interface ArmDeps {
	spec: ArmSpec;
	state: ArmState;
	entra: Entra;
	selfCheck: boolean;
	/** Base URL of the emulated Entra ID (for the `WWW-Authenticate` challenge). */
	authorityUrl(): string;
	now(): number;
	retryAfterSeconds: number;
	pageSize: number;
}

/** An ARM request as read by the server. */
export interface ArmRequest {
	method: string;
	url: URL;
	authorization: string | undefined;
	/** Parsed JSON body (undefined when none was sent). */
	body: unknown;
	/** Why the body could not be read, if it could not. */
	malformed?: string;
	/** `http://<host>` of the request, for the URLs handed out. */
	baseUrl: string;
}

/** What the server writes back (no body = 204-style empty answer). */
export interface ArmAnswer {
	status: number;
	body?: unknown;
	headers: Record<string, string>;
}

/** Coordinates of the emulator's own account when the options give none. */
export const DEFAULT_ARM = {
	subscriptionId: '3f2b8c1d-6e4a-4b7f-9c0d-5a1e2f3b4c5d',
	resourceGroup: 'rg-fine-tuning',
	accountName: 'emulator-foundry',
	location: 'swedencentral',
} as const;

/**
 * The accounts ARM lists: the emulator's own (endpoint `ownEndpoint`, e.g. `http://127.0.0.1:1234/`) first, then
 * `options.otherAccounts` (endpoint `https://<name>.openai.azure.com/`).
 */
export function armAccounts(
	options: ArmOptions,
	ownEndpoint: string,
	tenantId: string,
): ArmAccount[] {
	const subscriptionId = options.subscriptionId ?? DEFAULT_ARM.subscriptionId;
	const resourceGroup = options.resourceGroup ?? DEFAULT_ARM.resourceGroup;
	const location = options.location ?? DEFAULT_ARM.location;
	const account = (name: string, group: string, where: string, endpoint: string): ArmAccount => ({
		id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.CognitiveServices/accounts/${name}`,
		subscriptionId,
		resourceGroup: group,
		name,
		location: where,
		tenantId,
		endpoint,
	});
	return [
		account(options.accountName ?? DEFAULT_ARM.accountName, resourceGroup, location, ownEndpoint),
		...(options.otherAccounts ?? []).map((other) =>
			account(
				other.name,
				other.resourceGroup ?? resourceGroup,
				other.location ?? location,
				`https://${other.name}.openai.azure.com/`,
			),
		),
	];
}

/** True for paths ARM serves. */
export function isArmPath(pathname: string): boolean {
	return /^\/subscriptions(\/|$)/i.test(pathname);
}

const OPERATION_PATH =
	/^\/subscriptions\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/locations\/([^/]+)\/(operationStatuses|operationResults)\/([^/]+)$/i;

/** Runs an ARM request. @throws ApiError with ARM's error answer. */
export function armAnswer(deps: ArmDeps, request: ArmRequest): ArmAnswer {
	const token = authenticate(deps, request.authorization);
	const resources = resourcesAnswer(deps, request);
	if (resources) return resources;
	const version = checkApiVersion(request.url.searchParams.get('api-version'));
	const { pathname } = request.url;
	const context = { deps, request, version, token };
	const operationPath = OPERATION_PATH.exec(pathname);
	if (operationPath) {
		if (request.method !== 'GET') throw methodNotAllowed(request.method);
		const operation = deps.state.operationStatus(
			decodeURIComponent(operationPath[1]),
			operationPath[4],
		);
		return operationPath[3].toLowerCase() === 'operationstatuses'
			? checked(
					deps,
					{ status: 200, body: deps.state.operationView(operation), headers: {} },
					'OperationStatusResult',
				)
			: operationResult(context, operation);
	}
	const match = deps.spec.match(request.method, pathname);
	if (match === 'method') throw methodNotAllowed(request.method);
	if (!match)
		throw armError(404, 'NotFound', `No ARM route ${request.method} ${pathname} in the emulator.`);
	if (request.malformed) throw armError(400, 'InvalidRequestContent', request.malformed);
	const query = { 'api-version': version };
	const problem = deps.spec.checkRequest(match, query, request.body);
	if (problem)
		throw armError(
			400,
			problem.in === 'body' ? 'InvalidRequestContent' : 'InvalidParameter',
			problem.in === 'body'
				? `The request content was invalid: '${problem.target || 'body'}' ${problem.message}.`
				: `The value of parameter '${problem.target}' is invalid: it ${problem.message}.`,
			problem.target || undefined,
		);
	const answer = HANDLERS[match.operation.operationId]({ ...context, match });
	if (deps.selfCheck && answer.body !== undefined && answer.status < 300) {
		const mismatches = deps.spec.checkResponse(
			match.operation.operationId,
			answer.status,
			answer.body,
		);
		if (mismatches.length) throw responseInvalid(match.operation.operationId, mismatches);
	}
	return answer;
}

interface Context {
	deps: ArmDeps;
	request: ArmRequest;
	version: string;
	token: IssuedToken;
	match: ArmMatch;
}

type Handler = (context: Context) => ArmAnswer;

const ok = (body: unknown, status = 200): ArmAnswer => ({ status, body, headers: {} });

/** Handlers by `operationId`. */
const HANDLERS: Record<string, Handler> = {
	Accounts_List: (c) =>
		page(c, c.deps.state.listAccounts(c.match.params.subscriptionId).map(accountView(c))),

	Accounts_ListByResourceGroup: (c) =>
		page(
			c,
			c.deps.state
				.listAccounts(c.match.params.subscriptionId, c.match.params.resourceGroupName)
				.map(accountView(c)),
		),

	Accounts_Get: (c) => ok(accountView(c)(accountOf(c))),

	Deployments_List: (c) => page(c, c.deps.state.listDeployments(accountOf(c))),

	Deployments_Get: (c) =>
		ok(c.deps.state.getDeployment(accountOf(c), c.match.params.deploymentName, true)),

	Deployments_CreateOrUpdate: (c) => {
		const result = c.deps.state.createOrUpdate(
			accountOf(c),
			c.match.params.deploymentName,
			c.request.body as Record<string, unknown>,
			c.token.clientId,
		);
		const headers: Record<string, string> = result.operation
			? {
					'azure-asyncoperation': operationUrl(c, result.operation, 'operationStatuses'),
					'retry-after': String(c.deps.retryAfterSeconds),
				}
			: {};
		return { status: result.status, body: result.deployment, headers };
	},

	Deployments_Update: (c) =>
		ok(
			c.deps.state.update(
				accountOf(c),
				c.match.params.deploymentName,
				c.request.body as Record<string, unknown>,
			),
		),

	Deployments_Delete: (c): ArmAnswer => {
		const result = c.deps.state.delete(accountOf(c), c.match.params.deploymentName);
		if (!result.operation) return { status: result.status, headers: {} };
		return {
			status: result.status,
			headers: {
				location: operationUrl(c, result.operation, 'operationResults'),
				'retry-after': String(c.deps.retryAfterSeconds),
			},
		};
	},

	Deployments_Pause: (c) =>
		ok(c.deps.state.setDeploymentState(accountOf(c), c.match.params.deploymentName, 'Paused')),

	Deployments_Resume: (c) =>
		ok(c.deps.state.setDeploymentState(accountOf(c), c.match.params.deploymentName, 'Running')),

	Deployments_ListSkus: (c) =>
		ok({ value: c.deps.state.listSkus(accountOf(c), c.match.params.deploymentName) }),
};

/**
 * api-versions of the two Microsoft.Resources lists the account pickers read: Subscriptions_List
 * (`GET /subscriptions`) and ResourceGroups_List (`GET /subscriptions/{id}/resourcegroups`).
 */
export const RESOURCES_API_VERSIONS = { subscriptions: '2022-12-01', resourceGroups: '2021-04-01' };

const SUBSCRIPTIONS_PATH = /^\/subscriptions\/?$/i;
const RESOURCE_GROUPS_PATH = /^\/subscriptions\/([^/]+)\/resourcegroups\/?$/i;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Subscriptions_List and ResourceGroups_List of Microsoft.Resources, drawn from the accounts: one subscription (the
 * accounts'), and the resource groups of its accounts. They are not in deployments.arm.json, so their requests are
 * checked by hand: GET only (405), `api-version` required (400 `MissingApiVersionParameter`) and the one above
 * (400 `NoRegisteredProviderFound`); an unknown subscription → 404 `SubscriptionNotFound`. Lists page like the others.
 * @returns undefined for any other path.
 */
function resourcesAnswer(deps: ArmDeps, request: ArmRequest): ArmAnswer | undefined {
	const { pathname } = request.url;
	const groups = RESOURCE_GROUPS_PATH.exec(pathname);
	const subscriptions = SUBSCRIPTIONS_PATH.test(pathname);
	if (!groups && !subscriptions) return undefined;
	if (request.method !== 'GET') throw methodNotAllowed(request.method);
	const expected = groups
		? RESOURCES_API_VERSIONS.resourceGroups
		: RESOURCES_API_VERSIONS.subscriptions;
	const version = request.url.searchParams.get('api-version');
	if (!version)
		throw armError(
			400,
			'MissingApiVersionParameter',
			'The api-version query parameter (?api-version=) is required for all requests.',
		);
	if (version !== expected)
		throw armError(
			400,
			'NoRegisteredProviderFound',
			`No registered resource provider found for API version '${version}'. The emulator serves '${expected}'.`,
		);
	const context = { deps, request, version } as Context;
	if (groups) {
		const subscriptionId = decodeURIComponent(groups[1]);
		const accounts = deps.state.listAccounts(subscriptionId);
		const names = accounts.filter(
			(account, index) =>
				accounts.findIndex((a) => same(a.resourceGroup, account.resourceGroup)) === index,
		);
		return page(
			context,
			names.map((account) => ({
				id: `/subscriptions/${account.subscriptionId}/resourceGroups/${account.resourceGroup}`,
				name: account.resourceGroup,
				type: 'Microsoft.Resources/resourceGroups',
				location: account.location,
				properties: { provisioningState: 'Succeeded' },
			})),
		);
	}
	const own = deps.state.own;
	return page(context, [
		{
			id: `/subscriptions/${own.subscriptionId}`,
			subscriptionId: own.subscriptionId,
			tenantId: own.tenantId,
			displayName: 'Emulator subscription',
			state: 'Enabled',
			authorizationSource: 'RoleBased',
		},
	]);
}

/** The bearer token's record. @throws ApiError 401 (ARM's codes). */
function authenticate(deps: ArmDeps, authorization: string | undefined): IssuedToken {
	const tenantId = deps.state.own.tenantId;
	const check = deps.entra.check(authorization, [ARM_AUDIENCE], tenantId);
	if (!check.problem) return check.token;
	throw armUnauthorized(check.problem, {
		audience: check.token?.audience,
		tokenTenant: check.token?.tenantId,
		tenantId,
		expiresAt: check.token?.expiresAt,
		now: deps.now(),
		authorityUrl: deps.authorityUrl(),
	});
}

/** @throws ApiError 400 when `api-version` is missing, malformed or not served. */
function checkApiVersion(version: string | null): string {
	if (!version)
		throw armError(
			400,
			'MissingApiVersionParameter',
			'The api-version query parameter (?api-version=) is required for all requests.',
		);
	if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version))
		throw armError(
			400,
			'InvalidApiVersionParameter',
			`The api-version '${version}' is invalid. The supported versions are '${ARM_API_VERSIONS.join(',')}'.`,
		);
	if (!ARM_API_VERSIONS.includes(version))
		throw armError(
			400,
			'NoRegisteredProviderFound',
			`No registered resource provider found for API version '${version}' for type 'accounts'. The supported api-versions are '${ARM_API_VERSIONS.join(', ')}'.`,
		);
	return version;
}

function methodNotAllowed(method: string): ApiError {
	return armError(
		405,
		'MethodNotAllowed',
		`The requested resource does not support http method '${method}'.`,
	);
}

function accountOf(c: Context): ArmAccount {
	const { subscriptionId, resourceGroupName, accountName } = c.match.params;
	return c.deps.state.account(subscriptionId, resourceGroupName, accountName);
}

/** The ARM object of an account. */
function accountView(c: Context): (account: ArmAccount) => Record<string, unknown> {
	return (account) => ({
		id: account.id,
		name: account.name,
		type: 'Microsoft.CognitiveServices/accounts',
		location: account.location,
		kind: 'AIServices',
		sku: { name: 'S0' },
		tags: {},
		properties: {
			provisioningState: 'Succeeded',
			endpoint: account.endpoint,
			endpoints: {
				'OpenAI Language Model Instance API': account.endpoint,
				'Azure AI Model Inference API': `${account.endpoint}models`,
			},
			customSubDomainName: account.name,
			disableLocalAuth: account === c.deps.state.own ? c.deps.state.localAuthDisabled : false,
			publicNetworkAccess: 'Enabled',
		},
	});
}

/** One page of a list (`{value, nextLink?}`), cut at `pageSize` with an offset `$skipToken`. */
function page(c: Context, items: unknown[]): ArmAnswer {
	const start = Number(c.request.url.searchParams.get('$skipToken') ?? 0) || 0;
	const end = start + c.deps.pageSize;
	const body: Record<string, unknown> = { value: items.slice(start, end) };
	if (end < items.length) {
		body.nextLink = `${c.request.baseUrl}${c.request.url.pathname}?api-version=${c.version}&$skipToken=${end}`;
	}
	return ok(body);
}

function operationUrl(
	c: Pick<Context, 'request' | 'version'>,
	operation: OperationRecord,
	kind: 'operationStatuses' | 'operationResults',
): string {
	const { subscriptionId, location } = operation.account;
	return `${c.request.baseUrl}/subscriptions/${subscriptionId}/providers/Microsoft.CognitiveServices/locations/${location}/${kind}/${operation.id}?api-version=${c.version}`;
}

/**
 * The `Location` URL's answer: 202 (with `Location` and `Retry-After`) while the operation runs; then 204 for a
 * finished delete, 200 with the deployment for a finished create, or the operation's error.
 */
function operationResult(
	c: Pick<Context, 'deps' | 'request' | 'version'>,
	operation: OperationRecord,
): ArmAnswer {
	if (!isFinished(operation))
		return {
			status: 202,
			headers: {
				location: operationUrl(c, operation, 'operationResults'),
				'retry-after': String(c.deps.retryAfterSeconds),
			},
		};
	if (operation.error) throw armError(400, operation.error.code, operation.error.message);
	if (operation.kind === 'delete') return { status: 204, headers: {} };
	return ok(c.deps.state.getDeployment(operation.account, operation.deploymentName, false));
}

/** `answer` after checking its body against a spec definition (with `selfCheck`). */
function checked(deps: ArmDeps, answer: ArmAnswer, definition: string): ArmAnswer {
	if (!deps.selfCheck) return answer;
	const mismatches = deps.spec.checkDefinition(definition, answer.body);
	if (mismatches.length) throw responseInvalid(definition, mismatches);
	return answer;
}

function responseInvalid(what: string, mismatches: string[]): ApiError {
	return new ApiError(500, {
		error: {
			code: 'emulatorResponseInvalid',
			message: `The emulator's ${what} answer does not match the ARM spec`,
			details: mismatches.map((message) => ({ code: 'mismatch', message })),
		},
	});
}
