/**
 * Searchable lists behind the job and file resource locators (From List mode), used by both nodes. Each reads the
 * API through the transport and filters locally by the typed text (the API has no server-side search).
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { jobSuffix } from './jobs';
import { apiList } from './transport';
import { listAllFiles } from './transport/pages';

const PAGE_SIZE = 50;

/** True when the typed search text (any case) occurs in one of `texts`; everything matches an empty search. */
export function matchesSearch(filter: string | undefined, ...texts: unknown[]): boolean {
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
			matchesSearch(
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
			name: `${jobSuffix(job) ?? job.model} · ${job.status} · ${job.id}`,
			value: job.id as string,
		}));
	const last = page.data.at(-1)?.id as string | undefined;
	return { results, paginationToken: page.has_more && last ? last : undefined };
}

/**
 * Files of one purpose (all when undefined) from every page of the files list, newest first, labelled with name,
 * status (and purpose when mixed) and ID.
 */
async function searchFilesOf(
	ctx: ILoadOptionsFunctions,
	purpose: string | undefined,
	filter?: string,
): Promise<INodeListSearchResult> {
	const results = (await listAllFiles.call(ctx, purpose))
		.sort((a, b) => Number(b.created_at) - Number(a.created_at))
		.filter((file) =>
			matchesSearch(filter, file.id, file.filename, ...(purpose ? [] : [file.purpose])),
		)
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
