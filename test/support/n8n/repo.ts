/**
 * The checkout as the real-n8n harness sees it: its root, the .artifacts/ folder every harness writes its logs to, and
 * the package's identity in n8n (package name, node type names, credential type) read from package.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export { CREDENTIAL_TYPE } from '../../../nodes/shared/constants';
export { ENTRA_CREDENTIAL_TYPE } from '../../../nodes/shared/transport/entra';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, '.artifacts');

/** The parts of the root package.json the harness reads. */
export const ROOT_PACKAGE_JSON = JSON.parse(
	fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
) as {
	name: string;
	version: string;
	n8n: { credentials?: string[]; nodes?: string[] };
};
export const PACKAGE_NAME = ROOT_PACKAGE_JSON.name;
/** The node type names n8n gives our nodes (`<package>.<node name>`). */
export const NODE_TYPES = {
	fineTuning: `${PACKAGE_NAME}.azureAiFoundryFineTuning`,
	trigger: `${PACKAGE_NAME}.azureAiFoundryFineTuningTrigger`,
} as const;
