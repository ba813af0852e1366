import {
	multipartBody,
	multipartFrame,
	quoteDispositionValue,
	randomBoundary,
	type FilePartHeaders,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/multipart';
import { StreamedBody } from '../../nodes/shared/transport/streamedBody';

/** Reads a body back the way a server does (undici's multipart parser, as Node's fetch Request uses it). */
async function parse(body: Buffer, contentType: string) {
	return await new Request('http://localhost', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body,
	}).formData();
}

/** Everything the body's stream yields, as one Buffer. */
async function read(body: StreamedBody): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of body.stream()) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** The multipart body of `content` (given as 3-byte chunks), read out in full, with its Content-Type and size. */
async function build(
	fields: Record<string, string>,
	file: FilePartHeaders & { content: Uint8Array },
	makeBoundary?: () => string,
) {
	const frame = multipartFrame(fields, file, makeBoundary);
	const { content } = file;
	const body = multipartBody(frame, content.byteLength, async function* () {
		for (let at = 0; at < content.byteLength; at += 3) yield content.subarray(at, at + 3);
	});
	const bytes = await read(body);
	expect(body.size).toBe(bytes.byteLength);
	return { body: bytes, contentType: body.type, size: body.size };
}

describe('multipart body', () => {
	const content = Buffer.from('{"messages":[]}\n{"messages":[]}\n', 'utf8');

	test('text fields then the file part with a filename and its own Content-Type; the bytes unchanged', async () => {
		const { body, contentType } = await build(
			{ purpose: 'fine-tune' },
			{ name: 'file', filename: 'train.jsonl', contentType: 'application/jsonl', content },
			() => 'BOUNDARY42',
		);
		expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY42');
		expect(body.toString('utf8')).toBe(
			'--BOUNDARY42\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n' +
				'--BOUNDARY42\r\nContent-Disposition: form-data; name="file"; filename="train.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n' +
				`${content.toString('utf8')}\r\n--BOUNDARY42--\r\n`,
		);
		const form = await parse(body, contentType);
		expect(form.get('purpose')).toBe('fine-tune');
		const file = form.get('file') as File;
		expect(file.name).toBe('train.jsonl');
		expect(file.type).toBe('application/jsonl');
		expect(Buffer.from(await file.arrayBuffer()).equals(content)).toBe(true);
	});

	test('binary content with CR/LF and a BOM, and a non-ASCII file name, survive a round trip', async () => {
		const bytes = Buffer.concat([
			Buffer.from([0xef, 0xbb, 0xbf]),
			Buffer.from('a\r\n\r\n--x\r\nb', 'utf8'),
			Buffer.from([0, 255, 13, 10]),
		]);
		const { body, contentType } = await build(
			{},
			{ name: 'file', filename: 'données "v2".jsonl', contentType: 'text/plain', content: bytes },
		);
		const file = (await parse(body, contentType)).get('file') as File;
		expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
		expect(file.name).toBe('données "v2".jsonl');
	});

	test('accepts a Uint8Array view without copying the wrong bytes', async () => {
		const backing = Buffer.from('xxHELLOxx');
		const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 5);
		const { body, contentType } = await build(
			{},
			{ name: 'file', filename: 'a.txt', contentType: 'text/plain', content: view },
		);
		const file = (await parse(body, contentType)).get('file') as File;
		expect(await file.text()).toBe('HELLO');
	});

	test('each stream reads the content anew from the start (a retry sends the whole file again)', async () => {
		let opened = 0;
		const frame = multipartFrame({}, { name: 'file', filename: 'a', contentType: 'text/plain' });
		const body = multipartBody(frame, 5, async function* () {
			opened++;
			yield Buffer.from('HELLO');
		});
		const first = await read(body);
		expect(await read(body)).toEqual(first);
		expect(opened).toBe(2);
		expect(first.toString()).toContain('\r\n\r\nHELLO\r\n--');
	});

	test('content shorter or longer than its stated size fails the stream and says so, before the body is complete', async () => {
		const frame = multipartFrame({}, { name: 'file', filename: 'a', contentType: 'text/plain' });
		const short = multipartBody(frame, 6, async function* () {
			yield Buffer.from('HELLO');
		});
		await expect(read(short)).rejects.toThrow(/was to have \d+ bytes but \d+ were read/);
		expect(short.failure?.message).toMatch(/did the file change/);
		const long = multipartBody(frame, 4, async function* () {
			yield Buffer.from('HELLO');
		});
		const received: Buffer[] = [];
		await expect(
			(async () => {
				for await (const chunk of long.stream()) received.push(Buffer.from(chunk));
			})(),
		).rejects.toThrow(/more than/);
		// Never more than the stated size: the closing boundary, which would overflow it, is not sent.
		const sent = Buffer.concat(received);
		expect(sent.equals(Buffer.concat([frame.head, Buffer.from('HELLO')]))).toBe(true);
		expect(sent.byteLength).toBeLessThanOrEqual(long.size);
	});

	test("a content source that fails: the stream fails with its error, kept as the body's failure", async () => {
		const frame = multipartFrame({}, { name: 'file', filename: 'a', contentType: 'text/plain' });
		const body = multipartBody(frame, 5, async function* () {
			yield Buffer.from('HE');
			throw new Error('disk gone');
		});
		await expect(read(body)).rejects.toThrow('disk gone');
		expect(body.failure?.message).toBe('disk gone');
	});

	test("n8n's HTTP client sees a Blob: the right tag, size and type", () => {
		const body = new StreamedBody(3, 'text/plain', async function* () {
			yield Buffer.from('abc');
		});
		expect(Object.prototype.toString.call(body)).toBe('[object Blob]');
		expect({ ...body }).toMatchObject({ size: 3, type: 'text/plain' });
	});

	test('an empty or multi-line content type is refused (it would break the part headers)', () => {
		const part = { name: 'file', filename: 'a' };
		expect(() => multipartFrame({}, { ...part, contentType: ' ' })).toThrow('Invalid content type');
		expect(() => multipartFrame({}, { ...part, contentType: 'text/plain\r\nX-Evil: 1' })).toThrow(
			'Invalid content type',
		);
	});

	test('random boundaries differ and disposition values are escaped like browsers do', () => {
		expect(randomBoundary()).toMatch(/^----n8nFormBoundary[0-9a-f]{32}$/);
		expect(randomBoundary()).not.toBe(randomBoundary());
		expect(quoteDispositionValue('a"b\r\nc')).toBe('a%22b%0D%0Ac');
	});
});
