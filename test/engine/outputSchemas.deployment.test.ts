/**
 * The Deployment resource's output schemas (nodes/AzureAiFoundryFineTuning/__schema__/v1.0.0/deployment/*.json)
 * against what its operations really output in n8n-core's engine against the emulator (ARM and inference): every item
 * valid for the committed schema, and every field of it named there.
 */
import * as path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { rl, useDeployKit } from '../support/deployKit';
import type { CredentialData } from '../support/engine';
import { schemaPath } from '../support/outputSchemas';
import { outputMismatches } from '../support/outputSchemas/validate';

const ACTION_DIR = path.resolve(__dirname, '..', '..', 'nodes', 'AzureAiFoundryFineTuning');

const kit = useDeployKit({ arm: { provisioningPolls: 1 } });

/** Runs one Deployment operation and checks its items against its schema file. */
async function expectOutputFits(
	operation: string,
	parameters: INodeParameters = {},
	credentials?: CredentialData,
): Promise<void> {
	const { outputs, error } = await kit.deployment(
		operation,
		parameters,
		credentials ? { credentials } : {},
	);
	expect(error).toBeUndefined();
	const output = outputs[0] ?? [];
	expect(output.length).toBeGreaterThan(0);
	const file = path.join(ACTION_DIR, schemaPath(1, { resource: 'deployment', operation }));
	expect({ operation, problems: outputMismatches(file, output) }).toEqual({
		operation,
		problems: [],
	});
}

test('Create, Get, List, Update Capacity, Pause, Resume, Test Prompt, Delete: every output fits', async () => {
	const deploymentName = rl.name('ft-schema-a');
	await expectOutputFits('create', {
		modelFrom: 'name',
		modelName: kit.deployableModel(),
		newDeploymentName: 'ft-schema-a',
		sku: 'standard',
		capacity: 1,
	});
	await expectOutputFits('get', { deploymentName });
	await expectOutputFits('list');
	await expectOutputFits('update', { deploymentName, capacity: 2 });
	await expectOutputFits('pause', { deploymentName });
	await expectOutputFits('resume', { deploymentName });
	await expectOutputFits(
		'testPrompt',
		{ authentication: 'apiKey', promptDeploymentName: 'ft-schema-a', prompt: 'Hi' },
		kit.apiKey,
	);
	await expectOutputFits('delete', { deploymentName });
});
