/**
 * Compact output schemas, the form n8n's own `__schema__/…json` files have: a JSON Schema of only `type`,
 * `properties` and `items` (plus `nullable`, OpenAPI's keyword, which Ajv reads too). n8n's editor turns one into the
 * input panel's field list before a node has run: it recurses into `properties` when `type` is exactly `"object"` and
 * into `items` when it is `"array"`, and shows the first entry of a `type` list (n8n-editor-ui's schema preview). So a
 * nullable object stays `type: "object"` with `nullable: true` rather than `["object", "null"]`.
 *
 * Two ways in, both mechanical: {@link fromSpec} reduces an OpenAPI 3 / Swagger 2 schema (refs resolved, `allOf`
 * merged, `anyOf`/`oneOf` united, enums, formats and texts dropped), {@link fromSamples} infers one from values the
 * node's own code produced.
 */

/** The JSON types of a compact schema; integers are `number`, as n8n's editor shows them. */
export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array';

export interface OutputSchema {
	/** Absent: any value (e.g. an event's untyped `data`). A list: any of these, the likeliest first. */
	type?: JsonType | JsonType[];
	nullable?: true;
	properties?: Record<string, OutputSchema>;
	items?: OutputSchema;
}

type Json = Record<string, any>;

const typesOf = (schema: OutputSchema): JsonType[] =>
	schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** A schema with its keys in the order the files show them: type, nullable, properties, items. */
function shaped(types: JsonType[], parts: Omit<OutputSchema, 'type'>): OutputSchema {
	const out: OutputSchema = {};
	if (types.length) out.type = types.length === 1 ? types[0] : types;
	// Untyped means any value, null included (and Ajv refuses `nullable` without `type`).
	if (parts.nullable && (types.length || parts.properties || parts.items)) out.nullable = true;
	if (parts.properties) out.properties = parts.properties;
	if (parts.items) out.items = parts.items;
	return out;
}

/** A value that can only be `null`: it adds `nullable` to whatever it is united with (see {@link unite}). */
const NULL_SAMPLE: OutputSchema = Object.freeze({ nullable: true });

/**
 * The schema of a value that fits `a` or `b` (or both: `allOf` merges through here too, its parts being objects that
 * add properties): types and properties united, shared properties united recursively, nullable when either is.
 * An untyped side (any value) makes the result untyped; a `null` sample only makes the other side nullable.
 */
export function unite(a: OutputSchema, b: OutputSchema): OutputSchema {
	if (a === NULL_SAMPLE || b === NULL_SAMPLE) {
		const other = a === NULL_SAMPLE ? b : a;
		if (other === NULL_SAMPLE) return NULL_SAMPLE;
		return shaped(typesOf(other), { ...other, nullable: true });
	}
	const nullable = a.nullable || b.nullable || undefined;
	const isAny = (s: OutputSchema) => !s.type && !s.properties && !s.items;
	if (isAny(a) || isAny(b)) return shaped([], { nullable });
	const types = [...typesOf(a), ...typesOf(b).filter((type) => !typesOf(a).includes(type))];
	let properties: OutputSchema['properties'];
	if (a.properties || b.properties) {
		properties = { ...a.properties };
		for (const [key, value] of Object.entries(b.properties ?? {}))
			properties[key] = properties[key] ? unite(properties[key], value) : value;
	}
	const items = a.items && b.items ? unite(a.items, b.items) : (a.items ?? b.items);
	return shaped(types, { nullable, properties, items });
}

/** `schema` (an object) with the properties `keys` (default: all) made nullable, one level deep. */
export function nullableProperties(schema: OutputSchema, keys?: readonly string[]): OutputSchema {
	const properties = { ...schema.properties };
	for (const key of keys ?? Object.keys(properties)) {
		if (!properties[key]) throw new Error(`No property "${key}" to make nullable`);
		properties[key] = shaped(typesOf(properties[key]), { ...properties[key], nullable: true });
	}
	return { ...schema, properties };
}

function typeOf(name: unknown): JsonType | 'null' | undefined {
	if (name === 'integer') return 'number';
	return ['string', 'number', 'boolean', 'object', 'array', 'null'].includes(name as string)
		? (name as JsonType | 'null')
		: undefined;
}

/** Resolves a local `$ref` (`#/components/schemas/X`, `#/definitions/X`) in `doc`. */
function resolve(doc: Json, ref: string): Json {
	if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported: ${ref}`);
	const target = ref
		.slice(2)
		.split('/')
		.reduce<unknown>(
			(node, part) => (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
			doc,
		);
	if (!target || typeof target !== 'object') throw new Error(`Unresolved $ref ${ref}`);
	return target as Json;
}

/**
 * The compact form of an OpenAPI 3 (`nullable`) or Swagger 2 (`x-nullable`) schema of `doc`. A `$ref` already being
 * expanded above (a recursive schema) stops as a bare `object`.
 */
export function fromSpec(doc: Json, schema: Json): OutputSchema {
	return reduce(doc, schema, []);
}

function reduce(doc: Json, schema: Json, expanding: readonly string[]): OutputSchema {
	if (typeof schema.$ref === 'string') {
		if (expanding.includes(schema.$ref)) return { type: 'object' };
		return reduce(doc, resolve(doc, schema.$ref), [...expanding, schema.$ref]);
	}
	// `{enum: [null]}`: the null branch of an anyOf (how test/emulator/spec.ts writes an untyped `nullable`).
	if (Array.isArray(schema.enum) && schema.enum.every((value: unknown) => value === null))
		return NULL_SAMPLE;
	const declared = (Array.isArray(schema.type) ? schema.type : [schema.type])
		.map(typeOf)
		.filter(Boolean) as Array<JsonType | 'null'>;
	const nullable =
		schema.nullable === true || schema['x-nullable'] === true || declared.includes('null');
	const types = declared.filter((type): type is JsonType => type !== 'null');
	if (!types.length && (schema.properties || schema.additionalProperties)) types.push('object');
	if (!types.length && schema.items) types.push('array');
	let properties: OutputSchema['properties'];
	if (schema.properties) {
		properties = {};
		for (const [key, value] of Object.entries<Json>(schema.properties))
			properties[key] = reduce(doc, value, expanding);
	}
	const items = schema.items ? reduce(doc, schema.items, expanding) : undefined;
	const own = shaped(types, { nullable: nullable || undefined, properties, items });
	const parts: OutputSchema[] = [];
	if (types.length || properties || items) parts.push(own);
	for (const part of schema.allOf ?? []) parts.push(reduce(doc, part, expanding));
	const merged = parts.length ? parts.reduce(unite) : undefined;
	const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].map((part: Json) =>
		reduce(doc, part, expanding),
	);
	const united = alternatives.length ? alternatives.reduce(unite) : undefined;
	let result: OutputSchema;
	if (merged && united) result = unite(merged, united);
	else result = merged ?? united ?? {};
	return nullable && !result.nullable
		? shaped(typesOf(result), { ...result, nullable: true })
		: result;
}

/**
 * The final form of a schema: each value that could only be `null` (a field `null` in every sample, never united with
 * a typed schema) becomes untyped, any value. Until then such a value still adds `nullable` when united.
 */
export function settled(schema: OutputSchema): OutputSchema {
	if (schema === NULL_SAMPLE) return {};
	const properties = schema.properties
		? Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, settled(v)]))
		: undefined;
	const items = schema.items ? settled(schema.items) : undefined;
	return shaped(typesOf(schema), { nullable: schema.nullable, properties, items });
}

/** The compact schema of one JSON value. */
function inferOne(value: unknown): OutputSchema {
	if (value === null) return NULL_SAMPLE;
	if (Array.isArray(value)) {
		const items = value.map(inferOne);
		return shaped(['array'], { items: items.length ? items.reduce(unite) : undefined });
	}
	if (typeof value === 'object') {
		const properties: Record<string, OutputSchema> = {};
		for (const [key, entry] of Object.entries(value as Json)) properties[key] = inferOne(entry);
		return shaped(['object'], { properties });
	}
	const type = typeOf(typeof value);
	if (!type || type === 'null') throw new Error(`Not a JSON value: ${String(value)}`);
	return { type };
}

/**
 * The schema of values the node's code produced: each sample inferred, then united (a property `null` in one sample
 * and typed in another becomes nullable). At least one sample; none may be a bare `null`.
 */
export function fromSamples(samples: readonly unknown[]): OutputSchema {
	if (!samples.length) throw new Error('fromSamples needs at least one sample');
	const schema = samples.map(inferOne).reduce(unite);
	if (!schema.type) throw new Error('A sample set whose values are all null has no type');
	return schema;
}
