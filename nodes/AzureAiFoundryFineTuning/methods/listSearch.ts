/**
 * The Model picker's search (From List mode of Create's Model field). The job and file searches both nodes use are in
 * nodes/shared/search.ts.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { normaliseStatus } from '../../shared/jobs';
import { DOCUMENTED_BASE_MODELS } from './models';
import { matchesSearch } from '../../shared/search';
import { apiList } from '../../shared/transport';

/** Checkpoints are offered for this many of the newest succeeded jobs (one request each). */
const CHECKPOINT_JOBS = 10;

/**
 * Models to fine-tune: documented fine-tunable base models first, then the account's fine-tuned models and the
 * checkpoints of its newest succeeded jobs (so training can continue from them: continuous fine-tuning), then the
 * other models the resource lists. Each is labelled base model, fine-tuned model, checkpoint or model of this
 * resource. A job whose checkpoints cannot be read (e.g. purged) is skipped; the rest of the list still shows.
 */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const entries = new Map<string, INodeListSearchItems>();
	const add = (id: unknown, label: string) => {
		if (typeof id === 'string' && id && !entries.has(id) && matchesSearch(filter, id, label)) {
			entries.set(id, { name: `${id} — ${label}`, value: id });
		}
	};
	for (const model of DOCUMENTED_BASE_MODELS) {
		add(model.id, `base model (${model.methods}${model.note ? `; ${model.note}` : ''})`);
	}
	const jobs = await apiList.call(this, '/fine_tuning/jobs', { limit: 100 });
	const succeeded = jobs.data.filter(
		(job) => normaliseStatus(job.status) === 'succeeded' && typeof job.id === 'string',
	);
	for (const job of succeeded)
		add(job.fine_tuned_model, `fine-tuned model (from ${job.model}, job ${job.id})`);
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
			add(
				checkpoint.fine_tuned_model_checkpoint,
				`checkpoint (step ${checkpoint.step_number}, job ${checkpoint.fine_tuning_job_id})`,
			);
		}
	}
	const models = await apiList.call(this, '/models');
	for (const model of models.data) add(model.id, 'model of this resource');
	return { results: [...entries.values()] };
}
