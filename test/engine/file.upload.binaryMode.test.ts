/**
 * Upload and Download Content in n8n's filesystem binary data mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem): the
 * input item holds only a reference to a file on disk, read through getBinaryDataBuffer; downloads are stored on disk.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { retryPolicy } from '../../nodes/shared/transport/retry';
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

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesBelow(path) : [path];
	});
}

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
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
		const uploaded = emulator.files()[0];
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
});
