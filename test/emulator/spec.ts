/**
 * Loads the vendored Azure spec (`test/fixtures/azure-fine-tuning.openapi.yaml`), merges in the grader operations
 * (`test/fixtures/graders.openapi.yaml`) and applies the in-memory fix-ups listed at `loadSpec`; the files themselves
 * are never changed. `openapi-backend` itself is only loaded in the validator worker (see validator.ts), never here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

/** The vendored spec. */
export const SPEC_FILE = join(__dirname, '..', 'fixtures', 'azure-fine-tuning.openapi.yaml');

/** The vendored grader operations (`validateGrader`, `runGrader`) of the GA v1 spec. */
export const GRADERS_SPEC_FILE = join(__dirname, '..', 'fixtures', 'graders.openapi.yaml');

/** Path prefix of the v1 API (the spec's server URL is `{endpoint}/openai/v1`). */
export const V1_ROOT = '/openai/v1';

type Json = Record<string, any>;

/**
 * Reads the spec, merges the grader operations in (see `mergeGraderSpec`) and applies five fix-ups:
 * 1. `expires_after` is no longer required on upload (Azure's service does not require it; a sent one is checked).
 * 2. Keywords beside `$ref` in parameter schemas (`default: v1`) are dropped (OAS 3.0 ignores them; strict init
 *    rejects them).
 * 3. `explode: false` is removed from scalar query parameters (openapi-backend would split `limit=5` into `['5']`).
 * 4. `nullable: true` without `type` on an `anyOf` becomes an extra `{enum: [null]}` branch (Ajv refuses it).
 * 5. `AzureFineTuneReinforcementMethod.grader` also admits `OpenAI.GraderPython` (see `admitPythonGraderInJobs`).
 */
export function loadSpec(file = SPEC_FILE, gradersFile = GRADERS_SPEC_FILE): Json {
	const spec = parse(readFileSync(file, 'utf8')) as Json;
	mergeGraderSpec(spec, parse(readFileSync(gradersFile, 'utf8')) as Json);
	const upload = spec.components.schemas.AzureCreateFileRequestMultiPart;
	upload.required = upload.required.filter((key: string) => key !== 'expires_after');
	for (const pathItem of Object.values<Json>(spec.paths)) {
		for (const operation of Object.values<Json>(pathItem)) {
			for (const parameter of operation.parameters ?? []) {
				if (parameter.schema?.$ref) parameter.schema = { $ref: parameter.schema.$ref };
				if (parameter.explode === false && !['array', 'object'].includes(parameter.schema?.type))
					delete parameter.explode;
			}
		}
	}
	rewriteUntypedNullable(spec.components.schemas);
	admitPythonGraderInJobs(spec.components.schemas);
	return spec;
}

/**
 * Adds the grader file's paths and the components the main file lacks. Both are trimmed from Azure's v1 spec, so a
 * component they both have must be identical.
 * @throws Error naming the component when the two files disagree, or a path both define.
 */
export function mergeGraderSpec(spec: Json, graders: Json): void {
	for (const [path, item] of Object.entries<Json>(graders.paths)) {
		if (spec.paths[path]) throw new Error(`Both spec files define the path ${path}`);
		spec.paths[path] = item;
	}
	const schemas = spec.components.schemas;
	for (const [name, schema] of Object.entries<Json>(graders.components.schemas)) {
		if (!(name in schemas)) schemas[name] = schema;
		else if (!isDeepStrictEqual(schemas[name], schema))
			throw new Error(`The spec files disagree on the component ${name}`);
	}
}

/**
 * The one deviation in a request schema: Azure's spec leaves `python` out of the job's grader union
 * (`AzureFineTuneReinforcementMethod.grader` = string_check | text_similarity | score_model | multi, while
 * `validateGrader`/`runGrader` list `OpenAI.GraderPython`), yet Azure's reinforcement fine-tuning how-to documents
 * Python graders for jobs (MicrosoftDocs/azure-ai-docs
 * `articles/foundry/openai/includes/how-to-reinforcement-fine-tuning-content.md` @ 0ec7a25f5703f1a09ae41c4a03723efa34ba254f,
 * "Python grader"). So jobs accept it here; docs/azure-api.md#azure-and-its-spec. A multi grader's `graders` map is
 * left as the spec has it (no python), as the node does (actions/grader/types.ts).
 */
function admitPythonGraderInJobs(schemas: Json): void {
	const union: Json[] = schemas.AzureFineTuneReinforcementMethod.properties.grader.anyOf;
	const python = { $ref: '#/components/schemas/OpenAI.GraderPython' };
	if (!union.some((branch) => branch.$ref === python.$ref)) union.push(python);
}

function rewriteUntypedNullable(node: unknown): void {
	if (!node || typeof node !== 'object') return;
	const schema = node as Json;
	if (schema.nullable === true && !schema.type && Array.isArray(schema.anyOf)) {
		schema.anyOf.push({ enum: [null] });
		delete schema.nullable;
	}
	Object.values(schema).forEach(rewriteUntypedNullable);
}

/** The v1 spec's job status enum. Azure also serves others (docs/azure-api.md#job-statuses). */
const SPEC_STATUSES = new Set([
	'validating_files',
	'queued',
	'running',
	'succeeded',
	'failed',
	'cancelled',
]);

/**
 * Replaces, in a copy of a served answer, the documented Azure deviations by spec-valid stand-ins, so that what
 * remains can be validated strictly:
 * - a job's `status` outside the spec's enum becomes `queued` (Azure sends `pending`, `pausing`, `paused`,
 *   `resuming`; `advanceJob` may set any string, as clients must accept unknown statuses);
 * - a job's `organization_id: null` becomes `''`, `result_files: null` becomes `[]`, `method: null` is removed
 *   (the spec does not mark them nullable);
 * - a list's `first_id`/`last_id` `null` (empty files list) becomes `''`.
 * Hyperparameters of `-1` need no stand-in (they are integers/numbers). Anything else must match the spec.
 */
export function withoutAzureDeviations(body: unknown): unknown {
	const copy = structuredClone(body) as Json;
	if (!copy || typeof copy !== 'object') return copy;
	const jobs = copy.object === 'list' && Array.isArray(copy.data) ? copy.data : [copy];
	for (const job of jobs as Json[]) {
		if (job?.object !== 'fine_tuning.job') continue;
		if (typeof job.status === 'string' && !SPEC_STATUSES.has(job.status)) job.status = 'queued';
		if (job.organization_id === null) job.organization_id = '';
		if (job.result_files === null) job.result_files = [];
		if (job.method === null) delete job.method;
	}
	for (const key of ['first_id', 'last_id']) if (copy[key] === null) copy[key] = '';
	return copy;
}
