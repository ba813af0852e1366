/**
 * The Model picker (resource locator search `searchModels`) through n8n's LoadOptionsContext against the emulator:
 * base models, the account's fine-tuned models and their checkpoints (continuous fine-tuning), each labelled.
 */
import type { INodeListSearchItems } from 'n8n-workflow';

import { runListSearch } from '../support/engine';
import { useJobKit } from '../support/jobKit';

const kit = useJobKit();

const labelOf = (results: INodeListSearchItems[], value: string) =>
	results.find((entry) => entry.value === value)?.name;

test('base models, fine-tuned models and checkpoints, each label starting with what tells it apart', async () => {
	const job = kit.jobIn('succeeded', { suffix: 'support' });
	const tuned = kit.emu.jobs().find((candidate) => candidate.id === job.id)!;
	const { results } = await runListSearch('searchModels', kit.credentials);

	expect(labelOf(results, 'gpt-4.1-mini-2025-04-14')).toBe(
		'gpt-4.1-mini-2025-04-14 — base model (supervised, DPO)',
	);
	expect(labelOf(results, tuned.fine_tuned_model!)).toBe(
		`fine-tuned · support · ${job.id} · ${tuned.fine_tuned_model}`,
	);
	expect(results.find((entry) => entry.value === tuned.fine_tuned_model)?.description).toBe(
		`Fine-tuned from gpt-4.1-mini-2025-04-14 by job ${job.id}`,
	);
	for (const step of [10, 20, 30]) {
		const checkpoint = `${tuned.fine_tuned_model}:ckpt-step-${step}`;
		expect(labelOf(results, checkpoint)).toBe(
			`checkpoint step ${step} · support · ${job.id} · ${checkpoint}`,
		);
	}
	// The resource lists an embeddings model, which no method can fine-tune: left out.
	expect(results.map((entry) => entry.value)).not.toContain('text-embedding-3-small');

	const kinds = results.map(
		(entry) =>
			/^(fine-tuned|checkpoint)|— (base model|model of this resource)/.exec(entry.name)?.[0],
	);
	expect(kinds.every(Boolean)).toBe(true);
	expect(kinds.indexOf('fine-tuned')).toBeGreaterThan(kinds.lastIndexOf('— base model'));
	expect(kinds.indexOf('checkpoint')).toBeGreaterThan(kinds.lastIndexOf('fine-tuned'));
});

test('the search text filters all kinds, e.g. one checkpoint', async () => {
	const job = kit.jobIn('succeeded');
	const model = kit.emu.jobs().find((candidate) => candidate.id === job.id)!.fine_tuned_model!;
	const { results } = await runListSearch('searchModels', kit.credentials, `${model}:ckpt-step-20`);
	expect(results.map((entry) => entry.value)).toEqual([`${model}:ckpt-step-20`]);
});

test('jobs that are not succeeded offer no fine-tuned model or checkpoint; odd statuses do not break the picker', async () => {
	const running = kit.jobIn('running');
	kit.emu.seedJobs(1, { status: 'trainingStarted' });
	const { results } = await runListSearch('searchModels', kit.credentials, running.id);
	expect(results).toEqual([]);
	expect(kit.requestsTo('GET', `/fine_tuning/jobs/${running.id}/checkpoints`)).toHaveLength(0);
});

test('a job whose checkpoints cannot be read is skipped; the rest of the list still shows', async () => {
	const job = kit.jobIn('succeeded');
	kit.emu.injectFault({
		kind: 'status',
		status: 404,
		code: 'notFound',
		message: 'gone',
		path: `/fine_tuning/jobs/${job.id}/checkpoints$`,
	});
	const { results } = await runListSearch('searchModels', kit.credentials);
	const model = kit.emu.jobs().find((candidate) => candidate.id === job.id)!.fine_tuned_model!;
	expect(labelOf(results, model)).toMatch(/^fine-tuned · /);
	expect(labelOf(results, `${model}:ckpt-step-30`)).toBeUndefined();
	expect(labelOf(results, 'gpt-4o-2024-08-06')).toMatch(/base model/);
});
