/** The multi grader's formula language (formula.ts): precedence, functions, and what it refuses. */
import { FormulaError, parseFormula } from './formula';

const evaluate = (text: string, scores: Record<string, number> = {}) =>
	parseFormula(text, new Set(Object.keys(scores)))(scores);

describe('parseFormula', () => {
	it.each<[string, number, Record<string, number>]>([
		['1 + 2 * 3', 7, {}],
		['(1 + 2) * 3', 9, {}],
		['10 - 4 - 3', 3, {}],
		['12 / 3 / 2', 2, {}],
		['2 ^ 3 ^ 2', 512, {}],
		['-2 ^ 2', -4, {}],
		['2 ^ -1', 0.5, {}],
		['--3 + +1', 4, {}],
		['.5e1 + 1.5E-1', 5.15, {}],
		['(a + b) / 2', 0.75, { a: 1, b: 0.5 }],
		['0.7 * accuracy + 0.3 * style_2', 0.7, { accuracy: 1, style_2: 0 }],
		['min(a, b, 0.2) + max(a) + abs(-3) + floor(1.9) + ceil(1.1)', 7.2, { a: 1, b: 0.5 }],
		['exp(0) + sqrt(16) + log(1)', 5, {}],
		['min', 0.25, { min: 0.25 }],
	])('%s = %d', (text, expected, scores) => {
		expect(evaluate(text, scores)).toBeCloseTo(expected, 12);
	});

	it.each([
		['', /the formula is empty/],
		['   ', /the formula is empty/],
		['1 +', /a number, a grader key or "\(" expected at the end/],
		['(1 + 2', /"\)" expected at the end/],
		['1 2', /operator expected at position 3/],
		['a % 2', /unexpected character "%" at position 3/],
		['x + 1', /unknown grader key "x" \(keys: a\)/],
		['round(a)', /unknown function "round" at position 1/],
		['abs(a, a)', /abs\(\) takes one argument, got 2/],
		['max()', /a number, a grader key or "\(" expected at position 5/],
		['__proto__', /unknown grader key "__proto__"/],
		['constructor(1)', /unknown function "constructor"/],
	])('refuses %j', (text, message) => {
		expect(() => parseFormula(text, new Set(['a']))).toThrow(FormulaError);
		expect(() => parseFormula(text, new Set(['a']))).toThrow(message);
	});
});
