/**
 * What the package costs an n8n instance: runtime dependencies, the packed tarball, and the time n8n takes to load it
 * (`n8n export:nodes`, which loads every node type, in a user folder with the package installed versus one without;
 * and, finer than that difference, `require` of our files alone in n8n's Node).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	NODE_TYPES,
	PACKAGE_NAME,
	packageTarball,
	RealN8n,
	REPO_ROOT,
} from '../../test/support/n8n';
import { runN8n } from './n8nProcess';
import { alternate } from './stats';

export interface PackStats {
	/** Runtime `dependencies` in package.json (what n8n's installer would fetch with the package). */
	runtimeDependencies: number;
	/** Tarball size, bytes. */
	size: number;
	unpackedSize: number;
	entryCount: number;
}

/** Runtime dependency count from package.json and the `npm pack --dry-run --json` figures of the checkout. */
export function packStats(): PackStats {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	if (res.status !== 0) throw new Error(`npm pack --dry-run failed: ${res.stderr}`);
	const [packed] = JSON.parse(res.stdout) as Array<{
		size: number;
		unpackedSize: number;
		entryCount: number;
	}>;
	return {
		runtimeDependencies: Object.keys(pkg.dependencies ?? {}).length,
		size: packed.size,
		unpackedSize: packed.unpackedSize,
		entryCount: packed.entryCount,
	};
}

export type Install = 'with' | 'without';

export interface LoadTimeOptions {
	/** Measured rounds; each runs `export:nodes` once in both user folders (order alternating). */
	rounds: number;
	artifactsDir: string;
}

export interface LoadTimeResult {
	/** Wall and CPU time of each `n8n export:nodes`, ms. */
	samples: Record<Install, Array<{ wallMs: number; cpuMs: number }>>;
	/** Node types n8n exported with and without the package (the difference must be our nodes). */
	nodeTypes: Record<Install, number>;
	/** {@link requireOurFiles} in fresh processes, ms. */
	requireMs: number[];
}

/**
 * Script for n8n's Node: with n8n-workflow already loaded (n8n has it anyway), times `require` of every credential
 * and node file the installed package's package.json lists plus constructing each file's class, as n8n's loader does.
 */
const REQUIRE_SCRIPT = `
const path = require('node:path');
const dir = process.argv[1];
require('n8n-workflow');
const { n8n } = require(path.join(dir, 'package.json'));
const started = performance.now();
for (const file of [...n8n.credentials, ...n8n.nodes]) {
	// Like n8n's loader: the class is named after the file (X.node.js exports X).
	new (require(path.join(dir, file))[path.basename(file).split('.')[0]])();
}
process.stdout.write(String(performance.now() - started));
`;

/** {@link REQUIRE_SCRIPT} in a fresh process of n8n's Node, resolving n8n-workflow through NODE_PATH as n8n does. */
function requireOurFiles(n8n: RealN8n): number {
	const res = spawnSync(
		n8n.runtime.nodeBin,
		['-e', REQUIRE_SCRIPT, path.join(n8n.nodesDir, 'node_modules', PACKAGE_NAME)],
		{
			// cwd outside the checkout, so that n8n-workflow cannot resolve to the repo's own copy.
			cwd: n8n.userFolder,
			encoding: 'utf8',
			env: { PATH: n8n.runtime.pathEnv, NODE_PATH: path.join(n8n.runtime.n8nDir, 'node_modules') },
		},
	);
	if (res.status !== 0) throw new Error(`loading the installed package failed: ${res.stderr}`);
	return Number(res.stdout);
}

/** Runs `n8n export:nodes` and returns its times and the node type names it wrote. */
async function exportNodes(
	n8n: RealN8n,
): Promise<{ wallMs: number; cpuMs: number; names: string[] }> {
	const output = path.join(n8n.userFolder, 'nodes.json');
	const { wallMs, cpuMs } = await runN8n(n8n, ['export:nodes', `--output=${output}`]);
	const names = (JSON.parse(fs.readFileSync(output, 'utf8')) as Array<{ name: string }>).map(
		(node) => node.name,
	);
	return { wallMs, cpuMs, names };
}

/**
 * Two fresh n8n user folders, one with the packed package installed as n8n installs community packages. One warm-up
 * `export:nodes` in each (the first run creates the database), then `rounds` alternating rounds.
 */
export async function benchLoadTime(options: LoadTimeOptions): Promise<LoadTimeResult> {
	const tarball = packageTarball(path.join(options.artifactsDir, 'pack'));
	const instances = {
		with: await RealN8n.create({
			name: 'bench-load-with',
			artifactsDir: path.join(options.artifactsDir, 'with'),
		}),
		without: await RealN8n.create({
			name: 'bench-load-without',
			artifactsDir: path.join(options.artifactsDir, 'without'),
		}),
	};
	try {
		await instances.with.installPackage(tarball);
		const nodeTypes = {} as Record<Install, number>;
		for (const install of ['with', 'without'] as const) {
			const { names } = await exportNodes(instances[install]);
			const ours = names.includes(NODE_TYPES.fineTuning) && names.includes(NODE_TYPES.trigger);
			if (ours !== (install === 'with'))
				throw new Error(
					`export:nodes ${install} the package ${ours ? 'listed' : 'did not list'} our nodes`,
				);
			nodeTypes[install] = names.length;
		}
		const samples = await alternate(
			options.rounds,
			['with', 'without'] as const,
			async (install) => await exportNodes(instances[install]),
		);
		const requireMs = Array.from({ length: Math.max(options.rounds, 5) }, () =>
			requireOurFiles(instances.with),
		);
		return { samples, nodeTypes, requireMs };
	} finally {
		await instances.with.dispose();
		await instances.without.dispose();
	}
}
