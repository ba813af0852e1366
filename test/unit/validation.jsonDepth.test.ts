/**
 * JSON fields refuse values nested too deep to be sent (nodes/shared/validation.ts `checkJsonDepth`): a schema
 * nested thousands deep used to reach the transport and fail there as "No answer from Azure: Maximum call stack size
 * exceeded" although nothing had been sent.
 */
import {
	checkJsonDepth,
	FieldError,
	MAX_JSON_DEPTH,
	toJsonObject,
} from '../../nodes/shared/validation';

/** JSON text of objects nested `depth` levels deep: `{"a":{"a":…1…}}`. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const FIELD = 'Response Format › Schema';

test(`${MAX_JSON_DEPTH} levels are accepted, one more is refused naming the field and the limit`, () => {
	expect(() => toJsonObject(FIELD, nested(MAX_JSON_DEPTH))).not.toThrow();
	expect(() => toJsonObject(FIELD, nested(MAX_JSON_DEPTH + 1))).toThrow(
		new FieldError(
			FIELD,
			`is nested more than ${MAX_JSON_DEPTH} levels deep (objects and lists inside each other); at most ${MAX_JSON_DEPTH} levels can be sent`,
		),
	);
});

test('lists count like objects; scalars add no level', () => {
	const lists = `{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}"x"${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
	expect(() => toJsonObject(FIELD, lists)).not.toThrow();
	expect(() => toJsonObject(FIELD, `{"a":[${lists}]}`)).toThrow(/nested more than/);
});

test('100 000 levels deep (text or an object from an expression) are refused with a message, not a stack overflow', () => {
	const text = nested(100_000);
	expect(() => toJsonObject(FIELD, text)).toThrow(FieldError);
	expect(() => toJsonObject(FIELD, JSON.parse(text))).toThrow(
		/^Response Format › Schema: is nested/,
	);
});

test('an object that contains itself is refused; a part shared many times is walked quickly', () => {
	const cyclic: Record<string, unknown> = {};
	cyclic.self = cyclic;
	expect(() => checkJsonDepth(FIELD, cyclic)).toThrow(/nested more than/);
	// 60 levels, each holding the next level twice: 2^60 paths, 60 distinct objects.
	let shared: unknown = 1;
	for (let level = 0; level < 60; level++) shared = { left: shared, right: shared };
	const started = Date.now();
	expect(() => checkJsonDepth(FIELD, shared)).not.toThrow();
	expect(Date.now() - started).toBeLessThan(1_000);
});
