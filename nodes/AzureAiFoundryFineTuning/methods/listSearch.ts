/**
 * Searchable lists behind the resource locators (From List mode). Each reads the API through the transport and
 * filters locally by the typed text (the API has no server-side search).
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { normaliseStatus } from '../../shared/jobFilters';
import { DOCUMENTED_BASE_MODELS } from '../../shared/models';
import { apiList } from '../../shared/transport';

const PAGE_SIZE = 50;

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

/** One page of fine-tuning jobs (newest first) as locator entries; the token is the `after` cursor. */
export async function searchJobs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await apiList.call(this, '/fine_tuning/jobs', {
		limit: PAGE_SIZE,
		...(paginationToken ? { after: paginationToken } : {}),
	});
	const results = page.data
		.filter((job) =>
			matches(
				filter,
				job.id,
				job.suffix,
				job.user_provided_suffix,
				job.model,
				job.fine_tuned_model,
				job.status,
			),
		)
		.map((job) => ({
			name: `${job.suffix ?? job.user_provided_suffix ?? job.model} · ${job.status} · ${job.id}`,
			value: job.id as string,
		}));
	const last = page.data.at(-1)?.id as string | undefined;
	return { results, paginationToken: page.has_more && last ? last : undefined };
}

/** Files of one purpose (all when undefined), newest first, labelled with name, status (and purpose when mixed) and ID. */
async function searchFilesOf(
	ctx: ILoadOptionsFunctions,
	purpose: string | undefined,
	filter?: string,
): Promise<INodeListSearchResult> {
	const page = await apiList.call(ctx, '/files', purpose ? { purpose } : {});
	const results = [...page.data]
		.sort((a, b) => Number(b.created_at) - Number(a.created_at))
		.filter((file) => matches(filter, file.id, file.filename, ...(purpose ? [] : [file.purpose])))
		.map((file) => ({
			name: `${file.filename} · ${purpose ? '' : `${file.purpose} · `}${file.status} · ${file.id}`,
			value: file.id as string,
		}));
	return { results };
}

/** Files with purpose fine-tune, newest first, labelled with name, status and ID. */
export async function searchFineTuneFiles(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchFilesOf(this, 'fine-tune', filter);
}

/** Files of every purpose (training files, job results, ...), newest first, labelled with name, purpose, status and ID. */
export async function searchFiles(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchFilesOf(this, undefined, filter);
}

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
		if (typeof id === 'string' && id && !entries.has(id) && matches(filter, id, label)) {
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
