/**
 * scripts/check-package.ts must catch what n8n's scanner refuses: run it (as CI does, in a child process) on a
 * small well-formed package and on the same package with one fault of each kind. The packages are written to a
 * temp folder here; nothing of them is committed or shipped.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'check-package.ts');
const TSX = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Result {
	name: string;
	passed: boolean;
	problems: string[];
	info?: string;
}

const SVG = (fill: string) =>
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60"><rect width="60" height="60" fill="${fill}"/></svg>\n`;

const NODE_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Demo = void 0;
const n8n_workflow_1 = require("n8n-workflow");
const helper_1 = require("../shared/helper");
class Demo {
    constructor() {
        this.description = {
            displayName: 'Demo',
            name: 'demo',
            icon: { light: 'file:demo.svg', dark: 'file:demo.dark.svg' },
            group: ['transform'],
            version: 1,
            description: 'Demo node',
            defaults: { name: 'Demo' },
            inputs: [n8n_workflow_1.NodeConnectionTypes.Main],
            outputs: [n8n_workflow_1.NodeConnectionTypes.Main],
            usableAsTool: true,
            properties: [],
        };
    }
    async execute() {
        await (0, n8n_workflow_1.sleep)(1);
        return [this.helpers.returnJsonArray([{ value: (0, helper_1.twice)(2) }])];
    }
}
exports.Demo = Demo;
`;

const CRED_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DemoApi = void 0;
class DemoApi {
    name = 'demoApi';
    displayName = 'Demo API';
    icon = { light: 'file:demo.svg', dark: 'file:demo.dark.svg' };
    documentationUrl = 'https://example.com/docs';
    properties = [{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' }];
    authenticate = { type: 'generic', properties: { headers: { 'api-key': '={{$credentials.apiKey}}' } } };
    test = { request: { baseURL: 'https://example.com', url: '/ping' } };
}
exports.DemoApi = DemoApi;
`;

/** A small package that passes every check of the dist leg. */
function writeGoodPackage(dir: string): void {
	const files: Record<string, string> = {
		'package.json': JSON.stringify(
			{
				name: 'n8n-nodes-demo-check',
				version: '1.0.0',
				description: 'Demo',
				keywords: ['n8n-community-node-package'],
				license: 'MIT',
				homepage: 'https://example.com/n8n-nodes-demo-check',
				author: { name: 'Demo', email: 'demo@example.com' },
				repository: { type: 'git', url: 'git+https://example.com/demo.git' },
				files: ['dist'],
				n8n: {
					n8nNodesApiVersion: 1,
					nodes: ['dist/nodes/Demo/Demo.node.js'],
					credentials: ['dist/credentials/DemoApi.credentials.js'],
				},
				peerDependencies: { 'n8n-workflow': '*' },
				devDependencies: { axios: '^1.0.0' },
			},
			null,
			2,
		),
		'README.md': '# demo\n',
		LICENSE: 'MIT\n',
		'dist/nodes/Demo/Demo.node.js': NODE_JS,
		'dist/nodes/Demo/Demo.node.json': JSON.stringify({
			node: 'n8n-nodes-demo-check.demo',
			nodeVersion: '1.0',
			codexVersion: '1.0',
			categories: ['Development'],
			resources: { primaryDocumentation: [{ url: 'https://example.com/docs' }] },
		}),
		'dist/nodes/Demo/__schema__/v1.0.0/output.json': JSON.stringify({
			type: 'object',
			properties: { value: { type: 'number' } },
		}),
		'dist/nodes/Demo/demo.svg': SVG('#000'),
		'dist/nodes/Demo/demo.dark.svg': SVG('#fff'),
		'dist/nodes/shared/helper.js':
			'"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.twice = (n) => n * 2;\n',
		'dist/credentials/DemoApi.credentials.js': CRED_JS,
		'dist/credentials/demo.svg': SVG('#000'),
		'dist/credentials/demo.dark.svg': SVG('#fff'),
	};
	for (const [rel, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), content);
	}
}

function check(dir: string): Record<string, Result> {
	const res = spawnSync(process.execPath, [TSX, SCRIPT, '--dir', dir, '--no-source', '--json'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: { ...process.env, NODE_OPTIONS: '' },
	});
	if (!res.stdout.trim().startsWith('{'))
		throw new Error(
			`check-package printed no JSON (exit ${res.status}):\n${res.stdout}\n${res.stderr}`,
		);
	const { results } = JSON.parse(res.stdout) as { results: Result[] };
	expect(res.status).toBe(results.every((r) => r.passed) ? 0 : 1);
	return Object.fromEntries(results.map((r) => [r.name, r]));
}

let root: string;
beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-test-'));
});
afterAll(() => {
	fs.rmSync(root, { recursive: true, force: true });
});

test('a well-formed package passes every check, including n8n’s own scanner', () => {
	const dir = path.join(root, 'good');
	writeGoodPackage(dir);
	const results = check(dir);
	for (const r of Object.values(results))
		expect({ name: r.name, problems: r.problems }).toEqual({ name: r.name, problems: [] });
	expect(Object.keys(results).sort()).toEqual([
		'assets',
		'contents',
		'manifest',
		'output-schemas',
		'runtime-imports',
		'scanner-dist',
		'size',
	]);
	expect(results.size.info).toMatch(/^[\d,]+ bytes packed \(limit 80,000\), 12 files$/);
}, 60_000);

test('each fault is reported by the check responsible for it', () => {
	const dir = path.join(root, 'bad');
	writeGoodPackage(dir);
	const pkgPath = path.join(dir, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
	fs.writeFileSync(
		pkgPath,
		JSON.stringify({ ...pkg, dependencies: { lodash: '^4.0.0' } }, null, 2),
	);
	// restricted globals and a devDependency / unlisted import in compiled code
	fs.writeFileSync(
		path.join(dir, 'dist/nodes/shared/helper.js'),
		'"use strict";\nconst axios = require("axios");\nconst fs = require("fs");\nexports.twice = (n) => { setTimeout(() => {}, 1); return n * Number(process.env.X ?? 2) + __dirname.length; };\nexports.get = axios.get;\nexports.read = fs.readFileSync;\n',
	);
	fs.rmSync(path.join(dir, 'dist/nodes/Demo/demo.dark.svg'));
	fs.rmSync(path.join(dir, 'dist/nodes/Demo/Demo.node.json'));

	fs.writeFileSync(path.join(dir, 'dist/credentials/demo.dark.svg'), SVG('#000')); // same as light
	fs.mkdirSync(path.join(dir, 'dist/test/fixtures'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'dist/test/fixtures/training.jsonl'), '{}\n');
	fs.writeFileSync(path.join(dir, 'dist/nodes/Demo/Demo.node.test.js'), '');
	fs.rmSync(path.join(dir, 'LICENSE'));
	// 90,000 random bytes do not compress: the tarball goes over 80 kB
	fs.writeFileSync(path.join(dir, 'dist/nodes/Demo/noise.bin'), randomBytes(90_000));
	// version 1's schema has no properties; version 2 has none at all
	fs.writeFileSync(
		path.join(dir, 'dist/nodes/Demo/__schema__/v1.0.0/output.json'),
		'{"type":"object"}',
	);
	fs.writeFileSync(
		path.join(dir, 'dist/nodes/Demo/Demo.node.js'),
		NODE_JS.replace('version: 1,', 'version: [1, 2],'),
	);

	const r = check(dir);
	const text = (name: string) => r[name].problems.join('\n');
	expect(r.manifest.passed).toBe(false);
	expect(text('manifest')).toContain('runtime "dependencies"');

	expect(r['runtime-imports'].passed).toBe(false);
	for (const needle of [
		"'setTimeout'",
		"'process'",
		"'__dirname'",
		"'axios'",
		"'fs'",
		'no-runtime-dependencies',
	])
		expect(text('runtime-imports')).toContain(needle);

	// n8n's scanner refuses the globals, the node-builtin import and the dependencies — but allows the devDependency
	// import (it assumes a bundler), which is why runtime-imports exists.
	expect(r['scanner-dist'].passed).toBe(false);
	for (const needle of [
		'no-restricted-globals',
		'no-restricted-imports',
		'no-runtime-dependencies',
	])
		expect(text('scanner-dist')).toContain(needle);
	expect(text('scanner-dist')).not.toContain("'axios'");

	expect(r.assets.passed).toBe(false);
	expect(text('assets')).toContain('file:demo.dark.svg is not in the tarball');
	expect(text('assets')).toContain('codex Demo.node.json is not in the tarball');
	expect(text('assets')).toContain('DemoApi.credentials.js: light and dark icons are identical');

	expect(r['output-schemas'].passed).toBe(false);
	expect(r['output-schemas'].problems).toEqual([
		"dist/nodes/Demo/__schema__/v1.0.0/output.json: not an object schema with properties (n8n's editor ignores it)",
		'dist/nodes/Demo/__schema__/v2.0.0/output.json: no output schema in the tarball (npm run generate:schemas)',
	]);

	expect(r.contents.passed).toBe(false);
	expect(text('contents')).toContain('dist/test/fixtures/training.jsonl');
	expect(text('contents')).toContain('dist/nodes/Demo/Demo.node.test.js');
	expect(text('contents')).toContain('LICENSE is missing');

	expect(r.size.passed).toBe(false);
	expect(text('size')).toMatch(/^the tarball is [\d,]+ bytes, over the 80,000 allowed$/);
}, 60_000);

test('a documentation link with its own query or fragment is reported (n8n appends "?utm_source=…")', () => {
	const dir = path.join(root, 'docs-link');
	writeGoodPackage(dir);
	const codexPath = path.join(dir, 'dist/nodes/Demo/Demo.node.json');
	const codex = JSON.parse(fs.readFileSync(codexPath, 'utf8')) as Record<string, unknown>;
	const url = 'https://example.com/docs?tabs=rest#setup';
	fs.writeFileSync(
		codexPath,
		JSON.stringify({ ...codex, resources: { primaryDocumentation: [{ url }] } }),
	);
	expect(check(dir).assets.problems).toEqual([
		`Demo.node.json: documentation link ${url} has a "?" or "#"`,
	]);
}, 60_000);

test('a listed file n8n cannot load its class from is reported (the bundle’s one-line re-exports)', () => {
	const dir = path.join(root, 'no-class');
	writeGoodPackage(dir);
	// what a re-export naming the wrong class gives: the file loads, but has no DemoApi
	fs.writeFileSync(
		path.join(dir, 'dist/credentials/DemoApi.credentials.js'),
		CRED_JS.replace('exports.DemoApi = DemoApi;', 'exports.OtherApi = DemoApi;'),
	);
	expect(check(dir).assets.problems).toEqual([
		'DemoApi.credentials.js: n8n could not load it: exports no class DemoApi',
	]);
}, 60_000);
