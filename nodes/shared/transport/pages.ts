/**
 * The one page iterator over the API's lists, used by every list read of the action node and by the file pickers.
 * Not by the trigger, which walks the jobs list its own way (pageWalk.ts), nor by the job picker, which reads one
 * page per request of n8n's list search (its pagination token is the `after` cursor).
 *
 * Lists page by cursor: pass the id of the last item seen as `after` and go on while `has_more` is true
 * (`docs/azure-api.md#lists-and-paging`). The fine-tuning lists (jobs, events, checkpoints) give each list a default
 * page size and no maximum, so pages are asked for at that default size ({@link PAGE_SIZES}), never larger. The files
 * list (operation `listFiles`) declares only `purpose`, yet answers `first_id`, `last_id` and `has_more`; its
 * pages are followed the same way, without a `limit` (`docs/azure-api.md#azure-and-its-spec`).
 */
import type { IDataObject } from 'n8n-workflow';

import { apiList, type ApiContext, type ListResponse } from './';
import { UnexpectedAnswerError } from '../errors';

/** Default `limit` of each fine-tuning list (`docs/azure-api.md#lists-and-paging`): the page size asked for. */
export const PAGE_SIZES = { jobs: 20, events: 20, checkpoints: 10 } as const;

/** Most pages read of the files list, whose paging Azure does not document; past it the list ends there. */
export const MAX_FILE_PAGES = 100;

/** The query of one page request. */
export interface PageQuery {
	/** Items asked for; absent when the list takes no `limit` (files). */
	limit?: number;
	after?: string;
}

/** Fetches one page (e.g. `GET /fine_tuning/jobs?limit=…&after=…`). */
export type PageFetcher = (query: PageQuery) => Promise<ListResponse>;

export interface PageOptions {
	/** Items asked for per page: the endpoint's default ({@link PAGE_SIZES}); undefined sends no `limit`. */
	pageSize?: number;
	/**
	 * Items still wanted, asked before each request; the request then asks for no more than that (Limit 23, page size
	 * 20: `limit=20`, then `limit=3`). Undefined: always a full page.
	 */
	stillWanted?: () => number;
	/** Most pages to read; the iteration then ends as if the list did. Undefined: no bound. */
	maxPages?: number;
}

/**
 * Reads a list page by page, in the API's order, until a page says `has_more: false` or gives no cursor to go on
 * from, `maxPages` pages were read, or the caller stops iterating. The cursor is the page's last item's `id` (the
 * page's `last_id` when it is empty). Each page yields only items not listed before (items without an `id` always
 * count as new).
 *
 * One guard against an API that ignores the cursor: a page claiming more that lists nothing new, or a cursor that
 * was already used, ends the reading with an error instead of an endless loop.
 *
 * @returns pages as the API answered them, `data` holding only new items.
 * @throws UnexpectedAnswerError (nodes/shared/errors.ts) when the API repeats itself as described; whatever
 *   `fetchPage` throws (the transport's NodeApiError).
 */
export async function* readPages(
	fetchPage: PageFetcher,
	options: PageOptions = {},
): AsyncGenerator<ListResponse, void, undefined> {
	const seenIds = new Set<string>();
	const usedCursors = new Set<string>();
	let after: string | undefined;
	for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
		const limit = pageLimit(options);
		const page = await fetchPage({
			...(limit === undefined ? {} : { limit }),
			...(after === undefined ? {} : { after }),
		});
		const fresh = page.data.filter((item) => isNew(item, seenIds));
		const cursor = nextCursor(page);
		const goesOn = page.has_more === true && cursor !== undefined;
		if (goesOn && (usedCursors.has(cursor) || (page.data.length > 0 && fresh.length === 0)))
			throw new UnexpectedAnswerError(
				`The API reported more results after "${after ?? cursor}" but sent the same page again; stopped reading to avoid an endless loop`,
			);
		yield { ...page, data: fresh };
		if (!goesOn) return;
		usedCursors.add(cursor);
		after = cursor;
	}
}

function pageLimit(options: PageOptions): number | undefined {
	if (options.pageSize === undefined) return undefined;
	const wanted = options.stillWanted?.() ?? Number.POSITIVE_INFINITY;
	return Math.min(options.pageSize, wanted);
}

/** True when `item` has no `id` or one not in `seenIds`, which it is then added to. */
function isNew(item: IDataObject, seenIds: Set<string>): boolean {
	if (typeof item.id !== 'string' || !item.id) return true;
	if (seenIds.has(item.id)) return false;
	seenIds.add(item.id);
	return true;
}

function nextCursor(page: ListResponse): string | undefined {
	const id = page.data.at(-1)?.id ?? page.last_id;
	return typeof id === 'string' && id ? id : undefined;
}

/**
 * {@link readPages} over `GET <path>` through the transport; `qs` is added to every page request.
 * @throws as {@link readPages} and the transport's `apiRequest` (NodeApiError showing the API's own error).
 */
export function apiPages(
	this: ApiContext,
	path: string,
	options: PageOptions & { qs?: IDataObject } = {},
): AsyncGenerator<ListResponse, void, undefined> {
	const { qs, ...paging } = options;
	return readPages(async (query) => await apiList.call(this, path, { ...qs, ...query }), paging);
}

export interface CollectOptions {
	/** Items asked for per page: the endpoint's default ({@link PAGE_SIZES}); undefined sends no `limit`. */
	pageSize?: number;
	/** Most items to return; `undefined` returns all (Return All). */
	maxItems?: number;
	/** Most pages to read (see {@link PageOptions.maxPages}). */
	maxPages?: number;
	/**
	 * Local filter. Only kept items are returned and count towards `maxItems`, so with a filter whole pages are
	 * read until enough items match or the list ends.
	 */
	keep?: (item: IDataObject) => boolean;
}

/**
 * The items of a list ({@link readPages}) up to `maxItems`. Without a filter, the last request asks only for what is
 * still missing (Limit 23, page size 20: `limit=20`, then `limit=3&after=<20th id>`).
 *
 * @returns the items in the order the API listed them.
 * @throws as {@link readPages}.
 */
export async function collectPages(
	fetchPage: PageFetcher,
	options: CollectOptions,
): Promise<IDataObject[]> {
	const { maxItems = Number.POSITIVE_INFINITY, keep } = options;
	const items: IDataObject[] = [];
	const pages = readPages(fetchPage, {
		pageSize: options.pageSize,
		maxPages: options.maxPages,
		stillWanted: keep ? undefined : () => maxItems - items.length,
	});
	for await (const page of pages) {
		for (const item of page.data) {
			if (items.length >= maxItems) break;
			if (!keep || keep(item)) items.push(item);
		}
		if (items.length >= maxItems) break;
	}
	return items;
}

/**
 * {@link collectPages} over `GET <path>` through the transport; `qs` is added to every page request.
 * @throws as {@link readPages} and the transport's `apiRequest` (NodeApiError showing the API's own error).
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
 * Every file of `purpose` (all purposes when empty or undefined): `GET /files?purpose=` page after page, in the
 * API's order, at most {@link MAX_FILE_PAGES} pages. Used by File → List, the file pickers and the upload's
 * recovery.
 * @throws as {@link readPages} and the transport's `apiRequest`.
 */
export async function listAllFiles(this: ApiContext, purpose?: string): Promise<IDataObject[]> {
	return await listPages.call(this, '/files', {
		maxPages: MAX_FILE_PAGES,
		qs: purpose ? { purpose } : {},
	});
}
