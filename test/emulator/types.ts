/**
 * Public types of the Azure fine-tuning emulator: the objects it serves (shaped like Azure's, quirks included),
 * its options, its in-process control API and the fault-injection format.
 */

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
}

/** One API request as the emulator received it (admin `/__emulator/` requests are not recorded). */
export interface RecordedRequest {
	method: string;
	/** URL path without the query, e.g. `/openai/v1/fine_tuning/jobs`. */
	path: string;
	/** Query parameters as received (last value wins for repeated names). */
	query: Record<string, string>;
	/** Lower-case header names; `api-key` and `authorization` are always `<redacted>`. */
	headers: Record<string, string>;
	/**
	 * JSON: the parsed body exactly as received (a string when it was not valid JSON). Multipart:
	 * `{ fields, file: { filename, contentType, bytes } | null }`. Otherwise `undefined`.
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
export type FaultKind = 'status' | 'reset' | 'delay' | 'html' | 'truncated' | 'lost-response';

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
 * - `truncated`: process normally, answer the real status with only the first half of the JSON body.
 * - `lost-response`: process normally (e.g. the job is created), then destroy the socket without answering.
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
		| { kind: 'truncated' }
		| { kind: 'lost-response' }
	);

/** The running emulator and its in-process control API. */
export interface Emulator {
	/** `http://127.0.0.1:<port>`: what a credential's Endpoint is set to. */
	url: string;
	apiKey: string;
	/** Stops the timer and the server (open connections are closed). */
	close(): Promise<void>;
	/** Every API request, accepted or refused, in arrival order (live array). */
	requests: RecordedRequest[];
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
}
