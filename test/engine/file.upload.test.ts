/**
 * File → Upload and File → Check Training Data run by n8n-core's WorkflowExecute, with binary input items made by
 * n8n's own prepareBinaryData, against the emulator over real HTTP (the emulator validates every request against
 * Azure's OpenAPI document and refuses a file part without a filename or content type, as Azure does).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';

import { useSettings } from '../support/settings';
import { startEmulator, type Emulator } from '../emulator';
import { fileItem, useBinaryStart } from '../support/fileHarness';
import { runNode, type CredentialData } from '../support/engine';

let emulator: Emulator;
let credentials: CredentialData;

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'training', name));
const CHAT = fixture('chat-valid.jsonl');
const example = (i: number) =>
	JSON.stringify({
		messages: [
			{ role: 'user', content: `Question ${i}` },
			{ role: 'assistant', content: `Answer ${i}` },
		],
	});
const jsonl = (count: number) =>
	Array.from({ length: count }, (_, i) => example(i)).join('\n') + '\n';
const withLine = (lineNumber: number, text: string, count = 12) =>
	Array.from({ length: count }, (_, i) => (i + 1 === lineNumber ? text : example(i))).join('\n') +
	'\n';

const upload = (extra: Record<string, unknown> = {}) => ({
	resource: 'file',
	operation: 'upload',
	...extra,
});
const filePosts = () =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === '/openai/v1/files');

useSettings({ retry: { baseDelayMs: 5 }, fileWait: { firstDelayMs: 20, maxDelayMs: 60 } });
beforeAll(async () => {
	useBinaryStart();
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.clearRequests();
	emulator.clearFaults();
});

describe('Upload', () => {
	test('checks, then uploads the binary as multipart with purpose, file name and content type; outputs the file and the check', async () => {
		const { outputs, error } = await runNode(upload(), credentials, {
			items: [fileItem(CHAT, { fileName: 'support.jsonl', mimeType: 'text/plain' })],
		});
		expect(error).toBeUndefined();
		expect(emulator.requests).toHaveLength(1);
		expect(filePosts()[0]).toMatchObject({
			status: 200,
			body: {
				fields: { purpose: 'fine-tune' },
				file: { filename: 'support.jsonl', contentType: 'text/plain', bytes: CHAT.length },
			},
		});
		expect(filePosts()[0].headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0]).toMatchObject({
			object: 'file',
			filename: 'support.jsonl',
			purpose: 'fine-tune',
			bytes: CHAT.length,
			status: 'pending',
		});
		expect(outputs[0][0].trainingDataCheck).toMatchObject({
			valid: true,
			examples: 13,
			errorCount: 0,
		});
	});

	test('memory binary mode: the file is decoded once and streamed from that Buffer; Azure stores the same bytes', async () => {
		const service = Container.get(BinaryDataService);
		const asBuffer = jest.spyOn(service, 'getAsBuffer');
		const asStream = jest.spyOn(service, 'getAsStream');
		try {
			const content = Buffer.from(jsonl(3000), 'utf8');
			const { outputs, error, run } = await runNode(upload(), credentials, {
				items: [fileItem(content)],
			});
			expect(error).toBeUndefined();
			expect(
				run.data.resultData.runData.Start[0].data!.main[0]![0].binary!.data.id,
			).toBeUndefined();
			const stored = await fetch(
				`${emulator.url}/openai/v1/files/${String(outputs[0][0].id)}/content`,
				{ headers: { 'api-key': emulator.apiKey } },
			);
			const hash = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
			expect(hash(Buffer.from(await stored.arrayBuffer()))).toBe(hash(content));
			expect(asBuffer).toHaveBeenCalledTimes(1);
			expect(asStream).not.toHaveBeenCalled();
			expect(filePosts()[0].headers['transfer-encoding']).toBeUndefined();
			expect(Number(filePosts()[0].headers['content-length'])).toBeGreaterThan(content.length);
		} finally {
			jest.restoreAllMocks();
		}
	});

	test('File Name overrides the input name; without a MIME type the part gets one from the file name', async () => {
		await runNode(upload({ fileName: 'renamed.jsonl' }), credentials, {
			items: [fileItem(jsonl(10), { fileName: 'whatever.bin' })],
		});
		expect(filePosts()[0].body).toEqual({
			fields: { purpose: 'fine-tune' },
			file: {
				filename: 'renamed.jsonl',
				contentType: 'application/jsonl',
				bytes: Buffer.byteLength(jsonl(10)),
			},
		});
	});

	test('no file name anywhere → error naming File Name, nothing sent', async () => {
		const { error } = await runNode(upload(), credentials, {
			items: [fileItem(jsonl(10), { fileName: null })],
		});
		expect(error?.message).toBe(
			'File Name: is required because the input binary has no file name; enter one such as train.jsonl',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test("a missing binary field → n8n's error naming the field, nothing sent", async () => {
		const { error } = await runNode(upload({ binaryPropertyName: 'training' }), credentials, {
			items: [fileItem(jsonl(10))],
		});
		expect(error?.message).toMatch(/training/);
		expect(emulator.requests).toHaveLength(0);
	});

	test('line 1 is a JSON array → error naming line 1; nothing uploaded', async () => {
		const content = withLine(1, '[{"role":"user"}]');
		const { error } = await runNode(upload(), credentials, { items: [fileItem(content)] });
		expect(error?.message).toMatch(/^Training data has 1 problem: line 1: expected a JSON object/);
		expect(error?.description).toContain('Nothing was uploaded');
		// The count is of lines, the broken one included (not of valid examples).
		expect(error?.description).toContain(
			`training data (${content.trim().split('\n').length} non-blank lines, each an example)`,
		);
		expect(filePosts()).toHaveLength(0);
	});

	test('a file that starts with a BOM and is otherwise valid is accepted and uploaded as is', async () => {
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl(10))]);
		const { outputs, error } = await runNode(upload(), credentials, { items: [fileItem(bom)] });
		expect(error).toBeUndefined();
		expect(outputs[0][0].trainingDataCheck).toMatchObject({ valid: true, examples: 10 });
		expect(filePosts()[0].body).toMatchObject({ file: { bytes: bom.length } });
	});

	test('line 7 has an unescaped quote → error naming line 7; nothing uploaded', async () => {
		const broken =
			'{"messages": [{"role": "user", "content": "He said "hi""}, {"role": "assistant", "content": "Hello"}]}';
		const { error } = await runNode(upload(), credentials, {
			items: [fileItem(withLine(7, broken))],
		});
		expect(error?.message).toMatch(/^Training data has 1 problem: line 7: not valid JSON/);
		expect(filePosts()).toHaveLength(0);
	});

	test('9 valid examples → error saying at least 10 are needed and 9 were found; nothing uploaded', async () => {
		const { error } = await runNode(upload(), credentials, { items: [fileItem(jsonl(9))] });
		expect(error?.message).toBe(
			'Training data has 1 problem: at least 10 examples are needed, 9 found',
		);
		expect(filePosts()).toHaveLength(0);
	});

	test('the check follows the Fine-Tuning Method: a DPO file passes as DPO and fails as supervised', async () => {
		const dpo = fixture('dpo-valid.jsonl');
		const asDpo = await runNode(upload({ trainingMethod: 'dpo' }), credentials, {
			items: [fileItem(dpo)],
		});
		expect(asDpo.error).toBeUndefined();
		const asSupervised = await runNode(upload(), credentials, { items: [fileItem(dpo)] });
		expect(asSupervised.error?.message).toMatch(/line 1: /);
		expect(filePosts()).toHaveLength(1);
	});

	test('Check Training Data First off: the file goes to Azure unchecked; other purposes are never checked', async () => {
		await runNode(upload({ options: { checkTrainingData: false } }), credentials, {
			items: [fileItem(jsonl(3))],
		});
		await runNode(upload({ purpose: 'batch' }), credentials, {
			items: [fileItem('{"custom_id":"1"}\n', { fileName: 'batch.jsonl' })],
		});
		expect(filePosts().map((r) => r.status)).toEqual([200, 200]);
		expect(filePosts()[1].body).toMatchObject({
			fields: { purpose: 'batch' },
			file: { filename: 'batch.jsonl' },
		});
	});

	test('one upload per item, each output paired with its item', async () => {
		const { items, error } = await runNode(upload(), credentials, {
			items: [
				fileItem(jsonl(10), { fileName: 'a.jsonl' }),
				fileItem(jsonl(11), { fileName: 'b.jsonl' }),
			],
		});
		expect(error).toBeUndefined();
		expect(items[0].map((item) => [item.json.filename, item.pairedItem])).toEqual([
			['a.jsonl', { item: 0 }],
			['b.jsonl', { item: 1 }],
		]);
	});

	test('a lost answer to the upload: the file it created is found and returned, not uploaded twice', async () => {
		const before = emulator.files().length;
		emulator.injectFault({ kind: 'lost-response', method: 'POST', path: '/files$' });
		const { outputs, error } = await runNode(upload({ fileName: 'lost.jsonl' }), credentials, {
			items: [fileItem(jsonl(10))],
		});
		expect(error).toBeUndefined();
		expect(filePosts()).toHaveLength(1);
		expect(
			emulator.requests.map((r) => `${r.method} ${r.path} ${r.query.purpose ?? ''}`.trim()),
		).toEqual(['POST /openai/v1/files', 'GET /openai/v1/files fine-tune']);
		expect(emulator.files()).toHaveLength(before + 1);
		expect(outputs[0][0]).toMatchObject({ id: emulator.files()[0].id, filename: 'lost.jsonl' });
	});

	test('an upload refused before it took effect (reset) is sent again once nothing was found', async () => {
		emulator.injectFault({ kind: 'reset', method: 'POST', path: '/files$' });
		const { outputs, error } = await runNode(upload({ fileName: 'retried.jsonl' }), credentials, {
			items: [fileItem(jsonl(10))],
		});
		expect(error).toBeUndefined();
		expect(filePosts().map((r) => r.fault ?? r.status)).toEqual(['reset', 200]);
		expect(outputs[0][0]).toMatchObject({ filename: 'retried.jsonl' });
	});
});

describe('Upload recovery over a files list of several pages', () => {
	let paged: Emulator;
	let pagedCredentials: CredentialData;
	beforeAll(async () => {
		paged = await startEmulator({ filesPageSize: 2 });
		pagedCredentials = { endpoint: paged.url, apiKey: paged.apiKey, apiVersion: 'v1' };
	});
	afterAll(async () => await paged.close());

	test('a lost answer: the file it created is found on the last page, not uploaded twice', async () => {
		// The list states no order, so recovery reads every page. Here five files dated later than the lost upload are
		// listed first (newest first), which puts the uploaded file on the third page.
		const start = paged.now();
		paged.setNow(start + 600);
		for (let i = 0; i < 5; i++) {
			const form = new FormData();
			form.append('purpose', 'fine-tune');
			form.append('file', new Blob([jsonl(10)], { type: 'application/jsonl' }), `other-${i}.jsonl`);
			const response = await fetch(`${paged.url}/openai/v1/files`, {
				method: 'POST',
				headers: { 'api-key': paged.apiKey },
				body: form,
			});
			expect(response.status).toBe(200);
		}
		paged.setNow(start);
		paged.clearRequests();
		paged.injectFault({ kind: 'lost-response', method: 'POST', path: '/files$' });
		const { outputs, error } = await runNode(upload({ fileName: 'lost.jsonl' }), pagedCredentials, {
			items: [fileItem(jsonl(10))],
		});
		expect(error).toBeUndefined();
		const lost = paged.files().find((file) => file.filename === 'lost.jsonl')!;
		expect(paged.files().filter((file) => file.filename === 'lost.jsonl')).toHaveLength(1);
		const listed = paged.files().map((file) => file.id);
		expect(listed.indexOf(lost.id)).toBe(5);
		expect(
			paged.requests.map((r) => `${r.method} ${r.path} ${r.query.after ?? ''}`.trim()),
		).toEqual([
			'POST /openai/v1/files',
			'GET /openai/v1/files',
			`GET /openai/v1/files ${listed[1]}`,
			`GET /openai/v1/files ${listed[3]}`,
		]);
		expect(outputs[0][0]).toMatchObject({ id: lost.id, filename: 'lost.jsonl' });
	});
});

describe('Upload with Wait Until Processed', () => {
	const waiting = (extra: Record<string, unknown> = {}) =>
		upload({ options: { waitUntilProcessed: true, ...extra } });

	test('polls the file until Azure has processed it and outputs the processed file', async () => {
		const stepper = setTimeout(() => emulator.step(), 150);
		const { outputs, error } = await runNode(waiting(), credentials, {
			items: [fileItem(jsonl(10))],
		});
		clearTimeout(stepper);
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({
			status: 'processed',
			trainingDataCheck: { valid: true },
		});
		const gets = emulator.requests.filter((r) => r.method === 'GET');
		expect(gets.length).toBeGreaterThan(0);
		expect(gets.every((r) => r.path === `/openai/v1/files/${String(outputs[0][0].id)}`)).toBe(true);
	});

	test("status error: the error shows the status and Azure's status_details", async () => {
		const stepper = setTimeout(() => emulator.step(), 100);
		const { error } = await runNode(waiting({ checkTrainingData: false }), credentials, {
			items: [fileItem(jsonl(9), { fileName: 'nine.jsonl' })],
		});
		clearTimeout(stepper);
		const reason = 'Invalid file format. The file has 9 examples; at least 10 are required.';
		expect(error?.message).toMatch(
			/^Azure could not process file "nine\.jsonl" \(file-[^)]+\): status "error": /,
		);
		expect(error?.message).toContain(reason);
		expect(error?.description).toContain(`Status details: ${reason}`);
	});

	test('with continue-on-fail the status and status_details are in the error item', async () => {
		const stepper = setTimeout(() => emulator.step(), 100);
		const { outputs } = await runNode(waiting({ checkTrainingData: false }), credentials, {
			items: [fileItem(jsonl(9), { fileName: 'nine.jsonl' })],
			onError: 'continueRegularOutput',
		});
		clearTimeout(stepper);
		expect(outputs[0][0].error).toContain('status "error"');
		expect(outputs[0][0].error).toContain('at least 10 are required');
	});

	test('not processed within Max Wait → a clear timeout error with the file ID', async () => {
		const started = Date.now();
		const { error } = await runNode(waiting({ maxWaitSeconds: 1 }), credentials, {
			items: [fileItem(jsonl(10), { fileName: 'slow.jsonl' })],
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(error?.message).toMatch(
			/^File "slow\.jsonl" \(file-[^)]+\) is still "pending" after waiting 1 s \(Max Wait\)$/,
		);
		expect(error?.description).toContain('File → Get');
	});

	test('Max Wait outside 1 to 7200 is refused before anything is sent', async () => {
		const { error } = await runNode(waiting({ maxWaitSeconds: 0 }), credentials, {
			items: [fileItem(jsonl(10))],
		});
		expect(error?.message).toBe('Max Wait (Seconds): must be an integer from 1 to 7200 (got 0)');
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Check Training Data', () => {
	const check = (extra: Record<string, unknown> = {}) => ({
		resource: 'file',
		operation: 'check',
		...extra,
	});

	test('a valid file: summary with examples, token estimate and how it was estimated; nothing sent', async () => {
		const { outputs, error } = await runNode(check(), credentials, {
			items: [fileItem(CHAT, { fileName: 'support.jsonl' })],
		});
		expect(error).toBeUndefined();
		expect(emulator.requests).toHaveLength(0);
		const report = outputs[0][0];
		expect(report).toMatchObject({
			valid: true,
			message: '',
			examples: 13,
			errorCount: 0,
			errors: [],
			fileName: 'support.jsonl',
			method: 'supervised',
			bytes: CHAT.length,
		});
		const tokens = report.estimatedTokens as Record<string, number>;
		expect(tokens.total).toBeGreaterThan(0);
		expect(tokens.min).toBeLessThanOrEqual(tokens.mean);
		expect(tokens.mean).toBeLessThanOrEqual(tokens.max);
		expect(report.tokenEstimate).toMatch(/characters per token/);
	});

	test('a file with problems is reported (not failed) with line numbers and the total count', async () => {
		const lines = Array.from({ length: 12 }, (_, i) => (i % 2 ? '{bad' : example(i))).join('\n');
		const { outputs, error } = await runNode(check(), credentials, { items: [fileItem(lines)] });
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({ valid: false, examples: 12, errorCount: 6 });
		expect((outputs[0][0].errors as Array<{ line: number }>).map((e) => e.line)).toEqual([
			2, 4, 6, 8, 10,
		]);
		expect(outputs[0][0].message).toMatch(
			/^Training data has 6 problems \(first 5 listed\): line 2: not valid JSON/,
		);
	});
});
