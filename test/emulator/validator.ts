/**
 * Main-thread client of the spec validator worker (spec-worker.ts). One worker per module instance is shared by all
 * running emulators; it is started on first use and stopped shortly after the last emulator closed.
 */
import { setTimeout, clearTimeout } from 'node:timers';
import { Worker } from 'node:worker_threads';
import type { ValidationResult } from 'openapi-backend';

/** One Ajv error as `openapi-backend` reports it. */
export type ValidationError = NonNullable<ValidationResult['errors']>[number];

/** A request to route and validate (path already mapped onto `/openai/v1`). */
export interface CheckRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	query: Record<string, string>;
	body: unknown;
	/** True on the dated path: `api-version` is not validated against the v1 enum. */
	dropApiVersion: boolean;
}

/** Outcome of `check`: no `operationId` = no such operation; `errors` null = valid. */
export interface CheckResult {
	operationId?: string;
	params: Record<string, string>;
	/** The query parameters the operation declares (the others are dropped, as Azure ignores them). */
	query: Record<string, string>;
	errors: ValidationError[] | null;
}

/** One spec mismatch of a served answer. */
export interface ResponseMismatch {
	instancePath: string;
	message?: string;
}

/** Messages to the worker. */
export type WorkerRequest =
	| { id: number; kind: 'check'; request: CheckRequest }
	| { id: number; kind: 'checkResponse'; operationId: string; body: unknown };

/** Messages from the worker. */
export type WorkerReply =
	{ id: number; result: unknown; error?: undefined } | { id: number; error: string };

/** How long an unused worker is kept for the next emulator (sequential start/close in tests). */
const IDLE_MS = 2000;

/** Routes and validates requests (and, for self-checks, answers) against the spec, in the worker. */
export class SpecValidator {
	private nextId = 0;
	private readonly waiting = new Map<
		number,
		{ resolve: (value: any) => void; reject: (error: Error) => void }
	>();

	constructor(private readonly worker: Worker) {
		worker.on('message', (reply: WorkerReply) => {
			const pending = this.waiting.get(reply.id);
			if (!pending) return;
			this.waiting.delete(reply.id);
			if (reply.error !== undefined) pending.reject(new Error(reply.error));
			else pending.resolve(reply.result);
		});
		worker.on('error', (error) => this.failAll(error));
		worker.on('exit', () => this.failAll(new Error('the spec validator worker stopped')));
		worker.unref(); // adding listeners re-refs it; an idle worker must not keep the process alive
	}

	/** Routes a request onto a spec operation and validates it. */
	check(request: CheckRequest): Promise<CheckResult> {
		return this.ask({ id: this.nextId++, kind: 'check', request });
	}

	/** Spec mismatches of a success body, documented Azure deviations excepted (see `withoutAzureDeviations`). */
	checkResponse(operationId: string, body: unknown): Promise<ResponseMismatch[]> {
		return this.ask({ id: this.nextId++, kind: 'checkResponse', operationId, body });
	}

	private ask<T>(message: WorkerRequest): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.waiting.set(message.id, { resolve, reject });
			this.worker.postMessage(message);
		});
	}

	private failAll(error: Error): void {
		for (const pending of this.waiting.values()) pending.reject(error);
		this.waiting.clear();
	}
}

let shared:
	| { validator: Promise<SpecValidator>; worker: Worker; users: number; idle?: NodeJS.Timeout }
	| undefined;

/** Starts the worker script; a `.ts` source is loaded through tsx's CommonJS hook. */
function startWorker(): Worker {
	const file = require.resolve('./spec-worker');
	const load = `require(${JSON.stringify(file)});`;
	const bootstrap = file.endsWith('.ts')
		? `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); ${load}`
		: load;
	return new Worker(bootstrap, { eval: true });
}

/**
 * Gets the shared validator, starting the worker (≈2 s: strict spec init) when none runs. Call `releaseValidator`
 * once per call when done.
 * @throws Error when the spec cannot be loaded (strict init failed).
 */
export function acquireValidator(): Promise<SpecValidator> {
	if (shared) {
		clearTimeout(shared.idle);
		shared.users++;
		return shared.validator;
	}
	const worker = startWorker();
	const validator = new Promise<SpecValidator>((resolve, reject) => {
		worker.once('message', (message: { ready: boolean; message?: string }) => {
			if (message.ready) resolve(new SpecValidator(worker));
			else reject(new Error(`The spec could not be loaded: ${message.message}`));
		});
		worker.once('error', reject);
		worker.once('exit', (code) =>
			reject(new Error(`The spec validator worker exited early (code ${code})`)),
		);
		// Kept referenced until ready, so a process that waits for it does not exit; SpecValidator unrefs it.
	});
	shared = { validator, worker, users: 1 };
	validator.catch(() => {
		void worker.terminate();
		shared = undefined;
	});
	return validator;
}

/** Gives the validator back; the worker stops `IDLE_MS` after its last user left. */
export function releaseValidator(): void {
	if (!shared || --shared.users > 0) return;
	const current = shared;
	current.idle = setTimeout(() => {
		if (shared !== current || current.users > 0) return;
		shared = undefined;
		void current.worker.terminate();
	}, IDLE_MS);
	current.idle.unref();
}
