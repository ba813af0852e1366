/**
 * Real outputs against a committed schema file: what the engine tests (test/engine/outputSchemas*.test.ts) check for
 * every operation they run.
 */
import * as fs from 'node:fs';

import Ajv from 'ajv';
import type { IDataObject } from 'n8n-workflow';

import type { OutputSchema } from './compact';

const ajv = new Ajv({ allowUnionTypes: true, allErrors: true });

/** Dotted paths of the fields of `value` that `schema` does not name (where it lists properties at all). */
function unnamedFields(value: unknown, schema: OutputSchema, at = ''): string[] {
	if (Array.isArray(value) && schema.items)
		return value.flatMap((entry, i) => unnamedFields(entry, schema.items!, `${at}[${i}]`));
	if (!value || typeof value !== 'object' || Array.isArray(value) || !schema.properties) return [];
	return Object.entries(value as IDataObject).flatMap(([key, entry]) => {
		const property = schema.properties![key];
		return property ? unnamedFields(entry, property, `${at}.${key}`) : [`${at}.${key}`];
	});
}

/**
 * What is wrong with `items` for the schema in `file`: each item validated with Ajv (types, nullability), and each
 * field of an item that the schema does not name (the editor's preview would not list it).
 * @returns one line per problem, e.g. `item 0/status must be string`, `item 1: .suffix is not in the schema`; empty
 *   when every item fits.
 */
export function outputMismatches(file: string, items: IDataObject[]): string[] {
	const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as OutputSchema;
	// A copy: Ajv adds 'null' to a nullable schema's `type` list in place.
	const validate = ajv.compile(structuredClone(schema));
	return items.flatMap((item, index) => [
		...(validate(item)
			? []
			: ajv.errorsText(validate.errors, { dataVar: `item ${index}` }).split(', ')),
		...unnamedFields(item, schema).map((field) => `item ${index}: ${field} is not in the schema`),
	]);
}
