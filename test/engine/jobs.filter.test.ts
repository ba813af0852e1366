/**
 * One job filter, one meaning (nodes/shared/jobs.ts `jobMatchesFilter`): the same table of filter cases through
 * Job › List (the real node in n8n-core's WorkflowExecute) and through the trigger (the real node in n8n-core's
 * PollContext, versions 1.1 and 1), both against the emulator. Each case states which jobs match; List must return
 * exactly those and the trigger must emit exactly those (as new jobs).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AzureAiFoundryFineTuningTrigger } from '../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import type { Job } from '../emulator';
import { nodeTypeMap, pollRunner } from '../support/engine';
import { useJobKit } from '../support/jobKit';

nodeTypeMap['azure.trigger'] = new AzureAiFoundryFineTuningTrigger();

const kit = useJobKit();

/** The jobs every case filters, by label. `metadata: 'team'` is text, not an object (an odd answer). */
const JOBS: Record<string, Partial<Job> & IDataObject> = {
	a: { status: 'running', suffix: 'Support-Bot', metadata: { team: 'support', env: 'prod' } },
	b: { status: 'paused', suffix: 'sales', metadata: { team: 'support', env: 'dev' } },
	c: {
		status: 'canceled',
		suffix: null,
		user_provided_suffix: 'my-support',
		metadata: { team: 'Support' },
	},
	d: { status: 'cancelled', suffix: null, metadata: null },
	e: { status: 'succeeded', suffix: 'bot', metadata: 'team' as unknown as null },
	f: { status: 'failed', suffix: 'SUPPORT', metadata: { env: '' } },
};

interface FilterCase {
	statuses?: string[];
	suffix?: string;
	pairs?: Array<{ key: string; value: string }>;
	/** Labels of the jobs that match. */
	expected: string[];
}

const CASES: Record<string, FilterCase> = {
	'suffix contained': { suffix: 'support', expected: ['a', 'c', 'f'] },
	'suffix in another case': { suffix: 'BOT', expected: ['a', 'e'] },
	'suffix no job has': { suffix: 'nightly', expected: [] },
	'suffix only in user_provided_suffix': { suffix: 'my-', expected: ['c'] },
	'metadata key and value (compared exactly)': {
		pairs: [{ key: 'team', value: 'support' }],
		expected: ['a', 'b'],
	},
	'metadata key with an empty value: any value': {
		pairs: [{ key: 'team', value: '' }],
		expected: ['a', 'b', 'c'],
	},
	'metadata key with an empty value also matches an empty value': {
		pairs: [{ key: 'env', value: '' }],
		expected: ['a', 'b', 'f'],
	},
	'metadata key no job has': { pairs: [{ key: 'owner', value: '' }], expected: [] },
	'several metadata pairs: all must match': {
		pairs: [
			{ key: 'team', value: 'support' },
			{ key: 'env', value: 'prod' },
		],
		expected: ['a'],
	},
	'metadata that is text never matches': { pairs: [{ key: '0', value: 't' }], expected: [] },
	'statuses: canceled is cancelled': { statuses: ['cancelled'], expected: ['c', 'd'] },
	'statuses beyond the v1 enum': { statuses: ['paused', 'running'], expected: ['a', 'b'] },
	'statuses, suffix and metadata together': {
		statuses: ['running', 'paused', 'succeeded'],
		suffix: 'bot',
		pairs: [{ key: 'team', value: '' }],
		expected: ['a'],
	},
};

/** Removes every job, then seeds {@link JOBS}; returns the label of each job id. */
function seedJobs(): Map<string, string> {
	for (const job of kit.emu.jobs()) kit.emu.deleteJob(job.id);
	const labels = new Map<string, string>();
	for (const [label, init] of Object.entries(JOBS)) {
		const [job] = kit.emu.seedJobs(1, init);
		labels.set(job.id, label);
	}
	return labels;
}

/** The trigger's parameters for a case: Trigger On Specific Statuses when the case has statuses. */
function triggerParameters(filterCase: FilterCase, filters: INodeParameters): INodeParameters {
	return {
		watch: 'all',
		...(filterCase.statuses
			? { triggerOn: 'statuses', statuses: filterCase.statuses }
			: { triggerOn: 'anyChange' }),
		filters,
	};
}

/** Version 1's Filters for a case, when it can say it (at most one metadata pair). */
function version1Filters(filterCase: FilterCase): INodeParameters | undefined {
	if ((filterCase.pairs?.length ?? 0) > 1) return undefined;
	const [pair] = filterCase.pairs ?? [];
	return {
		...(filterCase.suffix ? { suffix: filterCase.suffix } : {}),
		...(pair ? { metadataKey: pair.key, metadataValue: pair.value } : {}),
	};
}

test.each(Object.entries(CASES))(
	'%s: List and the trigger (1.1, and 1 when it can say the filter) select the same jobs',
	async (_name, filterCase) => {
		const filters: INodeParameters = {
			...(filterCase.suffix ? { suffix: filterCase.suffix } : {}),
			...(filterCase.pairs ? { metadata: { pairs: filterCase.pairs } } : {}),
		};
		for (const job of kit.emu.jobs()) kit.emu.deleteJob(job.id);
		const triggers: Array<[string, ReturnType<typeof pollRunner>]> = [
			[
				'trigger 1.1',
				pollRunner(
					'azure.trigger',
					triggerParameters(filterCase, filters),
					kit.credentials,
					{},
					1.1,
				),
			],
		];
		const legacy = version1Filters(filterCase);
		if (legacy)
			triggers.push([
				'trigger 1',
				pollRunner('azure.trigger', triggerParameters(filterCase, legacy), kit.credentials, {}, 1),
			]);
		for (const [, runner] of triggers) expect(await runner.poll()).toBeNull();

		const labels = seedJobs();
		const labelsOf = (items: IDataObject[]) =>
			items.map((item) => labels.get(item.id as string) ?? `unknown ${String(item.id)}`).sort();

		const list = await kit.run('list', {
			returnAll: true,
			filters: { ...filters, ...(filterCase.statuses ? { statuses: filterCase.statuses } : {}) },
		});
		expect(list.error).toBeUndefined();
		const selected: Record<string, string[]> = { list: labelsOf(list.outputs[0]) };
		for (const [name, runner] of triggers) {
			const output = await runner.poll();
			selected[name] = labelsOf(output ? output[0].map((item) => item.json) : []);
		}
		const expected = Object.fromEntries(
			Object.keys(selected).map((name) => [name, filterCase.expected]),
		);
		expect(selected).toEqual(expected);
	},
);
