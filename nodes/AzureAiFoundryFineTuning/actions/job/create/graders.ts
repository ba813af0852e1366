/**
 * Reinforcement fine-tuning graders as Azure accepts them, as data for the UI and the request body.
 *
 * Source: spec component `AzureFineTuneReinforcementMethod.grader` = anyOf `OpenAI.GraderStringCheck`,
 * `OpenAI.GraderTextSimilarity`, `OpenAI.GraderScoreModel`, `OpenAI.GraderMulti` (Azure has no `python` grader;
 * `multi.graders` is a map name → string_check | text_similarity | score_model). spec/FINE_TUNING_API.md §4.
 */

export const GRADER_TYPES = ['string_check', 'text_similarity', 'score_model', 'multi'] as const;
export type GraderType = (typeof GRADER_TYPES)[number];

/** Grader types allowed inside a `multi` grader's `graders` map. */
export const SUB_GRADER_TYPES = ['string_check', 'text_similarity', 'score_model'] as const;

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
