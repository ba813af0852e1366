/**
 * The output schemas n8n's editor shows before a run (test/support/outputSchemas): the reduction of OpenAPI schemas
 * and of samples to n8n's compact form, the paths n8n asks for, one source per operation of each node, and the
 * committed `nodes/<Node>/__schema__` files holding exactly what `npm run generate:schemas` writes (their formatting is
 * prettier's, checked by `npm run lint`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import Ajv from 'ajv';

import {
	expectedSchemaPaths,
	generateSchemas,
	OUTPUTS,
	operationsOf,
	paddedVersion,
	SCHEMA_NODES,
	schemaPath,
	type OutputSchema,
} from '../support/outputSchemas';
import { fromSamples, fromSpec, nullableProperties } from '../support/outputSchemas/compact';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

describe('fromSpec: an OpenAPI / Swagger schema reduced to types and property names', () => {
	const doc = {
		components: {
			schemas: {
				Base: { type: 'object', properties: { id: { type: 'string', description: 'dropped' } } },
				Tree: { type: 'object', properties: { child: { $ref: '#/components/schemas/Tree' } } },
			},
		},
	};

	test('refs resolve, allOf merges, integers are numbers, enums and texts go', () => {
		expect(
			fromSpec(doc, {
				allOf: [{ $ref: '#/components/schemas/Base' }],
				type: 'object',
				required: ['count'],
				properties: {
					count: { type: 'integer', format: 'int32' },
					kind: { enum: ['a'], type: 'string' },
				},
			}),
		).toEqual({
			type: 'object',
			properties: { count: { type: 'number' }, kind: { type: 'string' }, id: { type: 'string' } },
		});
	});

	test('anyOf unites types (first seen first) and object properties; nullable in every spelling', () => {
		expect(
			fromSpec(doc, {
				anyOf: [{ type: 'string', enum: ['auto'] }, { type: 'integer' }, { enum: [null] }],
			}),
		).toEqual({ type: ['string', 'number'], nullable: true });
		expect(fromSpec(doc, { type: 'string', 'x-nullable': true })).toEqual({
			type: 'string',
			nullable: true,
		});
		expect(
			fromSpec(doc, {
				oneOf: [
					{ type: 'object', properties: { a: { type: 'string' } } },
					{ type: 'object', properties: { b: { type: 'boolean' } }, nullable: true },
				],
			}),
		).toEqual({
			type: 'object',
			nullable: true,
			properties: { a: { type: 'string' }, b: { type: 'boolean' } },
		});
	});

	test('a map is a bare object, an untyped schema stays untyped (any value), recursion stops', () => {
		expect(fromSpec(doc, { type: 'object', additionalProperties: { type: 'string' } })).toEqual({
			type: 'object',
		});
		expect(fromSpec(doc, { description: 'anything' })).toEqual({});
		expect(fromSpec(doc, { anyOf: [{ type: 'string' }, {}] })).toEqual({});
		expect(fromSpec(doc, { $ref: '#/components/schemas/Tree' })).toEqual({
			type: 'object',
			properties: { child: { type: 'object' } },
		});
		expect(() => fromSpec(doc, { $ref: '#/components/schemas/Missing' })).toThrow(
			'Unresolved $ref #/components/schemas/Missing',
		);
	});
});

describe('fromSamples: a schema inferred from values the code produced', () => {
	test('samples unite; a null in one sample makes the field nullable', () => {
		expect(
			fromSamples([
				{ name: 'a.jsonl', errors: [], size: 3 },
				{ name: null, errors: [{ line: 1 }], extra: true },
			]),
		).toEqual({
			type: 'object',
			properties: {
				name: { type: 'string', nullable: true },
				errors: {
					type: 'array',
					items: { type: 'object', properties: { line: { type: 'number' } } },
				},
				size: { type: 'number' },
				extra: { type: 'boolean' },
			},
		});
	});

	test('no samples, or only nulls, is an error; nullableProperties marks fields', () => {
		expect(() => fromSamples([])).toThrow('at least one sample');
		expect(() => fromSamples([null])).toThrow('no type');
		const row = fromSamples([{ step: 1, loss: 0.5 }]);
		expect(nullableProperties(row)).toEqual({
			type: 'object',
			properties: {
				step: { type: 'number', nullable: true },
				loss: { type: 'number', nullable: true },
			},
		});
		expect(() => nullableProperties(row, ['missing'])).toThrow('No property "missing"');
	});
});

describe('the paths n8n asks for', () => {
	test('versions are padded as the editor pads them; a node without operations has output.json', () => {
		expect(paddedVersion(1)).toBe('1.0.0');
		expect(paddedVersion(1.1)).toBe('1.1.0');
		expect(schemaPath(1, { resource: 'job', operation: 'get' })).toBe(
			'__schema__/v1.0.0/job/get.json',
		);
		expect(schemaPath(1.1)).toBe('__schema__/v1.1.0/output.json');
	});

	test('operations are read per resource, and per version where a parameter is limited to some', () => {
		const description = {
			version: [1, 2],
			properties: [
				{
					displayName: 'Resource',
					name: 'resource',
					type: 'options' as const,
					default: 'a',
					options: [
						{ name: 'A', value: 'a' },
						{ name: 'B', value: 'b' },
					],
				},
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options' as const,
					default: 'get',
					displayOptions: { show: { resource: ['a'] } },
					options: [{ name: 'Get', value: 'get' }],
				},
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options' as const,
					default: 'run',
					displayOptions: { show: { resource: ['b'], '@version': [2] } },
					options: [{ name: 'Run', value: 'run' }],
				},
			],
		};
		expect(operationsOf(description, 1)).toEqual([{ resource: 'a', operation: 'get' }]);
		expect(expectedSchemaPaths(description)).toEqual([
			'__schema__/v1.0.0/a/get.json',
			'__schema__/v2.0.0/a/get.json',
			'__schema__/v2.0.0/b/run.json',
		]);
		expect(expectedSchemaPaths({ version: 1, properties: [] })).toEqual([
			'__schema__/v1.0.0/output.json',
		]);
	});
});

describe("the nodes' schemas", () => {
	const action = SCHEMA_NODES.find((node) => node.dir.endsWith('/AzureAiFoundryFineTuning'))!;
	let files: Map<string, OutputSchema>;
	beforeAll(() => {
		files = generateSchemas();
	});

	test('every operation of the action node has exactly one source, and no source is left over', () => {
		const operations = operationsOf(action.description, 1).map(
			(o) => `${o.resource}.${o.operation}`,
		);
		const sources = Object.entries(OUTPUTS).flatMap(([resource, byOperation]) =>
			Object.keys(byOperation).map((operation) => `${resource}.${operation}`),
		);
		expect(sources.sort()).toEqual([...operations].sort());
	});

	test('each is a schema the editor accepts (type and properties) and Ajv compiles', () => {
		const ajv = new Ajv({ allowUnionTypes: true });
		const expected = SCHEMA_NODES.flatMap((node) =>
			expectedSchemaPaths(node.description).map((p) => `${node.dir}/${p}`),
		);
		expect([...files.keys()].sort()).toEqual(expected.sort());
		for (const [file, schema] of files) {
			expect({ file, type: schema.type }).toEqual({ file, type: 'object' });
			expect({ file, properties: Object.keys(schema.properties ?? {}).length > 0 }).toEqual({
				file,
				properties: true,
			});
			// A copy: Ajv adds 'null' to a nullable schema's `type` list in place.
			expect(() => ajv.compile(structuredClone(schema))).not.toThrow();
		}
	});

	test('they describe what the node outputs: the job as Azure serves it, the node’s own additions', () => {
		const job = files.get(`${action.dir}/__schema__/v1.0.0/job/get.json`)!;
		expect(job.properties?.status).toEqual({ type: 'string' });
		expect(job.properties?.result_files).toEqual({
			type: 'array',
			nullable: true,
			items: { type: 'string' },
		});
		const upload = files.get(`${action.dir}/__schema__/v1.0.0/file/upload.json`)!;
		expect(upload.properties?.trainingDataCheck?.properties?.valid).toEqual({ type: 'boolean' });
		const metrics = files.get(`${action.dir}/__schema__/v1.0.0/job/getMetrics.json`)!;
		expect(metrics.properties?.train_loss).toEqual({ type: 'number', nullable: true });
		const trigger = files.get(
			'nodes/AzureAiFoundryFineTuningTrigger/__schema__/v1.1.0/output.json',
		)!;
		expect(trigger.properties?.previous_status).toEqual({ type: 'string', nullable: true });
		expect(trigger.properties?.fine_tuned_model).toEqual(job.properties?.fine_tuned_model);
	});

	test('the committed files hold exactly what `npm run generate:schemas` writes', () => {
		const committed = SCHEMA_NODES.flatMap((node) => {
			const dir = path.join(REPO_ROOT, node.dir, '__schema__');
			if (!fs.existsSync(dir)) return [];
			return (fs.readdirSync(dir, { recursive: true }) as string[])
				.filter((f) => f.endsWith('.json'))
				.map((f) => `${node.dir}/__schema__/${f.split(path.sep).join('/')}`);
		});
		const stale = 'run `npm run generate:schemas`';
		expect({ files: committed.sort(), hint: stale }).toEqual({
			files: [...files.keys()].sort(),
			hint: stale,
		});
		for (const [file, schema] of files) {
			const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
			expect({ file, schema: JSON.parse(text) as unknown, hint: stale }).toEqual({
				file,
				schema,
				hint: stale,
			});
		}
	});
});
