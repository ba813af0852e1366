/**
 * Azure's training tiers and the one mapping from the Training Type field to the create-job body's `trainingType`.
 *
 * `trainingType` is a top-level body field of `POST /fine_tuning/jobs` that no OpenAPI document defines
 * (docs/azure-api.md#training-types, which links each source named here). The docs disagree on its spelling
 * (`developerTier` and `globalstandard` in two versions of azure-ai-docs `fine-tuning-rest.md`; a comment there also
 * names `Developer`). The values sent here are the ones shown to work against the live service:
 * - `Standard`, `GlobalStandard`, `developerTier`: the constants of Microsoft's own SDK tests
 *   (Azure/azure-sdk-for-python `sdk/ai/azure-ai-projects/tests/finetuning/test_finetuning.py`, which also asserts
 *   the echo case-insensitively) and samples (azure-sdk-for-js `samples-dev/finetuning/finetuningSupervisedJob.ts`
 *   sends `"Standard"`); recorded job JSON in microsoft-foundry/fine-tuning's DistillingSarcasm notebook
 *   (`globalstandard` sent, `globalStandard` echoed).
 * - Not `Developer`: never shown to work, and a third-party report says only `developerTier` is accepted.
 *
 * Azure matches the value case-insensitively and echoes it as `trainingType` in lower camel case (`globalStandard`),
 * so the echo is read case-insensitively ({@link readTrainingType}). Omitting the field means Standard (regional)
 * today, so the node sends it only when the user adds the field (Microsoft's samples: "the default may change"; and
 * the node never switches a user's data residency silently).
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { FieldError, isBlank, show } from '../../../../shared/validation';

export type TrainingType = 'standard' | 'global' | 'developer';

interface TrainingTypeSpec {
	/** Option name in the UI. */
	name: string;
	/** Value sent as `trainingType`. */
	api: string;
	/** Other spellings that mean this tier (lower case), as the docs, samples or the echo use them. */
	aliases: readonly string[];
	description: string;
}

/**
 * The tiers (docs/azure-api.md#training-types; Global-only models: docs/azure-api.md#models), keyed by the UI option
 * value.
 */
export const TRAINING_TYPES: Readonly<Record<TrainingType, TrainingTypeSpec>> = {
	standard: {
		name: 'Standard',
		api: 'Standard',
		aliases: ['standard'],
		description:
			"Regional training: data and weights stay in the resource's region (data residency)",
	},
	global: {
		name: 'Global',
		api: 'GlobalStandard',
		aliases: ['global', 'globalstandard'],
		description:
			'Cheaper than Standard; data and weights may leave the region. Required by Global-only models (e.g. Ministral-3B, Qwen-32B, Llama-3.3-70B-Instruct, gpt-oss-20b).',
	},
	developer: {
		name: 'Developer',
		api: 'developerTier',
		aliases: ['developer', 'developertier'],
		description:
			'Cheapest (preview): spare capacity, may be paused and resumed by Azure, no SLA, no data residency',
	},
};

/** The options of the Training Type field. */
export const TRAINING_TYPE_OPTIONS: INodePropertyOptions[] = (
	Object.keys(TRAINING_TYPES) as TrainingType[]
).map((value) => ({
	name: TRAINING_TYPES[value].name,
	value,
	description: TRAINING_TYPES[value].description,
}));

/**
 * Reads a tier from the UI value (`global`), an expression's API spelling (`GlobalStandard`, `developerTier`) or a
 * job's echo (`globalStandard`), case-insensitively.
 * @returns the tier, or undefined for anything else (unknown echoes are passed through by callers, not guessed).
 */
export function readTrainingType(value: unknown): TrainingType | undefined {
	if (typeof value !== 'string') return undefined;
	const needle = value.trim().toLowerCase();
	return (Object.keys(TRAINING_TYPES) as TrainingType[]).find((type) =>
		TRAINING_TYPES[type].aliases.includes(needle),
	);
}

/**
 * The `trainingType` to send for the Training Type field.
 * @returns the API value (`Standard`, `GlobalStandard` or `developerTier`), or undefined when the field is empty.
 * @throws FieldError `Training Type` for any other value.
 */
export function trainingTypeToApi(value: unknown): string | undefined {
	if (isBlank(value)) return undefined;
	const type = readTrainingType(value);
	if (!type) {
		const allowed = TRAINING_TYPE_OPTIONS.map(
			(option) => `${option.name} (${String(option.value)})`,
		).join(', ');
		throw new FieldError('Training Type', `must be one of ${allowed} (got ${show(value)})`);
	}
	return TRAINING_TYPES[type].api;
}
