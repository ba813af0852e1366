import type { IDataObject } from 'n8n-workflow';

import { collectPages, toMaxItems, type PageQuery } from '../../nodes/shared/transport/pages';
import type { ListResponse } from '../../nodes/shared/transport';
import { FieldError } from '../../nodes/shared/validation';

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
		const data = items.slice(start, start + query.limit);
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

describe('toMaxItems: Return All / Limit', () => {
	test('Return All → no maximum; Limit → the number, also from text', () => {
		expect(toMaxItems(true, 50)).toBeUndefined();
		expect(toMaxItems(false, 50)).toBe(50);
		expect(toMaxItems(false, ' 7 ')).toBe(7);
	});

	test.each([0, -1, 2.5, 'ten', ''])('Limit %p is refused naming the field', (limit) => {
		expect(() => toMaxItems(false, limit)).toThrow(FieldError);
		expect(() => toMaxItems(false, limit)).toThrow(/^Limit: must be an integer at least 1/);
	});
});

describe('Return All given by an expression', () => {
	test.each([
		[true, undefined],
		['true', undefined],
		[' TRUE ', undefined],
		[false, 7],
		['false', 7],
	])('%j → %j', (returnAll, expected) => {
		expect(toMaxItems(returnAll, 7)).toBe(expected);
	});

	test.each(['yes', 1, '', null])('%j is refused naming Return All', (returnAll) => {
		expect(() => toMaxItems(returnAll, 7)).toThrow(/^Return All: must be true or false/);
	});
});
