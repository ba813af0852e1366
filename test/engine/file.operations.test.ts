/**
 * File → List, Get, Delete and Download Content, and the all-purposes file search, run by n8n-core against the
 * emulator over real HTTP.
 */
import { startEmulator, type Emulator, type FileObject } from '../emulator';
import { useSettings } from '../support/settings';
import { runListSearch, runNode, type CredentialData } from '../support/engine';

let emulator: Emulator;
let credentials: CredentialData;
let training: FileObject;
let newerTraining: FileObject;
let batch: FileObject;
let results: FileObject;

const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });
const TRAINING = Array.from({ length: 10 }, (_, i) =>
	JSON.stringify({
		messages: [
			{ role: 'user', content: `Q${i}` },
			{ role: 'assistant', content: `A${i}` },
		],
	}),
).join('\n');

/** Uploads straight to the emulator (not through the node), so these tests do not depend on Upload. */
async function put(
	content: string,
	filename: string,
	purpose: string,
	target = emulator,
): Promise<FileObject> {
	const form = new FormData();
	form.append('purpose', purpose);
	form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
	const response = await fetch(`${target.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': target.apiKey },
		body: form,
	});
	expect(response.status).toBe(200);
	return (await response.json()) as FileObject;
}

/** A succeeded job's results.csv (purpose fine-tune-results), made by the emulator's job lifecycle. */
async function resultsFile(trainingId: string): Promise<FileObject> {
	const response = await fetch(`${emulator.url}/openai/v1/fine_tuning/jobs`, {
		method: 'POST',
		headers: { 'api-key': emulator.apiKey, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'gpt-4.1-mini-2025-04-14', training_file: trainingId }),
	});
	const job = (await response.json()) as { id: string };
	emulator.advanceJob(job.id, 'succeeded');
	const id = emulator.jobs().find((j) => j.id === job.id)!.result_files![0];
	return emulator.files().find((f) => f.id === id)!;
}

useSettings({ retry: { baseDelayMs: 5 } });
beforeAll(async () => {
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
	training = await put(TRAINING, 'train.jsonl', 'fine-tune');
	batch = await put('{"custom_id":"1"}', 'batch.jsonl', 'batch');
	emulator.step();
	newerTraining = await put(TRAINING, 'newer.jsonl', 'fine-tune');
	emulator.step();
	results = await resultsFile(training.id);
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.clearRequests());

describe('List', () => {
	const list = (extra: Record<string, unknown> = {}) => ({
		resource: 'file',
		operation: 'list',
		...extra,
	});

	test('Purpose filter (default fine-tune) goes to the API as ?purpose=; one item per file, newest first', async () => {
		const { outputs, error } = await runNode(list({ returnAll: true }), credentials);
		expect(error).toBeUndefined();
		expect(emulator.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/openai/v1/files', { purpose: 'fine-tune' }],
		]);
		expect(outputs[0].map((f) => f.id)).toEqual([newerTraining.id, training.id]);
		expect(outputs[0][0]).toMatchObject({
			object: 'file',
			filename: 'newer.jsonl',
			purpose: 'fine-tune',
			status: 'processed',
		});
	});

	test('Any purpose lists every file; Limit keeps the newest ones', async () => {
		const all = await runNode(list({ purposeFilter: '', returnAll: true }), credentials);
		expect(emulator.requests[0].query).toEqual({});
		expect(new Set(all.outputs[0].map((f) => f.id))).toEqual(
			new Set([training.id, newerTraining.id, batch.id, results.id]),
		);
		expect(all.outputs[0][0].id).toBe(results.id);

		const limited = await runNode(list({ purposeFilter: '', limit: 2 }), credentials);
		expect(limited.outputs[0].map((f) => f.id)).toEqual(
			all.outputs[0].slice(0, 2).map((f) => f.id),
		);
	});

	test('results files by their purpose; Limit below 1 is refused before any request', async () => {
		const { outputs } = await runNode(list({ purposeFilter: 'fine-tune-results' }), credentials);
		expect(outputs[0].map((f) => f.filename)).toEqual(['results.csv']);
		emulator.clearRequests();
		const { error } = await runNode(list({ limit: 0 }), credentials);
		expect(error?.message).toBe('Limit: must be an integer at least 1 (got 0)');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Get', () => {
	test('by ID and from the list: the file object', async () => {
		for (const mode of ['id', 'list']) {
			const { outputs, error } = await runNode(
				{ resource: 'file', operation: 'get', fileId: rl(batch.id, mode) },
				credentials,
			);
			expect(error).toBeUndefined();
			expect(outputs[0]).toEqual([
				expect.objectContaining({ id: batch.id, filename: 'batch.jsonl', purpose: 'batch' }),
			]);
		}
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /openai/v1/files/${batch.id}`,
			`GET /openai/v1/files/${batch.id}`,
		]);
	});

	test("an ID that would change the URL path is refused naming the File field; an unknown ID shows Azure's 404", async () => {
		const bad = await runNode(
			{ resource: 'file', operation: 'get', fileId: rl('={{ "../fine_tuning/jobs" }}') },
			credentials,
		);
		expect(bad.error?.message).toMatch(
			/^File: must be a file ID such as file-abc123 \(letters, digits, - _ \. : only\), got /,
		);
		expect(emulator.requests).toHaveLength(0);
		const unknown = await runNode(
			{ resource: 'file', operation: 'get', fileId: rl('file-nope') },
			credentials,
		);
		expect(unknown.error?.message).toBe("File with id 'file-nope' not found.");
	});
});

describe('Delete', () => {
	test("deletes the file and outputs Azure's confirmation", async () => {
		const doomed = await put(TRAINING, 'doomed.jsonl', 'fine-tune');
		emulator.clearRequests();
		const { outputs, error } = await runNode(
			{ resource: 'file', operation: 'delete', fileId: rl(doomed.id) },
			credentials,
		);
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([{ id: doomed.id, object: 'file', deleted: true }]);
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`DELETE /openai/v1/files/${doomed.id}`,
		]);
		expect(emulator.files().some((f) => f.id === doomed.id)).toBe(false);
	});
});

describe('Download Content', () => {
	const download = (fileId: string, extra: Record<string, unknown> = {}) => ({
		resource: 'file',
		operation: 'download',
		fileId: rl(fileId),
		...extra,
	});

	test('binary output: the exact bytes, named after the file, with its metadata as JSON', async () => {
		const { items, error } = await runNode(download(training.id), credentials);
		expect(error).toBeUndefined();
		const [item] = items[0];
		expect(item.json).toMatchObject({ id: training.id, filename: 'train.jsonl' });
		const binary = item.binary!.data;
		expect(binary).toMatchObject({ fileName: 'train.jsonl', mimeType: 'application/jsonl' });
		expect(Buffer.from(binary.data, 'base64').toString('utf8')).toBe(TRAINING);
		expect(emulator.requests.map((r) => r.path)).toEqual([
			`/openai/v1/files/${training.id}`,
			`/openai/v1/files/${training.id}/content`,
		]);
	});

	test('Put Output File in Field names the binary property', async () => {
		const { items } = await runNode(
			download(results.id, { binaryPropertyName: 'metrics' }),
			credentials,
		);
		expect(Object.keys(items[0][0].binary!)).toEqual(['metrics']);
		expect(items[0][0].binary!.metrics).toMatchObject({
			fileName: 'results.csv',
			mimeType: 'text/csv',
		});
	});

	test('results.csv as one item per row, with numbers', async () => {
		const { outputs, error } = await runNode(download(results.id, { output: 'rows' }), credentials);
		expect(error).toBeUndefined();
		expect(outputs[0].length).toBeGreaterThan(0);
		for (const row of outputs[0]) {
			expect(typeof row.step).toBe('number');
			expect(typeof row.train_loss).toBe('number');
			expect(typeof row.train_mean_token_accuracy).toBe('number');
		}
		expect(outputs[0].map((row) => row.step)).toEqual(
			[...outputs[0].map((row) => row.step as number)].sort((a, b) => a - b),
		);
	});

	test('rows from a file that is not a results.csv → a clear error', async () => {
		const { error } = await runNode(download(training.id, { output: 'rows' }), credentials);
		expect(error?.message).toMatch(
			/^File "train\.jsonl" \(file-[^)]+\) cannot be read as results\.csv: its first line has no "step" column/,
		);
		expect(error?.description).toContain('Binary File');
	});
});

describe('File search (resource locator over all purposes)', () => {
	test('lists every purpose newest first, labelled with name, purpose, status and ID; filters by typed text', async () => {
		const all = await runListSearch('searchFiles', credentials);
		expect(all.results.map((r) => r.value)).toEqual(
			expect.arrayContaining([training.id, batch.id, results.id]),
		);
		expect(all.results.find((r) => r.value === results.id)?.name).toBe(
			`results.csv · fine-tune-results · processed · ${results.id}`,
		);
		const filtered = await runListSearch('searchFiles', credentials, 'batch');
		expect(filtered.results.map((r) => r.value)).toEqual([batch.id]);
		const fineTune = await runListSearch('searchFineTuneFiles', credentials);
		expect(fineTune.results.find((r) => r.value === training.id)?.name).toBe(
			`train.jsonl · processed · ${training.id}`,
		);
	});
});

describe('File lists of several pages (List, the file pickers)', () => {
	let paged: Emulator;
	let pagedCredentials: CredentialData;
	let newestFirst: string[];
	beforeAll(async () => {
		paged = await startEmulator({ filesPageSize: 2 });
		pagedCredentials = { endpoint: paged.url, apiKey: paged.apiKey, apiVersion: 'v1' };
		const uploaded: string[] = [];
		for (let i = 0; i < 5; i++) {
			uploaded.push((await put(TRAINING, `paged-${i}.jsonl`, 'fine-tune', paged)).id);
			paged.step();
		}
		newestFirst = uploaded.reverse();
	});
	afterAll(async () => await paged.close());
	beforeEach(() => paged.clearRequests());

	const afterCursors = () => paged.requests.map((request) => request.query.after);

	test('the file pickers offer files beyond the first page, reading every page by the after cursor', async () => {
		const fineTune = await runListSearch('searchFineTuneFiles', pagedCredentials);
		expect(fineTune.results.map((r) => r.value)).toEqual(newestFirst);
		expect(afterCursors()).toEqual([undefined, newestFirst[1], newestFirst[3]]);
		const oldest = await runListSearch('searchFiles', pagedCredentials, 'paged-0');
		expect(oldest.results.map((r) => r.value)).toEqual([newestFirst[4]]);
	});

	test('List with Return All reads every page', async () => {
		const { outputs, error } = await runNode(
			{ resource: 'file', operation: 'list', returnAll: true },
			pagedCredentials,
		);
		expect(error).toBeUndefined();
		expect(outputs[0].map((file) => file.id)).toEqual(newestFirst);
		expect(afterCursors()).toEqual([undefined, newestFirst[1], newestFirst[3]]);
	});
});
