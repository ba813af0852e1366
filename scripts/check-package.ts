/**
 * Published-tarball checks: packs the package (`npm pack`, what `npm publish` uploads), unpacks it and fails on
 * what n8n's community-package scanner refuses, plus what n8n needs to load and show the nodes, and a size limit.
 *
 *   npx tsx scripts/check-package.ts                 pack the checkout (needs `npm run build` first)
 *   npx tsx scripts/check-package.ts --tarball x.tgz  check a given tarball (e.g. the one CI publishes)
 *   npx tsx scripts/check-package.ts --dir <dir>      check an already unpacked package folder
 *   --no-source   skip the scanner's source leg (lint of the checkout's nodes/ and credentials/ sources)
 *   --json        print the results as JSON (for tests)
 *
 * Checks (each one named, all run, exit 1 when any fails):
 *  - scanner-dist:   n8n's own scanner (@n8n/scan-community-package, `analyzePackage`) on the unpacked tarball
 *                    exactly as `npx @n8n/scan-community-package <name>` runs it after download: its ESLint config,
 *                    inline `eslint-disable` comments ignored, `**\/*.js` and package.json.
 *  - scanner-source: the scanner's other leg: the same config on the source files it lints in the attested
 *                    repository (package.json, nodes/ and credentials/ sources).
 *  - runtime-imports: the community-nodes rules no-restricted-imports / no-restricted-globals /
 *                    no-runtime-dependencies (this repo's plugin version) on dist/**\/*.js with devDependencies
 *                    removed from package.json, as n8n's installer removes them: the scanner lets a file import a
 *                    devDependency (it assumes a bundler included it); our bundle (scripts/build.ts) includes all
 *                    but n8n-workflow and Node's built-ins, and this proves no other `require` is left in what ships
 *                    (it would fail inside n8n).
 *  - manifest:       no runtime `dependencies`; n8n-workflow only as a peer; every file of package.json "n8n" exists.
 *  - assets:         each listed file loads as n8n loads it (its class, named by the file, instantiated); next to
 *                    each node: its codex <Name>.node.json (node id, categories, https doc links without query or
 *                    fragment, as n8n appends its own query) and the light and dark icons its description names
 *                    (valid SVG, different files); the same icons next to each credential.
 *  - contents:       only package.json, README.md, LICENSE and dist/ are shipped; no test, fixture, emulator or
 *                    TypeScript source files; README.md and LICENSE are present.
 *  - size:           the packed tarball is at most MAX_PACKED_BYTES (80 kB); prints its size and file count.
 *  - output-schemas: next to each node, the output schema of every version and operation at the path n8n's editor
 *                    requests (`__schema__/v1.0.0/<resource>/<operation>.json`; `…/output.json` for a node without
 *                    operations), each an object schema with properties, as the editor requires.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { packPackage } from '../test/support/n8n';
import { expectedSchemaPaths } from '../test/support/outputSchemas/paths';

const REPO_ROOT = path.resolve(__dirname, '..');

export interface CheckResult {
	name: string;
	passed: boolean;
	problems: string[];
	/** A figure the check reports whether it passes or not (the size check's bytes). */
	info?: string;
	seconds: number;
}

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[k: string]: unknown;
}

// -------------------------------------------------------------------------------------------------------------
// Unpacking (packing is the real-n8n harness's packPackage, test/support/n8n/pack.ts)
// -------------------------------------------------------------------------------------------------------------

export function unpack(tarball: string, destDir: string): string {
	fs.mkdirSync(destDir, { recursive: true });
	const res = spawnSync('tar', ['-xzf', tarball, '-C', destDir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (res.status !== 0) throw new Error(`extracting ${tarball} failed: ${res.stderr}`);
	return destDir;
}

function walk(dir: string, base = dir): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...walk(p, base));
		else out.push(path.relative(base, p).split(path.sep).join('/'));
	}
	return out.sort();
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

// -------------------------------------------------------------------------------------------------------------
// n8n's scanner and the community-node rules
// -------------------------------------------------------------------------------------------------------------

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}
interface Scanner {
	analyzePackage(dir: string, patterns?: string[]): Promise<ScanResult>;
	SOURCE_FILE_PATTERNS: string[];
}

async function loadScanner(): Promise<Scanner> {
	// An ES module without type declarations; a string variable keeps the import dynamic and untyped.
	const specifier: string = '@n8n/scan-community-package/scanner/scanner.mjs';
	return (await import(specifier)) as Scanner;
}

function scanProblems(result: ScanResult): string[] {
	if (result.passed) return [];
	const details = (result.details ?? '').trim();
	return [details ? `${result.message ?? 'failed'}:\n${details}` : (result.message ?? 'failed')];
}

async function scannerDist(pkgDir: string): Promise<string[]> {
	const scanner = await loadScanner();
	// The globs the scanner uses for the downloaded tarball (analyzePackageByName).
	return scanProblems(await scanner.analyzePackage(pkgDir, ['**/*.js', 'package.json']));
}

async function scannerSource(repoRoot: string): Promise<string[]> {
	const scanner = await loadScanner();
	return scanProblems(await scanner.analyzePackage(repoRoot, scanner.SOURCE_FILE_PATTERNS));
}

/** The restricted-import/global rules on dist JS, with the package.json n8n's installer leaves (no devDependencies). */
async function runtimeImports(pkgDir: string): Promise<string[]> {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-runtime-'));
	try {
		fs.cpSync(pkgDir, work, { recursive: true });
		const pkgJsonPath = path.join(work, 'package.json');
		const { devDependencies: _dev, ...installed } = readJson<PackageJson>(pkgJsonPath);
		fs.writeFileSync(pkgJsonPath, JSON.stringify(installed, null, 2));

		const { ESLint } = await import('eslint');
		const pluginSpecifier: string = '@n8n/eslint-plugin-community-nodes';
		const { n8nCommunityNodesPlugin: plugin } = (await import(pluginSpecifier)) as {
			n8nCommunityNodesPlugin: object;
		};
		const parserSpecifier: string = '@typescript-eslint/parser';
		const parser = (await import(parserSpecifier)) as { default?: object };
		const eslint = new ESLint({
			cwd: work,
			allowInlineConfig: false,
			overrideConfigFile: true,
			overrideConfig: [
				{ plugins: { '@n8n/community-nodes': plugin } },
				{
					files: ['**/*.js'],
					rules: {
						'@n8n/community-nodes/no-restricted-imports': 'error',
						'@n8n/community-nodes/no-restricted-globals': 'error',
					},
				},
				{
					files: ['package.json'],
					languageOptions: { parser: (parser.default ?? parser) as never },
					rules: { '@n8n/community-nodes/no-runtime-dependencies': 'error' },
				},
			] as never,
		});
		const files = walk(work)
			.filter((f) => (f.startsWith('dist/') && f.endsWith('.js')) || f === 'package.json')
			.map((f) => path.join(work, f));
		if (!files.some((f) => f.endsWith('.js'))) return ['no dist/**/*.js in the package'];
		const results = await eslint.lintFiles(files);
		return results.flatMap((r) =>
			r.messages
				.filter((m) => m.severity === 2)
				.map(
					(m) =>
						`${path.relative(work, r.filePath)}:${m.line}:${m.column} ${m.message} (${m.ruleId ?? 'parse error'})`,
				),
		);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

// -------------------------------------------------------------------------------------------------------------
// Manifest, assets, contents
// -------------------------------------------------------------------------------------------------------------

function manifest(pkgDir: string): string[] {
	const problems: string[] = [];
	const pkg = readJson<PackageJson>(path.join(pkgDir, 'package.json'));
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		problems.push(
			`runtime "dependencies" are not allowed in a community package: ${Object.keys(pkg.dependencies).join(', ')}`,
		);
	}
	const peers = Object.keys(pkg.peerDependencies ?? {});
	if (peers.some((p) => p !== 'n8n-workflow'))
		problems.push(`peerDependencies other than n8n-workflow: ${peers.join(', ')}`);
	if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes('n8n-community-node-package')) {
		problems.push(
			'keywords must include "n8n-community-node-package" (n8n and npm search find community packages by it)',
		);
	}
	const listed = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (!pkg.n8n?.nodes?.length) problems.push('package.json "n8n.nodes" lists no node');
	for (const file of listed)
		if (!fs.existsSync(path.join(pkgDir, file)))
			problems.push(`package.json "n8n" lists ${file}, which is not in the tarball`);
	return problems;
}

type Icons = { light?: string; dark?: string; plain?: string };

/** What n8n reads from a listed file: a node's `description`, or a credential's own fields. */
interface Declaration {
	name?: string;
	icon?: unknown;
	version?: unknown;
	properties?: unknown;
	/** Set when the file could not be loaded or has no class of its name. */
	error?: string;
}

const loaded = new Map<string, Map<string, Declaration>>();

/**
 * The listed files of an unpacked package as n8n's loader reads them: each file required (all in one child
 * process) and its class, named by the file up to its first dot, instantiated; a node's `description`, a
 * credential's instance. `n8n-workflow` is resolved from this checkout, as n8n provides its own. One entry per
 * listed file (by its path in package.json), with `error` when loading it failed; loaded once per folder.
 */
function loadDeclarations(pkgDir: string): Map<string, Declaration> {
	const cached = loaded.get(pkgDir);
	if (cached) return cached;
	const pkg = readJson<PackageJson>(path.join(pkgDir, 'package.json'));
	const listed = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const files = listed.map((f) => path.join(pkgDir, f));
	const script = `process.stdout.write(JSON.stringify(${JSON.stringify(files)}.map((file) => {
		try {
			const name = require('path').basename(file).split('.')[0];
			const Class = require(file)[name];
			if (typeof Class !== 'function') return { error: 'exports no class ' + name };
			const instance = new Class();
			const d = instance.description ?? instance;
			return { name: d.name, icon: d.icon, version: d.version, properties: d.properties };
		} catch (error) {
			return { error: String(error && error.message || error) };
		}
	})));`;
	const res = spawnSync(process.execPath, ['-e', script], {
		encoding: 'utf8',
		env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), NODE_OPTIONS: '' },
	});
	if (res.status !== 0) throw new Error(`loading the nodes failed: ${res.stderr}`);
	const declarations = JSON.parse(res.stdout) as Declaration[];
	const result = new Map(listed.map((file, i) => [file, declarations[i]]));
	loaded.set(pkgDir, result);
	return result;
}

/** The declaration of each existing file of `listed` (a missing one is the manifest check's to report). */
function declarationsOf(
	pkgDir: string,
	listed: string[] | undefined,
): Array<{ file: string; decl: Declaration }> {
	const declarations = loadDeclarations(pkgDir);
	return (listed ?? [])
		.filter((file) => fs.existsSync(path.join(pkgDir, file)))
		.map((file) => ({ file, decl: declarations.get(file)! }));
}

/** A description's `icon`: `'file:x.svg'` (plain) or `{ light, dark }`. */
function iconsOf(icon: unknown): Icons {
	if (typeof icon === 'string') return { plain: icon };
	if (icon && typeof icon === 'object') {
		const { light, dark } = icon as Record<string, unknown>;
		return {
			light: typeof light === 'string' ? light : undefined,
			dark: typeof dark === 'string' ? dark : undefined,
		};
	}
	return {};
}

const SVG_RE = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>][\s\S]*<\/svg>\s*$/;

function checkIcons(kind: string, file: string, icons: Icons, problems: string[]): void {
	const dir = path.dirname(file);
	const rel = path.basename(file);
	if (!icons.light || !icons.dark) {
		problems.push(
			`${rel}: ${kind} icon should be { light: 'file:…', dark: 'file:….dark.svg' } (found ${JSON.stringify(icons)})`,
		);
	}
	const paths: string[] = [];
	for (const ref of [icons.light, icons.dark, icons.plain]) {
		if (!ref) continue;
		if (!ref.startsWith('file:')) {
			problems.push(`${rel}: icon "${ref}" is not a file: icon`);
			continue;
		}
		const iconPath = path.join(dir, ref.slice('file:'.length));
		if (!fs.existsSync(iconPath)) {
			problems.push(`${rel}: icon ${ref} is not in the tarball next to it`);
			continue;
		}
		paths.push(iconPath);
		if (iconPath.endsWith('.svg') && !SVG_RE.test(fs.readFileSync(iconPath, 'utf8')))
			problems.push(`${rel}: ${ref} is not an SVG document`);
	}
	if (
		icons.light &&
		icons.dark &&
		paths.length >= 2 &&
		fs.readFileSync(paths[0]).equals(fs.readFileSync(paths[1]))
	) {
		problems.push(`${rel}: light and dark icons are identical files`);
	}
}

function assets(pkgDir: string): string[] {
	const problems: string[] = [];
	const pkg = readJson<PackageJson>(path.join(pkgDir, 'package.json'));
	for (const { file: nodeFile, decl } of declarationsOf(pkgDir, pkg.n8n?.nodes)) {
		const file = path.join(pkgDir, nodeFile);
		const rel = path.basename(file);
		if (decl.error) {
			problems.push(`${rel}: n8n could not load it: ${decl.error}`);
			continue;
		}
		if (!decl.name) problems.push(`${rel}: no description with a name found`);
		checkIcons('node', file, iconsOf(decl.icon), problems);
		const codexFile = file.replace(/\.js$/, '.json');
		if (!fs.existsSync(codexFile)) {
			problems.push(`${rel}: codex ${path.basename(codexFile)} is not in the tarball next to it`);
			continue;
		}
		let codex: {
			node?: string;
			categories?: unknown;
			resources?: Record<string, Array<{ url?: string }>>;
		};
		try {
			codex = readJson(codexFile);
		} catch (error) {
			problems.push(`${path.basename(codexFile)}: not valid JSON (${(error as Error).message})`);
			continue;
		}
		const codexName = path.basename(codexFile);
		if (decl.name && codex.node !== `${pkg.name}.${decl.name}`)
			problems.push(`${codexName}: "node" is ${codex.node}, expected ${pkg.name}.${decl.name}`);
		if (!Array.isArray(codex.categories) || codex.categories.length === 0)
			problems.push(`${codexName}: no categories`);
		const docs = codex.resources?.primaryDocumentation ?? [];
		if (!docs.length) problems.push(`${codexName}: no resources.primaryDocumentation link`);
		for (const link of Object.values(codex.resources ?? {}).flat()) {
			if (!/^https:\/\/[^\s/]+\.[^\s/]+\/\S*$/.test(link?.url ?? ''))
				problems.push(
					`${codexName}: documentation link ${JSON.stringify(link)} is not an https URL`,
				);
			// n8n's Docs link is `${url}?utm_source=n8n_app&…` (n8n-editor-ui, NodeSettings): a query of our own would
			// get a second "?", and a fragment would swallow n8n's query.
			else if (/[?#]/.test(link.url!))
				problems.push(`${codexName}: documentation link ${link.url} has a "?" or "#"`);
		}
	}
	for (const { file: credFile, decl } of declarationsOf(pkgDir, pkg.n8n?.credentials)) {
		const file = path.join(pkgDir, credFile);
		if (decl.error) {
			problems.push(`${path.basename(file)}: n8n could not load it: ${decl.error}`);
			continue;
		}
		if (!decl.name) problems.push(`${path.basename(file)}: no credential name found`);
		checkIcons('credential', file, iconsOf(decl.icon), problems);
	}
	return problems;
}

type NodeDescription = Parameters<typeof expectedSchemaPaths>[0];

/** Each node's output schemas at the paths n8n's editor requests (test/support/outputSchemas/paths.ts). */
function outputSchemas(pkgDir: string): string[] {
	const problems: string[] = [];
	const pkg = readJson<PackageJson>(path.join(pkgDir, 'package.json'));
	for (const { file: nodeFile, decl } of declarationsOf(pkgDir, pkg.n8n?.nodes)) {
		if (decl.error) continue; // reported by assets
		for (const schemaFile of expectedSchemaPaths(decl as NodeDescription)) {
			const where = `${path.dirname(nodeFile)}/${schemaFile}`;
			const full = path.join(pkgDir, where);
			if (!fs.existsSync(full)) {
				problems.push(`${where}: no output schema in the tarball (npm run generate:schemas)`);
				continue;
			}
			let schema: { type?: unknown; properties?: Record<string, unknown> };
			try {
				schema = readJson(full);
			} catch (error) {
				problems.push(`${where}: not valid JSON (${(error as Error).message})`);
				continue;
			}
			if (schema?.type !== 'object' || !Object.keys(schema.properties ?? {}).length)
				problems.push(`${where}: not an object schema with properties (n8n's editor ignores it)`);
		}
	}
	return problems;
}

/** The most the packed tarball may weigh: 80 kB as npm prints it (1 kB = 1,000 bytes). */
export const MAX_PACKED_BYTES = 80_000;

/**
 * The packed size: the tarball's bytes, or for an unpacked folder what `npm pack --dry-run` of it reports (the same
 * gzip npm publishes), and the number of files. A problem when over MAX_PACKED_BYTES.
 */
function size(pkgDir: string, tarball: string | undefined): { problems: string[]; info: string } {
	let bytes: number;
	if (tarball) bytes = fs.statSync(tarball).size;
	else {
		const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: pkgDir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		if (res.status !== 0) throw new Error(`npm pack --dry-run failed: ${res.stderr}`);
		[{ size: bytes }] = JSON.parse(res.stdout) as Array<{ size: number }>;
	}
	const info = `${bytes.toLocaleString('en')} bytes packed (limit ${MAX_PACKED_BYTES.toLocaleString('en')}), ${walk(pkgDir).length} files`;
	return {
		problems:
			bytes > MAX_PACKED_BYTES
				? [
						`the tarball is ${bytes.toLocaleString('en')} bytes, over the ${MAX_PACKED_BYTES.toLocaleString('en')} allowed`,
					]
				: [],
		info,
	};
}

/** Test, fixture and development files that must never ship. */
const FORBIDDEN = [
	/(^|\/)(test|tests|__tests__|__mocks__|fixtures?|emulator|coverage|\.artifacts|\.cache|\.github|\.ci|scripts)\//i,
	/\.(test|spec|e2e)\.[cm]?[jt]s$/i,
	/(^|\/)(jest|tsconfig|eslint|gulpfile)[^/]*$/i,
	/\.tgz$/i,
	/(^|\/)\.env/i,
	/\.jsonl$/i,
];

function contents(pkgDir: string): string[] {
	const problems: string[] = [];
	const files = walk(pkgDir);
	for (const f of files) {
		if (FORBIDDEN.some((re) => re.test(f)))
			problems.push(`${f}: test/fixture/development file in the tarball`);
		else if (!(
			f === 'package.json' ||
			f === 'README.md' ||
			/^LICEN[CS]E(\.md|\.txt)?$/i.test(f) ||
			f.startsWith('dist/')
		)) {
			problems.push(`${f}: unexpected file outside dist/`);
		} else if (/\.ts$/.test(f) && !/\.d\.ts$/.test(f))
			problems.push(`${f}: TypeScript source in the tarball`);
	}
	for (const required of ['README.md', 'LICENSE']) {
		if (
			!files.some(
				(f) =>
					f.toUpperCase() === required.toUpperCase() ||
					(required === 'LICENSE' && /^LICEN[CS]E/i.test(f)),
			)
		) {
			problems.push(`${required} is missing from the tarball`);
		}
	}
	return problems;
}

// -------------------------------------------------------------------------------------------------------------
// Runner
// -------------------------------------------------------------------------------------------------------------

type Outcome = string[] | { problems: string[]; info: string };

async function timed(name: string, run: () => Outcome | Promise<Outcome>): Promise<CheckResult> {
	const started = Date.now();
	let problems: string[];
	let info: string | undefined;
	try {
		const outcome = await run();
		if (Array.isArray(outcome)) problems = outcome;
		else ({ problems, info } = outcome);
	} catch (error) {
		problems = [`check crashed: ${(error as Error).stack ?? String(error)}`];
	}
	return {
		name,
		passed: problems.length === 0,
		problems,
		...(info === undefined ? {} : { info }),
		seconds: (Date.now() - started) / 1000,
	};
}

/**
 * Every check on an unpacked package. `tarball`: the tarball it came from (the size check packs the folder
 * otherwise); `source: false` skips scanner-source.
 */
export async function checkPackageDir(
	pkgDir: string,
	opts: { source?: boolean; tarball?: string } = {},
): Promise<CheckResult[]> {
	const results = [
		await timed('manifest', () => manifest(pkgDir)),
		await timed('contents', () => contents(pkgDir)),
		await timed('size', () => size(pkgDir, opts.tarball)),
		await timed('assets', () => assets(pkgDir)),
		await timed('output-schemas', () => outputSchemas(pkgDir)),
		await timed('runtime-imports', async () => await runtimeImports(pkgDir)),
		await timed('scanner-dist', async () => await scannerDist(pkgDir)),
	];
	if (opts.source !== false)
		results.push(await timed('scanner-source', async () => await scannerSource(REPO_ROOT)));
	return results;
}

async function main(argv: string[]): Promise<number> {
	const arg = (flag: string): string | undefined => {
		const i = argv.indexOf(flag);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const json = argv.includes('--json');
	const started = Date.now();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-'));
	try {
		let pkgDir = arg('--dir');
		let tarball = arg('--tarball');
		if (!pkgDir) {
			// `npm pack` of the checkout (no lifecycle scripts: what is in dist/ now is what gets checked).
			tarball = tarball ? path.resolve(tarball) : packPackage(tmp);
			pkgDir = unpack(tarball, path.join(tmp, 'package'));
		}
		const results = await checkPackageDir(path.resolve(pkgDir), {
			source: !argv.includes('--no-source'),
			tarball,
		});
		const failed = results.filter((r) => !r.passed);
		if (json) {
			process.stdout.write(JSON.stringify({ tarball, results }, null, 2) + '\n');
		} else {
			process.stdout.write(`Checking ${tarball ? path.basename(tarball) : pkgDir}\n`);
			for (const r of results) {
				process.stdout.write(
					`${r.passed ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(1)} s)${r.info ? `: ${r.info}` : ''}\n`,
				);
				for (const p of r.problems) process.stdout.write(p.replace(/^/gm, '       ') + '\n');
			}
			process.stdout.write(
				`check-package: ${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
			);
		}
		return failed.length ? 1 : 0;
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(error: unknown) => {
			process.stderr.write(`check-package: ${(error as Error).message}\n`);
			process.exitCode = 2;
		},
	);
}
