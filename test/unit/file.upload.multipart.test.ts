import {
	buildMultipart,
	quoteDispositionValue,
	randomBoundary,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/multipart';

/** Reads a body back the way a server does (undici's multipart parser, as Node's fetch Request uses it). */
async function parse(body: Buffer, contentType: string) {
	return await new Request('http://localhost', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body,
	}).formData();
}

describe('buildMultipart', () => {
	const content = Buffer.from('{"messages":[]}\n{"messages":[]}\n', 'utf8');

	test('text fields then the file part with a filename and its own Content-Type; the bytes unchanged', async () => {
		const { body, contentType } = buildMultipart(
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
		const { body, contentType } = buildMultipart(
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
		const { body, contentType } = buildMultipart(
			{},
			{ name: 'file', filename: 'a.txt', contentType: 'text/plain', content: view },
		);
		const file = (await parse(body, contentType)).get('file') as File;
		expect(await file.text()).toBe('HELLO');
	});

	test('a boundary found in the content is drawn again; giving up after 8 draws', () => {
		const draws = ['inside', 'inside', 'fresh'];
		const { contentType } = buildMultipart(
			{},
			{
				name: 'file',
				filename: 'a',
				contentType: 'text/plain',
				content: Buffer.from('..inside..'),
			},
			() => draws.shift()!,
		);
		expect(contentType).toBe('multipart/form-data; boundary=fresh');
		expect(() =>
			buildMultipart(
				{},
				{ name: 'file', filename: 'a', contentType: 'text/plain', content: Buffer.from('inside') },
				() => 'inside',
			),
		).toThrow('Could not find a multipart boundary');
	});

	test('an empty or multi-line content type is refused (it would break the part headers)', () => {
		const part = { name: 'file', filename: 'a', content: Buffer.from('x') };
		expect(() => buildMultipart({}, { ...part, contentType: ' ' })).toThrow('Invalid content type');
		expect(() => buildMultipart({}, { ...part, contentType: 'text/plain\r\nX-Evil: 1' })).toThrow(
			'Invalid content type',
		);
	});

	test('random boundaries differ and disposition values are escaped like browsers do', () => {
		expect(randomBoundary()).toMatch(/^----n8nFormBoundary[0-9a-f]{32}$/);
		expect(randomBoundary()).not.toBe(randomBoundary());
		expect(quoteDispositionValue('a"b\r\nc')).toBe('a%22b%0D%0Ac');
	});
});
