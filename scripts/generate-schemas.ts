/**
 * Writes the nodes' output schemas, `nodes/<Node>/__schema__/v<version>/<resource>/<operation>.json` (a trigger:
 * `__schema__/v<version>/output.json`), from the OpenAPI documents and the node's own code
 * (test/support/outputSchemas). The files are committed; `npm run build` copies them next to the compiled nodes
 * (gulpfile.js), where n8n serves them to its editor. Run after changing an operation's output or adding one:
 *
 *   npm run generate:schemas
 *
 * Every `__schema__` folder is written afresh, so schemas of removed operations go too.
 * test/unit/outputSchemas.test.ts fails while the committed files differ from what this writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as prettier from 'prettier';

import { preferTsOverJson } from './preferTsOverJson';

const REPO_ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
	// The support module imports the nodes' classes: load `X.node.ts`, not the codex `X.node.json`.
	preferTsOverJson();
	const { generateSchemas, SCHEMA_NODES } =
		require('../test/support/outputSchemas') as typeof import('../test/support/outputSchemas');
	const files = generateSchemas();
	// Formatted as `npm run lint` (prettier --check) wants it: small objects on one line.
	const options = await prettier.resolveConfig(path.join(REPO_ROOT, 'package.json'));
	for (const node of SCHEMA_NODES)
		fs.rmSync(path.join(REPO_ROOT, node.dir, '__schema__'), { recursive: true, force: true });
	for (const [file, schema] of files) {
		const target = path.join(REPO_ROOT, file);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(
			target,
			await prettier.format(JSON.stringify(schema), { ...options, parser: 'json' }),
		);
	}
	process.stdout.write(`generate-schemas: wrote ${files.size} schema files\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`generate-schemas: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
