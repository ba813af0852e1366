/**
 * Child processes of the harnesses (n8n, its worker, the emulator, Redis): spawning with the output logged, stopping,
 * n8n's environment, free ports and waiting.
 *
 * Process bookkeeping: every process we spawn is its own process group, killed on teardown and, as a last resort,
 * when this Node process exits (jest crash, Ctrl+C in dev). A group stays on that list until it has been SIGKILLed
 * (the end of terminate()), so what a leader that exited on its own left behind (n8n's task runner, tsx's child) is
 * killed at exit too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

import type { N8nRuntime } from './install';
import type { LogFile } from './output';

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
/** SIGKILLs what is left in the group of a child that has exited (n8n's task runner of a finished command). */
export function killLeftovers(child: ChildProcess): void {
	if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
}

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

/** Variables of the calling environment that configure n8n (dropped unless `inheritN8nEnv`). */
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

/** What the environment of an n8n command depends on (RealN8n's settings). */
export interface N8nEnvOptions {
	runtime: N8nRuntime;
	userFolder: string;
	port: number;
	/** The task-runner broker port (each n8n process needs its own). */
	brokerPort: number;
	encryptionKey?: string;
	listenAddress?: string;
	/** Keep N8N_*, DB_*, … variables of the calling environment (dev: yes; tests: no, for reproducibility). */
	inheritN8nEnv?: boolean;
	/** Extra variables (win over the defaults). */
	env?: Record<string, string>;
}

/**
 * Environment of an n8n command: the caller's environment without what would change n8n's behaviour (NODE_ENV,
 * NODE_OPTIONS, npm_*, and unless `inheritN8nEnv` n8n's own variables), n8n's Node first on PATH, and the settings of
 * a quiet local instance (no telemetry, banners or templates; SQLite with one connection).
 */
export function n8nEnv(options: N8nEnvOptions): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (['NODE_ENV', 'NODE_OPTIONS', 'NODE_PATH', 'JEST_WORKER_ID', 'INIT_CWD'].includes(k))
			continue; // NODE_ENV=test (jest) makes n8n refuse to load nodes
		if (k.startsWith('npm_')) continue;
		if (!options.inheritN8nEnv && N8N_ENV_PREFIXES.some((p) => k.startsWith(p))) continue;
		env[k] = v;
	}
	Object.assign(env, {
		PATH: options.runtime.pathEnv,
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey ?? 'e2e-fixed-encryption-key-not-secret',
		N8N_LISTEN_ADDRESS: options.listenAddress ?? '127.0.0.1',
		N8N_PORT: String(options.port),
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
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
	if (Number(options.runtime.nodeVersion.replace(/^v/, '').split('.')[0]) < 22)
		env.N8N_EXPRESSION_ENGINE = 'legacy';
	Object.assign(env, options.env);
	return env;
}

/** The last `lines` lines of a log file ('' when it cannot be read), for error messages. */
export function tail(file: string, lines = 40): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}
