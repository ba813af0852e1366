import type { IDataObject } from 'n8n-workflow';

import { resultRows } from '../../nodes/AzureAiFoundryFineTuning/actions/file/download.operation';
import type { ApiContext } from '../../nodes/shared/transport';
import { listAllFiles, MAX_FILE_PAGES } from '../../nodes/shared/transport/pages';

/** A context whose HTTP answers are the given list pages, recording each request's query. */
function pagedContext(pages: (query: IDataObject, call: number) => IDataObject) {
	const queries: IDataObject[] = [];
	const ctx = {
		getNode: () => ({
			id: 'n',
			name: 'Node',
			type: 'test',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getCredentials: async () => ({
			endpoint: 'https://example.openai.azure.com',
			apiKey: 'key',
			apiVersion: 'v1',
		}),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { qs: IDataObject }) => {
				queries.push(options.qs);
				return {
					statusCode: 200,
					headers: {},
					body: Buffer.from(JSON.stringify(pages(options.qs, queries.length - 1))),
				};
			},
		},
	};
	return { ctx: ctx as unknown as ApiContext, queries };
}

const file = (id: string) => ({ id, object: 'file', created_at: 1 });
const page = (ids: string[], hasMore: boolean) => ({
	object: 'list',
	data: ids.map(file),
	first_id: ids[0] ?? null,
	last_id: ids.at(-1) ?? null,
	has_more: hasMore,
});

describe('listAllFiles (File List, the file pickers, upload recovery)', () => {
	test('one page when has_more is false; purpose sent only when chosen; no limit', async () => {
		const { ctx, queries } = pagedContext(() => page(['file-a', 'file-b'], false));
		expect((await listAllFiles.call(ctx, 'fine-tune')).map((f) => f.id)).toEqual([
			'file-a',
			'file-b',
		]);
		expect((await listAllFiles.call(ctx, '')).map((f) => f.id)).toEqual(['file-a', 'file-b']);
		expect(queries).toEqual([{ purpose: 'fine-tune' }, {}]);
	});

	test('follows has_more with after=<last_id>', async () => {
		const { ctx, queries } = pagedContext((_query, call) =>
			call === 0 ? page(['file-a', 'file-b'], true) : page(['file-c'], false),
		);
		expect((await listAllFiles.call(ctx, 'batch')).map((f) => f.id)).toEqual([
			'file-a',
			'file-b',
			'file-c',
		]);
		expect(queries).toEqual([{ purpose: 'batch' }, { purpose: 'batch', after: 'file-b' }]);
	});

	test('a service that ignores after and keeps saying has_more cannot loop: the page with nothing new stops it with an error', async () => {
		const { ctx, queries } = pagedContext(() => page(['file-a'], true));
		await expect(listAllFiles.call(ctx, '')).rejects.toThrow(
			'The API reported more results after "file-a" but sent the same page again; stopped reading to avoid an endless loop',
		);
		expect(queries).toHaveLength(2);
	});

	test('never more than MAX_FILE_PAGES pages', async () => {
		const { ctx, queries } = pagedContext((_query, call) => page([`file-${call}`], true));
		expect(await listAllFiles.call(ctx, '')).toHaveLength(MAX_FILE_PAGES);
		expect(queries).toHaveLength(MAX_FILE_PAGES);
	});
});

describe('resultRows (Download Content as rows)', () => {
	test('results.csv rows with numbers', () => {
		const csv = 'step,train_loss,train_mean_token_accuracy,valid_loss\n1,1.5,0.6,\n2,1.2,0.7,1.3\n';
		expect(resultRows(Buffer.from(csv))).toEqual([
			{ step: 1, train_loss: 1.5, train_mean_token_accuracy: 0.6, valid_loss: null },
			{ step: 2, train_loss: 1.2, train_mean_token_accuracy: 0.7, valid_loss: 1.3 },
		]);
	});

	test('a file without a step column (e.g. JSONL) or an empty one is refused', () => {
		expect(() => resultRows(Buffer.from('{"messages": [], "x": 1}\n'))).toThrow(
			'its first line has no "step" column',
		);
		expect(() => resultRows(Buffer.alloc(0))).toThrow('no "step" column');
		expect(resultRows(Buffer.from('\uFEFFstep,train_loss\r\n'))).toEqual([]);
	});
});
