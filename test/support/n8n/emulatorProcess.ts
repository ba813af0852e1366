/**
 * Runs the local Azure emulator (test/emulator/cli.ts) as a child process and talks to it over HTTP: the API
 * (with the api-key) and its admin routes under /__emulator/ (no key; test/emulator/admin.ts). One code path for the
 * e2e tests, `npm run dev` and the benchmarks. The emulator runs on the machine's Node through tsx; n8n reaches it at
 * http://127.0.0.1:<port>. (Tests in process start it with test/emulator's startEmulator instead.)
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { LogFile, Redactor } from './output';
import { freePort, spawnLogged, tail, terminate } from './process';
import { REPO_ROOT } from './repo';

export const EMULATOR_CLI = path.join(REPO_ROOT, 'test', 'emulator', 'cli.ts');

export interface LoggedRequest {
	method: string;
	path: string;
	query?: Record<string, unknown>;
	headers?: Record<string, unknown>;
	body?: unknown;
	/** The answer's HTTP status; 0 while the request is still being answered (or when it was cut off). */
	status: number;
}

export interface EmulatorOptions {
	apiKey: string;
	/** Default: a free port. */
	port?: number;
	/** Advance all jobs/files one status every N ms (dev); omitted = only on request (tests). */
	autoAdvanceMs?: number;
	logFile: string;
	redactor?: Redactor;
	timeoutMs?: number;
}

export class EmulatorProcess {
	private constructor(
		readonly url: string,
		readonly port: number,
		private readonly apiKey: string,
		private readonly child: ChildProcess,
		readonly logFile: string,
	) {}

	static async start(options: EmulatorOptions): Promise<EmulatorProcess> {
		if (!fs.existsSync(EMULATOR_CLI)) {
			throw new Error(
				`The Azure emulator is missing: ${path.relative(REPO_ROOT, EMULATOR_CLI)} does not exist`,
			);
		}
		const redactor = (options.redactor ?? new Redactor()).add(options.apiKey);
		const port = options.port ?? (await freePort());
		const args = [
			path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
			EMULATOR_CLI,
			'--port',
			String(port),
			'--api-key',
			options.apiKey,
		];
		if (options.autoAdvanceMs) args.push('--auto-advance-ms', String(options.autoAdvanceMs));
		let announced: ((url: string) => void) | undefined;
		const urlPromise = new Promise<string>((resolve) => (announced = resolve));
		const log = new LogFile(options.logFile, redactor, (line) => {
			const m = /Emulator listening on (http:\/\/\S+)/.exec(line);
			if (m) announced?.(m[1].replace(/\/+$/, ''));
		});
		// process.execPath: the machine's Node (the caller may have put n8n's Node first on PATH).
		// A process group of its own, killed on teardown — and on exit of this process as a safety net.
		const child = spawnLogged(process.execPath, args, log, {
			cwd: REPO_ROOT,
			env: { ...process.env, NODE_OPTIONS: '' },
		});
		const timeoutMs = options.timeoutMs ?? 30_000;
		let timer: NodeJS.Timeout | undefined;
		try {
			const url = await Promise.race([
				urlPromise,
				new Promise<never>((_, reject) =>
					child.once('exit', (code) =>
						reject(
							new Error(
								`emulator exited early (code ${code}); log: ${options.logFile}\n${tail(options.logFile)}`,
							),
						),
					),
				),
				new Promise<never>((_, reject) => {
					timer = setTimeout(
						() =>
							reject(
								new Error(`emulator did not start within ${timeoutMs} ms; log: ${options.logFile}`),
							),
						timeoutMs,
					);
				}),
			]);
			return new EmulatorProcess(url, port, options.apiKey, child, options.logFile);
		} catch (error) {
			await terminate(child, 2000);
			throw error;
		} finally {
			clearTimeout(timer);
		}
	}

	async stop(): Promise<void> {
		await terminate(this.child, 5000);
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Resolves when the emulator process exits (e.g. it died in dev mode). */
	async exited(): Promise<number | null> {
		if (this.child.exitCode !== null) return this.child.exitCode;
		return await new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
	}

	// ----- admin routes (/__emulator, no key) -----

	/** Calls the admin route `/__emulator<route>` with an optional JSON body; throws on a non-2xx answer. */
	async admin<T = any>(method: string, route: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/__emulator${route}`, {
			method,
			headers: body !== undefined ? { 'content-type': 'application/json' } : {},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(
				`emulator ${method} /__emulator${route} -> HTTP ${res.status}: ${text.slice(0, 500)}`,
			);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/** The API requests seen so far (api-key redacted by the emulator). A JSON body is returned parsed. */
	async requests(): Promise<LoggedRequest[]> {
		const raw = await this.admin('GET', '/requests');
		const list = (Array.isArray(raw) ? raw : (raw?.requests ?? raw?.data ?? [])) as LoggedRequest[];
		return list.map((r) => {
			if (typeof r.body === 'string') {
				try {
					return { ...r, body: JSON.parse(r.body) };
				} catch {
					return r;
				}
			}
			return r;
		});
	}

	async clearRequests(): Promise<void> {
		await this.admin('DELETE', '/requests');
	}

	/** Advances every job and file one status. */
	async step(): Promise<void> {
		await this.admin('POST', '/step');
	}

	async state(): Promise<any> {
		return await this.admin('GET', '/state');
	}

	// ----- the Azure API itself (with the api-key) -----

	async api(
		method: string,
		urlPath: string,
		init: { body?: FormData | string; json?: unknown; apiKey?: string } = {},
	): Promise<{ status: number; json: any }> {
		const headers: Record<string, string> = { 'api-key': init.apiKey ?? this.apiKey };
		let body = init.body;
		if (init.json !== undefined) {
			headers['content-type'] = 'application/json';
			body = JSON.stringify(init.json);
		}
		const res = await fetch(`${this.url}/openai/v1${urlPath}`, { method, headers, body });
		const text = await res.text();
		let json: any;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = { raw: text };
		}
		return { status: res.status, json };
	}

	/** Uploads a JSONL training file (multipart `file` + `purpose=fine-tune`) and returns the API's file object. */
	async uploadFile(
		filePath: string,
		purpose = 'fine-tune',
	): Promise<{ id: string; status: string; [k: string]: unknown }> {
		const form = new FormData();
		form.append('purpose', purpose);
		form.append(
			'file',
			new Blob([fs.readFileSync(filePath)], { type: 'application/jsonl' }),
			path.basename(filePath),
		);
		const res = await this.api('POST', '/files', { body: form });
		if (res.status < 200 || res.status > 299)
			throw new Error(
				`upload of ${path.basename(filePath)} failed: HTTP ${res.status} ${JSON.stringify(res.json)}`,
			);
		return res.json;
	}

	/** Uploads a training file and steps the emulator until the file is `processed`. Returns the file id. */
	async uploadProcessedFile(filePath: string): Promise<string> {
		const file = await this.uploadFile(filePath);
		for (let i = 0; i < 5; i++) {
			const res = await this.api('GET', `/files/${encodeURIComponent(file.id)}`);
			if (res.status === 404 && i === 0) {
				// No file lookup in this emulator: by its contract an upload is processed after one step.
				await this.step();
				return file.id;
			}
			if (res.json?.status === 'processed') return file.id;
			if (res.json?.status === 'error')
				throw new Error(
					`the emulator rejected ${path.basename(filePath)}: ${JSON.stringify(res.json)}`,
				);
			await this.step();
		}
		throw new Error(`file ${file.id} did not become processed`);
	}
}

/** A job as the emulator serves it (only the fields the checks read are typed). */
export interface EmulatedJob {
	id: string;
	status: string;
	created_at: number;
	[k: string]: unknown;
}

/** `POST /__emulator/seed`: `count` jobs, oldest first, one minute apart, ending at the emulator's clock. */
export async function seedJobs(
	emulator: EmulatorProcess,
	count: number,
	init: Record<string, unknown> = {},
): Promise<EmulatedJob[]> {
	return (await emulator.admin<{ data: EmulatedJob[] }>('POST', '/seed', { count, ...init })).data;
}

/** The emulator's clock (unix seconds). */
export async function emulatorNow(emulator: EmulatorProcess): Promise<number> {
	return (await emulator.admin<{ now: number }>('GET', '/state')).now;
}

export async function setEmulatorNow(emulator: EmulatorProcess, now: number): Promise<void> {
	await emulator.admin('POST', '/now', { now });
}

/** Moves one job one status on (its lifecycle's next status) and returns the job afterwards. */
export async function advanceJob(emulator: EmulatorProcess, jobId: string): Promise<EmulatedJob> {
	return await emulator.admin<EmulatedJob>(
		'POST',
		`/jobs/${encodeURIComponent(jobId)}/advance`,
		{},
	);
}

/** The files the emulator holds (newest first). */
export async function emulatedFiles(
	emulator: EmulatorProcess,
): Promise<Array<{ id: string; status: string; [k: string]: unknown }>> {
	return (await emulator.admin<{ files: Array<{ id: string; status: string }> }>('GET', '/state'))
		.files;
}
