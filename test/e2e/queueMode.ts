/**
 * n8n's queue mode for the e2e tests: a throwaway Redis (Debian's redis-server, on a free port, data dir in a temp
 * folder) and `n8n worker` processes next to a RealN8n main instance. The worker runs with the main's environment
 * (same user folder, so the same installed community package, the same SQLite database and encryption key).
 *
 * redis-server: $REDIS_SERVER, else /usr/bin/redis-server; when missing and running as root with apt-get, it is
 * installed (`apt-get install -y redis-server`, once per machine); otherwise the test fails with the command to run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort, LogFile, Redactor, sleep, terminate, type RealN8n } from './realN8n';

const REDIS_CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

export function ensureRedisServer(): string {
	const given = process.env.REDIS_SERVER;
	if (given) {
		if (!fs.existsSync(given)) throw new Error(`REDIS_SERVER=${given} does not exist`);
		return given;
	}
	const found = REDIS_CANDIDATES.find((p) => fs.existsSync(p));
	if (found) return found;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
	if (!isRoot || !hasApt) {
		throw new Error('redis-server is not installed. Install it with `sudo apt-get update && sudo apt-get install -y redis-server` or set REDIS_SERVER.');
	}
	process.stderr.write('[queue] redis-server missing: apt-get install -y redis-server (once per machine)\n');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
	const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { encoding: 'utf8', env });
	if (install.status !== 0) throw new Error(`apt-get install redis-server failed (exit ${install.status}):\n${String(install.stderr).slice(-3000)}`);
	const installed = REDIS_CANDIDATES.find((p) => fs.existsSync(p));
	if (!installed) throw new Error('apt-get installed redis-server, but no redis-server binary was found');
	return installed;
}

/** Sends one inline Redis command and returns the first reply line. */
async function redisCommand(port: number, command: string): Promise<string> {
	return await new Promise((resolve, reject) => {
		const sock = net.connect(port, '127.0.0.1');
		let reply = '';
		sock.setTimeout(2000, () => sock.destroy(new Error('redis timeout')));
		sock.once('error', reject);
		sock.on('data', (d) => {
			reply += d.toString();
			if (reply.includes('\r\n')) {
				sock.end();
				resolve(reply.split('\r\n')[0]);
			}
		});
		sock.once('connect', () => sock.write(`${command}\r\n`));
	});
}

export class RedisServer {
	private constructor(
		readonly port: number,
		private readonly child: ChildProcess,
		private readonly dataDir: string,
		readonly logFile: string,
	) {}

	/** Starts redis-server on a free port with its own data dir (no persistence); resolves once it answers PING. */
	static async start(logFile: string): Promise<RedisServer> {
		const bin = ensureRedisServer();
		const port = await freePort();
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
		const log = new LogFile(logFile, new Redactor());
		const child = spawn(
			bin,
			['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'],
			{ detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		child.stdout!.on('data', (d: Buffer) => log.write(d));
		child.stderr!.on('data', (d: Buffer) => log.write(d));
		child.once('close', () => log.end());
		process.once('exit', () => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				/* gone */
			}
		});
		const server = new RedisServer(port, child, dataDir, logFile);
		const deadline = Date.now() + 20_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode}); log: ${logFile}`);
			try {
				if ((await redisCommand(port, 'PING')) === '+PONG') return server;
			} catch {
				/* not up yet */
			}
			if (Date.now() > deadline) {
				await server.stop();
				throw new Error(`redis-server did not answer PING within 20 s; log: ${logFile}`);
			}
			await sleep(100);
		}
	}

	async stop(): Promise<void> {
		await terminate(this.child, 5000);
		fs.rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/** Environment that puts an n8n instance (main or worker) into queue mode on `redis`. */
export function queueEnv(redis: RedisServer): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Manual executions (editor / REST "run") go to the workers too, as they always do from n8n 3 on.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface Worker {
	logFile: string;
	/** Lines the worker printed so far. */
	lines: string[];
	stop(): Promise<void>;
}

/**
 * Starts `n8n worker` with the main instance's environment (same user folder → same community package, database
 * and encryption key) plus its own task-runner broker port and health-check port. Resolves once the worker reports
 * that it is ready (or its readiness endpoint answers 200).
 */
export async function startWorker(main: RealN8n, name = 'worker', timeoutMs = 120_000): Promise<Worker> {
	const brokerPort = await freePort();
	const healthPort = await freePort();
	const env = {
		...main.env(brokerPort),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	};
	const logFile = path.join(main.artifactsDir, `${name}.log`);
	const lines: string[] = [];
	const log = new LogFile(logFile, main.redactor, (line) => lines.push(line));
	const child = spawn(main.runtime.nodeBin, [main.runtime.n8nBin, 'worker', '--concurrency=2'], {
		cwd: main.userFolder,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout!.on('data', (d: Buffer) => log.write(d));
	child.stderr!.on('data', (d: Buffer) => log.write(d));
	child.once('close', () => log.end());
	process.once('exit', () => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			/* gone */
		}
	});
	const worker: Worker = { logFile, lines, stop: async () => await terminate(child, 20_000) };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n worker exited early (code ${child.exitCode}); log: ${logFile}\n${lines.slice(-30).join('\n')}`);
		try {
			const res = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`);
			if (res.status === 200) return worker;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await worker.stop();
			throw new Error(`n8n worker was not ready within ${timeoutMs} ms; log: ${logFile}\n${lines.slice(-30).join('\n')}`);
		}
		await sleep(500);
	}
}
