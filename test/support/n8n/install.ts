/**
 * n8n and the Node it runs on, installed into .cache/ by scripts/ensure-n8n.sh (Node 24 for n8n 2.x) and found again
 * on later runs. Env: N8N_VERSION (default 2.41.1), N8N_NODE_VERSION (see ensure-n8n.sh).
 */
import { spawnSync } from 'node:child_process';

import { REPO_ROOT } from './repo';

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
