/**
 * The Model picker's search (From List mode of Create's Model field). The job and file searches both nodes use are in
 * nodes/shared/search.ts.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { hasStatus } from '../../shared/jobs';
import { notAChatModel, DOCUMENTED_BASE_MODELS, methodsLabel } from './models';
import { matchesSearch } from '../../shared/search';
import { apiList } from '../../shared/transport';

/** Checkpoints are offered for this many of the newest succeeded jobs (one request each). */
const CHECKPOINT_JOBS = 10;

/**
 * Models to fine-tune: documented fine-tunable base models first, then the account's fine-tuned models and the
 * checkpoints of its newest succeeded jobs (so training can continue from them: continuous fine-tuning), then the
 * other models the resource lists, leaving out those that cannot be fine-tuned by their name ({@link
 * notAChatModel}). A fine-tuned model's name is its base model's name plus a long hex part
 * (docs/azure-api.md#models), so names alike up to where the picker cuts them off: each entry's label therefore starts
 * with what tells it apart (`fine-tuned · <suffix> · <job>`, `checkpoint step 20 · <suffix> · <job>`) and ends with
 * the name. A job whose checkpoints cannot be read (e.g. purged) is skipped; the rest of the list still shows.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const entries = new Map<string, INodeListSearchItems>();
	const add = (id: unknown, name: (id: string) => string, description: string) => {
		if (typeof id !== 'string' || !id || entries.has(id)) return;
		if (matchesSearch(filter, id, name(id), description)) {
			entries.set(id, { name: name(id), value: id, description });
		}
	};
	for (const model of DOCUMENTED_BASE_MODELS) {
		const methods = `${methodsLabel(model)}${model.note ? `; ${model.note}` : ''}`;
		add(model.id, (id) => `${id} — base model (${methods})`, `Base model for ${methods}`);
	}
	const jobs = await apiList.call(this, '/fine_tuning/jobs', { limit: 100 });
	const succeeded = jobs.data.filter(
		(job) => hasStatus(job.status, 'succeeded') && typeof job.id === 'string',
	);
	/** `<suffix> · <job id>` (or the job id alone): what tells models from one base apart. */
	const origin = (job: IDataObject | undefined, jobId: unknown) =>
		[typeof job?.suffix === 'string' && job.suffix ? job.suffix : undefined, jobId]
			.filter(Boolean)
			.join(' · ');
	for (const job of succeeded) {
		add(
			job.fine_tuned_model,
			(id) => `fine-tuned · ${origin(job, job.id)} · ${id}`,
			`Fine-tuned from ${String(job.model)} by job ${String(job.id)}`,
		);
	}
	const checkpointPages = await Promise.allSettled(
		succeeded
			.slice(0, CHECKPOINT_JOBS)
			.map(
				async (job) =>
					await apiList.call(
						this,
						`/fine_tuning/jobs/${encodeURIComponent(job.id as string)}/checkpoints`,
					),
			),
	);
	for (const page of checkpointPages) {
		if (page.status !== 'fulfilled') continue;
		for (const checkpoint of page.value.data) {
			const job = succeeded.find((entry) => entry.id === checkpoint.fine_tuning_job_id);
			add(
				checkpoint.fine_tuned_model_checkpoint,
				(id) =>
					`checkpoint step ${String(checkpoint.step_number)} · ${origin(job, checkpoint.fine_tuning_job_id)} · ${id}`,
				`Checkpoint at step ${String(checkpoint.step_number)} of job ${String(checkpoint.fine_tuning_job_id)}`,
			);
		}
	}
	const models = await apiList.call(this, '/models');
	for (const model of models.data) {
		if (typeof model.id === 'string' && notAChatModel(model.id)) continue;
		add(model.id, (id) => `${id} — model of this resource`, 'A model the resource lists');
	}
	return { results: [...entries.values()] };
}

/**
 * Models a score-model grader may use (Create Job's Grader › Model): the chat models the resource lists, by name
 * (`GET /models`, docs/azure-api.md#models), leaving out embeddings, speech and image models.
 */
export async function searchScoringModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const models = await apiList.call(this, '/models');
	return {
		results: models.data
			.map((model) => model.id)
			.filter(
				(id): id is string =>
					typeof id === 'string' && !!id && !notAChatModel(id) && matchesSearch(filter, id),
			)
			.map((id) => ({ name: id, value: id })),
	};
}
