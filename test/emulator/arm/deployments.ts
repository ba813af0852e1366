/**
 * ARM state: the Cognitive Services accounts the emulator knows (its own, whose endpoint is the emulator, and any
 * others configured), their model deployments, and the long-running operations that create and delete them.
 *
 * Lifecycle of a deployment (facts: docs/azure-api.md#microsoft-entra-id-and-resource-manager):
 * - a PUT creates it `Accepted` (201 + `Azure-AsyncOperation`); each tick moves it on: `Creating` until
 *   `provisioningPolls` ticks have passed, then `Succeeded` (or `Failed` with the scripted error);
 * - a tick is a read of the deployment or of its operation, or `step()`;
 * - once `Succeeded`, the data plane still answers `DeploymentNotFound` for `servingDelayRequests` inference calls;
 * - a DELETE makes it `Deleting` (202 + `Location`) and it is gone after the same number of ticks;
 * - `DeveloperTier` deployments disappear 24 h after creation; the others after 15 days without inference;
 *   both on the emulator clock.
 * Only a `fine_tuned_model` of a succeeded job of the emulator's own store can be deployed, only on its own
 * account, at most `maxFineTunedDeployments` at a time.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors';
import type { ArmAccount, DeploymentScript } from '../types';
import { armError, resourceNotFound } from './errors';

/** A SKU a fine-tuned model can be deployed with. */
export interface DeploymentSku {
	/** As ARM spells it; compared case-insensitively. */
	name: string;
	/** Billed per hour while deployed, used or not. */
	hourlyHosting: boolean;
	/** `Deployments_Pause` is allowed. */
	pausable: boolean;
	/** Capacity when the request gives none (units of 1K tokens per minute). */
	defaultCapacity: number;
	/** Deleted this many seconds after creation, whatever its use. */
	lifetimeSeconds?: number;
}

/**
 * SKUs of fine-tuned model deployments: Standard and GlobalStandard carry an hourly hosting fee; the Developer tier
 * (`DeveloperTier`) carries none, cannot be paused and is deleted after 24 hours.
 */
export const DEPLOYMENT_SKUS: readonly DeploymentSku[] = [
	{ name: 'Standard', hourlyHosting: true, pausable: true, defaultCapacity: 1 },
	{ name: 'GlobalStandard', hourlyHosting: true, pausable: true, defaultCapacity: 1 },
	{
		name: 'DeveloperTier',
		hourlyHosting: false,
		pausable: false,
		defaultCapacity: 50,
		lifetimeSeconds: 24 * 3600,
	},
];

/** Largest capacity the emulator grants. */
export const MAX_CAPACITY = 1000;

/** A deployment not called for this long (after it started serving) is deleted. */
export const INACTIVITY_SECONDS = 15 * 24 * 3600;

/** Type of a deployment resource. */
const DEPLOYMENT_TYPE = 'Microsoft.CognitiveServices/accounts/deployments';

/** What the state needs from the rest of the emulator. */
export interface ArmHost {
	/** Emulator clock, unix seconds. */
	now(): number;
	/** True for the `fine_tuned_model` of a succeeded job of the emulator's store. */
	isDeployable(model: string): boolean;
}

/** Defaults of every deployment, overridden per deployment by `scriptDeployment`. */
export interface DeploymentDefaults {
	provisioningPolls: number;
	servingDelayRequests: number;
	maxFineTunedDeployments: number;
}

interface DeploymentRecord {
	account: ArmAccount;
	name: string;
	sku: { name: string; capacity: number };
	skuInfo: DeploymentSku;
	model: Record<string, unknown> & { name: string };
	/** Writable properties echoed as sent (`raiPolicyName`, `versionUpgradeOption`, `serviceTier`, …). */
	extra: Record<string, unknown>;
	tags?: Record<string, string>;
	provisioningState: string;
	deploymentState: 'Running' | 'Paused';
	createdAt: number;
	createdBy: string;
	modifiedAt: number;
	/** When it last became `Succeeded` or was last called (inactivity clock). */
	activeAt?: number;
	ticksLeft: number;
	servingDelayLeft: number;
	failWith?: { code: string; message: string };
	/** The operation in progress on it, if any. */
	operation?: OperationRecord;
}

interface OperationRecord {
	id: string;
	account: ArmAccount;
	deploymentName: string;
	kind: 'create' | 'delete';
	status: string;
	startTime: number;
	endTime?: number;
	error?: { code: string; message: string };
}

/** Outcome of a write: the status to answer, the deployment, and the operation to poll when one started. */
export interface WriteResult {
	status: number;
	deployment?: Record<string, unknown>;
	operation?: OperationRecord;
}

const IN_PROGRESS = new Set(['Accepted', 'Creating', 'Deleting']);
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Accounts, deployments and operations. */
export class ArmState {
	private readonly deploymentRecords = new Map<string, DeploymentRecord>();
	private readonly operations = new Map<string, OperationRecord>();
	private readonly scripts = new Map<string, DeploymentScript>();
	/** The own account's `disableLocalAuth`: the data plane then refuses the api-key. */
	localAuthDisabled = false;

	constructor(
		readonly accounts: readonly ArmAccount[],
		private readonly host: ArmHost,
		readonly defaults: DeploymentDefaults,
	) {}

	/** The emulator's own account (the first). */
	get own(): ArmAccount {
		return this.accounts[0];
	}

	/** Accounts of a subscription (and resource group). @throws ApiError 404 `SubscriptionNotFound`. */
	listAccounts(subscriptionId: string, resourceGroup?: string): ArmAccount[] {
		const inSubscription = this.accounts.filter((a) => same(a.subscriptionId, subscriptionId));
		if (!inSubscription.length)
			throw armError(
				404,
				'SubscriptionNotFound',
				`The subscription '${subscriptionId}' could not be found.`,
			);
		if (resourceGroup === undefined) return inSubscription;
		const inGroup = inSubscription.filter((a) => same(a.resourceGroup, resourceGroup));
		if (!inGroup.length)
			throw armError(
				404,
				'ResourceGroupNotFound',
				`Resource group '${resourceGroup}' could not be found.`,
			);
		return inGroup;
	}

	/** One account. @throws ApiError 404 (`SubscriptionNotFound`, `ResourceGroupNotFound`, `ResourceNotFound`). */
	account(subscriptionId: string, resourceGroup: string, name: string): ArmAccount {
		const found = this.listAccounts(subscriptionId, resourceGroup).find((a) => same(a.name, name));
		if (!found)
			throw resourceNotFound(`Microsoft.CognitiveServices/accounts/${name}`, resourceGroup);
		return found;
	}

	/** The deployments of an account, in creation order, as ARM serves them. */
	listDeployments(account: ArmAccount): Record<string, unknown>[] {
		this.sweep();
		return this.recordsOf(account).map((r) => this.view(r));
	}

	/** One deployment as ARM serves it; `tick` moves its provisioning on first. @throws ApiError 404. */
	getDeployment(account: ArmAccount, name: string, tick: boolean): Record<string, unknown> {
		this.sweep();
		const record = this.record(account, name);
		if (tick) this.tick(record);
		if (!this.deploymentRecords.has(keyOf(account, name))) throw this.notFound(account, name);
		return this.view(record);
	}

	/**
	 * `Deployments_CreateOrUpdate`. A new deployment (or one that failed, or whose model changes) starts
	 * provisioning: 201 for a new one, 200 otherwise, with an operation. A succeeded one with the same model is
	 * updated at once (200).
	 * @throws ApiError 400 `InvalidResourceProperties` (no model, unknown SKU, capacity out of range),
	 *   `DeploymentModelNotSupported` (not a succeeded fine-tune of this resource), `QuotaExceeded` (limit of
	 *   fine-tuned deployments); 409 `AnotherOperationInProgress`.
	 */
	createOrUpdate(
		account: ArmAccount,
		name: string,
		body: Record<string, any>,
		clientId: string,
	): WriteResult {
		this.sweep();
		const existing = this.deploymentRecords.get(keyOf(account, name));
		if (existing && IN_PROGRESS.has(existing.provisioningState)) throw this.busy(existing);
		const model = body.properties?.model as DeploymentRecord['model'] | undefined;
		if (!model?.name)
			throw armError(
				400,
				'InvalidResourceProperties',
				'The deployment must name a model in properties.model.name.',
				'properties.model.name',
			);
		const { skuInfo, capacity } = this.skuOf(body.sku, model.name);
		if (!(account === this.own && this.host.isDeployable(model.name)))
			throw armError(
				400,
				'DeploymentModelNotSupported',
				`Creating account deployment is not supported by the model '${model.name}'. Only a fine-tuned model of a succeeded job of this resource can be deployed.`,
				'properties.model.name',
			);
		if (!existing && this.recordsOf(account).length >= this.defaults.maxFineTunedDeployments)
			throw armError(
				400,
				'QuotaExceeded',
				`The resource already has ${this.defaults.maxFineTunedDeployments} fine-tuned model deployments, the most it can have. Delete one before deploying another.`,
			);
		const now = this.host.now();
		const extra = writableProperties(body.properties);
		const record: DeploymentRecord = {
			account,
			name: existing?.name ?? name,
			sku: { name: String(body.sku.name), capacity },
			skuInfo,
			model: { version: '1', ...model },
			extra,
			tags: body.tags,
			provisioningState: existing?.provisioningState ?? 'Accepted',
			deploymentState: body.properties?.deploymentState === 'Paused' ? 'Paused' : 'Running',
			createdAt: existing?.createdAt ?? now,
			createdBy: existing?.createdBy ?? clientId,
			modifiedAt: now,
			activeAt: existing?.activeAt,
			ticksLeft: 0,
			servingDelayLeft: existing?.servingDelayLeft ?? 0,
		};
		this.deploymentRecords.set(keyOf(account, name), record);
		const reprovision =
			!existing || existing.provisioningState !== 'Succeeded' || existing.model.name !== model.name;
		if (!reprovision) return { status: 200, deployment: this.view(record) };
		record.provisioningState = 'Accepted';
		record.activeAt = undefined;
		this.startProvisioning(record);
		const operation = this.startOperation(record, 'create');
		if (record.ticksLeft <= 0) this.finishProvisioning(record);
		return { status: existing ? 200 : 201, deployment: this.view(record), operation };
	}

	/** `Deployments_Update`: new `sku` (name, capacity) and/or `tags`, at once. @throws ApiError 404, 400, 409. */
	update(account: ArmAccount, name: string, body: Record<string, any>): Record<string, unknown> {
		this.sweep();
		const record = this.record(account, name);
		if (IN_PROGRESS.has(record.provisioningState)) throw this.busy(record);
		if (body.sku) {
			const { skuInfo, capacity } = this.skuOf(
				{ name: record.sku.name, capacity: record.sku.capacity, ...body.sku },
				record.model.name,
			);
			record.skuInfo = skuInfo;
			record.sku = { name: String(body.sku.name ?? record.sku.name), capacity };
		}
		if (body.tags) record.tags = body.tags;
		record.modifiedAt = this.host.now();
		return this.view(record);
	}

	/** `Deployments_Delete`: 202 with an operation, or 204 when there is no such deployment. @throws 409. */
	delete(account: ArmAccount, name: string): WriteResult {
		this.sweep();
		const record = this.deploymentRecords.get(keyOf(account, name));
		if (!record) return { status: 204 };
		if (IN_PROGRESS.has(record.provisioningState)) throw this.busy(record);
		record.provisioningState = 'Deleting';
		record.ticksLeft = this.defaults.provisioningPolls;
		const operation = this.startOperation(record, 'delete');
		if (record.ticksLeft <= 0) this.tick(record);
		return { status: 202, operation };
	}

	/**
	 * `Deployments_Pause` / `Deployments_Resume`. @throws ApiError 404; 409 while provisioning; 400 `BadRequest`
	 * for a SKU that cannot be paused.
	 */
	setDeploymentState(
		account: ArmAccount,
		name: string,
		state: 'Running' | 'Paused',
	): Record<string, unknown> {
		this.sweep();
		const record = this.record(account, name);
		if (record.provisioningState !== 'Succeeded') throw this.busy(record);
		if (state === 'Paused' && !record.skuInfo.pausable)
			throw armError(
				400,
				'BadRequest',
				`Deployment '${record.name}' has SKU '${record.sku.name}': only Standard, DataZoneStandard and GlobalStandard deployments can be paused.`,
			);
		record.deploymentState = state;
		record.modifiedAt = this.host.now();
		return this.view(record);
	}

	/** `Deployments_ListSkus`: the SKUs this deployment's model can use. @throws ApiError 404. */
	listSkus(account: ArmAccount, name: string): Record<string, unknown>[] {
		this.sweep();
		this.record(account, name);
		return DEPLOYMENT_SKUS.map((sku) => ({
			resourceType: DEPLOYMENT_TYPE,
			sku: { name: sku.name, capacity: sku.defaultCapacity },
			capacity: { minimum: 1, maximum: MAX_CAPACITY, step: 1, default: sku.defaultCapacity },
		}));
	}

	/**
	 * An operation's status (`OperationStatusResult`), after one tick of its deployment.
	 * @throws ApiError 404 for an unknown id.
	 */
	operationStatus(subscriptionId: string, operationId: string): OperationRecord {
		const operation = this.operations.get(operationId);
		if (!operation || !same(operation.account.subscriptionId, subscriptionId))
			throw armError(404, 'NotFound', `The operation '${operationId}' was not found.`);
		const record = this.deploymentRecords.get(keyOf(operation.account, operation.deploymentName));
		if (record?.operation === operation) this.tick(record);
		return operation;
	}

	/** Moves every deployment in progress one tick on, and applies the automatic deletions. */
	step(): void {
		for (const record of [...this.deploymentRecords.values()]) this.tick(record);
		this.sweep();
	}

	/**
	 * Scripts deployment `name` of the own account: applies to the next PUT that provisions it, and at once to a
	 * provisioning in progress. @throws Error for a count that is not an integer >= 0, or a malformed `fail`.
	 */
	script(name: string, script: DeploymentScript): void {
		for (const key of ['provisioningPolls', 'servingDelayRequests'] as const) {
			const value = script[key];
			if (value !== undefined && !(Number.isInteger(value) && value >= 0))
				throw new Error(`'${key}' must be an integer >= 0`);
		}
		const { fail } = script;
		if (fail !== undefined && !(typeof fail?.code === 'string' && typeof fail.message === 'string'))
			throw new Error("'fail' must be {code, message} (strings)");
		const record = this.deploymentRecords.get(keyOf(this.own, name));
		if (record && IN_PROGRESS.has(record.provisioningState) && record.operation?.kind === 'create')
			this.applyScript(record, script);
		else this.scripts.set(name.toLowerCase(), { ...script });
	}

	/**
	 * The own account's deployment `name` if it serves inference now (counting a refused call against its serving
	 * delay, and a served one as activity).
	 * @throws ApiError 404 `DeploymentNotFound` (none, not provisioned, or not serving yet); 423 when paused.
	 */
	serve(name: string): Record<string, unknown> {
		this.sweep();
		const record = this.deploymentRecords.get(keyOf(this.own, name));
		const notFound = new ApiError(404, {
			error: {
				code: 'DeploymentNotFound',
				message:
					'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
			},
		});
		if (!record || record.provisioningState !== 'Succeeded') throw notFound;
		if (record.servingDelayLeft > 0) {
			record.servingDelayLeft--;
			throw notFound;
		}
		if (record.deploymentState === 'Paused')
			throw new ApiError(423, {
				error: {
					code: 'DeploymentPaused',
					message: `The deployment '${record.name}' is paused. Resume it to send requests.`,
				},
			});
		record.activeAt = this.host.now();
		return this.view(record);
	}

	/** Every deployment of every account, as ARM serves them. */
	snapshot(): Record<string, unknown>[] {
		this.sweep();
		return [...this.deploymentRecords.values()].map((r) => this.view(r));
	}

	/** The ARM object of a deployment. */
	view(record: DeploymentRecord): Record<string, unknown> {
		return structuredClone({
			id: `${record.account.id}/deployments/${record.name}`,
			name: record.name,
			type: DEPLOYMENT_TYPE,
			sku: record.sku,
			...(record.tags ? { tags: record.tags } : {}),
			systemData: {
				createdBy: record.createdBy,
				createdByType: 'Application',
				createdAt: iso(record.createdAt),
				lastModifiedBy: record.createdBy,
				lastModifiedByType: 'Application',
				lastModifiedAt: iso(record.modifiedAt),
			},
			properties: {
				...record.extra,
				model: record.model,
				provisioningState: record.provisioningState,
				deploymentState: record.deploymentState,
				currentCapacity: record.sku.capacity,
				capabilities: { chatCompletion: 'true' },
			},
		});
	}

	/** The `OperationStatusResult` of an operation. */
	operationView(operation: OperationRecord): Record<string, unknown> {
		return {
			id: `/subscriptions/${operation.account.subscriptionId}/providers/Microsoft.CognitiveServices/locations/${operation.account.location}/operationStatuses/${operation.id}`,
			name: operation.id,
			status: operation.status,
			startTime: iso(operation.startTime),
			...(operation.endTime === undefined ? {} : { endTime: iso(operation.endTime) }),
			...(operation.error ? { error: operation.error } : {}),
		};
	}

	private recordsOf(account: ArmAccount): DeploymentRecord[] {
		return [...this.deploymentRecords.values()].filter((r) => r.account === account);
	}

	private record(account: ArmAccount, name: string): DeploymentRecord {
		const record = this.deploymentRecords.get(keyOf(account, name));
		if (!record) throw this.notFound(account, name);
		return record;
	}

	private notFound(account: ArmAccount, name: string): ApiError {
		return resourceNotFound(
			`Microsoft.CognitiveServices/accounts/${account.name}/deployments/${name}`,
			account.resourceGroup,
		);
	}

	private busy(record: DeploymentRecord): ApiError {
		return armError(
			409,
			'AnotherOperationInProgress',
			`Another operation is in progress on deployment '${record.name}' (provisioningState '${record.provisioningState}'). Wait for it to finish.`,
		);
	}

	/** The SKU entry and capacity of a request's `sku`. @throws ApiError 400 `InvalidResourceProperties`. */
	private skuOf(
		sku: { name?: unknown; capacity?: unknown } | undefined,
		model: string,
	): { skuInfo: DeploymentSku; capacity: number } {
		const supported = DEPLOYMENT_SKUS.map((s) => s.name).join(', ');
		if (sku?.name === undefined)
			throw armError(
				400,
				'InvalidResourceProperties',
				`The deployment must give a SKU in sku.name: ${supported}.`,
				'sku.name',
			);
		const skuInfo = DEPLOYMENT_SKUS.find((s) => same(s.name, String(sku.name)));
		if (!skuInfo)
			throw armError(
				400,
				'InvalidResourceProperties',
				`The specified SKU '${String(sku.name)}' for model '${model}' is not supported. Fine-tuned models can be deployed with ${supported}.`,
				'sku.name',
			);
		const capacity = sku.capacity === undefined ? skuInfo.defaultCapacity : Number(sku.capacity);
		if (capacity < 1 || capacity > MAX_CAPACITY)
			throw armError(
				400,
				'InvalidResourceProperties',
				`The capacity ${capacity} is out of range: it must be between 1 and ${MAX_CAPACITY}.`,
				'sku.capacity',
			);
		return { skuInfo, capacity };
	}

	private startProvisioning(record: DeploymentRecord): void {
		record.ticksLeft = this.defaults.provisioningPolls;
		record.servingDelayLeft = this.defaults.servingDelayRequests;
		record.failWith = undefined;
		const script = this.scripts.get(record.name.toLowerCase());
		if (script) {
			this.scripts.delete(record.name.toLowerCase());
			this.applyScript(record, script);
		}
	}

	private applyScript(record: DeploymentRecord, script: DeploymentScript): void {
		if (script.provisioningPolls !== undefined) record.ticksLeft = script.provisioningPolls;
		if (script.servingDelayRequests !== undefined)
			record.servingDelayLeft = script.servingDelayRequests;
		if (script.fail) record.failWith = { ...script.fail };
	}

	private startOperation(record: DeploymentRecord, kind: OperationRecord['kind']): OperationRecord {
		const operation: OperationRecord = {
			id: randomUUID(),
			account: record.account,
			deploymentName: record.name,
			kind,
			status: record.provisioningState,
			startTime: this.host.now(),
		};
		this.operations.set(operation.id, operation);
		record.operation = operation;
		return operation;
	}

	/** One tick: provisioning or deleting moves on; other states stay. */
	private tick(record: DeploymentRecord): void {
		if (!IN_PROGRESS.has(record.provisioningState)) return;
		record.ticksLeft--;
		if (record.provisioningState === 'Deleting') {
			if (record.ticksLeft > 0) return;
			this.deploymentRecords.delete(keyOf(record.account, record.name));
			this.endOperation(record, 'Succeeded');
			return;
		}
		if (record.ticksLeft > 0) {
			record.provisioningState = 'Creating';
			if (record.operation) record.operation.status = 'Creating';
			return;
		}
		this.finishProvisioning(record);
	}

	private finishProvisioning(record: DeploymentRecord): void {
		const failure = record.failWith;
		record.provisioningState = failure ? 'Failed' : 'Succeeded';
		record.failWith = undefined;
		if (!failure) record.activeAt = this.host.now();
		this.endOperation(record, record.provisioningState, failure);
	}

	private endOperation(
		record: DeploymentRecord,
		status: string,
		error?: { code: string; message: string },
	): void {
		const operation = record.operation;
		if (!operation) return;
		operation.status = status;
		operation.endTime = this.host.now();
		if (error) operation.error = error;
		record.operation = undefined;
	}

	/** Deletes Developer-tier deployments past their lifetime and inactive ones past `INACTIVITY_SECONDS`. */
	private sweep(): void {
		const now = this.host.now();
		for (const [key, record] of this.deploymentRecords) {
			const lifetime = record.skuInfo.lifetimeSeconds;
			const expired = lifetime !== undefined && now >= record.createdAt + lifetime;
			const inactive =
				record.activeAt !== undefined &&
				record.provisioningState === 'Succeeded' &&
				now - record.activeAt > INACTIVITY_SECONDS;
			if (expired || inactive) this.deploymentRecords.delete(key);
		}
	}
}

/** Whether an operation has finished. */
export function isFinished(operation: OperationRecord): boolean {
	return TERMINAL.has(operation.status);
}

export type { OperationRecord };

/** Properties the service computes: never taken from a request. */
const COMPUTED_PROPERTIES = [
	'model',
	'provisioningState',
	'deploymentState',
	'capabilities',
	'callRateLimit',
	'rateLimits',
	'dynamicThrottlingEnabled',
	'currentCapacity',
];

/** The request's deployment properties the emulator echoes as sent. */
function writableProperties(
	properties: Record<string, unknown> | undefined,
): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(properties ?? {}).filter(([key]) => !COMPUTED_PROPERTIES.includes(key)),
	);
}

const keyOf = (account: ArmAccount, name: string) =>
	`${account.id.toLowerCase()}/${name.toLowerCase()}`;

/** ARM compares names case-insensitively. */
function same(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}
