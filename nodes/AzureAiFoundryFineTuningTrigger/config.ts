/** The trigger's parameters turned into what the poll needs, pure. */
import {
	type JobFilter,
	metadataPairsOf,
	readMetadataFilter,
	readStatuses,
	readSuffixFilter,
} from '../shared/jobs';
import {
	checkPathId,
	FieldError,
	isBlank,
	type MetadataPairInput,
	toNumber,
	toText,
} from '../shared/validation';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, METADATA_PAIRS_SINCE } from './description';

/**
 * The Filters collection as n8n hands it over. Version 1.1: `suffix` and `metadata` (the shared Metadata pairs
 * field, `{ pairs: [{ key, value }] }`). Version 1: `suffix`, `metadataKey` and `metadataValue` (one pair).
 */
export interface TriggerFilterInput {
	suffix?: unknown;
	metadata?: unknown;
	metadataKey?: unknown;
	metadataValue?: unknown;
}

/** Raw parameter values as n8n gives them (`jobId` already extracted from the resource locator). */
export interface TriggerParameters {
	/** The node's typeVersion (1 or 1.1); absent = the newest. Decides how `filters` is read (METADATA_PAIRS_SINCE). */
	version?: number;
	watch?: unknown;
	jobId?: unknown;
	triggerOn?: unknown;
	statuses?: unknown;
	filters?: TriggerFilterInput;
	options?: { pageSize?: unknown };
}

export interface TriggerConfig {
	/** `all`, or `job:<id>`: what the state is recorded for (another scope starts a new baseline). */
	scope: string;
	/** The watched job's id in one-job mode. */
	jobId?: string;
	/** Which changes are emitted: a change passes when its job matches (`jobMatchesFilter`, nodes/shared/jobs.ts). */
	filter: JobFilter;
	pageSize: number;
}

/**
 * Version 1's Metadata Key / Metadata Value as the pairs of the shared Metadata field: a key with an optional value
 * is one pair (an empty value: any value).
 * @throws FieldError `Metadata Key` for a value without a key; `Metadata Key` / `Metadata Value` for non-text.
 */
function version1MetadataPairs(filters: TriggerFilterInput): MetadataPairInput[] {
	if (isBlank(filters.metadataKey)) {
		if (!isBlank(filters.metadataValue))
			throw new FieldError('Metadata Key', 'is required when Metadata Value is set');
		return [];
	}
	return [
		{
			key: toText('Metadata Key', filters.metadataKey).trim(),
			value: isBlank(filters.metadataValue) ? '' : toText('Metadata Value', filters.metadataValue),
		},
	];
}

/**
 * Reads the parameters.
 * @throws FieldError (validation.ts) for an unusable job id, an empty or non-text status list, a non-text suffix,
 *   a bad metadata pair (`Metadata › Key`; version 1: a metadata value without a key) or a bad page size.
 */
export function readConfig(parameters: TriggerParameters): TriggerConfig {
	const jobId =
		parameters.watch === 'one'
			? checkPathId('Fine-Tuning Job', parameters.jobId, 'job')
			: undefined;
	const filter: JobFilter = {};
	if (parameters.triggerOn === 'statuses') {
		const statuses = readStatuses('Statuses', parameters.statuses);
		if (statuses.length === 0)
			throw new FieldError(
				'Statuses',
				'choose at least one status, or set Trigger On to Any Status Change',
			);
		filter.statuses = statuses;
	}
	const filters = jobId ? {} : (parameters.filters ?? {});
	const suffix = readSuffixFilter('Suffix', filters.suffix);
	if (suffix !== undefined) filter.suffix = suffix;
	const version1 = parameters.version !== undefined && parameters.version < METADATA_PAIRS_SINCE;
	const metadata = readMetadataFilter(
		version1 ? version1MetadataPairs(filters) : metadataPairsOf(filters.metadata),
	);
	if (metadata) filter.metadata = metadata;
	const pageSize = isBlank(parameters.options?.pageSize)
		? DEFAULT_PAGE_SIZE
		: toNumber('Page Size', parameters.options?.pageSize, {
				integer: true,
				min: 1,
				max: MAX_PAGE_SIZE,
			});
	return { scope: jobId ? `job:${jobId}` : 'all', ...(jobId ? { jobId } : {}), filter, pageSize };
}
