/** Builds the `fine_tuning.job` object a create request produces, with Azure's echo quirks. */
import type { Job } from './types';
import { newId } from './util';

/** A create-job body that already passed spec validation. */
export type CreateJobRequest = Record<string, unknown> & { model: string; training_file: string };

type Json = Record<string, unknown>;

/** Known `trainingType` spellings (lower-cased) and the lower camel case Azure echoes for them. */
const TRAINING_TYPES: Record<string, string> = {
	standard: 'standard',
	globalstandard: 'globalStandard',
	developertier: 'developerTier',
	developer: 'developer',
};

/**
 * Azure matches `trainingType` case-insensitively and echoes it in lower camel case (`GlobalStandard` and
 * `globalstandard` both come back as `globalStandard`). Unknown strings get their first letter lower-cased;
 * non-strings are echoed unchanged.
 */
export function normaliseTrainingType(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	return TRAINING_TYPES[value.toLowerCase()] ?? value.charAt(0).toLowerCase() + value.slice(1);
}

/**
 * The job's `hyperparameters`: taken from `method.<type>.hyperparameters` (or the deprecated top-level
 * `hyperparameters`); a number is echoed, `"auto"` or an unset value becomes `-1` as Azure reports it.
 */
export function jobHyperparameters(request: Json): Job['hyperparameters'] {
	const method = request.method as Json | undefined;
	const fromMethod =
		method && typeof method.type === 'string'
			? ((method[method.type] as Json | undefined)?.hyperparameters as Json | undefined)
			: undefined;
	const source = fromMethod ?? (request.hyperparameters as Json | undefined) ?? {};
	const value = (key: string) => (typeof source[key] === 'number' ? (source[key] as number) : -1);
	return {
		batch_size: value('batch_size'),
		learning_rate_multiplier: value('learning_rate_multiplier'),
		n_epochs: value('n_epochs'),
	};
}

/** A new `pending` job for a validated request, created at `now`. */
export function newJob(request: CreateJobRequest, now: number): Job {
	const job: Job = {
		id: newId('ftjob'),
		object: 'fine_tuning.job',
		model: request.model,
		created_at: now,
		finished_at: null,
		estimated_finish: now + ESTIMATED_DURATION_S,
		status: 'pending',
		error: null,
		fine_tuned_model: null,
		hyperparameters: jobHyperparameters(request),
		organization_id: null,
		result_files: null,
		trained_tokens: null,
		training_file: request.training_file,
		validation_file: (request.validation_file as string | null | undefined) ?? null,
		seed: typeof request.seed === 'number' ? request.seed : Math.floor(Math.random() * 2 ** 31),
		metadata: (request.metadata as Record<string, string> | null | undefined) ?? null,
		method: (request.method as Json | undefined) ?? null,
		integrations: (request.integrations as unknown[] | null | undefined) ?? null,
		suffix: (request.suffix as string | null | undefined) ?? null,
	};
	if (request.trainingType !== undefined)
		job.trainingType = normaliseTrainingType(request.trainingType);
	return job;
}

/** How far ahead `estimated_finish` is set at creation (one hour). */
export const ESTIMATED_DURATION_S = 3600;

/** Azure's name for a fine-tuned model: `<base>.ft-<32 hex>` plus `-<suffix>` when one was given. */
export function fineTunedModelName(job: Job): string {
	return `${job.model}.ft-${job.id.replace(/^ftjob-/, '')}${job.suffix ? `-${job.suffix}` : ''}`;
}
