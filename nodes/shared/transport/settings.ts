/**
 * The one settings object of the package: how requests are retried, how long one may take, and how the upload waits
 * for Azure to import a file. The code only reads it; tests change it only through test/support/settings.ts, which
 * restores it afterwards.
 *
 * Retries follow `docs/azure-api.md#errors-and-retries`; the file statuses waited on follow
 * `docs/azure-api.md#files-and-training-data`.
 */
import type { RetryPolicy } from './retry';

/** Pauses between polls of `GET /files/{file_id}` while waiting for a file to be processed. */
export interface FileWaitPolicy {
	/** Pause before the first poll, in milliseconds. */
	firstDelayMs: number;
	/** Each pause is this many times the previous one ... */
	factor: number;
	/** ... up to this many milliseconds. */
	maxDelayMs: number;
}

/**
 * Pauses between the polls of a deployment wait (an ARM long-running operation, a new deployment's first answer):
 * the same growing pauses as {@link FileWaitPolicy}. A `Retry-After` ARM sends replaces the pause, up to
 * `maxDelayMs`.
 */
export type DeploymentWaitPolicy = FileWaitPolicy;

export interface Timeouts {
	/** Per-attempt timeout of a request that sets none, in milliseconds (uploads add time per size). */
	requestMs: number;
}

export interface Settings {
	/** Retries of a failed request ({@link RetryPolicy}: attempts, waits in milliseconds). */
	retry: RetryPolicy;
	/** Request timeouts, in milliseconds. */
	timeouts: Timeouts;
	/** Upload's Wait Until Processed: pauses between polls, in milliseconds. */
	fileWait: FileWaitPolicy;
	/** Create Deployment's wait and Delete Deployment's: pauses between polls, in milliseconds. */
	deploymentWait: DeploymentWaitPolicy;
}

/** Deeply read-only view of {@link Settings}: what the code gets. */
export type ReadonlySettings = { readonly [K in keyof Settings]: Readonly<Settings[K]> };

/**
 * The settings in force:
 * - retry: 4 attempts in all; backoff steps from 1 s doubling up to 15 s, each wait random in the upper half of its
 *   step (0.5–1 s, 1–2 s, 2–4 s: `backoffDelayMs`, retry.ts); at most 60 s of waiting per request.
 * - timeouts: 60 s per attempt.
 * - fileWait: pauses of 2 s, 3 s, 4.5 s ... up to 30 s between polls.
 * - deploymentWait: pauses of 5 s, 7.5 s, 11.25 s ... up to 30 s (deployments take minutes:
 *   docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
export const settings: ReadonlySettings = {
	retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000, maxTotalWaitMs: 60_000 },
	timeouts: { requestMs: 60_000 },
	fileWait: { firstDelayMs: 2_000, factor: 1.5, maxDelayMs: 30_000 },
	deploymentWait: { firstDelayMs: 5_000, factor: 1.5, maxDelayMs: 30_000 },
};
