/**
 * Before any e2e test: install or find n8n (cold: minutes; globalSetup has no timeout). Whether the package is built
 * is checked by the tests that need it (packPackage), so the harness self-test runs without a build.
 */
import { ensureN8n } from '../support/n8n';

export default async function globalSetup(): Promise<void> {
	const runtime = ensureN8n();
	process.stderr.write(
		`\n[e2e] n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} (ensure-n8n ${runtime.ensureSeconds.toFixed(1)} s)\n`,
	);
}
