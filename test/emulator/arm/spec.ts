/**
 * ARM's own description of Microsoft.CognitiveServices accounts and deployments
 * (`test/fixtures/deployments.arm.json`, Swagger 2.0, api-version 2026-09-01, source in its `x-source` header),
 * read as it is: its routes are matched here, and its parameter, body and response schemas are checked with Ajv.
 *
 * Swagger 2.0 schemas are JSON Schema draft 4 plus `x-…` extensions, so Ajv reads the `definitions` directly; two
 * adjustments are made in memory (the file is never changed):
 * 1. `x-nullable: true` (on `serviceTier` and `deploymentState`) becomes an extra `{type: 'null'}` branch;
 * 2. non-body parameters carry their schema keywords inline (`type`, `minLength`, `pattern`, …): they are gathered
 *    into one object schema per operation.
 * The Swagger formats (`int32`, `float`, `double`, `date-time`, `arm-id`) are registered; patterns are compiled
 * without the `u` flag, as `^[-\w\._\(\)]+$` (resource group names) is not a valid Unicode-mode pattern.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '../errors';

/** The vendored ARM spec. */
export const ARM_SPEC_FILE = join(__dirname, '..', '..', 'fixtures', 'deployments.arm.json');

type Json = Record<string, any>;

/** One spec error of a request: where (`body` dotted path or a parameter name) and what. */
export interface ArmSpecError {
	in: 'body' | 'path' | 'query';
	/** Dotted path in the body (`sku.capacity`), or the parameter's name; '' for the body as a whole. */
	target: string;
	message: string;
}

/** A route of the spec. */
export interface ArmOperation {
	operationId: string;
	method: string;
	/** Path segments; `{name}` marks a parameter. */
	segments: string[];
}

/** A request matched onto an operation, with its path parameters (decoded). */
export interface ArmMatch {
	operation: ArmOperation;
	params: Record<string, string>;
}

interface Compiled {
	operation: ArmOperation;
	parameters: ValidateFunction;
	body?: { validate: ValidateFunction; required: boolean };
	responses: Record<string, ValidateFunction>;
}

const SCHEMA_ID = 'arm';
const PARAMETER_KEYWORDS = [
	'type',
	'minLength',
	'maxLength',
	'pattern',
	'enum',
	'format',
	'minimum',
	'maximum',
];

let shared: ArmSpec | undefined;

/** The ARM spec of the vendored file, loaded once per process. */
export function sharedArmSpec(): ArmSpec {
	return (shared ??= new ArmSpec());
}

/** Routes and validators of the ARM spec. */
export class ArmSpec {
	private readonly compiled: Compiled[];
	private readonly ajv: Ajv;
	/** The spec's `info.version`, e.g. `2026-09-01`. */
	readonly version: string;

	/** @throws Error when the file cannot be read or a schema does not compile. */
	constructor(file = ARM_SPEC_FILE) {
		const spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
		this.version = spec.info.version;
		this.ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: false });
		const integer = (bits: number) => ({
			type: 'number' as const,
			validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** (bits - 1),
		});
		this.ajv.addFormat('int32', integer(32));
		this.ajv.addFormat('float', { type: 'number', validate: Number.isFinite });
		this.ajv.addFormat('double', { type: 'number', validate: Number.isFinite });
		this.ajv.addFormat('date-time', (text: string) => !Number.isNaN(Date.parse(text)));
		this.ajv.addFormat('arm-id', (text: string) => /^\/subscriptions\/[^/]+\//i.test(text));
		this.ajv.addSchema({ $id: SCHEMA_ID, definitions: nullableAsUnion(spec.definitions) });
		this.compiled = [];
		for (const [path, item] of Object.entries<Json>(spec.paths)) {
			for (const [method, operation] of Object.entries<Json>(item)) {
				if (method === 'parameters') continue;
				this.compiled.push(this.compile(spec, path, method.toUpperCase(), operation));
			}
		}
	}

	/** Every operation of the spec. */
	operations(): ArmOperation[] {
		return this.compiled.map((c) => c.operation);
	}

	/**
	 * The operation for `method` and `path` (literal segments compared case-insensitively, as ARM does), or
	 * `'method'` when the path exists but not for this method, or undefined.
	 */
	match(method: string, path: string): ArmMatch | 'method' | undefined {
		const segments = path.split('/').filter(Boolean);
		let pathFound = false;
		for (const { operation } of this.compiled) {
			const params = matchSegments(operation.segments, segments);
			if (!params) continue;
			if (operation.method === method.toUpperCase()) return { operation, params };
			pathFound = true;
		}
		return pathFound ? 'method' : undefined;
	}

	/** The first spec error of a matched request (path parameters, declared query parameters, body), if any. */
	checkRequest(
		match: ArmMatch,
		query: Record<string, string>,
		body: unknown,
	): ArmSpecError | undefined {
		const compiled = this.compiledOf(match.operation.operationId);
		const values = { path: match.params, query };
		if (!compiled.parameters(values)) {
			const [error] = compiled.parameters.errors!;
			const [where, name] = error.instancePath.split('/').slice(1) as ['path' | 'query', string?];
			const target = name ?? missingProperty(error) ?? '';
			return { in: where, target, message: describe(error) };
		}
		if (!compiled.body) return undefined;
		if (body === undefined) {
			return compiled.body.required
				? { in: 'body', target: '', message: 'The request body is required.' }
				: undefined;
		}
		if (compiled.body.validate(body)) return undefined;
		const [error] = compiled.body.validate.errors!;
		const segments = error.instancePath.split('/').slice(1);
		const missing = missingProperty(error);
		if (missing) segments.push(missing);
		return { in: 'body', target: segments.join('.'), message: describe(error) };
	}

	/** Mismatches of an answer body against the operation's response schema for `status` (none when it has none). */
	checkResponse(operationId: string, status: number, body: unknown): string[] {
		const validate = this.compiledOf(operationId).responses[String(status)];
		return validate ? this.mismatches(validate, body) : [];
	}

	/** Mismatches of a body against one of the spec's definitions (e.g. `OperationStatusResult`). */
	checkDefinition(name: string, body: unknown): string[] {
		const validate = this.ajv.getSchema(`${SCHEMA_ID}#/definitions/${name}`);
		if (!validate) throw new Error(`No definition ${name} in the ARM spec`);
		return this.mismatches(validate, body);
	}

	private mismatches(validate: ValidateFunction, body: unknown): string[] {
		if (validate(body)) return [];
		return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${describe(e)}`);
	}

	private compiledOf(operationId: string): Compiled {
		const found = this.compiled.find((c) => c.operation.operationId === operationId);
		if (!found) throw new Error(`No operation ${operationId} in the ARM spec`);
		return found;
	}

	private compile(spec: Json, path: string, method: string, operation: Json): Compiled {
		const parameters = (operation.parameters as Json[]).map((p) =>
			p.$ref ? spec.parameters[String(p.$ref).split('/').pop()!] : p,
		);
		const group = (where: 'path' | 'query') => {
			const declared = parameters.filter((p) => p.in === where);
			return {
				type: 'object',
				properties: Object.fromEntries(
					declared.map((p) => [
						p.name,
						Object.fromEntries(PARAMETER_KEYWORDS.filter((k) => k in p).map((k) => [k, p[k]])),
					]),
				),
				required: declared.filter((p) => p.required).map((p) => p.name),
			};
		};
		const bodyParameter = parameters.find((p) => p.in === 'body');
		const responses: Record<string, ValidateFunction> = {};
		for (const [status, response] of Object.entries<Json>(operation.responses)) {
			if (status !== 'default' && response.schema)
				responses[status] = this.ajv.compile(rooted(response.schema));
		}
		return {
			operation: {
				operationId: operation.operationId,
				method,
				segments: path.split('/').filter(Boolean),
			},
			parameters: this.ajv.compile({
				type: 'object',
				properties: { path: group('path'), query: group('query') },
			}),
			body: bodyParameter && {
				validate: this.ajv.compile(rooted(bodyParameter.schema)),
				required: bodyParameter.required === true,
			},
			responses,
		};
	}
}

/** Path parameters when `actual` fits the `template` segments, else undefined. */
function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
	if (template.length !== actual.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < template.length; i++) {
		const name = /^\{(.+)\}$/.exec(template[i])?.[1];
		let value: string;
		try {
			value = decodeURIComponent(actual[i]);
		} catch {
			return undefined;
		}
		if (name) params[name] = value;
		else if (template[i].toLowerCase() !== value.toLowerCase()) return undefined;
	}
	return params;
}

/** A schema whose `#/definitions/…` references point into the added definitions document. */
function rooted(schema: Json): Json {
	return JSON.parse(
		JSON.stringify(schema).replaceAll('"#/definitions/', `"${SCHEMA_ID}#/definitions/`),
	) as Json;
}

/** Rewrites Swagger's `x-nullable: true` into an extra `null` branch, in a copy. */
function nullableAsUnion(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(nullableAsUnion);
	if (!node || typeof node !== 'object') return node;
	const copy = Object.fromEntries(
		Object.entries(node).map(([key, value]) => [key, nullableAsUnion(value)]),
	);
	if (copy['x-nullable'] !== true) return copy;
	const { 'x-nullable': _nullable, description, ...schema } = copy;
	return { description, anyOf: [schema, { type: 'null' }] };
}

function missingProperty(error: ErrorObject): string | undefined {
	return (error.params as { missingProperty?: string }).missingProperty;
}
