/**
 * Public types of the Azure fine-tuning emulator: the objects it serves (shaped like Azure's, quirks included),
 * its options, its in-process control API and the fault-injection format.
 */
import type { EntraApp } from './entra';
import type { RedirectedRequest } from './redirectTarget';

export type { RedirectedRequest };

/** `error` of a failed job (`OpenAI.FineTuningJob.error`). */
export interface JobError {
	code: string;
	message: string;
	param: string | null;
}

/**
 * A `fine_tuning.job` as Azure serves it, including its deviations from the v1 spec: `status` may be `pending`,
 * `pausing`, `paused`, `resuming` (or any string set through `advanceJob`); `organization_id` is `null`;
 * `result_files` is `null` until the job succeeded; unset hyperparameters are `-1`; the suffix comes back as `suffix`;
 * `method` is `null` when none was sent; `trainingType` is echoed (lower camel case) only when sent.
 */
export interface Job {
	id: string;
	object: 'fine_tuning.job';
	model: string;
	created_at: number;
	finished_at: number | null;
	estimated_finish: number | null;
	status: string;
	error: JobError | null;
	fine_tuned_model: string | null;
	hyperparameters: {
		batch_size: number | string;
		learning_rate_multiplier: number | string;
		n_epochs: number | string;
	};
	organization_id: string | null;
	result_files: string[] | null;
	trained_tokens: number | null;
	training_file: string;
	validation_file: string | null;
	seed: number;
	metadata: Record<string, string> | null;
	method: Record<string, unknown> | null;
	integrations: unknown[] | null;
	suffix: string | null;
	trainingType?: unknown;
}

/** A file object (`AzureOpenAIFile`). */
export interface FileObject {
	id: string;
	object: 'file';
	bytes: number;
	created_at: number;
	filename: string;
	purpose: string;
	status: string;
	status_details?: string;
	expires_at?: number;
}

/** A `fine_tuning.job.event`. */
export interface JobEvent {
	object: 'fine_tuning.job.event';
	id: string;
	created_at: number;
	level: 'info' | 'warn' | 'error';
	message: string;
	type: 'message' | 'metrics';
	data?: unknown;
}

/** Metrics of a checkpoint (`OpenAI.FineTuningJobCheckpoint.metrics`). */
export interface CheckpointMetrics {
	step: number;
	train_loss: number;
	train_mean_token_accuracy: number;
	valid_loss: number;
	valid_mean_token_accuracy: number;
	full_valid_loss: number;
	full_valid_mean_token_accuracy: number;
}

/** A `fine_tuning.job.checkpoint`. */
export interface Checkpoint {
	object: 'fine_tuning.job.checkpoint';
	id: string;
	created_at: number;
	fine_tuned_model_checkpoint: string;
	step_number: number;
	metrics: CheckpointMetrics;
	fine_tuning_job_id: string;
}

/** An `OpenAI.Model` item of `GET /models`. */
export interface ModelObject {
	id: string;
	object: 'model';
	created: number;
	owned_by: string;
}

/** An app registration of the emulated Microsoft Entra ID (see entra.ts). */
export type { EntraApp } from './entra';

/** Options of the emulated Microsoft Entra ID. */
export interface EntraOptions {
	/** App registrations that can get tokens; their tenants are the only known ones. Default `[DEFAULT_ENTRA_APP]`. */
	apps?: EntraApp[];
	/** `expires_in` of issued tokens, in seconds of the emulator clock. Default 3600. */
	tokenLifetimeSeconds?: number;
}

/** A Cognitive Services account as ARM knows it. */
export interface ArmAccount {
	/** `/subscriptions/<subscriptionId>/resourceGroups/<resourceGroup>/providers/Microsoft.CognitiveServices/accounts/<name>` */
	id: string;
	subscriptionId: string;
	resourceGroup: string;
	name: string;
	/** Azure region, e.g. `swedencentral`. */
	location: string;
	/** Tenant whose tokens ARM and the data plane accept. */
	tenantId: string;
	/** `properties.endpoint`: the data-plane endpoint with a trailing slash (the emulator's URL for its own account). */
	endpoint: string;
}

/** Another account listed by ARM beside the emulator's own (its endpoint is not the emulator). */
export interface OtherAccount {
	name: string;
	/** Default: the own account's resource group. */
	resourceGroup?: string;
	/** Default: the own account's location. */
	location?: string;
}

/** Options of the emulated Azure Resource Manager. */
export interface ArmOptions {
	/** Default `DEFAULT_ARM.subscriptionId`. */
	subscriptionId?: string;
	/** Default `DEFAULT_ARM.resourceGroup`. */
	resourceGroup?: string;
	/** Name of the emulator's own account. Default `DEFAULT_ARM.accountName`. */
	accountName?: string;
	/** Default `DEFAULT_ARM.location`. */
	location?: string;
	/** Tenant of the subscription. Default: the first Entra app's tenant. */
	tenantId?: string;
	/** More accounts, listed after the own one (they have no jobs, so nothing can be deployed there). */
	otherAccounts?: OtherAccount[];
	/** Ticks (reads of the deployment or its operation, or `step()`) a PUT or DELETE takes. Default 2. */
	provisioningPolls?: number;
	/** Inference calls answered `DeploymentNotFound` after a deployment succeeded. Default 0. */
	servingDelayRequests?: number;
	/** Most fine-tuned deployments on the own account at once. Default 10. */
	maxFineTunedDeployments?: number;
	/** `Retry-After` (seconds) of long-running operations' answers. Default 1. */
	retryAfterSeconds?: number;
	/** Items per page of ARM lists (then `nextLink` with `$skipToken`). Default 100. */
	pageSize?: number;
}

/** How the next provisioning of one deployment goes (see `Emulator.scriptDeployment`). */
export interface DeploymentScript {
	/** Ticks until `Succeeded`/`Failed` (overrides `ArmOptions.provisioningPolls`). */
	provisioningPolls?: number;
	/** Inference calls answered `DeploymentNotFound` after it succeeded (overrides the option). */
	servingDelayRequests?: number;
	/** Ends in `Failed`; the operation status carries this `error`. */
	fail?: { code: string; message: string };
}

/** Options of `startEmulator`. */
export interface EmulatorOptions {
	/** Key the `api-key` header must carry. Default: the secrets canary `DEFAULT_API_KEY`. */
	apiKey?: string;
	/** TCP port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** When > 0, `step()` runs on a timer every that many ms (for `npm run dev`). 0 (default) = manual clock. */
	autoAdvanceMs?: number;
	/**
	 * Self-check: validate every 2xx JSON answer against the spec's 200 response (documented Azure deviations
	 * excepted, see `spec.ts`). A mismatch turns the answer into a 500 `emulatorResponseInvalid`. Default false.
	 */
	selfCheck?: boolean;
	/** Key authentication disabled on the resource (`disableLocalAuth`): the api-key is refused, bearer tokens work. */
	disableLocalAuth?: boolean;
	/** The token endpoint `POST /<tenant>/oauth2/v2.0/token`. */
	entra?: EntraOptions;
	/** ARM under `/subscriptions/…` on the same port. */
	arm?: ArmOptions;
	/**
	 * Pages `GET /files` like a service that pages its files list: at most this many files per answer, `has_more`
	 * true while more follow, and OpenAI's `after=<file id>` cursor honoured (an unknown one gives an empty last page).
	 * Default: every file in one answer with `has_more: false`, since the spec's listFiles declares no paging parameter
	 * (only `purpose`) although its answer carries `first_id`, `last_id` and `has_more`.
	 */
	filesPageSize?: number;
}

/** One API request as the emulator received it (admin `/__emulator/` requests are not recorded). */
export interface RecordedRequest {
	method: string;
	/** URL path without the query, e.g. `/openai/v1/fine_tuning/jobs`. */
	path: string;
	/** Query parameters as received (last value wins for repeated names). */
	query: Record<string, string>;
	/**
	 * Lower-case header names; `api-key` and `authorization` are always `<redacted>`, and so is the api-key's or a
	 * client secret's value anywhere else.
	 */
	headers: Record<string, string>;
	/**
	 * JSON: the parsed body exactly as received (a string when it was not valid JSON). Multipart:
	 * `{ fields, file: { filename, contentType, bytes } | null }`. Form-encoded (token requests): the fields, with
	 * `client_secret` and `client_assertion` `<redacted>`. Otherwise `undefined`.
	 */
	body: unknown;
	/** Status sent (or, for `lost-response`, the one that would have been sent); 0 when no answer was produced. */
	status: number;
	/** The `error` object of an error answer. */
	error?: unknown;
	/** Kind of the injected fault that hit this request. */
	fault?: FaultKind;
}

/** Kinds of injectable faults. */
export type FaultKind =
	'status' | 'reset' | 'delay' | 'html' | 'truncated' | 'lost-response' | 'redirect';

/** Which requests a fault hits, and how often. */
export interface FaultMatch {
	/** HTTP method, case-insensitive; any when omitted. */
	method?: string;
	/** Regular expression (source string or RegExp) tested against the URL path; any path when omitted. */
	path?: string | RegExp;
	/** How many matching requests it hits before it is used up. Default 1. */
	times?: number;
}

/**
 * A scripted fault. Faults are kept in the order injected; each API request takes the first one that matches.
 * - `status`: answer `status` at once (nothing processed) with an Azure error body `{error:{code,message}}` (plus
 *   `param`/`type` when given) and optional `retry-after` (seconds) / `retry-after-ms` headers, e.g. 429
 *   `daily_rate_limit_exceeded`, 500, 503, or a scripted 400.
 * - `reset`: destroy the socket before answering (nothing processed).
 * - `delay`: wait `ms`, then process and answer normally.
 * - `html`: answer `status` (default 502) with a gateway's HTML error page (nothing processed).
 * - `truncated`: process normally, answer the real status with only the first `bytes` bytes of the JSON body (default
 *   half of it; 0: an empty body).
 * - `lost-response`: process normally (e.g. the job is created), then destroy the socket without answering.
 * - `redirect`: answer `status` (default 302 for GET and HEAD, 307 otherwise: the codes that keep a POST a POST)
 *   with `Location` on the redirect target, another origin (`Emulator.redirectTarget`, redirectTarget.ts), at the
 *   same path and query (nothing processed).
 */
export type Fault = FaultMatch &
	(
		| {
				kind: 'status';
				status: number;
				code?: string;
				message?: string;
				/** Added to the error body only when given. */
				param?: string | null;
				type?: string;
				retryAfter?: number;
				retryAfterMs?: number;
		  }
		| { kind: 'reset' }
		| { kind: 'delay'; ms: number }
		| { kind: 'html'; status?: number }
		| { kind: 'truncated'; bytes?: number }
		| { kind: 'lost-response' }
		| { kind: 'redirect'; status?: number }
	);

/** The running emulator and its in-process control API. */
export interface Emulator {
	/** `http://127.0.0.1:<port>`: what a credential's Endpoint is set to. */
	url: string;
	apiKey: string;
	/** Authority host of the emulated Entra ID (the token endpoint is `<authorityUrl>/<tenant>/oauth2/v2.0/token`). */
	authorityUrl: string;
	/** ARM host (`<armUrl>/subscriptions/…`). */
	armUrl: string;
	/** The emulator's own account in ARM (its `endpoint` is `url` + `/`). */
	account: ArmAccount;
	/** The app registrations that can get tokens. */
	entraApps: EntraApp[];
	/** The other origin `redirect` faults point to (`http://127.0.0.1:<another port>`). */
	redirectTargetUrl: string;
	/** Stops the timer and the server (open connections are closed). */
	close(): Promise<void>;
	/** Every API request, accepted or refused, in arrival order (live array). */
	requests: RecordedRequest[];
	/** Requests the redirect target (where `redirect` faults point) received, unredacted (redirectTarget.ts). */
	redirected(): RedirectedRequest[];
	clearRequests(): void;
	/** Advances the clock 60 s, finishes pending file imports and moves every non-terminal job one status on. */
	step(): void;
	/** Moves one job one status on, or straight to `to` (any string) with that status's side effects. */
	advanceJob(id: string, to?: string): void;
	/** Makes the job's next step end in `failed` with this error (default `internalError`). */
	failJob(id: string, error?: { code: string; message: string }): void;
	/** Removes a job: it disappears from the list and `GET` answers 404 (Azure purges old jobs). */
	deleteJob(id: string): void;
	/** Creates `count` jobs at once (status default `succeeded`), oldest first; `init` overrides fields. */
	seedJobs(count: number, init?: Partial<Job>): Job[];
	/** Sets the emulator clock (unix seconds). The clock only moves through `setNow` and `step`. */
	setNow(unixSeconds: number): void;
	now(): number;
	/** Queues a scripted fault. @throws Error when it is malformed. */
	injectFault(fault: Fault): void;
	/** Faults not used up yet. */
	pendingFaults(): Fault[];
	clearFaults(): void;
	/** Snapshots (copies) of the current jobs and files, newest first. */
	jobs(): Job[];
	files(): FileObject[];
	/** Token requests received (issued or refused), for a tenant and/or client, or all. */
	tokenRequestCount(tenantId?: string, clientId?: string): number;
	/** `expires_in` of tokens issued from now on (seconds). @throws Error unless an integer >= 1. */
	setTokenLifetime(seconds: number): void;
	/** Every access token issued so far (secret scans look for them). */
	issuedTokens(): string[];
	/** Turns key authentication off (`disableLocalAuth: true`) or on. */
	setLocalAuthDisabled(disabled: boolean): void;
	/** Scripts the next provisioning of the own account's deployment `name` (or the one in progress). */
	scriptDeployment(name: string, script: DeploymentScript): void;
	/** Snapshots of every account's deployments, as ARM serves them. */
	deployments(): Record<string, unknown>[];
}
