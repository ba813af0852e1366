/**
 * checkTrainingDataStream (the check over a file read in chunks) against checkTrainingData (the same file as one
 * Buffer): the reports must be identical wherever the chunks are cut, including inside a CRLF line end, inside the
 * BOM and inside a multi-byte UTF-8 character.
 */
import fc from 'fast-check';

import {
	checkTrainingData,
	checkTrainingDataStream,
	MAX_TRAINING_FILE_BYTES,
	type TrainingMethod,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The file's bytes as chunks cut at `cuts` (positions, any order, duplicates and out-of-range ones ignored). */
async function* chunked(file: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
	const at = [...new Set(cuts.filter((cut) => cut > 0 && cut < file.length))].sort((a, b) => a - b);
	let start = 0;
	for (const cut of [...at, file.length]) {
		// Uint8Array views (not Buffers) on half of the chunks: the reader accepts either.
		const piece = file.subarray(start, cut);
		yield cut % 2 ? new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength) : piece;
		start = cut;
	}
}

const chat = (question: string, answer: string) =>
	JSON.stringify({
		messages: [
			{ role: 'user', content: question },
			{ role: 'assistant', content: answer },
		],
	});

/** Lines of every kind the checker tells apart, with multi-byte UTF-8 (2, 3 and 4 bytes) in valid and broken ones. */
const LINE_KINDS = [
	chat('Grüß dich', 'Hallo, schön dich zu sehen'),
	chat('日本語で答えて', 'はい、わかりました'),
	chat('emoji?', 'sure 😀👍'),
	chat('plain', 'answer'),
	JSON.stringify({ messages: [{ role: 'user', content: 'no answer' }] }),
	JSON.stringify({ messages: [{ role: 'robot', content: 'é' }] }),
	'[{"role":"user"}]',
	'{"messages": [',
	'"just a string"',
	'',
	' \t ',
	'\r',
].map((line) => Buffer.from(line, 'utf8'));
const INVALID_UTF8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
/** A character cut in half: valid only if nothing else breaks it, never valid on its own. */
const HALF_CHARACTER = Buffer.from('😀', 'utf8').subarray(0, 2);

const line = fc.oneof(
	{ weight: 8, arbitrary: fc.constantFrom(...LINE_KINDS) },
	{ weight: 1, arbitrary: fc.constantFrom(INVALID_UTF8, HALF_CHARACTER) },
);

const file = fc
	.record({
		lines: fc.array(line, { maxLength: 30 }),
		eol: fc.constantFrom('\n', '\r\n'),
		bom: fc.boolean(),
		finalNewline: fc.boolean(),
	})
	.map(({ lines, eol, bom, finalNewline }) => {
		const end = Buffer.from(eol);
		const parts = lines.flatMap((bytes, i) =>
			i < lines.length - 1 || finalNewline ? [bytes, end] : [bytes],
		);
		return Buffer.concat(bom ? [BOM, ...parts] : parts);
	});

const method = fc.constantFrom<TrainingMethod>('supervised', 'dpo', 'reinforcement');

describe('checkTrainingDataStream', () => {
	test('the same report as the whole-buffer check, wherever the chunks are cut', async () => {
		await fc.assert(
			fc.asyncProperty(
				file,
				fc.array(fc.nat(), { maxLength: 40 }),
				method,
				fc.nat(6),
				async (bytes, cuts, how, maxErrors) => {
					const options = { method: how, maxErrors };
					const streamed = await checkTrainingDataStream(chunked(bytes, cuts), options);
					expect(streamed).toEqual(checkTrainingData(bytes, options));
				},
			),
			{ numRuns: 400 },
		);
	});

	test('the same report on arbitrary bytes cut into arbitrary chunks', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.uint8Array({ maxLength: 400 }),
				fc.array(fc.nat(400), { maxLength: 20 }),
				async (raw, cuts) => {
					const bytes = Buffer.from(raw);
					const streamed = await checkTrainingDataStream(chunked(bytes, cuts), {
						method: 'supervised',
					});
					expect(streamed).toEqual(checkTrainingData(bytes, { method: 'supervised' }));
				},
			),
			{ numRuns: 300 },
		);
	});

	/** A small file with a BOM, CRLF line ends, 2-, 3- and 4-byte characters and an error on line 12. */
	const sample = Buffer.concat([
		BOM,
		Buffer.from(
			[
				...LINE_KINDS.slice(0, 4),
				...LINE_KINDS.slice(0, 4),
				...LINE_KINDS.slice(0, 3),
				'{"x":',
				'é',
			]
				.map((text) => text.toString())
				.join('\r\n'),
			'utf8',
		),
	]);

	test('every single cut position, and one byte per chunk, read like the whole buffer', async () => {
		const whole = checkTrainingData(sample, { method: 'supervised' });
		expect(whole).toMatchObject({ examples: 13, errorCount: 2 });
		expect(whole.errors.map((error) => error.line)).toEqual([12, 13]);
		for (let cut = 1; cut < sample.length; cut++) {
			expect(
				await checkTrainingDataStream(chunked(sample, [cut]), { method: 'supervised' }),
			).toEqual(whole);
		}
		const everyByte = Array.from({ length: sample.length }, (_, i) => i);
		expect(
			await checkTrainingDataStream(chunked(sample, everyByte), { method: 'supervised' }),
		).toEqual(whole);
	});

	test('a cut inside the BOM, inside CRLF and inside a 4-byte character: those places exist in the sample', () => {
		// Guards the test above: the sample really has these split points.
		expect(sample.subarray(0, 3).equals(BOM)).toBe(true);
		expect(sample.includes(Buffer.from('\r\n'))).toBe(true);
		expect(sample.includes(Buffer.from('😀'))).toBe(true);
		expect(sample.includes(Buffer.from('日'))).toBe(true);
	});

	test('a declared size over the limit is reported without reading the stream', async () => {
		const unread: AsyncIterable<Uint8Array> = {
			[Symbol.asyncIterator]: () => {
				throw new Error('the stream was read');
			},
		};
		const report = await checkTrainingDataStream(
			unread,
			{ method: 'supervised' },
			MAX_TRAINING_FILE_BYTES + 1,
		);
		expect(report).toMatchObject({
			valid: false,
			examples: 0,
			errorCount: 1,
			errors: [{ line: 0, message: 'the file is 512.0 MB; the maximum is 512 MB' }],
			bytes: MAX_TRAINING_FILE_BYTES + 1,
		});
	});

	test('a stream longer than the limit (size unknown beforehand): only the size error, with the size read', async () => {
		const mib = 1024 * 1024;
		// Lines that are not UTF-8: each is an error until the limit is passed, then none of them is reported.
		const badLine = Buffer.alloc(mib, 0xff);
		badLine[mib - 1] = 0x0a;
		const chunks = MAX_TRAINING_FILE_BYTES / mib + 1;
		async function* big() {
			for (let i = 0; i < chunks; i++) yield badLine;
		}
		const report = await checkTrainingDataStream(big(), { method: 'supervised' });
		expect(report).toMatchObject({
			valid: false,
			examples: 0,
			errorCount: 1,
			errors: [{ line: 0, message: 'the file is 513.0 MB; the maximum is 512 MB' }],
			bytes: chunks * mib,
		});
	});
});
