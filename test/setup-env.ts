import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's InstanceSettings writes <N8N_USER_FOLDER>/.n8n/config on first use: keep it in a throwaway folder.
const dir = mkdtempSync(join(tmpdir(), 'n8n-test-'));
process.env.N8N_USER_FOLDER = dir;
process.env.N8N_ENCRYPTION_KEY = 'test-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
// n8n's logger prints each expected failure; keep the test output readable. The secret scan still sees every log
// call (test/secrets/logs.ts records them before the real logger filters). N8N_LOG_LEVEL=debug npx jest shows them.
process.env.N8N_LOG_LEVEL ??= 'silent';

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});
