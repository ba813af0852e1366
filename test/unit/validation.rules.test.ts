/** The input rules of nodes/shared/validation.ts: text, numbers, booleans and key-value pairs. */
import {
	FieldError,
	findControlCharacter,
	requireText,
	toBoolean,
	toKeyValuePairs,
	toNumber,
	toText,
} from '../../nodes/shared/validation';

function refusal(read: () => unknown): FieldError {
	try {
		read();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return error as FieldError;
	}
	throw new Error('expected a FieldError');
}

describe('text: only text, and no control characters', () => {
	test.each([
		['a line feed', 'a\nb', 'a line break (U+000A) at character 2'],
		['a carriage return', 'ab\r', 'a carriage return (U+000D) at character 3'],
		['a tab', '\tab', 'a tab (U+0009) at character 1'],
		['NUL', 'a\u0000', 'a NUL character (U+0000) at character 2'],
		['BEL', 'a\u0007', 'U+0007 at character 2'],
		['ESC', '\u001b[31m', 'U+001B at character 1'],
		['DEL', 'a\u007f', 'U+007F at character 2'],
		['a C1 control', 'a\u0085', 'U+0085 at character 2'],
		['a line separator', 'a\u2028b', 'a line separator (U+2028) at character 2'],
	])('%s is refused in a one-line field, naming it and where', (_, value, found) => {
		const error = refusal(() => toText('Suffix', value));
		expect(error.message).toBe(
			`Suffix: must be one line without tabs or other control characters (found ${found})`,
		);
	});

	test('a multi-line field takes line breaks and tabs but still refuses other control characters', () => {
		expect(toText('Content', 'line 1\r\n\tline 2', { multiline: true })).toBe('line 1\r\n\tline 2');
		expect(refusal(() => toText('Content', 'a\nb\u0007', { multiline: true })).message).toBe(
			'Content: must not contain control characters other than line breaks and tabs (found U+0007 at character 4)',
		);
	});

	test('requireText trims spaces but refuses a trailing line break instead of dropping it', () => {
		expect(requireText('Model', '  gpt-4.1  ')).toBe('gpt-4.1');
		expect(refusal(() => requireText('Model', 'gpt-4.1\n')).message).toMatch(
			/^Model: must be one line .*found a line break \(U\+000A\) at character 8/,
		);
	});

	test.each([
		[true, 'the boolean true'],
		[false, 'the boolean false'],
		[3, 'the number 3'],
		[NaN, 'the number NaN'],
		[Infinity, 'the number Infinity'],
		[{ a: 1 }, 'an object'],
		[['a'], 'a list'],
	])('%p is not text: refused naming its type', (value, type) => {
		expect(refusal(() => toText('Model', value)).message).toBe(
			`Model: must be text, but the value is ${type}`,
		);
	});

	test('with `numbers`, a finite number reads as its text; NaN, Infinity and booleans are still refused', () => {
		expect(toText('Value', 42, { numbers: true })).toBe('42');
		expect(toText('Value', 0.5, { numbers: true })).toBe('0.5');
		for (const value of [NaN, -Infinity, true])
			expect(refusal(() => toText('Value', value, { numbers: true })).message).toMatch(
				/must be text/,
			);
	});

	test('undefined and null read as empty text', () => {
		expect(toText('Suffix', undefined)).toBe('');
		expect(toText('Suffix', null)).toBe('');
		expect(refusal(() => requireText('Model', null)).message).toBe(
			'Model: is required but was empty',
		);
	});

	test('findControlCharacter: undefined for clean text', () => {
		expect(findControlCharacter('plain text – ünïcode ✓')).toBeUndefined();
		expect(findControlCharacter('two\nlines', true)).toBeUndefined();
	});
});

describe('numbers: decimal text or numbers only', () => {
	test.each([
		['3', 3],
		[' -1.5 ', -1.5],
		['.5', 0.5],
		['2e-5', 2e-5],
		[7, 7],
	])('%p reads as %p', (value, expected) => {
		expect(toNumber('Seed', value)).toBe(expected);
	});

	test.each([['0x10'], ['Infinity'], ['1,5'], [''], [true], [null], [NaN], [[1]], [{}]])(
		'%p is refused, never converted',
		(value) => {
			expect(refusal(() => toNumber('Seed', value)).message).toMatch(/^Seed: must be a number/);
		},
	);

	test('the rule is in the message: Seed -1', () => {
		expect(
			refusal(() => toNumber('Seed', -1, { integer: true, min: 0, max: 2147483647 })).message,
		).toBe('Seed: must be an integer from 0 to 2147483647 (got -1)');
	});
});

describe('booleans: true/false only', () => {
	test.each([
		[true, true],
		[false, false],
		[' TRUE ', true],
		['false', false],
	])('%p reads as %p', (value, expected) => {
		expect(toBoolean('Strict', value)).toBe(expected);
	});

	test.each([['yes'], [{}], [[]], [1], [0], [''], [null]])('%p is refused', (value) => {
		expect(refusal(() => toBoolean('Strict', value)).message).toMatch(
			/^Strict: must be true or false \(got /,
		);
	});
});

describe('key-value pairs in every shape n8n hands over', () => {
	const pairs = [{ key: 'team', value: 'search' }];

	test.each<[string, unknown]>([
		['the pairs field', { pairs }],
		['its list given by an expression', { pairs: [...pairs] }],
		['an object given to the pairs field by an expression', { pairs: { team: 'search' } }],
		['JSON text given to the pairs field', { pairs: '{"team":"search"}' }],
		['a list of pairs', pairs],
		['an object', { team: 'search' }],
		['JSON text of an object', '{"team": "search"}'],
		['JSON text of a list', '[{"key": "team", "value": "search"}]'],
	])('%s', (_, value) => {
		expect(toKeyValuePairs('Metadata', value, 'pairs')).toEqual(pairs);
	});

	test('without the envelope name, an object with the key "pairs" is just a pair', () => {
		expect(toKeyValuePairs('Metadata (JSON)', { pairs: 'x' })).toEqual([
			{ key: 'pairs', value: 'x' },
		]);
	});

	test.each([[''], [undefined], [null], [{}], [[]], [{ pairs: [] }]])(
		'%p gives no pairs',
		(value) => {
			expect(toKeyValuePairs('Metadata', value, 'pairs')).toEqual([]);
		},
	);

	test.each<[unknown, RegExp]>([
		[5, /^Metadata: must be an object such as .* \(got 5\)$/],
		[true, /^Metadata: must be an object .* \(got true\)$/],
		['{"team": ', /^Metadata: is not valid JSON \(.*\); expected an object/],
		['"text"', /^Metadata: must be an object .* \(got "text"\)$/],
		[[{ name: 'a' }], /^Metadata: item 1 of the list must be a \{"key": …, "value": …\} pair/],
		[['a'], /^Metadata: item 1 of the list must be/],
	])('%p is refused naming the field and the accepted shapes', (value, message) => {
		expect(refusal(() => toKeyValuePairs('Metadata', value, 'pairs')).message).toMatch(message);
	});
});
