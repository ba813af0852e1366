/**
 * The grader table (actions/grader/: types.ts, fields.ts, body.ts): each grader type read from Create Job's parameters and
 * built into the API object, which the emulator's spec validator (test/fixtures/graders.openapi.yaml, merged as the
 * emulator does) must accept as `validateGrader`'s body and inside a reinforcement create-job body.
 */
import {
	checkPythonSource,
	graderFromParameters,
} from '../../nodes/AzureAiFoundryFineTuning/actions/grader/body';
import {
	GRADER_FIELD_BASES,
	GRADER_PLACE,
	graderParameter,
} from '../../nodes/AzureAiFoundryFineTuning/actions/grader/fields';
import {
	GRADER_TYPES,
	PYTHON_SOURCE_MAX_BYTES,
	type GraderType,
} from '../../nodes/AzureAiFoundryFineTuning/actions/grader/types';
import { reinforcementFields } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/reinforcementFields';
import { buildCreateJobBody } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/requestBody';
import { FieldError } from '../../nodes/shared/validation';
import { acquireValidator, releaseValidator, type SpecValidator } from '../emulator/validator';
import { GRADER_CASES, graderParameters, multiCase, type GraderCase } from '../support/graderCases';

let validator: SpecValidator;
beforeAll(async () => {
	validator = await acquireValidator();
});
afterAll(() => releaseValidator());

/** The spec's verdict on a POST body: Ajv's errors, or null when valid. */
async function specErrors(path: string, body: unknown) {
	const result = await validator.check({
		method: 'POST',
		path: `/openai/v1${path}`,
		headers: { 'content-type': 'application/json' },
		query: {},
		body,
		dropApiVersion: false,
	});
	expect(result.operationId).toBeDefined();
	return result.errors;
}

/** Create Job's parameters as n8n would hand them over: a value per name, `''` when unset. */
const fromParameters = (values: Record<string, unknown>) =>
	graderFromParameters((name) => values[name] ?? '', GRADER_PLACE);

/** One case per grader type (test/support/graderCases.ts), Multi over a string check and a text similarity. */
const CASES: Record<GraderType, GraderCase> = {
	...GRADER_CASES,
	multi: multiCase('0.5 * exact + 0.5 * close', {
		exact: GRADER_CASES.string_check,
		close: GRADER_CASES.text_similarity,
	}),
};
const PYTHON = graderParameters(CASES.python);

describe('the grader table', () => {
	it('has a case for every grader type', () => {
		expect(Object.keys(CASES).sort()).toEqual([...GRADER_TYPES].sort());
	});

	it.each(Object.entries(CASES))(
		'%s: read from the parameters, built, and valid for validateGrader and for a reinforcement job',
		async (_type, { type, fields, sent: expected }) => {
			const grader = fromParameters(graderParameters({ type, fields }));
			expect(grader).toEqual(expected);
			expect(await specErrors('/fine_tuning/alpha/graders/validate', { grader })).toBeNull();
			const job = buildCreateJobBody({
				model: 'o4-mini-2025-04-16',
				trainingFile: 'file-train',
				validationFile: 'file-valid',
				methodType: 'reinforcement',
				grader: { type, ...fields },
			});
			expect((job.method as any).reinforcement.grader).toEqual(expected);
			expect(await specErrors('/fine_tuning/jobs', job)).toBeNull();
		},
	);

	it('the spec refuses what the table keeps out: python inside a multi grader', async () => {
		const multi = {
			type: 'multi',
			name: 'm',
			calculate_output: 'p',
			graders: { p: CASES.python.sent },
		};
		expect(
			await specErrors('/fine_tuning/alpha/graders/validate', { grader: multi }),
		).not.toBeNull();
		expect(() =>
			fromParameters({
				...graderParameters(CASES.multi),
				graderGraders: { grader: [{ key: 'p', type: 'python', name: 'p', source: 'x' }] },
			}),
		).toThrow(
			'Grader Graders › p › Type: must be one of string_check, text_similarity, score_model',
		);
	});

	it('reads every top-level grader field of Create Job, and only those', () => {
		// Name is defined once per grader type (each with its own placeholder): one parameter.
		const topLevel = [
			...new Set(
				reinforcementFields
					.map((field) => field.name)
					.filter((name) => name.startsWith('grader') && name !== 'graderType'),
			),
		];
		expect(topLevel.sort()).toEqual(GRADER_FIELD_BASES.map(graderParameter).sort());
		expect(GRADER_FIELD_BASES).toEqual(expect.arrayContaining(['source', 'imageTag']));
	});

	it('a multi grader entry has no Python fields (python is not a sub-grader type)', () => {
		const graders = reinforcementFields.find((field) => field.name === 'graderGraders')!;
		const entry = (graders.options as Array<{ values: Array<{ name: string }> }>)[0].values;
		expect(entry.map((field) => field.name)).not.toContain('source');
		expect(entry.map((field) => field.name)).toContain('reference');
	});

	it('reads a Model given as a plain name, not a resource locator, as that name', () => {
		const parameters = {
			...graderParameters(CASES.score_model),
			graderModel: 'o3-mini-2025-01-31',
		};
		expect(fromParameters(parameters)).toEqual(CASES.score_model.sent);
	});

	it('leaves an empty Image Tag out', () => {
		expect(fromParameters({ ...PYTHON, graderImageTag: '' })).not.toHaveProperty('image_tag');
	});
});

describe('Python grader source', () => {
	const refusal = (source: unknown): FieldError => {
		try {
			fromParameters({ ...PYTHON, graderSource: source });
		} catch (error) {
			expect(error).toBeInstanceOf(FieldError);
			return error as FieldError;
		}
		throw new Error('expected a FieldError');
	};

	it('is sent exactly as typed: indentation and surrounding blank lines kept', () => {
		const source = '\n\ndef grade(sample, item):\n\treturn 0.5  \n\n';
		expect(fromParameters({ ...PYTHON, graderSource: source }).source).toBe(source);
	});

	it('accepts exactly 256 KB of UTF-8 and refuses one byte more, naming the field and the limit', () => {
		const head = 'def grade(sample, item):\n    return 1\n# ';
		const source = head + 'é'.repeat((PYTHON_SOURCE_MAX_BYTES - head.length) / 2); // 'é' is 2 bytes
		expect(Buffer.byteLength(source)).toBe(PYTHON_SOURCE_MAX_BYTES);
		expect(checkPythonSource('Grader Source', source)).toBe(source);
		const error = refusal(`${source}x`);
		expect(error.field).toBe('Grader Source');
		expect(error.problem).toBe(
			"must be at most 256 KB (262,144 bytes of UTF-8), Azure's limit for Python graders; it is 262,145 bytes",
		);
	});

	it.each([
		['empty', '', /is required but was empty/],
		['only whitespace', ' \n\t\n', /is required but was empty/],
		[
			'a NUL character',
			'def grade(sample, item):\n    return 1\u0000\n',
			/a NUL character \(U\+0000\)/,
		],
		['an object', { code: 'x' }, /must be text/],
	])('refuses %s', (_name, source, problem) => {
		const error = refusal(source);
		expect(error.field).toBe('Grader Source');
		expect(error.problem).toMatch(problem);
	});
});
