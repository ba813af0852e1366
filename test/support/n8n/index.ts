/**
 * The real-n8n harness: our packed package inside a real n8n process, next to the Azure emulator run as a child
 * process. Used by the e2e tests (test/e2e), `npm run dev` (scripts/n8n-dev.ts) and the benchmarks (scripts/bench/).
 *
 * - repo.ts: the checkout's root, .artifacts/, the package's name and node types
 * - install.ts: n8n and its Node in .cache/ (scripts/ensure-n8n.sh)
 * - pack.ts: `npm pack` of the build, installed the way n8n installs a community package
 * - process.ts: spawning, stopping, n8n's environment, free ports, waiting
 * - output.ts: redacted logs, the run JSON of `n8n execute`
 * - realN8n.ts: one n8n instance (CLI, server, REST and public API)
 * - emulatorProcess.ts: the emulator as a child process and its admin routes
 */
export * from './emulatorProcess';
export * from './install';
export * from './output';
export * from './pack';
export * from './process';
export * from './realN8n';
export * from './repo';
