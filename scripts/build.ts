/**
 * `npm run build`, after the type check (`tsc --noEmit`) and before `gulp build:assets` copies the icons, codex files
 * and output schemas: one esbuild bundle of both nodes and both credentials, dist/index.js, and at each path
 * package.json "n8n" lists (dist/nodes/<Node>/<Node>.node.js, dist/credentials/<Name>.credentials.js) a one-line
 * file re-exporting that class from the bundle. n8n loads a listed file as `require(file)[<Name>]` (the file name up
 * to its first dot) and finds `file:` icons, the codex <Node>.node.json and `__schema__/` next to the listed file, so
 * those paths stay as they were when every source file was compiled on its own.
 *
 * The bundle keeps our names readable (whitespace and syntax minified, identifiers not renamed);
 * n8n-workflow is external (n8n provides its own copy), Node's built-ins stay `require` calls. Errors from esbuild
 * are printed and end the build with exit code 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { build } from 'esbuild';

const REPO_ROOT = path.resolve(__dirname, '..');
const DIST = path.join(REPO_ROOT, 'dist');
const BUNDLE = path.join(DIST, 'index.js');

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	repository: { url: string };
	n8n: { nodes: string[]; credentials: string[] };
};

/** Each listed file (`dist/…/<Name>.node.js`), its class name and its TypeScript source (`…/<Name>.node.ts`). */
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((listed) => ({
	listed,
	className: path.basename(listed).split('.')[0],
	source: `./${path.relative('dist', listed).split(path.sep).join('/').replace(/\.js$/, '')}`,
}));

async function main(): Promise<void> {
	fs.rmSync(DIST, { recursive: true, force: true });
	const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
	await build({
		stdin: {
			contents: entries
				.map((e) => `export { ${e.className} } from ${JSON.stringify(e.source)};`)
				.join('\n'),
			resolveDir: REPO_ROOT,
			sourcefile: 'index.ts',
			loader: 'ts',
		},
		outfile: BUNDLE,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		minifyWhitespace: true,
		minifySyntax: true,
		legalComments: 'none',
		banner: {
			js: `// ${pkg.name} ${pkg.version}, bundled from the TypeScript sources at ${repository}`,
		},
		logLevel: 'warning',
	});
	for (const { listed, className } of entries) {
		const file = path.join(REPO_ROOT, listed);
		const fromBundle = path.relative(path.dirname(file), BUNDLE).split(path.sep).join('/');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(
			file,
			`"use strict";exports.${className}=require(${JSON.stringify(fromBundle)}).${className};\n`,
		);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`build: ${(error as Error).message}\n`);
	process.exitCode = 1;
});
