/**
 * What the grader operations send and how Azure's refusals are shown (docs/azure-api.md#graders): the grader read
 * from its fields, the validate call (validateGrader, also Create Job's Validate Grader First), and the field a
 * refusal's `param` points at, put before Azure's message.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { graderFromParameters } from './body';
import { GRADER_FIELD_LABELS, GRADER_PLACE } from './fields';

type Json = Record<string, unknown>;

/** Path of the validate operation below the API root. */
const VALIDATE_GRADER_PATH = '/fine_tuning/alpha/graders/validate';

/** HTTP statuses by which Azure refuses the request's content (here: the grader), not the caller or the moment. */
const REFUSED_CONTENT = new Set([400, 422]);

/** API keys of a grader object → the base name of the field that sets them (grader/fields.ts). */
const FIELD_OF_KEY: Readonly<Record<string, string>> = {
	evaluation_metric: 'evaluationMetric',
	calculate_output: 'calculateOutput',
	image_tag: 'imageTag',
	range: 'scoreOptions',
	sampling_params: 'scoreOptions',
};

/**
 * The editor's name of the grader field an API `param` points at: `grader.reference` → `Grader Reference`,
 * `grader.input` of a score-model grader → `Grader Input Messages`, `grader.graders.a.input` →
 * `Grader Graders › a › Input` (the form body.ts's own messages use); `fallback` for any other param.
 * @param grader the grader as sent, to tell a score-model grader's `input` (its messages) from the others'
 */
export function graderFieldOf(param: unknown, grader: Json, fallback: string): string {
	if (typeof param !== 'string') return fallback;
	const [root, ...path] = param.split('.');
	if (root !== 'grader' || !path.length) return fallback;
	const label = (key: string, type: unknown) => {
		const base =
			key === 'input' && type === 'score_model' ? 'messages' : (FIELD_OF_KEY[key] ?? key);
		return GRADER_FIELD_LABELS[base];
	};
	const prefix = GRADER_PLACE.labelPrefix;
	if (path[0] === 'graders' && path.length > 1) {
		const entry = `${prefix}${GRADER_FIELD_LABELS.graders} › ${path[1]}`;
		const sub = (grader.graders as Record<string, Json> | undefined)?.[path[1]];
		const inner = path.length > 2 ? label(path[2], sub?.type) : undefined;
		return inner ? `${entry} › ${inner}` : entry;
	}
	const top = label(path[0], grader.type);
	return top ? prefix + top : fallback;
}

/**
 * Asks Azure whether it accepts `grader` (validateGrader); nothing is run or billed.
 * @param grader the grader object of the API (body.ts `buildGrader`)
 * @param fieldLabel the field a refusal names when Azure's `param` points at no grader field, e.g. `Grader Type`
 * @returns Azure's answer, `{grader}` (`OpenAI.ValidateGraderResponse`)
 * @throws NodeApiError as apiRequest does; when Azure refuses the grader its message names the field first
 *   ({@link nameRefusedField}: `Grader Reference: Invalid 'grader.reference': …`)
 */
export async function validateGrader(
	ctx: IExecuteFunctions,
	grader: Json,
	fieldLabel: string,
): Promise<IDataObject> {
	try {
		return await apiRequest.call(ctx, {
			method: 'POST',
			path: VALIDATE_GRADER_PATH,
			body: { grader },
			changesNothing: true,
		});
	} catch (error) {
		throw nameRefusedField(error, grader, fieldLabel);
	}
}

/**
 * When `error` is Azure refusing the request's content (HTTP 400 or 422), puts the field Azure's `param` concerns
 * before its message, as the node's own field errors read: a grader field ({@link graderFieldOf}), one of `fields`
 * (Run's `model_sample` → `Model Sample`), else `fallback`. Code, param and status stay in the description. Any other
 * error (401, 404, 429, 5xx, no answer) is returned unchanged: no field is at fault.
 * @param fields editor names of the request's other top-level keys
 */
export function nameRefusedField(
	error: unknown,
	grader: Json,
	fallback: string,
	fields: Record<string, string> = {},
): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const apiError = error.context.apiError as IDataObject | undefined;
	if (!REFUSED_CONTENT.has(Number(apiError?.status))) return error;
	const param = apiError?.param;
	const root = typeof param === 'string' ? param.split('.')[0] : '';
	const field = fields[root] ?? graderFieldOf(param, grader, fallback);
	error.message = `${field}: ${error.message}`;
	return error;
}

/**
 * The grader of one item, from the Grader fields (expressions resolved for that item), as the API object.
 * @throws FieldError naming the field, for any value the API would refuse (nothing is sent)
 */
export function readGrader(ctx: IExecuteFunctions, itemIndex: number): Json {
	return graderFromParameters((name) => ctx.getNodeParameter(name, itemIndex, ''), GRADER_PLACE);
}
