/**
 * Our package as n8n gets it: `npm pack` of the built checkout (or the tarball CI will publish), installed into an n8n
 * user folder the way n8n installs a community package.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { N8nRuntime } from './install';
import type { LogFile } from './output';
import { ARTIFACTS_ROOT, PACKAGE_NAME, REPO_ROOT, ROOT_PACKAGE_JSON } from './repo';

/**
 * How `require('n8n-workflow')` from the installed package resolves: through n8n's NODE_PATH to n8n's own copy, or
 * through the node_modules/n8n-workflow link installTarball() adds when a copy nearer the package would win.
 */
export type WorkflowResolution = 'n8n-node-path' | 'shim';

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
			'[pack] warning: sources are newer than dist/ — run `npm run build` to test current code\n',
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
 *
 * `nodesDir`: <user folder>/.n8n/nodes. What it did goes to `log` (ended at the end). Returns how the package's
 * `require('n8n-workflow')` resolves. Throws when tar or npm fails.
 */
export function installTarball(
	tarball: string,
	{ nodesDir, runtime, log }: { nodesDir: string; runtime: N8nRuntime; log: LogFile },
): WorkflowResolution {
	const nodeModules = path.join(nodesDir, 'node_modules');
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
			{ cwd: pkgDir, encoding: 'utf8', env: { ...process.env, PATH: runtime.pathEnv } },
		);
		log.write(npm.stdout + npm.stderr);
		if (npm.status !== 0)
			throw new Error(`npm install of the package's dependencies failed: ${npm.stderr}`);
	}
	// n8n keeps this manifest of installed community packages.
	const manifestPath = path.join(nodesDir, 'package.json');
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
			resolvePackageJson('n8n-workflow', path.join(runtime.n8nDir, 'node_modules', 'n8n', 'dist'))!,
		),
	);
	const fromPkg = resolvePackageJson('n8n-workflow', path.join(pkgDir, 'dist'));
	if (fromPkg && fs.realpathSync(path.dirname(fromPkg)) !== n8nOwn) {
		fs.symlinkSync(n8nOwn, path.join(nodeModules, 'n8n-workflow'), 'dir');
		log.write(
			`n8n-workflow would resolve to ${path.dirname(fromPkg)}; linked node_modules/n8n-workflow -> n8n's own ${n8nOwn}\n`,
		);
		log.end();
		return 'shim';
	}
	log.write(`n8n-workflow resolves through n8n's NODE_PATH to ${n8nOwn}\n`);
	log.end();
	return 'n8n-node-path';
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
