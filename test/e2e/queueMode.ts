/**
 * n8n's queue mode for the e2e tests: a throwaway Redis (Debian's redis-server, on a free port, data dir in a temp
 * folder) and `n8n worker` processes next to a RealN8n main instance. The worker runs with the main's environment
 * (same user folder, so the same installed community package, the same SQLite database and encryption key).
 *
 * redis-server: $REDIS_SERVER, else /usr/bin/redis-server; when missing and running as root with apt-get, it is
 * installed (`apt-get install -y redis-server`, once per machine); otherwise the test fails with the command to run.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { ensureAptBinary } from './aptBinary';
import {
	freePort,
	LogFile,
	Redactor,
	sleep,
	spawnLogged,
	terminate,
	type RealN8n,
} from '../support/n8n';

/** Path of redis-server; installs Debian's package when allowed (root + apt-get). */
export function ensureRedisServer(): string {
	return ensureAptBinary({
		label: 'redis-server',
		logTag: 'queue',
		envVar: 'REDIS_SERVER',
		candidates: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
		aptPackage: 'redis-server',
		installOptions: ['--no-install-recommends'],
		notInstalled:
			'redis-server is not installed. Install it with `sudo apt-get update && sudo apt-get install -y redis-server` or set REDIS_SERVER.',
	});
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
		const child = spawnLogged(
			bin,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--dir',
				dataDir,
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
				'--protected-mode',
				'yes',
			],
			log,
		);
		const server = new RedisServer(port, child, dataDir, logFile);
		const deadline = Date.now() + 20_000;
		for (;;) {
			if (child.exitCode !== null)
				throw new Error(`redis-server exited (code ${child.exitCode}); log: ${logFile}`);
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
export async function startWorker(
	main: RealN8n,
	name = 'worker',
	timeoutMs = 120_000,
): Promise<Worker> {
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
	const child = spawnLogged(
		main.runtime.nodeBin,
		[main.runtime.n8nBin, 'worker', '--concurrency=2'],
		log,
		{ cwd: main.userFolder, env },
	);
	const worker: Worker = { logFile, lines, stop: async () => await terminate(child, 20_000) };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(
				`n8n worker exited early (code ${child.exitCode}); log: ${logFile}\n${lines.slice(-30).join('\n')}`,
			);
		try {
			const res = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`);
			if (res.status === 200) return worker;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await worker.stop();
			throw new Error(
				`n8n worker was not ready within ${timeoutMs} ms; log: ${logFile}\n${lines.slice(-30).join('\n')}`,
			);
		}
		await sleep(500);
	}
}
