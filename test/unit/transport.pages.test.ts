import type { IDataObject } from 'n8n-workflow';

import type { ListResponse } from '../../nodes/shared/transport';
import {
	collectPages,
	readPages,
	type PageFetcher,
	type PageQuery,
} from '../../nodes/shared/transport/pages';
import { UnexpectedAnswerError } from '../../nodes/shared/errors';

/** A fake list endpoint over `count` items (`item-1`…), newest first, honouring `after` and `limit`. */
function fakeList(count: number, extra: (item: number) => IDataObject = () => ({})) {
	const items = Array.from({ length: count }, (_, index) => ({
		id: `item-${index + 1}`,
		...extra(index + 1),
	}));
	const queries: PageQuery[] = [];
	const fetchPage = async (query: PageQuery): Promise<ListResponse> => {
		queries.push(query);
		const start =
			query.after === undefined ? 0 : items.findIndex((item) => item.id === query.after) + 1;
		const data = items.slice(start, start + (query.limit ?? items.length));
		return { data, has_more: start + data.length < items.length };
	};
	return { fetchPage, queries };
}

describe('collectPages: the after cursor, Return All and Limit', () => {
	test('Return All over 20 + 5: two requests, the second after the last id of page 1', async () => {
		const list = fakeList(25);
		const items = await collectPages(list.fetchPage, { pageSize: 20 });
		expect(items).toHaveLength(25);
		expect(items.at(-1)?.id).toBe('item-25');
		expect(list.queries).toEqual([{ limit: 20 }, { limit: 20, after: 'item-20' }]);
	});

	test('Limit across pages asks only for what is missing', async () => {
		const list = fakeList(50);
		const items = await collectPages(list.fetchPage, { pageSize: 20, maxItems: 23 });
		expect(items.map((item) => item.id)).toEqual(
			Array.from({ length: 23 }, (_, i) => `item-${i + 1}`),
		);
		expect(list.queries).toEqual([{ limit: 20 }, { limit: 3, after: 'item-20' }]);
	});

	test('Limit smaller than a page: one request for exactly that many', async () => {
		const list = fakeList(50);
		expect(await collectPages(list.fetchPage, { pageSize: 20, maxItems: 5 })).toHaveLength(5);
		expect(list.queries).toEqual([{ limit: 5 }]);
	});

	test('a local filter reads full pages until Limit matching items are found', async () => {
		const list = fakeList(60, (n) => ({ even: n % 2 === 0 }));
		const items = await collectPages(list.fetchPage, {
			pageSize: 20,
			maxItems: 15,
			keep: (item) => item.even === true,
		});
		expect(items).toHaveLength(15);
		expect(items.every((item) => item.even)).toBe(true);
		expect(list.queries).toEqual([{ limit: 20 }, { limit: 20, after: 'item-20' }]);
	});

	test('a local filter with Return All reads to the end', async () => {
		const list = fakeList(45, (n) => ({ keep: n > 40 }));
		const items = await collectPages(list.fetchPage, {
			pageSize: 20,
			keep: (item) => item.keep === true,
		});
		expect(items.map((item) => item.id)).toEqual([
			'item-41',
			'item-42',
			'item-43',
			'item-44',
			'item-45',
		]);
		expect(list.queries).toHaveLength(3);
	});

	test('an empty list is one request and no items', async () => {
		const list = fakeList(0);
		expect(await collectPages(list.fetchPage, { pageSize: 20 })).toEqual([]);
		expect(list.queries).toHaveLength(1);
	});

	test('has_more true with an empty page and no last_id ends the walk instead of looping', async () => {
		const fetchPage = jest.fn(async (): Promise<ListResponse> => ({ data: [], has_more: true }));
		expect(await collectPages(fetchPage, { pageSize: 20 })).toEqual([]);
		expect(fetchPage).toHaveBeenCalledTimes(1);
	});

	test('an empty page with last_id goes on from last_id', async () => {
		const pages: ListResponse[] = [
			{ data: [], has_more: true, last_id: 'ckpt-9' },
			{ data: [{ id: 'ckpt-8' }], has_more: false },
		];
		const queries: PageQuery[] = [];
		const items = await collectPages(async (query) => (queries.push(query), pages.shift()!), {
			pageSize: 10,
		});
		expect(items).toEqual([{ id: 'ckpt-8' }]);
		expect(queries[1]).toEqual({ limit: 10, after: 'ckpt-9' });
	});

	test('a cursor handed back twice stops with an error instead of an endless loop', async () => {
		const fetchPage = async (): Promise<ListResponse> => ({
			data: [{ id: 'same' }],
			has_more: true,
		});
		await expect(collectPages(fetchPage, { pageSize: 1 })).rejects.toThrow(
			/sent the same page again/,
		);
	});

	test('items without an id end the walk (nothing to go on from)', async () => {
		const fetchPage = jest.fn(async (): Promise<ListResponse> => ({
			data: [{ name: 'x' }],
			has_more: true,
		}));
		expect(await collectPages(fetchPage, { pageSize: 20 })).toEqual([{ name: 'x' }]);
		expect(fetchPage).toHaveBeenCalledTimes(1);
	});
});

/** A fetcher answering `pages` in turn (the last one again when they run out), recording each query. */
function scripted(...pages: ListResponse[]) {
	const queries: PageQuery[] = [];
	const fetchPage: PageFetcher = async (query) => {
		queries.push(query);
		return pages[Math.min(queries.length - 1, pages.length - 1)];
	};
	return { fetchPage, queries };
}

const ids = (...names: string[]) => names.map((id) => ({ id }));
const SAME_PAGE = /but sent the same page again; stopped reading to avoid an endless loop$/;

describe('readPages: the one guard against an API that ignores the cursor', () => {
	test('the same page whatever the cursor, claiming more: an error after the second request, not a loop', async () => {
		const api = scripted({ data: ids('a', 'b'), has_more: true });
		const error = await collectPages(api.fetchPage, { pageSize: 2 }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(UnexpectedAnswerError);
		expect((error as Error).message).toBe(
			'The API reported more results after "b" but sent the same page again; stopped reading to avoid an endless loop',
		);
		expect(api.queries).toEqual([{ limit: 2 }, { limit: 2, after: 'b' }]);
	});

	test('a page that repeats ids and ends on a cursor already used: an error', async () => {
		const api = scripted(
			{ data: ids('a', 'b'), has_more: true },
			{ data: ids('c', 'b'), has_more: true },
		);
		await expect(collectPages(api.fetchPage, { pageSize: 2 })).rejects.toThrow(SAME_PAGE);
		expect(api.queries).toHaveLength(2);
	});

	test('a page that repeats some ids but goes on to new ones: the repeated ids are dropped, reading goes on', async () => {
		const api = scripted(
			{ data: ids('a', 'b'), has_more: true },
			{ data: ids('b', 'c'), has_more: true },
			{ data: ids('d'), has_more: false },
		);
		expect(await collectPages(api.fetchPage, { pageSize: 2 })).toEqual(ids('a', 'b', 'c', 'd'));
		expect(api.queries.map((query) => query.after)).toEqual([undefined, 'b', 'c']);
	});

	test('empty pages claiming more with the same last_id each time: an error, not a loop', async () => {
		const api = scripted({ data: [], has_more: true, last_id: 'x' });
		await expect(collectPages(api.fetchPage, { pageSize: 5 })).rejects.toThrow(
			/after "x" but sent the same page again/,
		);
		expect(api.queries).toEqual([{ limit: 5 }, { limit: 5, after: 'x' }]);
	});

	test('empty pages claiming more with a new last_id each time are followed until has_more is false', async () => {
		const api = scripted(
			{ data: [], has_more: true, last_id: 'x' },
			{ data: [], has_more: true, last_id: 'y' },
			{ data: ids('z'), has_more: false },
		);
		expect(await collectPages(api.fetchPage, { pageSize: 5 })).toEqual(ids('z'));
		expect(api.queries.map((query) => query.after)).toEqual([undefined, 'x', 'y']);
	});

	test('a page repeating only old ids while saying has_more false ends the list without them', async () => {
		const api = scripted({ data: ids('a'), has_more: true }, { data: ids('a'), has_more: false });
		expect(await collectPages(api.fetchPage, { pageSize: 1 })).toEqual(ids('a'));
	});
});

describe('readPages: what it asks for and when it stops', () => {
	test('without a page size no limit is sent', async () => {
		const list = fakeList(3);
		const pages = [];
		for await (const page of readPages(list.fetchPage)) pages.push(page.data);
		expect(pages).toEqual([ids('item-1', 'item-2', 'item-3')]);
		expect(list.queries).toEqual([{}]);
	});

	test('maxPages ends the reading quietly', async () => {
		const list = fakeList(10);
		const read = await collectPages(list.fetchPage, { pageSize: 2, maxPages: 3 });
		expect(read.map((item) => item.id)).toEqual([
			'item-1',
			'item-2',
			'item-3',
			'item-4',
			'item-5',
			'item-6',
		]);
		expect(list.queries).toHaveLength(3);
	});

	test('a caller that stops iterating causes no further request', async () => {
		const list = fakeList(10);
		for await (const page of readPages(list.fetchPage, { pageSize: 2 })) {
			if (page.data.some((item) => item.id === 'item-3')) break;
		}
		expect(list.queries).toEqual([{ limit: 2 }, { limit: 2, after: 'item-2' }]);
	});
});
