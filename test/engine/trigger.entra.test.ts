/**
 * The trigger signed in with Microsoft Entra ID, on a resource whose keys are switched off: its polls read the jobs
 * with a data-plane token (one token for many polls), and report a change like with the API key.
 */
import { AzureAiFoundryFineTuningTrigger } from '../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import { ENTRA_TOKENS } from '../../nodes/shared/transport/entra';
import { nodeTypeMap, pollRunner } from '../support/engine';
import { useDeployKit } from '../support/deployKit';

nodeTypeMap['azure.trigger'] = new AzureAiFoundryFineTuningTrigger();

const kit = useDeployKit({ disableLocalAuth: true });

test('polls with a token: the first poll records, a status change is emitted; one token for all polls', async () => {
	ENTRA_TOKENS.clear();
	const before = kit.tokenRequests();
	const [job] = kit.emu.seedJobs(1, { status: 'queued' });
	const trigger = pollRunner(
		'azure.trigger',
		{ authentication: 'entraId', watch: 'all', triggerOn: 'anyChange' },
		kit.entra,
		{},
		1.1,
	);
	expect(await trigger.poll()).toBeNull(); // the first poll after activation records the current statuses
	kit.emu.advanceJob(job.id);
	const emitted = await trigger.poll();
	expect(emitted?.[0]).toEqual([
		expect.objectContaining({
			json: expect.objectContaining({ id: job.id, status: 'running', previous_status: 'queued' }),
		}),
	]);
	expect(await trigger.poll()).toBeNull();
	expect(kit.tokenRequests() - before).toBe(1);
	const reads = kit.emu.requests.filter((r) => r.path.startsWith('/openai/'));
	expect(reads.length).toBeGreaterThanOrEqual(3);
	expect(reads.every((r) => r.status === 200 && r.headers.authorization === '<redacted>')).toBe(
		true,
	);
});

test('with the API key on that resource the poll fails with Azure’s 401, and keeps its state', async () => {
	const trigger = pollRunner(
		'azure.trigger',
		{ watch: 'all', triggerOn: 'anyChange' },
		kit.apiKey,
		{},
		1.1,
	);
	await expect(trigger.poll()).rejects.toThrow(/Access denied due to invalid subscription key/);
	expect(trigger.staticData()).toEqual({});
});
