/**
 * One real n8n instance running our packed package: its user folder, its CLI commands (import, execute, publish), its
 * server (start, stop) and its REST and public APIs. Used by the e2e tests (jest, machine Node), `npm run dev`
 * (scripts/n8n-dev.ts) and the benchmarks (scripts/bench/). Logs of every n8n command go to .artifacts/<…>/ with all
 * registered secrets redacted. E2E_KEEP=1 keeps the throwaway user folders.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ensureN8n, type N8nRuntime } from './install';
import { LogFile, parseRunOutput, Redactor, type ExecutionRun } from './output';
import { installTarball, type WorkflowResolution } from './pack';
import {
	freePort,
	killLeftovers,
	n8nEnv,
	portInUse,
	sleep,
	spawnLogged,
	tail,
	terminate,
} from './process';
import { ARTIFACTS_ROOT } from './repo';

export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}
export interface WorkflowFixture {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[k: string]: unknown;
}
export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}
export const TEST_OWNER: Owner = {
	email: 'owner@e2e.local',
	password: 'E2e-Passw0rd!',
	firstName: 'E2E',
	lastName: 'Owner',
};

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	seconds: number;
	log: string;
}
export interface ExecuteResult extends CliResult {
	run: ExecutionRun;
}
export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface RealN8nOptions {
	/** Label for the artifacts folder (.artifacts/e2e/<time>-<name> unless artifactsDir is given). */
	name: string;
	/**
	 * N8N_USER_FOLDER. Default: a fresh folder under the OS temp dir, deleted on dispose(). It lives outside the
	 * checkout on purpose: see installTarball() in pack.ts for why a user folder inside the repo needs a shim.
	 */
	userFolder?: string;
	artifactsDir?: string;
	/** Editor/REST port; default a free port. */
	port?: number;
	listenAddress?: string;
	encryptionKey?: string;
	redactor?: Redactor;
	runtime?: N8nRuntime;
	/** Extra environment for every n8n command (wins over the defaults). */
	env?: Record<string, string>;
	/** Keep N8N_*, DB_*, … variables of the calling environment (dev: yes; tests: no, for reproducibility). */
	inheritN8nEnv?: boolean;
}

function timestamp(): string {
	return new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
}

/**
 * One n8n instance: `RealN8n.create(options)`, then installPackage(), import…(), execute() or start() and the HTTP
 * calls, and dispose() at the end (stops what it started, deletes a throwaway user folder).
 */
export class RealN8n {
	readonly runtime: N8nRuntime;
	readonly userFolder: string;
	readonly artifactsDir: string;
	readonly port: number;
	readonly baseUrl: string;
	readonly redactor: Redactor;
	/** How require('n8n-workflow') from our package resolves inside n8n (set by installPackage). */
	workflowResolution: WorkflowResolution | undefined;

	private readonly ownsUserFolder: boolean;
	private readonly options: RealN8nOptions;
	private step = 0;
	private server: ChildProcess | undefined;
	private readonly cliChildren = new Set<ChildProcess>();
	private cookie: string | undefined;
	private apiKey: string | undefined;
	/** Seconds per step (`<n>-<label>`), written to timings.json in the artifacts on dispose(). */
	readonly timings: Record<string, number> = {};

	private constructor(options: RealN8nOptions, port: number) {
		this.options = options;
		this.runtime = options.runtime ?? ensureN8n();
		this.redactor = options.redactor ?? new Redactor();
		this.ownsUserFolder = !options.userFolder;
		this.userFolder =
			options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${options.name}-`));
		fs.mkdirSync(this.userFolder, { recursive: true });
		this.artifactsDir =
			options.artifactsDir ?? path.join(ARTIFACTS_ROOT, 'e2e', `${timestamp()}-${options.name}`);
		fs.mkdirSync(this.artifactsDir, { recursive: true });
		this.port = port;
		this.baseUrl = `http://127.0.0.1:${port}`;
	}

	static async create(options: RealN8nOptions): Promise<RealN8n> {
		return new RealN8n(options, options.port ?? (await freePort()));
	}

	get nodesDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	/**
	 * Environment of every n8n command (process.ts n8nEnv). `brokerPort`: the task-runner broker port (each process
	 * needs its own).
	 */
	env(brokerPort: number): NodeJS.ProcessEnv {
		const { encryptionKey, listenAddress, inheritN8nEnv, env } = this.options;
		return n8nEnv({
			runtime: this.runtime,
			userFolder: this.userFolder,
			port: this.port,
			brokerPort,
			encryptionKey,
			listenAddress,
			inheritN8nEnv,
			env,
		});
	}

	private nextLog(name: string): string {
		this.step += 1;
		return path.join(
			this.artifactsDir,
			`${String(this.step).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '_')}.log`,
		);
	}

	/** Runs one `n8n <args>` command to completion. Output is logged (redacted); raw output is returned. */
	async cli(
		args: string[],
		opts: {
			label?: string;
			timeoutMs?: number;
			allowFailure?: boolean;
			env?: Record<string, string>;
		} = {},
	): Promise<CliResult> {
		const label = opts.label ?? args[0];
		const logFile = this.nextLog(label);
		const log = new LogFile(logFile, this.redactor);
		log.write(`$ n8n ${args.join(' ')}\n`);
		const started = Date.now();
		const child = spawnLogged(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], log, {
			cwd: this.userFolder,
			env: { ...this.env(await freePort()), ...opts.env }, // opts.env: this command only (e.g. a binary data mode)
		});
		this.cliChildren.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
		const timeoutMs = opts.timeoutMs ?? 180_000;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			void terminate(child, 5000);
		}, timeoutMs);
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', (c) => resolve(c));
		});
		clearTimeout(timer);
		this.cliChildren.delete(child);
		killLeftovers(child); // the task runner of a finished command
		const seconds = (Date.now() - started) / 1000;
		this.timings[`${this.step}-${label}`] = seconds;
		log.write(
			`\n[harness] exit ${code} after ${seconds.toFixed(1)} s${timedOut ? ' (TIMEOUT)' : ''}\n`,
		);
		log.end();
		if (timedOut) throw new Error(`n8n ${label} timed out after ${timeoutMs} ms; log: ${logFile}`);
		if (code !== 0 && !opts.allowFailure) {
			throw new Error(
				`n8n ${label} exited ${code}; log: ${logFile}\n${this.redactor.redact((stdout + stderr).slice(-3000))}`,
			);
		}
		return { code, stdout, stderr, seconds, log: logFile };
	}

	/** Installs a packed tarball of our package as n8n's community-package installer would (pack.ts installTarball). */
	async installPackage(tarball: string): Promise<void> {
		this.workflowResolution = installTarball(tarball, {
			nodesDir: this.nodesDir,
			runtime: this.runtime,
			log: new LogFile(this.nextLog('install-package'), this.redactor),
		});
	}

	/** `n8n import:credentials` (plain `data`, n8n encrypts it). The input file holds secrets: it lives in the user folder and is deleted. */
	async importCredentials(credentials: CredentialFixture[]): Promise<CliResult> {
		for (const c of credentials) {
			for (const [k, v] of Object.entries(c.data))
				if (typeof v === 'string' && /key|secret|token|password/i.test(k)) this.redactor.add(v);
		}
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			return await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** `n8n import:workflow` (creates or replaces the workflow with that id). The JSON is kept in the artifacts. */
	async importWorkflow(workflow: WorkflowFixture): Promise<CliResult> {
		const file = path.join(this.artifactsDir, `workflow-${workflow.id}.json`);
		fs.writeFileSync(
			file,
			this.redactor.redact(JSON.stringify(workflow, null, 2), path.basename(file)),
		);
		// Import the unredacted version (a workflow never should hold secrets, but the file must be faithful).
		const input = path.join(this.userFolder, `workflow-${workflow.id}.json`);
		// pinData {}: n8n stores a missing pinData as null, and then running a single step in the editor fails in
		// n8n-core's dirty-node check ("Cannot read properties of null").
		fs.writeFileSync(
			input,
			JSON.stringify({
				active: false,
				settings: { executionOrder: 'v1' },
				pinData: {},
				...workflow,
			}),
		);
		try {
			return await this.cli(['import:workflow', `--input=${input}`]);
		} finally {
			fs.rmSync(input, { force: true });
		}
	}

	/**
	 * `n8n execute --id=… --rawOutput` → the run JSON. Does not throw when the workflow fails (exit 1): check `run.status`.
	 * `opts.env`: extra environment for this run only (wins over the defaults and the constructor's `env`).
	 */
	async execute(
		workflowId: string,
		opts: { env?: Record<string, string> } = {},
	): Promise<ExecuteResult> {
		const res = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			label: `execute-${workflowId}`,
			allowFailure: true,
			env: opts.env,
		});
		let run: ExecutionRun;
		try {
			run = parseRunOutput(res.stdout);
		} catch (error) {
			throw new Error(`${(error as Error).message}\nlog: ${res.log}`);
		}
		fs.writeFileSync(
			path.join(this.artifactsDir, `run-${workflowId}-${this.step}.json`),
			this.redactor.redact(JSON.stringify(run, null, 2), `run-${workflowId}.json`),
		);
		return { ...res, run };
	}

	/** Marks a workflow active for the next `start()` (n8n must be stopped): publish:workflow on 2.x, update:workflow on 1.x. */
	async publish(workflowId: string): Promise<CliResult> {
		if (this.server)
			throw new Error('publish() needs n8n stopped; use activate() on a running server');
		return this.runtime.n8nMajor >= 2
			? await this.cli(['publish:workflow', `--id=${workflowId}`])
			: await this.cli(['update:workflow', `--id=${workflowId}`, '--active=true']);
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	/** `n8n start`, resolved once "Editor is now accessible" is printed. Returns seconds to ready. */
	async start(opts: { timeoutMs?: number; onLine?: (line: string) => void } = {}): Promise<number> {
		if (this.server) throw new Error('n8n is already running');
		if (await portInUse(this.port)) {
			throw new Error(
				`port ${this.port} is already in use (another n8n?) — stop it or choose another port (N8N_PORT)`,
			);
		}
		const started = Date.now();
		let ready!: () => void;
		const readyPromise = new Promise<void>((r) => (ready = r));
		const log = new LogFile(this.nextLog('n8n-start'), this.redactor, (line) => {
			if (line.includes('Editor is now accessible')) ready();
			opts.onLine?.(line);
		});
		const brokerPort = await freePort();
		const child = spawnLogged(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], log, {
			cwd: this.userFolder,
			env: this.env(brokerPort),
		});
		this.server = child;
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code, signal) => {
				if (this.server === child) this.server = undefined;
				reject(
					new Error(
						`n8n start exited early (code ${code}, signal ${signal}); log: ${log.file}\n${tail(log.file)}`,
					),
				);
			}),
		);
		exited.catch(() => undefined);
		const timeoutMs = opts.timeoutMs ?? 120_000;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() =>
					reject(
						new Error(
							`n8n did not become ready within ${timeoutMs} ms; log: ${log.file}\n${tail(log.file)}`,
						),
					),
				timeoutMs,
			);
		});
		try {
			await Promise.race([readyPromise, exited, timeout]);
		} catch (error) {
			await this.stop();
			throw error;
		} finally {
			clearTimeout(timer);
		}
		const seconds = (Date.now() - started) / 1000;
		this.timings[`${this.step}-start`] = seconds;
		log.write(`[harness] ready after ${seconds.toFixed(1)} s\n`);
		return seconds;
	}

	/** Stops the server (SIGTERM, then SIGKILL after 20 s). */
	async stop(): Promise<void> {
		const child = this.server;
		this.server = undefined;
		this.cookie = undefined;
		if (child) await terminate(child);
	}

	/** Process id of the running server (its process group id too). */
	get serverPid(): number | undefined {
		return this.server?.pid;
	}

	/** Waits for the server process to exit on its own (e.g. it crashed). */
	async waitForExit(): Promise<number | null> {
		const child = this.server;
		if (!child) return null;
		if (child.exitCode !== null) return child.exitCode;
		return await new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	}

	// ----- HTTP: REST (cookie of the owner) and public API (API key) -----

	async http(
		method: string,
		urlPath: string,
		opts: { body?: unknown; headers?: Record<string, string>; expectOk?: boolean } = {},
	): Promise<{ status: number; json: any; text: string; headers: Headers }> {
		const res = await fetch(this.baseUrl + urlPath, {
			method,
			headers: {
				...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
				...opts.headers,
			},
			body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
		});
		const text = await res.text();
		let json: any;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (opts.expectOk !== false && !res.ok) {
			throw new Error(
				`${method} ${urlPath} -> HTTP ${res.status}: ${this.redactor.redact(text.slice(0, 1000), 'http')}`,
			);
		}
		return { status: res.status, json, text, headers: res.headers };
	}

	/** REST call as the signed-in owner (call setupOwner/ensureOwner first). Returns the body's `data`. */
	async rest<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.cookie) throw new Error('not signed in: call setupOwner() or ensureOwner() first');
		const res = await this.http(method, `/rest${urlPath}`, {
			body,
			headers: { cookie: this.cookie },
		});
		return res.json?.data as T;
	}

	private keepCookie(headers: Headers): void {
		const setCookies = headers.getSetCookie?.() ?? [headers.get('set-cookie') ?? ''];
		const auth = setCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new Error('n8n did not set the n8n-auth cookie');
		this.cookie = auth;
	}

	/** Whether the instance still waits for its owner account. */
	async needsOwnerSetup(): Promise<boolean> {
		const res = await this.http('GET', '/rest/settings');
		return Boolean(res.json?.data?.userManagement?.showSetupOnFirstLoad);
	}

	async setupOwner(owner: Owner = TEST_OWNER): Promise<void> {
		this.redactor.add(owner.password);
		const res = await this.http('POST', '/rest/owner/setup', { body: owner });
		this.keepCookie(res.headers);
	}

	async login(email: string, password: string): Promise<void> {
		this.redactor.add(password);
		// 2.x (and late 1.x) read emailOrLdapLoginId; older 1.x read email. Unknown keys are ignored.
		const res = await this.http('POST', '/rest/login', {
			body: { emailOrLdapLoginId: email, email, password },
		});
		this.keepCookie(res.headers);
	}

	/** Creates the owner when absent, otherwise signs in. Returns true when it was created now. */
	async ensureOwner(owner: Owner = TEST_OWNER): Promise<boolean> {
		if (await this.needsOwnerSetup()) {
			await this.setupOwner(owner);
			return true;
		}
		await this.login(owner.email, owner.password);
		return false;
	}

	/** Creates a public-API key with all scopes the owner may grant (kept for publicApi()). */
	async createApiKey(label = `e2e-${Date.now()}`): Promise<string> {
		let scopes: string[] | undefined;
		try {
			scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		} catch {
			scopes = undefined; // n8n versions without scoped API keys
		}
		const data = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', {
			label,
			scopes,
			expiresAt: null,
		});
		const key = data.rawApiKey ?? data.apiKey;
		if (!key) throw new Error('n8n returned no API key');
		this.redactor.add(key);
		this.apiKey = key;
		return key;
	}

	/** Public API call (/api/v1…) with the key from createApiKey(). Returns the parsed body. */
	async publicApi<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.apiKey) await this.createApiKey();
		const res = await this.http(method, `/api/v1${urlPath}`, {
			body,
			headers: { 'X-N8N-API-KEY': this.apiKey! },
		});
		return res.json as T;
	}

	/** Executions of a workflow (newest first) including their run data. */
	async listExecutions(workflowId: string): Promise<
		Array<{
			id: string;
			status: string;
			mode: string;
			finished: boolean;
			data?: ExecutionRun['data'] & Record<string, unknown>;
			[k: string]: unknown;
		}>
	> {
		const res = await this.publicApi<{ data: any[] }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=100`,
		);
		return res.data;
	}

	/** Polls listExecutions until `predicate` holds (default: at least one execution). */
	async waitForExecutions(
		workflowId: string,
		predicate: (execs: Awaited<ReturnType<RealN8n['listExecutions']>>) => boolean = (e) =>
			e.length > 0,
		timeoutMs = 60_000,
	): Promise<Awaited<ReturnType<RealN8n['listExecutions']>>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execs = await this.listExecutions(workflowId);
			if (predicate(execs)) return execs;
			if (Date.now() > deadline)
				throw new Error(
					`executions of ${workflowId} did not reach the expected state in ${timeoutMs} ms (have ${execs.length})`,
				);
			await sleep(500);
		}
	}

	/** Activates a workflow on the running server (a polling trigger polls once right away). */
	async activate(workflowId: string): Promise<void> {
		await this.publicApi('POST', `/workflows/${encodeURIComponent(workflowId)}/activate`);
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.publicApi('POST', `/workflows/${encodeURIComponent(workflowId)}/deactivate`);
	}

	/**
	 * The editor's "Test" button on a credential: POST /rest/credentials/test with `{credentials: {id, name, type, data}}`
	 * (TestCredentialRequestDto). With the id of a stored credential, `data` replaces the stored values (redacted
	 * placeholders are filled in from the stored ones); `data` omitted tests the stored credential as is.
	 */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data?: Record<string, unknown>;
	}): Promise<CredentialTestResult> {
		if (credential.data && typeof credential.data.apiKey === 'string')
			this.redactor.add(credential.data.apiKey);
		let data = credential.data;
		if (!data) {
			// n8n tests only what the request carries; fetch the stored (decrypted, owner may) data.
			const stored = await this.rest<{ data?: Record<string, unknown> }>(
				'GET',
				`/credentials/${encodeURIComponent(credential.id)}?includeData=true`,
			);
			data = stored.data;
		}
		return await this.rest<CredentialTestResult>('POST', '/credentials/test', {
			credentials: { ...credential, data },
		});
	}

	/** Stops everything we started and deletes a throwaway user folder (unless E2E_KEEP=1). */
	async dispose(): Promise<void> {
		await this.stop();
		fs.writeFileSync(
			path.join(this.artifactsDir, 'timings.json'),
			JSON.stringify(this.timings, null, 2),
		);
		await Promise.all([...this.cliChildren].map(async (c) => await terminate(c, 5000)));
		if (this.ownsUserFolder && process.env.E2E_KEEP !== '1')
			fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}
