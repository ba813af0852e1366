/**
 * The emulator's state: files, jobs (with their events and checkpoints) and the virtual clock. Everything it
 * returns is a copy, so callers cannot change the state by accident.
 */
import { badRequest, invalidPayload, notFound } from './errors';
import { fineTunedModelName, newJob, type CreateJobRequest } from './job-factory';
import {
	addEvent,
	DEFAULT_FAILURE,
	enterStatus,
	stepJob,
	TERMINAL_STATUSES,
	type JobRecord,
	type LifecycleHost,
} from './lifecycle';
import { fineTuneFileProblem } from './training-data';
import type { Checkpoint, FileObject, Job, JobError, JobEvent, ModelObject } from './types';
import { newId, paginate, randomHex, type Page } from './util';

interface FileRecord {
	file: FileObject;
	seq: number;
	content: Buffer;
}

/** Seconds the clock moves on each `step()`. */
export const STEP_SECONDS = 60;

/** Base models `GET /models` always lists (created = their release dates). */
export const BASE_MODELS: ModelObject[] = [
	['gpt-4o-mini-2024-07-18', 1721260800],
	['gpt-4o-2024-08-06', 1722902400],
	['gpt-4.1-2025-04-14', 1744588800],
	['gpt-4.1-mini-2025-04-14', 1744588800],
	['gpt-4.1-nano-2025-04-14', 1744588800],
	['o4-mini-2025-04-16', 1744761600],
	['gpt-5-2025-08-07', 1754524800],
	['Ministral-3B', 1731542400],
	['text-embedding-3-small', 1705968000],
].map(([id, created]) => ({
	id: id as string,
	object: 'model',
	created: created as number,
	owned_by: 'system',
}));

const copy = <T>(value: T): T => structuredClone(value);

/** Newest first: `created_at` descending, then creation sequence descending. */
function newestFirst<T extends { seq: number }>(
	records: Iterable<T>,
	createdAt: (record: T) => number,
): T[] {
	return [...records].sort((a, b) => createdAt(b) - createdAt(a) || b.seq - a.seq);
}

/** Files, jobs and the clock. */
export class Store implements LifecycleHost {
	private clock: number;
	private seq = 0;
	private readonly fileRecords = new Map<string, FileRecord>();
	private readonly jobRecords = new Map<string, JobRecord>();
	/** Jobs newest first; dropped whenever a job is added or removed (benchmarks list thousands of seeded jobs). */
	private ordered: JobRecord[] | undefined;

	/** @param now initial clock (unix seconds), default the real time. */
	constructor(now = Math.floor(Date.now() / 1000)) {
		this.clock = now;
	}

	now(): number {
		return this.clock;
	}

	setNow(unixSeconds: number): void {
		this.clock = Math.floor(unixSeconds);
	}

	// ---- files ----

	/**
	 * Stores a file with `status` (uploads: `pending` until the next step imports them). `expiresAfterSeconds` sets
	 * `expires_at` (the upload's `expires_after`, anchored at `created_at`).
	 */
	addFile(
		filename: string,
		purpose: string,
		content: Buffer,
		status = 'pending',
		expiresAfterSeconds?: number,
	): FileObject {
		const file: FileObject = {
			id: newId('file'),
			object: 'file',
			bytes: content.length,
			created_at: this.clock,
			filename,
			purpose,
			status,
		};
		if (expiresAfterSeconds !== undefined) file.expires_at = this.clock + expiresAfterSeconds;
		this.fileRecords.set(file.id, { file, seq: this.seq++, content });
		return copy(file);
	}

	fileBytes(id: string): number | undefined {
		return this.fileRecords.get(id)?.file.bytes;
	}

	/** @throws ApiError 404 for an unknown id. */
	file(id: string): FileObject {
		return copy(this.fileRecord(id).file);
	}

	/** @throws ApiError 404 for an unknown id. */
	fileContent(id: string): Buffer {
		return this.fileRecord(id).content;
	}

	/** Newest first, optionally only one `purpose`. */
	listFiles(purpose?: string): FileObject[] {
		return newestFirst(this.fileRecords.values(), (r) => r.file.created_at)
			.filter((r) => purpose === undefined || r.file.purpose === purpose)
			.map((r) => copy(r.file));
	}

	/** @throws ApiError 404 for an unknown id. */
	deleteFile(id: string): void {
		this.fileRecord(id);
		this.fileRecords.delete(id);
	}

	private fileRecord(id: string): FileRecord {
		const record = this.fileRecords.get(id);
		if (!record) throw notFound(`File with id '${id}' not found.`);
		return record;
	}

	// ---- jobs ----

	/**
	 * Creates a `pending` job after checking its file references like Azure: an unknown file is 400 `invalidPayload`
	 * "File with id '…' not found."; a file not (yet) `processed` is 400 `invalidPayload` "The specified file reference
	 * must point to a completed file import."; `param` names the field.
	 */
	createJob(request: CreateJobRequest): Job {
		for (const param of ['training_file', 'validation_file'] as const) {
			const id = request[param];
			if (typeof id !== 'string') continue;
			const record = this.fileRecords.get(id);
			if (!record) throw invalidPayload(`File with id '${id}' not found.`, param);
			if (record.file.status !== 'processed') {
				throw invalidPayload(
					'The specified file reference must point to a completed file import.',
					param,
				);
			}
		}
		const record: JobRecord = {
			job: newJob(copy(request), this.clock),
			seq: this.seq++,
			events: [],
			checkpoints: [],
		};
		this.insertJob(record);
		addEvent(this, record, `Created fine-tuning job: ${record.job.id}`);
		return copy(record.job);
	}

	/** @throws ApiError 404 `notFound` for an unknown (or deleted) id. */
	job(id: string): Job {
		return copy(this.jobRecord(id).job);
	}

	/** All jobs, newest first. */
	listJobs(): Job[] {
		return this.orderedJobs().map((job) => copy(job));
	}

	/** One page of jobs, newest first (only the page is copied). */
	pageJobs(after: string | undefined, limit: number): Page<Job> {
		const page = paginate(this.orderedJobs(), after, limit);
		return { data: page.data.map((job) => copy(job)), has_more: page.has_more };
	}

	private orderedJobs(): Job[] {
		this.ordered ??= newestFirst(this.jobRecords.values(), (r) => r.job.created_at);
		return this.ordered.map((r) => r.job);
	}

	private insertJob(record: JobRecord): void {
		this.jobRecords.set(record.job.id, record);
		this.ordered = undefined;
	}

	/** The job's events, newest first. */
	listEvents(id: string): JobEvent[] {
		return copy(this.jobRecord(id).events).reverse();
	}

	/** The job's checkpoints, newest first. */
	listCheckpoints(id: string): Checkpoint[] {
		return copy(this.jobRecord(id).checkpoints).reverse();
	}

	/** Cancels a non-terminal job. @throws ApiError 400 `jobNotCancellable` when it already ended. */
	cancel(id: string): Job {
		const record = this.jobRecord(id);
		if (TERMINAL_STATUSES.has(record.job.status)) {
			throw badRequest(
				'jobNotCancellable',
				`Job '${id}' cannot be cancelled because it has already ended (status '${record.job.status}').`,
			);
		}
		enterStatus(this, record, 'cancelled');
		return copy(record.job);
	}

	/** `running` → `pausing`. @throws ApiError 400 `jobNotPausable` in any other status. */
	pause(id: string): Job {
		return this.transition(id, 'running', 'pausing', 'jobNotPausable', 'paused');
	}

	/** `paused` → `resuming`. @throws ApiError 400 `jobNotResumable` in any other status. */
	resume(id: string): Job {
		return this.transition(id, 'paused', 'resuming', 'jobNotResumable', 'resumed');
	}

	private transition(id: string, from: string, to: string, code: string, verb: string): Job {
		const record = this.jobRecord(id);
		if (record.job.status !== from) {
			throw badRequest(
				code,
				`Job '${id}' cannot be ${verb}: only a job in status '${from}' can be ${verb}, this job is '${record.job.status}'.`,
			);
		}
		enterStatus(this, record, to);
		return copy(record.job);
	}

	// ---- clock and test control ----

	/** Moves the clock on `STEP_SECONDS`, finishes pending file imports and moves every non-terminal job one status. */
	step(): void {
		this.clock += STEP_SECONDS;
		for (const { file, content } of this.fileRecords.values()) {
			if (file.status !== 'pending') continue;
			const problem = file.purpose === 'fine-tune' ? fineTuneFileProblem(content) : undefined;
			file.status = problem ? 'error' : 'processed';
			if (problem) file.status_details = problem;
		}
		for (const record of this.jobRecords.values()) stepJob(this, record);
	}

	/** One job one status on, or straight to `to` (any string). @throws ApiError 404 for an unknown id. */
	advanceJob(id: string, to?: string): void {
		const record = this.jobRecord(id);
		if (to === undefined) stepJob(this, record);
		else enterStatus(this, record, to);
	}

	/** The job's next step ends in `failed` with `error`. @throws ApiError 404 for an unknown id. */
	failJob(id: string, error?: { code: string; message: string }): void {
		const failure: JobError = error
			? { code: error.code, message: error.message, param: null }
			: { ...DEFAULT_FAILURE };
		this.jobRecord(id).failWith = failure;
	}

	/** @throws ApiError 404 for an unknown id. */
	deleteJob(id: string): void {
		this.jobRecord(id);
		this.jobRecords.delete(id);
		this.ordered = undefined;
	}

	/**
	 * Creates `count` jobs directly (no file checks, events, checkpoints or result files), oldest first, one minute
	 * apart and ending at the current clock. Status default `succeeded` (with `fine_tuned_model`, `finished_at`,
	 * `trained_tokens` and `result_files: []`). `init` overrides any field but `id`.
	 */
	seedJobs(count: number, init: Partial<Job> = {}): Job[] {
		const seeded: Job[] = [];
		for (let i = 0; i < count; i++) {
			const overrides: Partial<Job> = copy(init);
			delete overrides.id;
			const createdAt = this.clock - (count - 1 - i) * STEP_SECONDS;
			const base = newJob(
				{ model: 'gpt-4.1-mini-2025-04-14', training_file: `file-${randomHex()}` },
				createdAt,
			);
			const job: Job = { ...base, status: 'succeeded', ...overrides };
			if (job.status === 'succeeded') {
				const finished = {
					finished_at: createdAt + STEP_SECONDS / 2,
					estimated_finish: null,
					trained_tokens: 12000,
					result_files: [],
				};
				Object.assign(job, finished, { fine_tuned_model: fineTunedModelName(job) }, overrides);
			}
			this.insertJob({ job, seq: this.seq++, events: [], checkpoints: [] });
			seeded.push(copy(job));
		}
		return seeded;
	}

	/** True when `name` is the `fine_tuned_model` of a succeeded job. */
	isFineTunedModel(name: string): boolean {
		return this.orderedJobs().some(
			(job) => job.status === 'succeeded' && job.fine_tuned_model === name,
		);
	}

	/** `BASE_MODELS` plus the `fine_tuned_model` of every succeeded job. */
	models(): ModelObject[] {
		const tuned = this.orderedJobs()
			.filter((job) => job.status === 'succeeded' && job.fine_tuned_model)
			.map((job): ModelObject => ({
				id: job.fine_tuned_model!,
				object: 'model',
				created: job.finished_at ?? job.created_at,
				owned_by: 'organization-owner',
			}));
		return [...copy(BASE_MODELS), ...tuned];
	}

	private jobRecord(id: string): JobRecord {
		const record = this.jobRecords.get(id);
		if (!record) throw notFound(`Fine-tuning job with id '${id}' not found.`);
		return record;
	}
}
