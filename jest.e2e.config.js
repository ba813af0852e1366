/**
 * End-to-end tests: our packed package inside a real n8n process (the harness: test/support/n8n) against the local
 * Azure emulator. Run with `npm run build && jest -c jest.e2e.config.js --runInBand`.
 * The first run installs Node 24 + n8n into .cache/ (minutes); that happens in globalSetup, outside any test timeout.
 * Env: N8N_VERSION (default 2.41.1), N8N_NODE_VERSION, E2E_KEEP=1 (keep throwaway n8n user folders).
 */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	testTimeout: 180000,
	// n8n processes are heavy (≈600 MB each with the task runner): one file at a time.
	maxWorkers: 1,
	verbose: true,
};
