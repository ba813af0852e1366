/** The trigger's parameters turned into what the poll needs, pure. */
import { checkPathId, FieldError, isBlank, toNumber, toText } from '../shared/validation';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './description';
import { normaliseStatus, type EmitFilter } from './filters';

/** Raw parameter values as n8n gives them (`jobId` already extracted from the resource locator). */
export interface TriggerParameters {
	watch?: unknown;
	jobId?: unknown;
	triggerOn?: unknown;
	statuses?: unknown;
	filters?: { suffix?: unknown; metadataKey?: unknown; metadataValue?: unknown };
	options?: { pageSize?: unknown };
}

export interface TriggerConfig {
	/** `all`, or `job:<id>`: what the state is recorded for (another scope starts a new baseline). */
	scope: string;
	/** The watched job's id in one-job mode. */
	jobId?: string;
	filter: EmitFilter;
	pageSize: number;
}

/**
 * Reads the parameters.
 * @throws FieldError (validation.ts) for an unusable job id, an empty status list, a bad page size or a metadata
 *   value without a key.
 */
export function readConfig(parameters: TriggerParameters): TriggerConfig {
	const jobId =
		parameters.watch === 'one'
			? checkPathId('Fine-Tuning Job', parameters.jobId, 'job')
			: undefined;
	let statuses: Set<string> | null = null;
	if (parameters.triggerOn === 'statuses') {
		const chosen = Array.isArray(parameters.statuses)
			? parameters.statuses.map((status) => normaliseStatus(String(status)))
			: [];
		if (chosen.length === 0)
			throw new FieldError(
				'Statuses',
				'choose at least one status, or set Trigger On to Any Status Change',
			);
		statuses = new Set(chosen);
	}
	const filters = jobId ? {} : (parameters.filters ?? {});
	const filter: EmitFilter = { statuses };
	if (!isBlank(filters.suffix)) filter.suffix = toText('Suffix', filters.suffix).trim();
	if (!isBlank(filters.metadataKey)) {
		filter.metadata = { key: toText('Metadata Key', filters.metadataKey).trim() };
		if (!isBlank(filters.metadataValue))
			filter.metadata.value = toText('Metadata Value', filters.metadataValue);
	} else if (!isBlank(filters.metadataValue)) {
		throw new FieldError('Metadata Key', 'is required when Metadata Value is set');
	}
	const pageSize = isBlank(parameters.options?.pageSize)
		? DEFAULT_PAGE_SIZE
		: toNumber('Page Size', parameters.options?.pageSize, {
				integer: true,
				min: 1,
				max: MAX_PAGE_SIZE,
			});
	return { scope: jobId ? `job:${jobId}` : 'all', ...(jobId ? { jobId } : {}), filter, pageSize };
}
