/**
 * Runs the local Azure emulator (test/emulator/cli.ts) as a child process and talks to it over HTTP: the API
 * (with the api-key) and its control endpoints under /__emulator/ (no key). One code path for the e2e tests and
 * `npm run dev`. The emulator runs on the machine's Node through tsx; n8n reaches it at http://127.0.0.1:<port>.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort, LogFile, Redactor, REPO_ROOT, spawnLogged, terminate } from '../support/realN8n';

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
								`emulator exited early (code ${code}); log: ${options.logFile}\n${safeRead(options.logFile)}`,
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

	// ----- control API (/__emulator, no key) -----

	private async control(method: string, urlPath: string): Promise<any> {
		const res = await fetch(`${this.url}/__emulator${urlPath}`, { method });
		const text = await res.text();
		if (!res.ok)
			throw new Error(
				`emulator ${method} /__emulator${urlPath} -> HTTP ${res.status}: ${text.slice(0, 500)}`,
			);
		return text ? JSON.parse(text) : undefined;
	}

	/** The API requests seen so far (api-key redacted by the emulator). A JSON body is returned parsed. */
	async requests(): Promise<LoggedRequest[]> {
		const raw = await this.control('GET', '/requests');
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
		await this.control('DELETE', '/requests');
	}

	/** Advances every job and file one status. */
	async step(): Promise<void> {
		await this.control('POST', '/step');
	}

	async advanceJob(jobId: string): Promise<void> {
		await this.control('POST', `/jobs/${encodeURIComponent(jobId)}/advance`);
	}

	async state(): Promise<any> {
		return await this.control('GET', '/state');
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

function safeRead(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8').slice(-3000);
	} catch {
		return '';
	}
}
