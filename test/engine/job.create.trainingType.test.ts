/**
 * Create Job › Training Type through n8n's execution engine against the emulator: not sent by default, sent as the
 * value Azure accepts when chosen, echo read case-insensitively; also on the dated API path.
 */
import type { INodeParameters } from 'n8n-workflow';

import { readTrainingType } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/trainingTypes';
import { byId, processedFile, useJobKit } from '../support/jobKit';

const kit = useJobKit();

async function createWith(additionalFields: INodeParameters, credentials = kit.credentials) {
	const file = await processedFile(kit.emu);
	kit.emu.clearRequests();
	const parameters = {
		model: byId('gpt-4.1-mini-2025-04-14'),
		trainingFile: byId(file.id),
		methodType: 'supervised',
		additionalFields,
	};
	const run = await kit.run('create', parameters, { credentials });
	const [sent] = kit.requestsTo('POST', '/fine_tuning/jobs');
	return { ...run, sent: sent?.body as Record<string, unknown> | undefined };
}

test('by default no trainingType is sent (Azure then trains Standard); the job has no echo', async () => {
	const { sent, outputs, error } = await createWith({ suffix: 'plain' });
	expect(error).toBeUndefined();
	expect(sent).toBeDefined();
	expect(sent).not.toHaveProperty('trainingType');
	expect(outputs[0][0]).not.toHaveProperty('trainingType');
});

test.each([
	['standard', 'Standard', 'standard'],
	['global', 'GlobalStandard', 'globalStandard'],
	['developer', 'developerTier', 'developerTier'],
])(
	'Training Type %s is sent as %s; the echo %s reads back as the same tier',
	async (trainingType, sentValue, echo) => {
		const { sent, outputs, error } = await createWith({ trainingType });
		expect(error).toBeUndefined();
		expect(sent?.trainingType).toBe(sentValue);
		expect(outputs[0][0].trainingType).toBe(echo);
		expect(readTrainingType(outputs[0][0].trainingType)).toBe(trainingType);
	},
);

test('an expression giving the API spelling works too', async () => {
	const { sent } = await createWith({ trainingType: '={{ "GlobalStandard" }}' });
	expect(sent?.trainingType).toBe('GlobalStandard');
});

test('an unknown tier from an expression is refused naming the field; nothing is created', async () => {
	const { error } = await createWith({ trainingType: '={{ "DataZone" }}' });
	expect(error?.message).toMatch(
		/^Training Type: must be one of Standard \(standard\), Global \(global\), Developer \(developer\)/,
	);
	expect(kit.requestsTo('POST', '/fine_tuning/jobs')).toHaveLength(0);
});

test('on a dated API version the job is created at /openai/fine_tuning/jobs?api-version=… with the same trainingType', async () => {
	const credentials = {
		...kit.credentials,
		apiVersion: 'dated',
		datedApiVersion: '2025-04-01-preview',
	};
	const { sent, outputs, error } = await createWith({ trainingType: 'developer' }, credentials);
	expect(error).toBeUndefined();
	expect(sent?.trainingType).toBe('developerTier');
	expect(outputs[0][0].status).toBe('pending');
	const [create] = kit.requestsTo('POST', '/fine_tuning/jobs');
	expect([create.path, create.query['api-version'], create.status]).toEqual([
		'/openai/fine_tuning/jobs',
		'2025-04-01-preview',
		201,
	]);
});
