/**
 * Create Job on the dated API version 2024-10-21, whose job has no `method`, `metadata` or `integrations`
 * (docs/azure-api.md#creating-a-job), through n8n's engine against the emulator (which refuses those on that version):
 * the body takes that version's shape, and what it cannot carry is refused naming the field and the version.
 */
import type { INodeParameters } from 'n8n-workflow';

import { byId, processedFile, useJobKit } from '../support/jobKit';

const kit = useJobKit();
const GA = { apiVersion: 'dated', datedApiVersion: '2024-10-21' };

async function create(parameters: INodeParameters, options: INodeParameters = {}) {
	const file = await processedFile(kit.emu);
	kit.emu.clearRequests();
	const run = await kit.run(
		'create',
		{
			model: byId('gpt-4.1-mini-2025-04-14'),
			trainingFile: byId(file.id),
			methodType: 'supervised',
			options: { preventDuplicates: false, ...options },
			...parameters,
		},
		{ credentials: { ...kit.credentials, ...GA } },
	);
	const [sent] = kit.requestsTo('POST', '/fine_tuning/jobs');
	return { ...run, file, sent };
}

test('supervised hyperparameters go to the top-level hyperparameters as numbers; Auto is left out', async () => {
	const { error, sent, file } = await create({
		supervisedHyperparameters: {
			values: { nEpochs: 'custom', nEpochsValue: 2, batchSize: 'auto' },
		},
		additionalFields: { suffix: 'ga', seed: 7 },
	});
	expect(error).toBeUndefined();
	expect(sent.body).toEqual({
		model: 'gpt-4.1-mini-2025-04-14',
		training_file: file.id,
		hyperparameters: { n_epochs: 2 },
		suffix: 'ga',
		seed: 7,
	});
	expect([sent.query['api-version'], sent.status]).toEqual(['2024-10-21', 201]);
});

test('all hyperparameters on Auto: no hyperparameters and no method are sent', async () => {
	const { error, sent, file } = await create({});
	expect(error).toBeUndefined();
	expect(sent.body).toEqual({ model: 'gpt-4.1-mini-2025-04-14', training_file: file.id });
});

test.each<[string, INodeParameters, INodeParameters, string]>([
	['DPO', { methodType: 'dpo' }, {}, 'Method: dpo cannot be used with API version 2024-10-21'],
	[
		'metadata',
		{ additionalFields: { metadata: { pairs: [{ key: 'team', value: 'a' }] } } },
		{},
		'Metadata: cannot be used with API version 2024-10-21, which has no job metadata',
	],
	[
		'W&B',
		{ additionalFields: { integrations: { wandb: [{ project: 'p' }] } } },
		{},
		'Integrations: cannot be used with API version 2024-10-21, which has no integrations',
	],
	[
		'a training type',
		{ additionalFields: { trainingType: 'global' } },
		{},
		'Training Type: cannot be used with API version 2024-10-21',
	],
	[
		'duplicate prevention (on by default)',
		{},
		{ preventDuplicates: true },
		'Prevent Duplicate Jobs: cannot be used with API version 2024-10-21, which has no job metadata',
	],
])(
	'%s is refused naming the field and the version; nothing is sent',
	async (_, parameters, options, message) => {
		const { error } = await create(parameters, options);
		expect(error?.message.startsWith(message)).toBe(true);
		expect(kit.emu.requests).toEqual([]);
	},
);
