/**
 * The job vocabulary both nodes share, in one place: the statuses a fine-tuning job can have (one table that feeds
 * the editor's status options, terminal detection and normalisation), the one job filter used by List and by the
 * trigger ({@link jobMatchesFilter}), and the editor fields of that filter (Suffix, Metadata).
 *
 * Filters are applied locally: Azure's `GET /fine_tuning/jobs` takes only `after` and `limit`, and OpenAI's
 * `metadata` query is not on Azure (docs/azure-api.md#lists-and-paging). Job statuses are read case-insensitively
 * and never assumed to be from a closed set: Azure returns statuses beyond the v1 enum and older spellings such as
 * `canceled` (docs/azure-api.md#job-statuses).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	type MetadataPairInput,
	FieldError,
	isBlank,
	requireText,
	show,
	toText,
} from './validation';

/** One row of {@link JOB_STATUS_TABLE}. */
export interface JobStatusInfo {
	/** The status as the API writes it (lower case). */
	value: string;
	/** The name the editor shows. */
	name: string;
	/** One line for the editor. */
	description: string;
	/** True when the job never leaves this status. */
	terminal: boolean;
	/** Other spellings Azure has returned for it (lower case), read as `value`. */
	aliases: readonly string[];
}

/**
 * Every status a job can have, in lifecycle order: the v1 enum of `FineTuningJob.status` (validating_files, queued,
 * running, succeeded, failed, cancelled) plus those Azure returns beyond it (pending, pausing, paused, resuming);
 * see docs/azure-api.md#job-statuses. A status outside this table is non-terminal and compared as lower-case text.
 */
export const JOB_STATUS_TABLE = [
	{
		value: 'pending',
		name: 'Pending',
		description: 'Just created, not validated yet',
		terminal: false,
		aliases: [],
	},
	{
		value: 'validating_files',
		name: 'Validating Files',
		description: 'Checking the training and validation files',
		terminal: false,
		aliases: [],
	},
	{
		value: 'queued',
		name: 'Queued',
		description: 'Files validated, waiting for capacity',
		terminal: false,
		aliases: [],
	},
	{ value: 'running', name: 'Running', description: 'Training', terminal: false, aliases: [] },
	{
		value: 'pausing',
		name: 'Pausing',
		description: 'A pause was requested',
		terminal: false,
		aliases: [],
	},
	{
		value: 'paused',
		name: 'Paused',
		description: 'Paused; can be resumed',
		terminal: false,
		aliases: [],
	},
	{
		value: 'resuming',
		name: 'Resuming',
		description: 'A resume was requested',
		terminal: false,
		aliases: [],
	},
	{
		value: 'succeeded',
		name: 'Succeeded',
		description: 'Finished: fine_tuned_model is set',
		terminal: true,
		aliases: [],
	},
	{
		value: 'failed',
		name: 'Failed',
		description: "Ended with an error (see the job's error)",
		terminal: true,
		aliases: [],
	},
	{
		value: 'cancelled',
		name: 'Cancelled',
		description: 'Cancelled by a user',
		terminal: true,
		aliases: ['canceled'],
	},
] as const satisfies readonly JobStatusInfo[];

/** A status of {@link JOB_STATUS_TABLE}, e.g. `succeeded`. */
export type JobStatus = (typeof JOB_STATUS_TABLE)[number]['value'];

/** Rows by every spelling (value and aliases). */
const STATUS_BY_SPELLING: ReadonlyMap<string, JobStatusInfo> = new Map(
	JOB_STATUS_TABLE.flatMap((row: JobStatusInfo) =>
		[row.value, ...row.aliases].map((spelling) => [spelling, row] as const),
	),
);

/**
 * A job's status for comparisons: trimmed, lower case, other spellings read as the table's value
 * (`' Canceled'` → `cancelled`); an unknown status stays as its lower-case text; `''` when it is not text.
 */
export function normaliseStatus(status: unknown): string {
	const text = typeof status === 'string' ? status.trim().toLowerCase() : '';
	return STATUS_BY_SPELLING.get(text)?.value ?? text;
}

/** The statuses a job never leaves (succeeded, failed, cancelled), in table order. */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = JOB_STATUS_TABLE.filter(
	(row) => row.terminal,
).map((row) => row.value);

/** True when `status` (any case, any spelling) is one a job never leaves; unknown statuses are non-terminal. */
export function isTerminalStatus(status: unknown): boolean {
	return STATUS_BY_SPELLING.get(normaliseStatus(status))?.terminal ?? false;
}

/** True when `status` (any case, any spelling) is `wanted`. */
export function hasStatus(status: unknown, wanted: JobStatus): boolean {
	return normaliseStatus(status) === wanted;
}

/**
 * The statuses as options of a multi-select (List's Statuses filter, the trigger's Statuses), sorted by name as
 * n8n's lint rules ask; an alias is named in the description (`also matches "canceled"`).
 */
export const JOB_STATUS_OPTIONS: INodePropertyOptions[] = [...JOB_STATUS_TABLE]
	.sort((a, b) => a.name.localeCompare(b.name))
	.map((row: JobStatusInfo) => ({
		name: row.name,
		value: row.value,
		description: row.aliases.length
			? `${row.description} (also matches ${row.aliases.map((alias) => `"${alias}"`).join(', ')})`
			: row.description,
	}));

/**
 * Reads a Statuses field: a list (multi-select) or comma-separated text (expression). Each is normalised; blanks
 * and repeats are dropped; statuses outside the table are kept (Azure may return more).
 * @param field the field as the editor shows it, e.g. `Statuses`.
 * @throws FieldError naming `field` when an entry is not text.
 */
export function readStatuses(field: string, value: unknown): string[] {
	if (isBlank(value)) return [];
	const items = Array.isArray(value) ? value : toText(field, value).split(',');
	const statuses = items.map((item) => {
		if (typeof item !== 'string')
			throw new FieldError(
				field,
				`must be status names such as running or paused (got ${show(item)})`,
			);
		return normaliseStatus(item);
	});
	return [...new Set(statuses.filter(Boolean))];
}

/**
 * The job's suffix: Azure returns `suffix`, its OpenAPI document names it `user_provided_suffix`
 * (docs/azure-api.md#the-job-object); the first of them that is text, else null.
 */
export function jobSuffix(job: Record<string, unknown>): string | null {
	const suffix = [job.suffix, job.user_provided_suffix].find((value) => typeof value === 'string');
	return typeof suffix === 'string' ? suffix : null;
}

/** One pair of a Metadata filter: the job's metadata must have `key`, with exactly `value` when one is given. */
export interface MetadataCondition {
	key: string;
	/** Absent: any value. */
	value?: string;
}

/**
 * A job filter (checked input); an absent property does not filter, and a job must pass every one that is set.
 * The meaning is the same in List and in the trigger:
 * - `statuses`: the job's status (normalised) is one of them;
 * - `suffix`: the job's suffix ({@link jobSuffix}) contains this text, any case;
 * - `metadata`: the job's metadata has every key, each with its value when one is given (compared exactly);
 * - `createdAfter`: the job's `created_at` is later.
 */
export interface JobFilter {
	/** Normalised statuses ({@link normaliseStatus}). */
	statuses?: string[];
	/** Lower-case text the suffix must contain. */
	suffix?: string;
	metadata?: MetadataCondition[];
	/** Unix seconds. */
	createdAfter?: number;
}

/**
 * Whether a job (as the API returns it, `fine_tuning.job`) passes every filter set in `filter`. Pure; missing or odd
 * fields (a null or non-object `metadata`, a non-text status) never throw, they just do not match.
 */
export function jobMatchesFilter(job: Record<string, unknown>, filter: JobFilter): boolean {
	if (filter.statuses && !filter.statuses.includes(normaliseStatus(job.status))) return false;
	if (filter.suffix !== undefined) {
		const suffix = jobSuffix(job);
		if (suffix === null || !suffix.toLowerCase().includes(filter.suffix)) return false;
	}
	if (filter.metadata) {
		const metadata =
			typeof job.metadata === 'object' && job.metadata !== null && !Array.isArray(job.metadata)
				? (job.metadata as Record<string, unknown>)
				: {};
		const has = ({ key, value }: MetadataCondition) =>
			Object.prototype.hasOwnProperty.call(metadata, key) &&
			(value === undefined || metadata[key] === value);
		if (!filter.metadata.every(has)) return false;
	}
	if (filter.createdAfter !== undefined && !(Number(job.created_at) > filter.createdAfter))
		return false;
	return true;
}

/**
 * Reads a Suffix filter field.
 * @returns the lower-case, trimmed text; undefined when the field is empty.
 * @throws FieldError naming `field` when the value is not text.
 */
export function readSuffixFilter(field: string, value: unknown): string | undefined {
	return isBlank(value) ? undefined : toText(field, value).trim().toLowerCase();
}

/**
 * Reads the pairs of a Metadata filter ({@link metadataFilterField}): a pair with an empty Value asks for the key
 * with any value.
 * @returns the conditions; undefined when there are none.
 * @throws FieldError `Metadata › Key` for a pair without a key or a key used twice, `Metadata › Value ("<key>")`
 *   for a value that is not text.
 */
export function readMetadataFilter(
	pairs: MetadataPairInput[] | undefined,
): MetadataCondition[] | undefined {
	if (!pairs?.length) return undefined;
	const seen = new Set<string>();
	return pairs.map((pair) => {
		const key = requireText('Metadata › Key', pair.key);
		if (seen.has(key))
			throw new FieldError(
				'Metadata › Key',
				`"${key}" is used twice; each key can be matched once`,
			);
		seen.add(key);
		return isBlank(pair.value)
			? { key }
			: { key, value: toText(`Metadata › Value ("${key}")`, pair.value) };
	});
}

/** The Filters collection of List as n8n hands it over. */
export interface JobFilterInput {
	/** Status values: a list (multi-select) or comma-separated text from an expression. */
	statuses?: unknown;
	suffix?: unknown;
	/** The Metadata field's value as n8n hands it over: `{ pairs: [{ key, value }] }`. */
	metadata?: unknown;
	/** A date: ISO text (the date picker's `2025-06-01T00:00:00` has no zone), unix seconds or ms, a Date or Luxon DateTime. */
	createdAfter?: unknown;
}

/**
 * Checks the filters the user set (List's Filters: Statuses, Suffix, Metadata, Created After).
 * @param timeZone IANA zone in which a date without offset is read (the workflow's time zone), e.g. `Europe/Berlin`.
 * @returns the filter, or undefined when none is set.
 * @throws FieldError naming the filter (`Statuses`, `Suffix`, `Metadata › Key`, `Created After`) for unusable values.
 */
export function buildJobFilter(input: JobFilterInput, timeZone = 'UTC'): JobFilter | undefined {
	const filter: JobFilter = {};
	const statuses = readStatuses('Statuses', input.statuses);
	if (statuses.length) filter.statuses = statuses;
	const suffix = readSuffixFilter('Suffix', input.suffix);
	if (suffix !== undefined) filter.suffix = suffix;
	const metadata = readMetadataFilter(metadataPairsOf(input.metadata));
	if (metadata) filter.metadata = metadata;
	if (!isBlank(input.createdAfter))
		filter.createdAfter = toUnixSeconds('Created After', input.createdAfter, timeZone);
	return Object.keys(filter).length ? filter : undefined;
}

/**
 * The pairs of a Metadata field's value (`{ pairs: [...] }` as n8n hands over a fixedCollection); a list of pairs
 * is taken as it is. Anything else → no pairs.
 */
export function metadataPairsOf(value: unknown): MetadataPairInput[] | undefined {
	if (Array.isArray(value)) return value as MetadataPairInput[];
	const pairs = (value as { pairs?: unknown } | null | undefined)?.pairs;
	return Array.isArray(pairs) ? (pairs as MetadataPairInput[]) : undefined;
}

/**
 * The Metadata key-value pairs field (a fixedCollection `metadata` with values under `pairs`), used by Create Job
 * (pairs stored with the job) and by the job filters ({@link metadataFilterField}).
 * @param description what the pairs do in this place.
 * @returns the field; n8n hands its value over as `{ pairs: [{ key, value }] }` ({@link metadataPairsOf}).
 */
export function metadataPairsField(description: string): INodeProperties {
	return {
		displayName: 'Metadata',
		name: 'metadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Pair',
		// n8n's editor opens this list empty when it is added to a collection (whatever the default) and drops it
		// while it is empty if another field is added; README.md (Create) tells users to add a pair first.
		default: { pairs: [{ key: '', value: '' }] },
		description,
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', required: true },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}

/** The Metadata filter of List and of the trigger, with its meaning ({@link jobMatchesFilter}). */
export const metadataFilterField: INodeProperties = metadataPairsField(
	'Only jobs whose metadata has every one of these pairs: the key with exactly this value, or with any value when Value is left empty',
);

/** The Suffix filter of List and of the trigger, with its meaning ({@link jobMatchesFilter}). */
export const suffixFilterField: INodeProperties = {
	displayName: 'Suffix',
	name: 'suffix',
	type: 'string',
	default: '',
	placeholder: 'e.g. support-bot',
	description:
		'Only jobs whose suffix contains this text, in any case (e.g. "bot" matches "Support-Bot")',
};

/** Numbers above this are milliseconds (as seconds they would be after the year 5000). */
const MS_THRESHOLD = 1e11;

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const WALL_CLOCK =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/**
 * Reads a point in time as unix seconds: numbers (and digit-only text) are unix seconds, or milliseconds when
 * above 1e11; ISO text with `Z` or an offset is absolute; ISO text without one (what n8n's date picker produces) is
 * a wall-clock time in `timeZone`; Date and Luxon DateTime objects (from expressions) are absolute.
 * @throws FieldError naming `field` for anything else.
 */
export function toUnixSeconds(field: string, value: unknown, timeZone = 'UTC'): number {
	const ms = toEpochMs(value, timeZone);
	if (ms === undefined || !Number.isFinite(ms)) {
		throw new FieldError(
			field,
			`must be a date such as 2025-06-01, 2025-06-01T12:00:00Z or unix seconds (got ${show(value)})`,
		);
	}
	return ms / 1000;
}

function toEpochMs(value: unknown, timeZone: string): number | undefined {
	if (typeof value === 'number') return value > MS_THRESHOLD ? value : value * 1000;
	if (value instanceof Date) return value.getTime();
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		return Number((value as { toMillis(): unknown }).toMillis());
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return toEpochMs(Number(text), timeZone);
	if (ZONED.test(text)) {
		const parsed = Date.parse(text);
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	const parts = WALL_CLOCK.exec(text);
	if (!parts) return undefined;
	const [year, month, day, hour, minute, second] = parts
		.slice(1, 7)
		.map((part) => Number(part ?? 0));
	const wall = Date.UTC(
		year,
		month - 1,
		day,
		hour,
		minute,
		second,
		Number((parts[7] ?? '').padEnd(3, '0')),
	);
	const date = new Date(wall);
	if (
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	)
		return undefined;
	// The offset at the guessed instant, then at the corrected one (right across daylight-saving changes).
	return wall - zoneOffsetMs(timeZone, wall - zoneOffsetMs(timeZone, wall));
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `utcMs`; 0 for an unknown zone. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		}).formatToParts(new Date(utcMs));
	} catch {
		return 0;
	}
	const get = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((part) => part.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}
