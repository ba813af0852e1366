/**
 * The job state machine: which status follows which on a clock step, and what entering a status does (events,
 * checkpoints, the result file, `fine_tuned_model`, `error`).
 */
import { fineTunedModelName } from './job-factory';
import type { Checkpoint, CheckpointMetrics, FileObject, Job, JobError, JobEvent } from './types';
import { newId } from './util';

/** A job and everything the emulator keeps beside it. */
export interface JobRecord {
	job: Job;
	/** Creation sequence (tie-breaker of the list order). */
	seq: number;
	/** In creation order (lists serve them newest first). */
	events: JobEvent[];
	/** In creation order (lists serve them newest first). */
	checkpoints: Checkpoint[];
	/** Set by `failJob`: the next step ends in `failed` with this error. */
	failWith?: JobError;
}

/** What the state machine needs from the store. */
export interface LifecycleHost {
	now(): number;
	/** Stores a generated file (the result file) and returns it. */
	addFile(filename: string, purpose: string, content: Buffer, status: string): FileObject;
	/** Size of a stored file, if it exists. */
	fileBytes(id: string): number | undefined;
}

/** Statuses a job never leaves on its own; cancel is refused there. */
export const TERMINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

/** The status one clock step leads to. `paused` and unknown statuses stay where they are. */
export const NEXT_STATUS: Record<string, string> = {
	pending: 'validating_files',
	validating_files: 'queued',
	queued: 'running',
	running: 'succeeded',
	pausing: 'paused',
	resuming: 'running',
};

/** Error of a job failed through `failJob` without an explicit error. */
export const DEFAULT_FAILURE: JobError = {
	code: 'internalError',
	message: 'The fine-tuning job failed due to an internal error. Please try again.',
	param: null,
};

/** Training steps of every emulated job; checkpoints are taken every `CHECKPOINT_EVERY` steps. */
export const TOTAL_STEPS = 30;
const CHECKPOINT_EVERY = 10;

/** Header of `results.csv`, as Azure writes it. */
export const RESULTS_CSV_HEADER =
	'step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy';

/** Appends an event to the job. */
export function addEvent(
	host: LifecycleHost,
	record: JobRecord,
	message: string,
	extra: Partial<JobEvent> = {},
): void {
	record.events.push({
		object: 'fine_tuning.job.event',
		id: newId('ftevent'),
		created_at: host.now(),
		level: 'info',
		message,
		type: 'message',
		...extra,
	});
}

/** Moves the job one status on (or to `failed` when `failJob` asked for it). Terminal and parked jobs stay. */
export function stepJob(host: LifecycleHost, record: JobRecord): void {
	if (TERMINAL_STATUSES.has(record.job.status)) return;
	if (record.failWith) return enterStatus(host, record, 'failed');
	const next = NEXT_STATUS[record.job.status];
	if (next) enterStatus(host, record, next);
}

/** Sets the job's status to `status` (any string) and applies what entering it does. */
export function enterStatus(host: LifecycleHost, record: JobRecord, status: string): void {
	const { job } = record;
	const previous = job.status;
	job.status = status;
	switch (status) {
		case 'validating_files':
			addEvent(
				host,
				record,
				`Validating training file: ${job.training_file}${job.validation_file ? ` and validation file: ${job.validation_file}` : ''}`,
			);
			break;
		case 'queued':
			addEvent(host, record, 'Files validated. Job queued.');
			break;
		case 'running':
			addEvent(host, record, previous === 'resuming' ? 'Job resumed.' : 'Training started.');
			addCheckpoints(host, record, 2);
			addMetricsEvent(host, record, CHECKPOINT_EVERY * 2);
			break;
		case 'succeeded':
			succeed(host, record);
			break;
		case 'failed':
			job.error = record.failWith ?? { ...DEFAULT_FAILURE };
			record.failWith = undefined;
			job.finished_at = host.now();
			addEvent(host, record, job.error.message, { level: 'error' });
			break;
		case 'cancelled':
			job.finished_at = host.now();
			addEvent(host, record, 'Job cancelled.');
			break;
		case 'pausing':
			addEvent(host, record, 'Job pause requested.');
			break;
		case 'paused':
			addEvent(host, record, 'Job paused.');
			break;
		case 'resuming':
			addEvent(host, record, 'Job resume requested.');
			break;
		default:
			addEvent(host, record, `Job status changed to ${status}.`);
	}
}

function succeed(host: LifecycleHost, record: JobRecord): void {
	const { job } = record;
	addCheckpoints(host, record, TOTAL_STEPS / CHECKPOINT_EVERY);
	const epochs =
		typeof job.hyperparameters.n_epochs === 'number' && job.hyperparameters.n_epochs > 0
			? job.hyperparameters.n_epochs
			: 3;
	job.trained_tokens =
		Math.max(1000, Math.round((host.fileBytes(job.training_file) ?? 4000) / 4)) * epochs;
	const resultFile =
		job.result_files?.[0] ??
		host.addFile('results.csv', 'fine-tune-results', Buffer.from(resultsCsv()), 'processed').id;
	job.fine_tuned_model = fineTunedModelName(job);
	job.result_files = [resultFile];
	job.finished_at = host.now();
	job.estimated_finish = null;
	addEvent(host, record, `Training tokens billed: ${job.trained_tokens}`);
	addEvent(host, record, `Completed results file: ${resultFile}`);
	addEvent(host, record, 'The job has successfully completed.');
}

/** Deterministic, plausible training metrics at a step (loss falls, accuracy rises). */
export function metricsAt(step: number): CheckpointMetrics {
	const round = (value: number) => Math.round(value * 10000) / 10000;
	const progress = step / TOTAL_STEPS;
	return {
		step,
		train_loss: round(1.8 - 1.2 * progress),
		train_mean_token_accuracy: round(0.55 + 0.35 * progress),
		valid_loss: round(1.9 - 1.1 * progress),
		valid_mean_token_accuracy: round(0.52 + 0.33 * progress),
		full_valid_loss: round(1.95 - 1.1 * progress),
		full_valid_mean_token_accuracy: round(0.5 + 0.34 * progress),
	};
}

/** Tops the job up to `count` checkpoints (every `CHECKPOINT_EVERY` steps); existing ones are kept. */
function addCheckpoints(host: LifecycleHost, record: JobRecord, count: number): void {
	const model = fineTunedModelName(record.job);
	for (let n = record.checkpoints.length + 1; n <= count; n++) {
		const step = n * CHECKPOINT_EVERY;
		record.checkpoints.push({
			object: 'fine_tuning.job.checkpoint',
			id: newId('ftchkpt'),
			created_at: host.now(),
			fine_tuned_model_checkpoint: `${model}:ckpt-step-${step}`,
			step_number: step,
			metrics: metricsAt(step),
			fine_tuning_job_id: record.job.id,
		});
	}
}

function addMetricsEvent(host: LifecycleHost, record: JobRecord, step: number): void {
	const metrics = metricsAt(step);
	addEvent(host, record, `Step ${step}/${TOTAL_STEPS}: training loss=${metrics.train_loss}`, {
		type: 'metrics',
		data: { ...metrics, total_steps: TOTAL_STEPS },
	});
}

/** `results.csv`: the header plus one row per checkpoint step. */
export function resultsCsv(): string {
	const rows = [];
	for (let step = CHECKPOINT_EVERY; step <= TOTAL_STEPS; step += CHECKPOINT_EVERY) {
		const m = metricsAt(step);
		rows.push(
			[
				step,
				m.train_loss,
				m.train_mean_token_accuracy,
				m.valid_loss,
				m.valid_mean_token_accuracy,
				m.full_valid_loss,
				m.full_valid_mean_token_accuracy,
			].join(','),
		);
	}
	return `${RESULTS_CSV_HEADER}\n${rows.join('\n')}\n`;
}
