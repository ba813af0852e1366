/**
 * Under tsx, Node's CommonJS resolver tries `.json` before `.ts`, so `import '…/X.node'` loads the codex file
 * `X.node.json` instead of `X.node.ts`. Shared by the scripts that load the nodes' TypeScript sources in process
 * (scripts/fault-run.ts, scripts/bench-trigger.ts).
 */
import Module from 'node:module';

/** Makes Node's CommonJS resolver try `.json` last (after `.ts`) for this process. */
export function preferTsOverJson(): void {
	const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
	const json = extensions['.json'];
	delete extensions['.json'];
	extensions['.json'] = json;
}
