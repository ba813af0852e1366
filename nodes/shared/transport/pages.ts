/**
 * Return All / Limit over a list endpoint's `after` cursor, shared by every list operation.
 *
 * The fine-tuning lists (jobs, events, checkpoints) page by cursor: pass the id of the last item seen as `after` and
 * go on while `has_more` is true (spec/FINE_TUNING_API.md §2). The spec gives each list a default page size and no
 * maximum, so pages are asked for at that default size ({@link PAGE_SIZES}), never larger.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiList, type ApiContext, type ListResponse } from './';
import { toBoolean, toNumber } from '../validation';

/** Default `limit` of each list (spec §2): the page size this package asks for. */
export const PAGE_SIZES = { jobs: 20, events: 20, checkpoints: 10 } as const;

/** The query of one page request. */
export interface PageQuery {
	limit: number;
	after?: string;
}

/** Fetches one page (e.g. `GET /fine_tuning/jobs?limit=…&after=…`). */
export type PageFetcher = (query: PageQuery) => Promise<ListResponse>;

export interface CollectOptions {
	/** Items asked for per page: the endpoint's default ({@link PAGE_SIZES}). */
	pageSize: number;
	/** Most items to return; `undefined` returns all (Return All). */
	maxItems?: number;
	/**
	 * Local filter. Only kept items are returned and count towards `maxItems`, so with a filter whole pages are
	 * read until enough items match or the list ends.
	 */
	keep?: (item: IDataObject) => boolean;
}

/**
 * Reads pages in order until the list ends (`has_more` false, or no cursor to go on from) or `maxItems` items are
 * collected. Without a filter, the last request asks only for what is still missing (Limit 23, page size 20:
 * `limit=20`, then `limit=3&after=<20th id>`). The cursor is the last item's `id` (the page's `last_id` when the
 * page is empty).
 *
 * @returns the items in the order the API listed them.
 * @throws Error when the API claims more pages but hands back a cursor already used (it would loop forever);
 *   whatever `fetchPage` throws (transport errors).
 */
export async function collectPages(
	fetchPage: PageFetcher,
	options: CollectOptions,
): Promise<IDataObject[]> {
	const max = options.maxItems ?? Number.POSITIVE_INFINITY;
	const items: IDataObject[] = [];
	const usedCursors = new Set<string>();
	let after: string | undefined;
	while (items.length < max) {
		const limit = options.keep ? options.pageSize : Math.min(options.pageSize, max - items.length);
		const page = await fetchPage(after === undefined ? { limit } : { limit, after });
		for (const item of page.data) {
			if (items.length >= max) break;
			if (!options.keep || options.keep(item)) items.push(item);
		}
		const cursor = nextCursor(page);
		if (!page.has_more || cursor === undefined) break;
		if (usedCursors.has(cursor)) {
			throw new Error(
				`The API reported more results after "${cursor}" but sent the same page again; stopped reading to avoid an endless loop`,
			);
		}
		usedCursors.add(cursor);
		after = cursor;
	}
	return items;
}

function nextCursor(page: ListResponse): string | undefined {
	const id = page.data.at(-1)?.id ?? page.last_id;
	return typeof id === 'string' && id ? id : undefined;
}

/**
 * {@link collectPages} over `GET <path>` through the transport; `qs` is added to every page request.
 * @throws as {@link collectPages} and the transport's `apiRequest` (NodeApiError showing the API's own error).
 */
export async function listPages(
	this: ApiContext,
	path: string,
	options: CollectOptions & { qs?: IDataObject },
): Promise<IDataObject[]> {
	const { qs, ...collect } = options;
	return await collectPages(
		async (query) => await apiList.call(this, path, { ...qs, ...query }),
		collect,
	);
}

/**
 * Pure: the number of items Return All / Limit asks for.
 * @returns `undefined` for Return All, else Limit as an integer ≥ 1.
 * @throws FieldError `Limit` when it is not an integer ≥ 1 (e.g. an expression yielding 0 or `"ten"`).
 */
export function toMaxItems(returnAll: unknown, limit: unknown): number | undefined {
	if (toBoolean('Return All', returnAll)) return undefined;
	return toNumber('Limit', limit, { integer: true, min: 1 });
}

/** Reads the Return All / Limit fields (`returnAll`, `limit` of `returnAllOrLimit`) of an item. @throws as {@link toMaxItems}. */
export function readMaxItems(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	return toMaxItems(
		ctx.getNodeParameter('returnAll', itemIndex, false),
		ctx.getNodeParameter('limit', itemIndex, 50),
	);
}
