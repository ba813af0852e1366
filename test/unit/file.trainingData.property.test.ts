import fc from 'fast-check';

import {
	checkTrainingData,
	type TrainingMethod,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';

type Message = Record<string, unknown>;

const text = fc.string({ unit: 'binary', maxLength: 30 });
/** The first bytes of each image format Azure takes (all the checker reads of a data URL's content). */
const IMAGE_BYTES = [
	Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]),
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
	Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]),
];
/** A valid image part: an http(s) URL of a .jpg/.png/.webp (or extensionless) file, or a data URL; any detail. */
const imagePart = fc
	.tuple(
		fc.oneof(
			fc
				.tuple(fc.webUrl(), fc.constantFrom('photo.jpg', 'scan.PNG', 'x.webp', 'img'))
				.map(([url, name]) => `${url}/${name}`),
			fc
				.tuple(
					fc.constantFrom('image/jpeg', 'image/png', 'image/webp', 'image/jpg'),
					fc.constantFrom(...IMAGE_BYTES),
					fc.uint8Array({ maxLength: 30 }),
				)
				.map(
					([type, head, rest]) =>
						`data:${type};base64,${Buffer.concat([head, rest]).toString('base64')}`,
				),
		),
		fc.option(fc.constantFrom('low', 'high', 'auto'), { nil: undefined }),
	)
	.map(([url, detail]) => ({
		type: 'image_url',
		image_url: detail === undefined ? { url } : { url, detail },
	}));
const contentPart = fc.oneof(
	text.map((value) => ({ type: 'text', text: value })),
	imagePart,
);
const content = fc.oneof(text, fc.array(contentPart, { minLength: 1, maxLength: 3 }));
const weight = fc.option(fc.constantFrom(0, 1), { nil: undefined });
const assistant = fc.tuple(text, weight).map(([answer, w]): Message => ({
	role: 'assistant',
	content: answer,
	...(w === undefined ? {} : { weight: w }),
}));
const userMessage = content.map((question): Message => ({ role: 'user', content: question }));
const system = fc.option(
	fc
		.tuple(fc.constantFrom('system', 'developer'), text)
		.map(([role, value]): Message => ({ role, content: value })),
	{ nil: undefined },
);
/** A user turn answered directly, or through one tool call and its result. */
const turn = fc.oneof(
	fc.tuple(userMessage, assistant),
	fc
		.tuple(userMessage, fc.string({ minLength: 1, maxLength: 8 }), text, assistant)
		.map(([question, id, result, answer]) => [
			question,
			{
				role: 'assistant',
				content: null,
				tool_calls: [
					{
						id,
						type: 'function',
						function: { name: 'lookup', arguments: JSON.stringify({ q: result }) },
					},
				],
			},
			{ role: 'tool', tool_call_id: id, content: result },
			answer,
		]),
);

/** One valid example of each method, built from the same message generators. */
const EXAMPLES: Record<TrainingMethod, fc.Arbitrary<object>> = {
	supervised: fc
		.tuple(system, fc.array(turn, { minLength: 1, maxLength: 3 }))
		.map(([first, turns]) => ({ messages: [...(first ? [first] : []), ...turns.flat()] })),
	dpo: fc.tuple(system, userMessage, assistant, assistant).map(([first, question, good, bad]) => ({
		input: { messages: [...(first ? [first] : []), question] },
		preferred_output: [good],
		non_preferred_output: [bad],
	})),
	reinforcement: fc.tuple(system, userMessage, text).map(([first, question, answer]) => ({
		messages: [...(first ? [first] : []), question],
		reference_answer: answer,
	})),
};

/** How the lines of a file are laid out: line end, BOM, blank lines before some lines, final newline. */
const layout = fc.record({
	eol: fc.constantFrom('\n', '\r\n'),
	bom: fc.boolean(),
	blankBefore: fc.array(fc.constantFrom('', ' ', '\t ', '\r'), { maxLength: 40 }),
	finalNewline: fc.boolean(),
});
type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

/** Writes the lines (each already bytes) as a file and returns it with the 1-based physical line of each example. */
function writeFile(
	lines: Buffer[],
	{ eol, bom, blankBefore, finalNewline }: Layout,
): { file: Buffer; physical: number[] } {
	const parts: Buffer[] = bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
	const physical: number[] = [];
	let line = 0;
	lines.forEach((bytes, i) => {
		const blank = blankBefore[i];
		if (blank !== undefined) {
			parts.push(Buffer.from(blank + eol));
			line++;
		}
		physical.push(++line);
		parts.push(bytes, Buffer.from(i < lines.length - 1 || finalNewline ? eol : ''));
	});
	return { file: Buffer.concat(parts), physical };
}

/** Ways to break one line, each a function of its bytes. */
const corruption = fc.oneof(
	fc.nat().map((at) => (line: Buffer) => line.subarray(0, 1 + (at % (line.length - 1)))), // cut short
	fc.constant((line: Buffer) => Buffer.concat([Buffer.from('['), line, Buffer.from(']')])), // an array
	fc.nat().map((at) => (line: Buffer) => {
		const i = at % line.length;
		return Buffer.concat([line.subarray(0, i), Buffer.from([0xff]), line.subarray(i)]); // a byte never valid in UTF-8
	}),
	fc
		.constantFrom<(example: Message) => void>(
			(example) => delete example.messages,
			(example) => ((example.messages as Message[])[0].role = 'robot'),
			(example) => ((example.messages as Message[]).at(-1)!.weight = 2),
			(example) => ((example.messages as Message[])[0].content = 7),
		)
		.map((mutate) => (line: Buffer) => {
			const example = JSON.parse(line.toString('utf8')) as Message;
			mutate(example);
			return Buffer.from(JSON.stringify(example));
		}),
);

const encode = (example: object): Buffer => Buffer.from(JSON.stringify(example), 'utf8');

describe('checkTrainingData: properties', () => {
	it.each(['supervised', 'dpo', 'reinforcement'] as const)(
		'accepts any valid %s set of 10 or more examples, however laid out',
		(method) => {
			fc.assert(
				fc.property(
					fc.array(EXAMPLES[method], { minLength: 10, maxLength: 30 }),
					layout,
					(examples, how) => {
						const report = checkTrainingData(writeFile(examples.map(encode), how).file, { method });
						expect(report).toMatchObject({
							valid: true,
							examples: examples.length,
							errorCount: 0,
							warnings: [],
						});
					},
				),
			);
		},
	);

	it('reports a single corrupted line on exactly that line', () => {
		fc.assert(
			fc.property(
				fc.array(EXAMPLES.supervised, { minLength: 10, maxLength: 20 }),
				layout,
				fc.nat(),
				corruption,
				(examples, how, pick, corrupt) => {
					const lines = examples.map(encode);
					const index = pick % lines.length;
					lines[index] = corrupt(lines[index]);
					const { file, physical } = writeFile(lines, how);
					const report = checkTrainingData(file, { method: 'supervised' });
					expect(report.errorCount).toBe(1);
					expect(report.errors[0].line).toBe(physical[index]);
				},
			),
		);
	});

	it('reports an image moved into an assistant message, or a 65th image in one example, on exactly that line', () => {
		fc.assert(
			fc.property(
				fc.array(EXAMPLES.supervised, { minLength: 10, maxLength: 20 }),
				layout,
				fc.nat(),
				imagePart,
				fc.boolean(),
				(examples, how, pick, image, intoAssistant) => {
					const lines = examples.map(encode);
					const index = pick % lines.length;
					const example = JSON.parse(lines[index].toString('utf8')) as { messages: Message[] };
					if (intoAssistant) {
						const answer = example.messages.filter((m) => m.role === 'assistant').at(-1)!;
						answer.content = [image];
					} else {
						const question = example.messages.find((m) => m.role === 'user')!;
						question.content = Array.from({ length: 65 }, () => image);
					}
					lines[index] = encode(example);
					const { file, physical } = writeFile(lines, how);
					const report = checkTrainingData(file, { method: 'supervised' });
					expect(report.errorCount).toBe(1);
					expect(report.errors[0].line).toBe(physical[index]);
					expect(report.errors[0].message).toMatch(
						intoAssistant
							? /assistant messages cannot contain images/
							: /is image 65 of this example/,
					);
				},
			),
		);
	});

	it('never throws on arbitrary bytes, and its counts agree', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 300 }),
				fc.constantFrom<TrainingMethod>('supervised', 'dpo', 'reinforcement'),
				fc.nat(6),
				(bytes, method, maxErrors) => {
					const report = checkTrainingData(bytes, { method, maxErrors });
					expect(report.errors).toHaveLength(Math.min(report.errorCount, maxErrors));
					expect(report.valid).toBe(report.errorCount === 0);
					expect(report.examples).toBeLessThanOrEqual(
						bytes.filter((byte) => byte === 0x0a).length + 1,
					);
					expect(report.bytes).toBe(bytes.byteLength);
				},
			),
		);
	});
});
