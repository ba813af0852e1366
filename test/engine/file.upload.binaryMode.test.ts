/**
 * Upload, Check Training Data and Download Content in n8n's filesystem binary data mode
 * (N8N_DEFAULT_BINARY_DATA_MODE=filesystem): the input item holds only a reference to a file on disk, which the node
 * reads as a stream (getBinaryStream), never as one Buffer; downloads are stored on disk.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import { checkTrainingData } from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';
import { useSettings } from '../support/settings';
import { startEmulator, type Emulator } from '../emulator';
import { fileItem, useBinaryStart, useFilesystemBinaryMode } from '../support/fileHarness';
import { runNode, type CredentialData } from '../support/engine';

let emulator: Emulator;
let credentials: CredentialData;
let storagePath: string;
let cleanUp: () => void;

/** Valid chat JSONL of exactly `size` bytes (10 examples; the last answer padded). */
function jsonlOfSize(size: number): Buffer {
	const line = (i: number, answer: string) =>
		JSON.stringify({
			messages: [
				{ role: 'user', content: `Question ${i}` },
				{ role: 'assistant', content: answer },
			],
		});
	const head = Array.from({ length: 9 }, (_, i) => line(i, `Answer ${i}`)).join('\n') + '\n';
	const lastWithoutPadding = line(9, '') + '\n';
	const padding = size - Buffer.byteLength(head) - Buffer.byteLength(lastWithoutPadding);
	const content = Buffer.from(head + line(9, 'x'.repeat(padding)) + '\n');
	expect(content.length).toBe(size);
	return content;
}

/** Valid chat JSONL of at least `size` bytes with 2-, 3- and 4-byte UTF-8 characters; lines differ. */
function largeJsonl(size: number): Buffer {
	const lines: string[] = [];
	let bytes = 0;
	for (let i = 0; bytes < size; i++) {
		const line = JSON.stringify({
			messages: [
				{ role: 'user', content: `Frage ${i}: Grüße, 日本語, 😀?` },
				{ role: 'assistant', content: `Antwort ${i}: ${'ß水🎉'.repeat(1 + (i % 7))}` },
			],
		});
		lines.push(line);
		bytes += Buffer.byteLength(line) + 1;
	}
	return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The content Azure stored for a file, as bytes. */
async function storedContent(fileId: unknown): Promise<Buffer> {
	const stored = await fetch(`${emulator.url}/openai/v1/files/${String(fileId)}/content`, {
		headers: { 'api-key': emulator.apiKey },
	});
	return Buffer.from(await stored.arrayBuffer());
}

const filePosts = () =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === '/openai/v1/files');

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesBelow(path) : [path];
	});
}

useSettings({ retry: { baseDelayMs: 5 } });
beforeAll(async () => {
	({ storagePath, cleanUp } = await useFilesystemBinaryMode());
	useBinaryStart();
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
});
afterAll(async () => {
	await emulator.close();
	cleanUp();
});

describe('filesystem binary mode', () => {
	test('a 2 KB JSONL held on disk: the uploaded part is exactly those 2 KB, byte for byte', async () => {
		const content = jsonlOfSize(2048);
		const { outputs, error, run } = await runNode(
			{ resource: 'file', operation: 'upload' },
			credentials,
			{ items: [fileItem(content, { mimeType: 'application/jsonl' })] },
		);
		expect(error).toBeUndefined();

		const input = run.data.resultData.runData.Start[0].data!.main[0]![0].binary!.data;
		expect(input.id).toMatch(/^filesystem(-v2)?:/);
		expect(input.data).not.toBe(content.toString('base64'));
		expect(filesBelow(storagePath).some((path) => statSync(path).size === 2048)).toBe(true);

		const post = emulator.requests.find(
			(r) => r.method === 'POST' && r.path === '/openai/v1/files',
		)!;
		expect(post.body).toEqual({
			fields: { purpose: 'fine-tune' },
			file: { filename: 'train.jsonl', contentType: 'application/jsonl', bytes: 2048 },
		});
		const stored = await fetch(
			`${emulator.url}/openai/v1/files/${String(outputs[0][0].id)}/content`,
			{ headers: { 'api-key': emulator.apiKey } },
		);
		expect(Buffer.from(await stored.arrayBuffer()).equals(content)).toBe(true);
	});

	test('Download Content stores the file through the binary data service (on disk, referenced by id)', async () => {
		const uploaded = emulator.files().find((file) => file.bytes === 2048)!;
		const { items, error } = await runNode(
			{
				resource: 'file',
				operation: 'download',
				fileId: { __rl: true, mode: 'id', value: uploaded.id },
			},
			credentials,
		);
		expect(error).toBeUndefined();
		const binary = items[0][0].binary!.data;
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary).toMatchObject({
			fileName: 'train.jsonl',
			mimeType: 'application/jsonl',
			bytes: 2048,
		});
	});

	describe('streamed: the file is read in chunks, never as one Buffer', () => {
		const service = () => Container.get(BinaryDataService);
		let asBuffer: jest.SpyInstance;
		let asStream: jest.SpyInstance;
		beforeEach(() => {
			emulator.clearRequests();
			emulator.clearFaults();
			asBuffer = jest.spyOn(service(), 'getAsBuffer');
			asStream = jest.spyOn(service(), 'getAsStream');
		});
		afterEach(() => jest.restoreAllMocks());

		test('a 3 MB file with multi-byte characters: checked, then uploaded; Azure stores the same bytes (SHA-256), sent with Content-Length', async () => {
			const content = largeJsonl(3 * 1024 * 1024);
			const { outputs, error } = await runNode(
				{ resource: 'file', operation: 'upload' },
				credentials,
				{ items: [fileItem(content, { fileName: 'large.jsonl' })] },
			);
			expect(error).toBeUndefined();
			expect(outputs[0][0].trainingDataCheck).toEqual(
				expect.objectContaining({
					valid: true,
					examples: checkTrainingData(content, { method: 'supervised' }).examples,
					bytes: content.length,
				}),
			);
			expect(sha256(await storedContent(outputs[0][0].id))).toBe(sha256(content));
			// One stream for the check, one for the upload; no whole-file Buffer.
			expect(asStream).toHaveBeenCalledTimes(2);
			expect(asBuffer).not.toHaveBeenCalled();
			const [post] = filePosts();
			expect(post.headers['transfer-encoding']).toBeUndefined();
			expect(Number(post.headers['content-length'])).toBeGreaterThan(content.length);
			expect(post.body).toMatchObject({ file: { bytes: content.length } });
		});

		test('a retry after a 5xx sends the whole file again', async () => {
			const content = largeJsonl(1024 * 1024);
			emulator.injectFault({ kind: 'status', status: 500, method: 'POST', path: '/files$' });
			const { outputs, error } = await runNode(
				{ resource: 'file', operation: 'upload', fileName: 'retried.jsonl' },
				credentials,
				{ items: [fileItem(content)] },
			);
			expect(error).toBeUndefined();
			expect(filePosts().map((r) => [r.status, r.body])).toEqual([
				[
					500,
					expect.objectContaining({ file: expect.objectContaining({ bytes: content.length }) }),
				],
				[
					200,
					expect.objectContaining({ file: expect.objectContaining({ bytes: content.length }) }),
				],
			]);
			expect(sha256(await storedContent(outputs[0][0].id))).toBe(sha256(content));
			expect(asStream).toHaveBeenCalledTimes(3); // check, first attempt, retry
			expect(asBuffer).not.toHaveBeenCalled();
		});

		test('Check Training Data: the same report as checking the bytes in memory', async () => {
			const content = Buffer.concat([
				Buffer.from([0xef, 0xbb, 0xbf]),
				largeJsonl(600 * 1024),
				Buffer.from('{"messages": [\r\n[1]\r\n', 'utf8'),
			]);
			const { outputs, error } = await runNode(
				{ resource: 'file', operation: 'check' },
				credentials,
				{ items: [fileItem(content)] },
			);
			expect(error).toBeUndefined();
			const expected = checkTrainingData(content, { method: 'supervised' });
			expect(expected.errorCount).toBe(2);
			expect(outputs[0][0]).toMatchObject({
				valid: false,
				examples: expected.examples,
				errors: expected.errors,
				errorCount: 2,
				bytes: content.length,
			});
			expect(asBuffer).not.toHaveBeenCalled();
			expect(emulator.requests).toHaveLength(0);
		});

		test('Download Content of a 3 MB file: streamed into the binary data store; the stored file has the same bytes', async () => {
			const content = largeJsonl(3 * 1024 * 1024);
			const uploaded = await runNode({ resource: 'file', operation: 'upload' }, credentials, {
				items: [fileItem(content, { fileName: 'round-trip.jsonl' })],
			});
			const store = jest.spyOn(service(), 'store');
			const { items, error } = await runNode(
				{
					resource: 'file',
					operation: 'download',
					fileId: { __rl: true, mode: 'id', value: String(uploaded.outputs[0][0].id) },
				},
				credentials,
			);
			expect(error).toBeUndefined();
			expect(store).toHaveBeenCalledTimes(1);
			expect(Buffer.isBuffer(store.mock.calls[0][1])).toBe(false); // a stream, not the whole file
			const binary = items[0][0].binary!.data;
			expect(binary).toMatchObject({ fileName: 'round-trip.jsonl', bytes: content.length });
			const onDisk = await service().getAsBuffer(binary);
			expect(sha256(onDisk)).toBe(sha256(content));
		});

		test('Download Content: a 503 on the content is retried; a refusal is read from the streamed answer', async () => {
			const form = new FormData();
			form.append('purpose', 'fine-tune');
			form.append('file', new Blob([jsonlOfSize(2048)], { type: 'application/jsonl' }), 'a.jsonl');
			const created = await fetch(`${emulator.url}/openai/v1/files`, {
				method: 'POST',
				headers: { 'api-key': emulator.apiKey },
				body: form,
			});
			const fileId = ((await created.json()) as { id: string }).id;
			emulator.clearRequests();
			const download = {
				resource: 'file',
				operation: 'download',
				fileId: { __rl: true, mode: 'id', value: fileId },
			};
			emulator.injectFault({ kind: 'status', status: 503, method: 'GET', path: '/content$' });
			const retried = await runNode(download, credentials);
			expect(retried.error).toBeUndefined();
			const contentGets = () => emulator.requests.filter((r) => r.path.endsWith('/content'));
			expect(contentGets().map((r) => r.status)).toEqual([503, 200]);
			emulator.injectFault({
				kind: 'status',
				status: 403,
				method: 'GET',
				path: '/content$',
				message: 'Downloads of this file are not allowed.',
			});
			const refused = await runNode(download, credentials);
			expect(refused.error?.message).toContain('Downloads of this file are not allowed.');
		});

		test('a file on disk shorter than its stated size: the upload fails saying so, not retried; Azure keeps no file', async () => {
			const content = largeJsonl(1024 * 1024);
			const before = emulator.files().length;
			asStream.mockImplementation(async function (this: BinaryDataService, ...args: unknown[]) {
				// The file changes on disk after n8n recorded its size.
				const path = service().getPath(args[0] as string);
				truncateSync(path, content.length - 10);
				asStream.mockRestore();
				return await service().getAsStream(args[0] as string, args[1] as number);
			});
			const { error } = await runNode(
				{
					resource: 'file',
					operation: 'upload',
					options: { checkTrainingData: false, waitUntilProcessed: false },
				},
				credentials,
				{ items: [fileItem(content)] },
			);
			const [, stated, read] =
				/^Could not send the file: the body was to have (\d+) bytes but (\d+) were read \(did the file change while it was sent\?\)$/.exec(
					error?.message ?? '',
				) ?? [];
			expect(Number(stated) - Number(read)).toBe(10);
			expect(emulator.files()).toHaveLength(before);
			expect(filePosts().filter((r) => r.status === 200)).toHaveLength(0);
		});
	});
});
