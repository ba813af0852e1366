/**
 * Real-n8n harness: runs our packed package inside a real n8n process (installed by scripts/ensure-n8n.sh into
 * .cache/, Node 24 for n8n 2.x) — used by the e2e tests (jest, machine Node) and by `npm run dev` (scripts/n8n-dev.ts).
 *
 * Parameters (env): N8N_VERSION (default 2.41.1), N8N_NODE_VERSION (see ensure-n8n.sh), E2E_KEEP=1 keeps the
 * throwaway user folders. Logs of every n8n command go to .artifacts/<…>/ with all registered secrets redacted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, '.artifacts');

const ROOT_PACKAGE_JSON = JSON.parse(
	fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
) as {
	name: string;
	version: string;
	n8n: { credentials?: string[]; nodes?: string[] };
};
export const PACKAGE_NAME = ROOT_PACKAGE_JSON.name;
export const CREDENTIAL_TYPE = 'azureAiFoundryApi';
export const NODE_TYPES = {
	fineTuning: `${PACKAGE_NAME}.azureAiFoundryFineTuning`,
	trigger: `${PACKAGE_NAME}.azureAiFoundryFineTuningTrigger`,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Process bookkeeping: every process we spawn is its own process group, killed on teardown and, as a last resort,
// when this Node process exits (jest crash, Ctrl+C in dev). A group stays on that list until it has been SIGKILLed
// (the end of terminate()), so what a leader that exited on its own left behind (n8n's task runner, tsx's child) is
// killed at exit too.
// ---------------------------------------------------------------------------------------------------------------
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
	if (child.pid === undefined) return;
	liveGroups.add(child.pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const g of liveGroups) killGroup(g, 'SIGKILL');
		});
	}
}
function killGroup(pid: number, signal: NodeJS.Signals): void {
	if (signal === 'SIGKILL') liveGroups.delete(pid);
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}
/**
 * Spawns `command` as a process group of its own with its stdout and stderr written to `log` (ended after the last
 * output), killed with SIGKILL when this Node process exits unless terminate() got to it first.
 */
export function spawnLogged(
	command: string,
	args: string[],
	log: LogFile,
	options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	track(child);
	child.stdout!.on('data', (d: Buffer) => log.write(d));
	child.stderr!.on('data', (d: Buffer) => log.write(d));
	child.once('close', () => log.end()); // after the last output ('exit' can come before it)
	return child;
}
/** SIGTERM the child's group, wait up to `graceMs`, then SIGKILL. Resolves when the child has exited. */
export async function terminate(child: ChildProcess, graceMs = 20_000): Promise<void> {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	killGroup(child.pid, 'SIGTERM');
	const timer = setTimeout(
		() => child.pid !== undefined && killGroup(child.pid, 'SIGKILL'),
		graceMs,
	);
	await exited;
	clearTimeout(timer);
	// n8n's task runner lives in the same group; make sure nothing of it survives.
	killGroup(child.pid, 'SIGKILL');
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets: everything we write under .artifacts goes through a Redactor. It also records where a secret showed up
// in raw output, so a test can assert that n8n itself never printed it.
// ---------------------------------------------------------------------------------------------------------------
export class Redactor {
	private readonly secrets = new Set<string>();
	/** Where a secret appeared in raw output before redaction (log name). */
	readonly leaks: string[] = [];

	add(...secrets: Array<string | undefined>): this {
		for (const s of secrets) if (s && s.length >= 6) this.secrets.add(s);
		return this;
	}

	redact(text: string, where = 'unknown'): string {
		let out = text;
		for (const s of this.secrets) {
			if (out.includes(s)) {
				this.leaks.push(where);
				out = out.split(s).join('[REDACTED]');
			}
		}
		return out;
	}
}

/** Appends redacted, whole lines to a file (a secret split across two chunks is still caught). */
export class LogFile {
	private pending = '';
	constructor(
		readonly file: string,
		private readonly redactor: Redactor,
		private readonly onLine?: (line: string) => void,
	) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, '');
	}
	write(chunk: Buffer | string): void {
		this.pending += chunk.toString();
		const lines = this.pending.split('\n');
		this.pending = lines.pop() ?? '';
		for (const line of lines) this.emit(line);
	}
	end(): void {
		if (this.pending) this.emit(this.pending);
		this.pending = '';
	}
	private emit(line: string): void {
		const clean = this.redactor.redact(line, path.basename(this.file));
		fs.appendFileSync(this.file, clean + '\n');
		this.onLine?.(clean);
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Installing n8n (via scripts/ensure-n8n.sh) and packing our package
// ---------------------------------------------------------------------------------------------------------------
export interface N8nRuntime {
	n8nVersion: string;
	n8nMajor: number;
	/** .cache/n8n-<version> */
	n8nDir: string;
	n8nBin: string;
	/** The node binary n8n runs on (Node 24 from the npm registry for 2.x). */
	nodeBin: string;
	nodeVersion: string;
	/** PATH with that node and n8n's .bin first. */
	pathEnv: string;
	/** Seconds ensure-n8n.sh took in this process (0 when memoised). */
	ensureSeconds: number;
}

const runtimes = new Map<string, N8nRuntime>();

/** Installs (first time: minutes) or finds (warm: well under a second) n8n and its Node. Progress goes to stderr. */
export function ensureN8n(n8nVersion = process.env.N8N_VERSION || '2.41.1'): N8nRuntime {
	const memo = runtimes.get(n8nVersion);
	if (memo) return { ...memo, ensureSeconds: 0 };
	const started = Date.now();
	const script =
		"source scripts/ensure-n8n.sh >&2 && node -e 'console.log(JSON.stringify({pathEnv: process.env.PATH, " +
		"n8nDir: process.env.N8N_DIR, n8nBin: process.env.N8N_BIN, nodeBin: process.execPath, nodeVersion: process.version}))'";
	const res = spawnSync('bash', ['-c', script], {
		cwd: REPO_ROOT,
		env: { ...process.env, N8N_VERSION: n8nVersion },
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	if (res.status !== 0) {
		throw new Error(
			`scripts/ensure-n8n.sh failed (exit ${res.status}) while installing n8n ${n8nVersion}; see the output above`,
		);
	}
	const info = JSON.parse(res.stdout.trim().split('\n').pop()!) as Omit<
		N8nRuntime,
		'n8nVersion' | 'n8nMajor' | 'ensureSeconds'
	>;
	const runtime: N8nRuntime = {
		...info,
		n8nVersion,
		n8nMajor: Number(n8nVersion.split('.')[0]),
		ensureSeconds: (Date.now() - started) / 1000,
	};
	runtimes.set(n8nVersion, runtime);
	return runtime;
}

/** Fails with a clear message when `npm run build` has not produced the files package.json's n8n section lists. */
export function assertBuilt(): void {
	const listed = [
		...(ROOT_PACKAGE_JSON.n8n.credentials ?? []),
		...(ROOT_PACKAGE_JSON.n8n.nodes ?? []),
	];
	const missing = listed.filter((f) => !fs.existsSync(path.join(REPO_ROOT, f)));
	if (missing.length) {
		throw new Error(
			`The package is not built: ${missing.join(', ')} missing (listed in package.json "n8n"). Run \`npm run build\` first.`,
		);
	}
	// Warn (not fail) when a source file is newer than the build: the e2e would test stale code.
	const newestSource = newestMtime(
		['nodes', 'credentials'].map((d) => path.join(REPO_ROOT, d)),
		/\.ts$/,
	);
	const oldestBuilt = Math.min(...listed.map((f) => fs.statSync(path.join(REPO_ROOT, f)).mtimeMs));
	if (newestSource > oldestBuilt) {
		process.stderr.write(
			'[realN8n] warning: sources are newer than dist/ — run `npm run build` to test current code\n',
		);
	}
}

function newestMtime(dirs: string[], pattern: RegExp): number {
	let newest = 0;
	const walk = (dir: string): void => {
		if (!fs.existsSync(dir)) return;
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const p = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(p);
			else if (pattern.test(entry.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
		}
	};
	dirs.forEach(walk);
	return newest;
}

/**
 * `npm pack` of the repo (what `npm publish` would upload) into `destDir`. Returns the tarball path.
 * Runs with the machine's npm; --ignore-scripts so no prepack hook rebuilds behind our back.
 */
export function packPackage(destDir = path.join(ARTIFACTS_ROOT, 'pack')): string {
	assertBuilt();
	fs.mkdirSync(destDir, { recursive: true });
	const res = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	if (res.status !== 0) throw new Error(`npm pack failed: ${res.stderr}`);
	const [{ filename }] = JSON.parse(res.stdout) as Array<{ filename: string }>;
	return path.join(destDir, path.basename(filename));
}

/**
 * The tarball to install: $E2E_PACKAGE_TARBALL when set (test exactly the artifact CI will publish), otherwise a
 * fresh `npm pack` of the checkout.
 */
export function packageTarball(destDir?: string): string {
	const given = process.env.E2E_PACKAGE_TARBALL;
	if (given) {
		const file = path.resolve(REPO_ROOT, given);
		if (!fs.existsSync(file)) throw new Error(`E2E_PACKAGE_TARBALL=${given} does not exist`);
		return file;
	}
	return packPackage(destDir);
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------
const handedOut = new Set<number>();
/** A free TCP port on 127.0.0.1 (never the same one twice in this process). */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = await new Promise<number>((resolve, reject) => {
			const srv = net.createServer();
			srv.once('error', reject);
			srv.listen(0, '127.0.0.1', () => {
				const p = (srv.address() as net.AddressInfo).port;
				srv.close(() => resolve(p));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

/** True when something accepts connections on 127.0.0.1:port. */
export async function portInUse(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const sock = net.connect(port, '127.0.0.1');
		sock.once('connect', () => {
			sock.destroy();
			resolve(true);
		});
		sock.once('error', () => resolve(false));
	});
}

export const sleep = async (ms: number): Promise<void> =>
	await new Promise((r) => setTimeout(r, ms));

function timestamp(): string {
	return new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
}

/**
 * The run JSON of `n8n execute --rawOutput`. n8n 2.x prints it through the logger, after log lines; 1.x prints pure
 * JSON, or on failure a few "Execution was NOT successful" lines first. JSON.stringify(…, null, 2) always starts the
 * object with a line that is exactly "{" and ends it with a line that is exactly "}".
 */
export function parseRunOutput(stdout: string): ExecutionRun {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.trimEnd() === '{');
	if (start === -1) throw new Error(`no run JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end].trimEnd() !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionRun;
		} catch {
			/* try an earlier closing brace */
		}
	}
	throw new Error(`unparseable run JSON in n8n execute output:\n${stdout.slice(-2000)}`);
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [k: string]: unknown };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}
export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string; [k: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
	[k: string]: unknown;
}

/** The items (json only) a node produced on its first output, in the given run (default first). */
export function nodeOutput(
	run: ExecutionRun,
	nodeName: string,
	runIndex = 0,
): Array<Record<string, unknown>> {
	const nodeRun = run.data.resultData.runData[nodeName]?.[runIndex];
	if (!nodeRun)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	if (nodeRun.error)
		throw new Error(
			`node "${nodeName}" failed: ${nodeRun.error.message} ${nodeRun.error.description ?? ''}`,
		);
	return (nodeRun.data?.main[0] ?? []).map((i) => i.json);
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures shapes
// ---------------------------------------------------------------------------------------------------------------
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
	 * checkout on purpose: see installPackage() for why a user folder inside the repo needs a shim.
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

const N8N_ENV_PREFIXES = [
	'N8N_',
	'DB_',
	'EXECUTIONS_',
	'QUEUE_',
	'GENERIC_',
	'WEBHOOK_URL',
	'VUE_APP_',
	'CREDENTIALS_',
];

// ---------------------------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------------------------
export class RealN8n {
	readonly runtime: N8nRuntime;
	readonly userFolder: string;
	readonly artifactsDir: string;
	readonly port: number;
	readonly baseUrl: string;
	readonly redactor: Redactor;
	/** How require('n8n-workflow') from our package resolves inside n8n (set by installPackage). */
	workflowResolution: 'n8n-node-path' | 'shim' | undefined;

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

	/** Environment of every n8n command. `brokerPort`: the task-runner broker port (each process needs its own). */
	env(brokerPort: number): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [k, v] of Object.entries(process.env)) {
			if (['NODE_ENV', 'NODE_OPTIONS', 'NODE_PATH', 'JEST_WORKER_ID', 'INIT_CWD'].includes(k))
				continue; // NODE_ENV=test (jest) makes n8n refuse to load nodes
			if (k.startsWith('npm_')) continue;
			if (!this.options.inheritN8nEnv && N8N_ENV_PREFIXES.some((p) => k.startsWith(p))) continue;
			env[k] = v;
		}
		Object.assign(env, {
			PATH: this.runtime.pathEnv,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.options.encryptionKey ?? 'e2e-fixed-encryption-key-not-secret',
			N8N_LISTEN_ADDRESS: this.options.listenAddress ?? '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LOG_LEVEL: 'info', // required: 2.x prints the --rawOutput JSON through the logger
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_SQLITE_POOL_SIZE: '1',
		});
		// n8n 1.x on Node < 22: isolated-vm has no prebuilt binary, so the default `vm` expression engine cannot start.
		if (Number(this.runtime.nodeVersion.replace(/^v/, '').split('.')[0]) < 22)
			env.N8N_EXPRESSION_ENGINE = 'legacy';
		Object.assign(env, this.options.env);
		return env;
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
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: { ...this.env(await freePort()), ...opts.env }, // opts.env: this command only (e.g. a binary data mode)
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		track(child);
		this.cliChildren.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d: Buffer) => {
			stdout += d.toString();
			log.write(d);
		});
		child.stderr!.on('data', (d: Buffer) => {
			stderr += d.toString();
			log.write(d);
		});
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
		if (child.pid) killGroup(child.pid, 'SIGKILL'); // leftovers (task runner) of a finished command
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

	/**
	 * Installs a packed tarball of our package the way n8n's own community-package installer does
	 * (n8n 2.x CommunityPackagesService.downloadPackage): extract into <user>/.n8n/nodes/node_modules/<name>, drop
	 * dev/peer/optional dependencies from its package.json, `npm install` its remaining runtime dependencies inside it.
	 *
	 * Why not a symlink to the repo: Node resolves a symlinked package at its real path, so our compiled
	 * `require('n8n-workflow')` would walk up to the repo's node_modules and load our devDependency copy — a second
	 * n8n-workflow next to n8n's own (different version on n8n 1.x, broken `instanceof` checks). For a real user
	 * nothing provides n8n-workflow near the package (a peer dependency; n8n 2.x's installer strips peers), and the lookup
	 * falls through to NODE_PATH, which n8n sets at start-up to its own module paths
	 * (LoadNodesAndCredentials.init), so the package gets n8n's own copy. We reproduce exactly that. One exception:
	 * a user folder inside this checkout (npm run dev uses .cache/dev-n8n) would still walk up to the repo's
	 * node_modules before NODE_PATH is consulted, so there we add node_modules/n8n-workflow -> n8n's own copy.
	 */
	async installPackage(tarball: string): Promise<void> {
		const log = new LogFile(this.nextLog('install-package'), this.redactor);
		const nodeModules = path.join(this.nodesDir, 'node_modules');
		const pkgDir = path.join(nodeModules, PACKAGE_NAME);
		fs.rmSync(pkgDir, { recursive: true, force: true });
		fs.rmSync(path.join(nodeModules, 'n8n-workflow'), { recursive: true, force: true });
		fs.mkdirSync(pkgDir, { recursive: true });
		const tar = spawnSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1'], {
			encoding: 'utf8',
		});
		if (tar.status !== 0) throw new Error(`extracting ${tarball} failed: ${tar.stderr}`);
		log.write(`extracted ${path.basename(tarball)} into ${pkgDir}\n`);

		const pkgJsonPath = path.join(pkgDir, 'package.json');
		const {
			devDependencies: _d,
			peerDependencies: _p,
			optionalDependencies: _o,
			...pkgJson
		} = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8')) as Record<string, unknown> & {
			version: string;
			dependencies?: Record<string, string>;
		};
		fs.writeFileSync(pkgJsonPath, JSON.stringify(pkgJson, null, 2));
		if (pkgJson.dependencies && Object.keys(pkgJson.dependencies).length > 0) {
			const npm = spawnSync(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: pkgDir, encoding: 'utf8', env: { ...process.env, PATH: this.runtime.pathEnv } },
			);
			log.write(npm.stdout + npm.stderr);
			if (npm.status !== 0)
				throw new Error(`npm install of the package's dependencies failed: ${npm.stderr}`);
		}
		// n8n keeps this manifest of installed community packages.
		const manifestPath = path.join(this.nodesDir, 'package.json');
		const manifest = fs.existsSync(manifestPath)
			? (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
					dependencies?: Record<string, string>;
				})
			: { name: 'installed-nodes', private: true, dependencies: {} };
		manifest.dependencies = { ...manifest.dependencies, [PACKAGE_NAME]: pkgJson.version };
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

		// Which n8n-workflow would our package get? n8n's own = what resolves from n8n's dist folder (NODE_PATH).
		const n8nOwn = fs.realpathSync(
			path.dirname(
				resolvePackageJson(
					'n8n-workflow',
					path.join(this.runtime.n8nDir, 'node_modules', 'n8n', 'dist'),
				)!,
			),
		);
		const fromPkg = resolvePackageJson('n8n-workflow', path.join(pkgDir, 'dist'));
		if (fromPkg && fs.realpathSync(path.dirname(fromPkg)) !== n8nOwn) {
			fs.symlinkSync(n8nOwn, path.join(nodeModules, 'n8n-workflow'), 'dir');
			this.workflowResolution = 'shim';
			log.write(
				`n8n-workflow would resolve to ${path.dirname(fromPkg)}; linked node_modules/n8n-workflow -> n8n's own ${n8nOwn}\n`,
			);
		} else {
			this.workflowResolution = 'n8n-node-path';
			log.write(`n8n-workflow resolves through n8n's NODE_PATH to ${n8nOwn}\n`);
		}
		log.end();
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

/**
 * package.json path of `name` as Node's lookup would find it from a module in `fromDir`: the nearest
 * <ancestor>/node_modules/<name> (NODE_PATH and global folders not included), or undefined.
 */
function resolvePackageJson(name: string, fromDir: string): string | undefined {
	for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
		if (path.basename(dir) !== 'node_modules') {
			const candidate = path.join(dir, 'node_modules', name, 'package.json');
			if (fs.existsSync(candidate)) return candidate;
		}
		if (path.dirname(dir) === dir) return undefined;
	}
}

function tail(file: string, lines = 40): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}
