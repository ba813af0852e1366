/**
 * Reinforcement fine-tuning graders as Azure accepts them, as data for the UI and the request body.
 *
 * Source: component `AzureFineTuneReinforcementMethod.grader` of test/fixtures/azure-fine-tuning.openapi.yaml = anyOf
 * `OpenAI.GraderStringCheck`, `OpenAI.GraderTextSimilarity`, `OpenAI.GraderScoreModel`, `OpenAI.GraderMulti`, plus
 * `OpenAI.GraderPython` (`{type: "python", name, source, image_tag?}`), which that union leaves out although the grader
 * operations (`validateGrader`, `runGrader`) accept it and Microsoft's RFT how-to documents Python graders for jobs
 * (docs/azure-api.md#graders, docs/azure-api.md#azure-and-its-spec).
 */

export const GRADER_TYPES = [
	'string_check',
	'text_similarity',
	'score_model',
	'python',
	'multi',
] as const;
export type GraderType = (typeof GRADER_TYPES)[number];

/**
 * Grader types allowed inside a `multi` grader's `graders` map. Not `python`: the spec's `OpenAI.GraderMulti.graders`
 * admits only these three, even in `validateGrader`/`runGrader`, whose own top-level union does list python; the only
 * source that might allow it is the how-to's untyped `dict[str, Grader]`, and its example combines only these types
 * (docs/azure-api.md#graders). A Python grader can compute a combined score itself.
 */
export const SUB_GRADER_TYPES = ['string_check', 'text_similarity', 'score_model'] as const;

/**
 * Largest `source` of a Python grader: 256 KB, counted here as UTF-8 bytes (the Python sandbox's "code size" limit in
 * Microsoft's RFT how-to; docs/azure-api.md#graders).
 */
export const PYTHON_SOURCE_MAX_BYTES = 256 * 1024;

export const STRING_CHECK_OPERATIONS = ['eq', 'ne', 'like', 'ilike'] as const;

export const EVALUATION_METRICS = [
	'fuzzy_match',
	'bleu',
	'gleu',
	'meteor',
	'rouge_1',
	'rouge_2',
	'rouge_3',
	'rouge_4',
	'rouge_5',
	'rouge_l',
] as const;

/** `OpenAI.EvalItem.role`. */
export const EVAL_ITEM_ROLES = ['system', 'developer', 'user', 'assistant'] as const;

/** How a score-model input message's content is sent: a plain string, or an `OpenAI.EvalItemContent` part. */
export const EVAL_CONTENT_TYPES = ['text', 'input_text', 'output_text'] as const;

/** Reasoning effort of the grading model (`sampling_params.reasoning_effort`, OpenAI's shape). */
export const SAMPLING_REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
