import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	checkTrainingData,
	formatTrainingDataErrors,
	MAX_TRAINING_FILE_BYTES,
	type TrainingDataReport,
	type TrainingMethod,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';

const FIXTURES = join(__dirname, '../fixtures/training');
const fixtureLines = (name: string): string[] =>
	readFileSync(join(FIXTURES, name), 'utf8').trimEnd().split('\n');
const toFile = (lines: string[], eol = '\n'): Buffer => Buffer.from(lines.join(eol) + eol, 'utf8');
/** A copy of `lines` with the 1-based `line` replaced. */
const withLine = (lines: string[], line: number, text: string): string[] =>
	lines.map((old, i) => (i === line - 1 ? text : old));

const CHAT = fixtureLines('chat-valid.jsonl');
const DPO = fixtureLines('dpo-valid.jsonl');
const RFT = fixtureLines('rft-valid.jsonl');

const check = (lines: string[], method: TrainingMethod = 'supervised'): TrainingDataReport =>
	checkTrainingData(toFile(lines), { method });

const user = (content: unknown = 'Hi') => ({ role: 'user', content });
const assistant = (content: unknown = 'Hello! How can I help?', extra: object = {}) => ({
	role: 'assistant',
	content,
	...extra,
});
const chatLine = (...messages: unknown[]): string => JSON.stringify({ messages });

describe('checkTrainingData: the required cases', () => {
	it('reports line 1 when it is a JSON array', () => {
		const report = check(['[{"role":"user","content":"Hi"}]', ...CHAT]);
		expect(report.valid).toBe(false);
		expect(report.errors).toEqual([{ line: 1, message: 'expected a JSON object, found an array' }]);
	});

	it('accepts a valid file that starts with a UTF-8 BOM', () => {
		const report = checkTrainingData(
			Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), toFile(CHAT)]),
			{ method: 'supervised' },
		);
		expect(report).toMatchObject({ valid: true, examples: CHAT.length, errorCount: 0 });
	});

	it('reports line 7 when it has an unescaped quote', () => {
		const report = check(
			withLine(CHAT, 7, '{"messages":[{"role":"user","content":"the "Frost 500" fridge"}]}'),
		);
		expect(report.errorCount).toBe(1);
		expect(report.errors[0].line).toBe(7);
		expect(report.errors[0].message).toMatch(/^not valid JSON \(.+\)$/);
	});

	it('needs at least 10 examples and says how many it found', () => {
		const report = check(CHAT.slice(0, 9));
		expect(report.errors).toEqual([
			{ line: 0, message: 'at least 10 examples are needed, 9 found' },
		]);
		expect(check(CHAT.slice(0, 10)).valid).toBe(true);
	});

	it('reports the line of a weight of 2', () => {
		const report = check(withLine(CHAT, 4, chatLine(user(), assistant('Sure.', { weight: 2 }))));
		expect(report.errors).toEqual([
			{ line: 4, message: 'messages[1].weight must be 0 or 1, found 2' },
		]);
	});

	it('reads CRLF files like LF files', () => {
		const crlf = checkTrainingData(toFile(CHAT, '\r\n'), { method: 'supervised' });
		expect({ ...crlf, bytes: 0 }).toEqual({ ...check(CHAT), bytes: 0 });
		expect(crlf.valid).toBe(true);
		const broken = withLine(CHAT, 3, '{"messages": 1}');
		expect(checkTrainingData(toFile(broken, '\r\n'), { method: 'supervised' }).errors).toEqual(
			check(broken).errors,
		);
	});

	it('skips blank lines in the middle but keeps counting physical lines', () => {
		const lines = [
			...CHAT.slice(0, 5),
			'',
			'   \t',
			'\r',
			...withLine(CHAT, 6, '{"messages": []}').slice(5),
		];
		const report = check(lines);
		expect(report.examples).toBe(CHAT.length);
		expect(report.errors).toEqual([{ line: 9, message: '"messages" is empty' }]);
	});

	it('reports the line of invalid UTF-8 bytes', () => {
		const bytes = toFile(CHAT);
		const line3 = bytes.indexOf('Kestrel', bytes.indexOf(CHAT[2]));
		bytes[line3] = 0xc3; // a 2-byte lead followed by ASCII
		const report = checkTrainingData(bytes, { method: 'supervised' });
		expect(report.errors).toEqual([
			{ line: 3, message: 'not valid UTF-8 (save the file as UTF-8)' },
		]);
		expect(report.examples).toBe(CHAT.length);
	});
});

describe('checkTrainingData: fixtures', () => {
	it.each([
		['chat-valid.jsonl', 'supervised', CHAT],
		['dpo-valid.jsonl', 'dpo', DPO],
		['rft-valid.jsonl', 'reinforcement', RFT],
	] as const)('accepts %s for %s without warnings', (_name, method, lines) => {
		const report = check([...lines], method);
		expect(report).toMatchObject({
			valid: true,
			examples: lines.length,
			errors: [],
			errorCount: 0,
			warnings: [],
		});
		const { total, min, max, mean } = report.estimatedTokens;
		expect(min).toBeGreaterThan(0);
		expect(min).toBeLessThanOrEqual(mean);
		expect(mean).toBeLessThanOrEqual(max);
		expect(mean).toBe(Math.round(total / lines.length));
	});

	it('rejects a file written for another method on every line', () => {
		const report = check(CHAT, 'dpo');
		expect(report.errorCount).toBe(CHAT.length);
		expect(report.errors[0]).toEqual({
			line: 1,
			message: '"input" must be an object with "messages"',
		});
	});

	it('accepts a plain Uint8Array like a Buffer', () => {
		const buffer = toFile(CHAT);
		expect(checkTrainingData(new Uint8Array(buffer), { method: 'supervised' })).toEqual(
			check(CHAT),
		);
	});
});

describe('checkTrainingData: supervised rules', () => {
	const call = (extra: object = {}) => ({
		id: 'call_1',
		type: 'function',
		function: { name: 'lookup', arguments: '{}' },
		...extra,
	});
	const callLine = (extra: object) =>
		chatLine(user(), assistant(null, { tool_calls: [call(extra)] }));
	const withTools = (tools: unknown) => JSON.stringify({ messages: [user(), assistant()], tools });
	const noContent = 'content is missing (only an assistant message with "tool_calls" may omit it)';
	it.each([
		[
			'a non-object message',
			chatLine('hi', assistant()),
			'messages[0] must be an object, found "hi"',
		],
		[
			'an unknown role',
			chatLine({ role: 'sytem', content: 'x' }, assistant()),
			'messages[0].role must be one of system, developer, user, assistant, tool, found "sytem"',
		],
		['no messages', JSON.stringify({ prompt: 'x' }), '"messages" is missing'],
		[
			'messages not an array',
			JSON.stringify({ messages: {} }),
			'"messages" must be an array of messages, found an object',
		],
		[
			'numeric content',
			chatLine(user(42), assistant()),
			'messages[0].content must be a string or an array of content parts, found 42',
		],
		['user content null', chatLine(user(null), assistant()), `messages[0].${noContent}`],
		[
			'assistant content null without tool calls',
			chatLine(user(), assistant(null)),
			`messages[1].${noContent}`,
		],
		['empty content parts', chatLine(user([]), assistant()), 'messages[0].content is empty'],
		[
			'an unknown part type',
			chatLine(user([{ type: 'audio' }]), assistant()),
			'messages[0].content[0].type must be "text" or "image_url", found "audio"',
		],
		[
			'a text part without text',
			chatLine(user([{ type: 'text' }]), assistant()),
			'messages[0].content[0].text must be a string, found nothing',
		],
		[
			'an image part without url',
			chatLine(user([{ type: 'image_url', image_url: {} }]), assistant()),
			'messages[0].content[0].image_url.url must be a string',
		],
		[
			'a weight on a user message',
			chatLine({ ...user(), weight: 1 }, assistant()),
			'messages[0].weight is only allowed on assistant messages',
		],
		[
			'a weight of 0.5',
			chatLine(user(), assistant('x', { weight: 0.5 })),
			'messages[1].weight must be 0 or 1, found 0.5',
		],
		[
			'a weight of "1"',
			chatLine(user(), assistant('x', { weight: '1' })),
			'messages[1].weight must be 0 or 1, found "1"',
		],
		[
			'no assistant message',
			chatLine({ role: 'system', content: 'Be brief.' }, user()),
			'"messages" has no assistant message to train on',
		],
		[
			'tool calls on a user message',
			chatLine({ ...user(), tool_calls: [call()] }, assistant()),
			'messages[0].tool_calls is only allowed on assistant messages',
		],
		[
			'empty tool calls',
			chatLine(user(), assistant(null, { tool_calls: [] })),
			'messages[1].tool_calls must be a non-empty array, found an array',
		],
		[
			'a tool call without id',
			callLine({ id: undefined }),
			'messages[1].tool_calls[0].id must be a non-empty string',
		],
		[
			'a tool call of another type',
			callLine({ type: 'code' }),
			'messages[1].tool_calls[0].type must be "function", found "code"',
		],
		[
			'object arguments',
			callLine({ function: { name: 'lookup', arguments: {} } }),
			'messages[1].tool_calls[0].function.arguments must be a string (JSON-encoded), found an object',
		],
		[
			'a tool message without tool_call_id',
			chatLine(user(), { role: 'tool', content: '{}' }, assistant()),
			'messages[1].tool_call_id must be a non-empty string',
		],
		['tools not an array', withTools({}), '"tools" must be an array, found an object'],
		[
			'a tool without a name',
			withTools([{ type: 'function', function: {} }]),
			'tools[0].function.name must be a non-empty string',
		],
	])('reports %s', (_case, line, message) => {
		expect(check(withLine(CHAT, 5, line)).errors).toEqual([{ line: 5, message }]);
	});

	it('accepts tool calls, tool results, developer messages, image parts and weight 0 (fixture lines 3, 5, 6, 7)', () => {
		expect(check(CHAT).valid).toBe(true);
	});

	it('warns, once per kind with a count, about legacy function calling and a last message that is not the assistant', () => {
		const legacy = JSON.stringify({
			messages: [
				user(),
				assistant(null, { function_call: { name: 'lookup', arguments: '{}' } }),
				{ role: 'function', name: 'lookup', content: '{}' },
				assistant(),
			],
			functions: [{ name: 'lookup' }],
		});
		const endsWithUser = chatLine(user(), assistant(), user('Thanks'));
		const report = check([...withLine(withLine(CHAT, 2, legacy), 4, endsWithUser), endsWithUser]);
		expect(report.valid).toBe(true);
		expect(report.warnings).toEqual([
			'line 2: "function_call" is deprecated; use "tool_calls"',
			'line 2: role "function" is deprecated; use "tool" messages with "tool_call_id"',
			'line 2: top-level "functions" is deprecated; use "tools"',
			expect.stringMatching(
				/^line 4: the last message should be from the assistant;.* \(2 examples in total\)$/,
			),
		]);
	});
});

describe('checkTrainingData: DPO rules', () => {
	const dpoLine = (
		input: unknown,
		preferred: unknown = [assistant()],
		nonPreferred: unknown = [assistant('No.')],
	) => JSON.stringify({ input, preferred_output: preferred, non_preferred_output: nonPreferred });
	it.each([
		[
			'no input',
			JSON.stringify({ preferred_output: [assistant()] }),
			'"input" must be an object with "messages"',
		],
		['no input messages', dpoLine({}), '"input.messages" is missing'],
		[
			'a user message as preferred output',
			dpoLine({ messages: [user()] }, [user()]),
			'preferred_output[0].role must be one of assistant, tool, found "user"',
		],
		[
			'an empty non-preferred output',
			dpoLine({ messages: [user()] }, undefined, []),
			'"non_preferred_output" is empty',
		],
		[
			'a missing non-preferred output',
			JSON.stringify({ input: { messages: [user()] }, preferred_output: [assistant()] }),
			'"non_preferred_output" is missing',
		],
		[
			'bad input tools',
			dpoLine({ messages: [user()], tools: 'x' }),
			'"input.tools" must be an array, found "x"',
		],
	])('reports %s', (_case, line, message) => {
		expect(check(withLine(DPO, 3, line), 'dpo').errors).toEqual([{ line: 3, message }]);
	});
});

describe('checkTrainingData: reinforcement rules', () => {
	it('needs the last message to be from the user', () => {
		const line = JSON.stringify({ messages: [user(), assistant()], reference_answer: 'x' });
		expect(check(withLine(RFT, 2, line), 'reinforcement').errors).toEqual([
			{
				line: 2,
				message:
					'the last message must be from the user (the answer is sampled and graded), found "assistant"',
			},
		]);
	});

	it('allows any extra field and warns when an example has none besides messages and tools', () => {
		const bare = JSON.stringify({ messages: [user()], tools: [] });
		const extra = JSON.stringify({ messages: [user()], expected: { total: 3 }, tags: ['a'] });
		const report = check(withLine(withLine(RFT, 5, bare), 6, extra), 'reinforcement');
		expect(report.valid).toBe(true);
		expect(report.warnings).toEqual([
			expect.stringMatching(
				/^line 5: no field besides "messages"; a grader usually needs a reference answer/,
			),
		]);
	});
});

describe('checkTrainingData: file-level behaviour', () => {
	it('lists the first maxErrors errors and counts all', () => {
		const lines = CHAT.map((line, i) => (i % 2 ? '{' : line));
		expect(check(lines)).toMatchObject({
			errorCount: 6,
			errors: [1, 3, 5, 7, 9].map((line) => ({ line: line + 1 })),
		});
		const none = checkTrainingData(toFile(lines), { method: 'supervised', maxErrors: 0 });
		expect(none).toMatchObject({ errorCount: 6, errors: [] });
		expect(
			checkTrainingData(toFile(lines), { method: 'supervised', maxErrors: 100 }).errors,
		).toHaveLength(6);
	});

	it.each([-1, 1.5, Number.NaN])('throws a RangeError for maxErrors %p', (maxErrors) => {
		expect(() => checkTrainingData(toFile(CHAT), { method: 'supervised', maxErrors })).toThrow(
			RangeError,
		);
	});

	it('rejects more than 512 MB before parsing', () => {
		const huge = new Uint8Array(MAX_TRAINING_FILE_BYTES + 1); // zero pages are not touched: cheap
		expect(checkTrainingData(huge, { method: 'supervised' })).toMatchObject({
			valid: false,
			examples: 0,
			errorCount: 1,
			errors: [{ line: 0, message: 'the file is 512.0 MB; the maximum is 512 MB' }],
			bytes: MAX_TRAINING_FILE_BYTES + 1,
		});
	});

	it('reports an empty file as having no examples', () => {
		expect(checkTrainingData(new Uint8Array(0), { method: 'supervised' })).toMatchObject({
			examples: 0,
			errors: [{ line: 0, message: 'at least 10 examples are needed, 0 found' }],
			estimatedTokens: { total: 0, min: 0, max: 0, mean: 0 },
		});
	});

	it('accepts a last line without a newline and rejects a BOM that is not at the start', () => {
		expect(checkTrainingData(Buffer.from(CHAT.join('\n')), { method: 'supervised' }).valid).toBe(
			true,
		);
		const report = check(withLine(CHAT, 2, `\ufeff${CHAT[1]}`));
		expect(report.errors.map((error) => error.line)).toEqual([2]);
	});

	it('estimates ~4 characters per token of message text, including tool-call names and arguments', () => {
		const plain = chatLine(user('x'.repeat(7)), assistant('y'.repeat(9))); // 16 chars: 4 tokens
		const toolCall = { id: 'c', type: 'function', function: { name: 'abc', arguments: '{}' } };
		const result = { role: 'tool', tool_call_id: 'c', content: 'z'.repeat(8) };
		const tool = chatLine(
			user('x'.repeat(7)),
			assistant(null, { tool_calls: [toolCall] }),
			result,
			assistant('y'),
		); // 7 + 5 + 8 + 1 = 21: 6 tokens
		const lines = [...Array<string>(9).fill(plain), tool];
		const report = check(lines);
		expect(report.estimatedTokens).toEqual({ total: 42, min: 4, max: 6, mean: 4 });
		expect(report.tokenEstimate).toMatch(/~4 characters per token.*not a tokenizer/);
		expect(report.bytes).toBe(toFile(lines).byteLength);
	});
});

describe('formatTrainingDataErrors', () => {
	const report = (
		errorCount: number,
		errors: TrainingDataReport['errors'],
	): TrainingDataReport => ({
		...check(CHAT),
		valid: errorCount === 0,
		errorCount,
		errors,
	});

	it('lists the errors with their lines and says when only the first ones are listed', () => {
		const failed = check(withLine(withLine(CHAT, 7, '{"a": "b"c"}'), 9, '[]').slice(0, 9));
		expect(formatTrainingDataErrors(failed)).toMatch(
			/^Training data has 3 problems: line 7: not valid JSON \(.+\); line 9: expected a JSON object, found an array; at least 10 examples are needed, 9 found$/,
		);
		expect(formatTrainingDataErrors(report(7, [{ line: 2, message: 'x' }]))).toBe(
			'Training data has 7 problems (first 1 listed): line 2: x',
		);
	});

	it('uses the singular, copes with no listed errors and returns an empty string for a valid report', () => {
		expect(formatTrainingDataErrors(report(1, [{ line: 3, message: 'x' }]))).toBe(
			'Training data has 1 problem: line 3: x',
		);
		expect(formatTrainingDataErrors(report(4, []))).toBe('Training data has 4 problems.');
		expect(formatTrainingDataErrors(check(CHAT))).toBe('');
	});
});
