import { toMaxItems } from '../../nodes/AzureAiFoundryFineTuning/descriptions/pagination';
import { FieldError } from '../../nodes/shared/validation';

describe('toMaxItems: Return All / Limit', () => {
	test('Return All → no maximum; Limit → the number, also from text', () => {
		expect(toMaxItems(true, 50)).toBeUndefined();
		expect(toMaxItems(false, 50)).toBe(50);
		expect(toMaxItems(false, ' 7 ')).toBe(7);
	});

	test.each([0, -1, 2.5, 'ten', ''])('Limit %p is refused naming the field', (limit) => {
		expect(() => toMaxItems(false, limit)).toThrow(FieldError);
		expect(() => toMaxItems(false, limit)).toThrow(/^Limit: must be an integer at least 1/);
	});
});

describe('Return All given by an expression', () => {
	test.each([
		[true, undefined],
		['true', undefined],
		[' TRUE ', undefined],
		[false, 7],
		['false', 7],
	])('%j → %j', (returnAll, expected) => {
		expect(toMaxItems(returnAll, 7)).toBe(expected);
	});

	test.each(['yes', 1, '', null])('%j is refused naming Return All', (returnAll) => {
		expect(() => toMaxItems(returnAll, 7)).toThrow(/^Return All: must be true or false/);
	});
});
