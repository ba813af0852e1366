/**
 * Pure: the List operation's filters, applied locally because Azure's `GET /fine_tuning/jobs` takes only `after` and
 * `limit` (spec/FINE_TUNING_API.md §2; OpenAI's `metadata` query is not on Azure).
 *
 * Job statuses are read case-insensitively and never assumed to be from a closed set: Azure returns `pending`,
 * `pausing`, `paused`, `resuming` beyond the v1 enum, and older names such as `canceled` (spec Appendix A3).
 */
import {
	type MetadataPairInput,
	FieldError,
	isBlank,
	requireText,
	show,
	toText,
} from './validation';

/**
 * Statuses a job can have (spec §5 enum plus Appendix A3), in lifecycle order; the Statuses filter offers these and
 * accepts any other text from an expression.
 */
export const JOB_STATUSES = [
	'pending',
	'validating_files',
	'queued',
	'running',
	'pausing',
	'paused',
	'resuming',
	'succeeded',
	'failed',
	'cancelled',
] as const;

/** Other spellings of a status (Appendix A3: `canceled` is also seen). */
const STATUS_ALIASES: Readonly<Record<string, string>> = { canceled: 'cancelled' };

/** A job's status for comparisons: trimmed, lower case, aliases resolved; `''` when there is none. */
export function normaliseStatus(status: unknown): string {
	const text = typeof status === 'string' ? status.trim().toLowerCase() : '';
	return STATUS_ALIASES[text] ?? text;
}

/** The Filters collection of List as n8n hands it over. */
export interface JobFilterInput {
	/** Status values: a list (multi-select) or comma-separated text from an expression. */
	statuses?: unknown;
	suffix?: unknown;
	metadata?: MetadataPairInput[];
	/** A date: ISO text (the date picker's `2025-06-01T00:00:00` has no zone), unix seconds or ms, a Date or Luxon DateTime. */
	createdAfter?: unknown;
}

/** Checked filters; an absent property does not filter. */
export interface JobFilters {
	/** Normalised statuses; a job matches when its status is one of them. */
	statuses?: string[];
	/** Lower-case text the job's suffix must contain. */
	suffix?: string;
	/** Pairs the job's metadata must all have, values compared exactly. */
	metadata?: Record<string, string>;
	/** Unix seconds; a job matches when its `created_at` (unix seconds) is later. */
	createdAfter?: number;
}

/**
 * Checks the filters the user set.
 * @param timeZone IANA zone in which a date without offset is read (the workflow's time zone), e.g. `Europe/Berlin`.
 * @returns the filters, or undefined when none is set.
 * @throws FieldError naming the filter (`Statuses`, `Suffix`, `Metadata › Key`, `Created After`) for unusable values.
 */
export function buildJobFilters(input: JobFilterInput, timeZone = 'UTC'): JobFilters | undefined {
	const filters: JobFilters = {};
	const statuses = toStatusList(input.statuses);
	if (statuses.length) filters.statuses = statuses;
	if (!isBlank(input.suffix)) filters.suffix = toText('Suffix', input.suffix).trim().toLowerCase();
	const pairs = input.metadata ?? [];
	if (pairs.length) {
		filters.metadata = {};
		for (const pair of pairs) {
			const key = requireText('Metadata › Key', pair.key);
			if (key in filters.metadata)
				throw new FieldError(
					'Metadata › Key',
					`"${key}" is used twice; each key can be matched once`,
				);
			filters.metadata[key] = toText(`Metadata › Value ("${key}")`, pair.value);
		}
	}
	if (!isBlank(input.createdAfter))
		filters.createdAfter = toUnixSeconds('Created After', input.createdAfter, timeZone);
	return Object.keys(filters).length ? filters : undefined;
}

function toStatusList(value: unknown): string[] {
	if (isBlank(value)) return [];
	const items = Array.isArray(value) ? value : toText('Statuses', value).split(',');
	const statuses = items.map((item) => {
		if (typeof item !== 'string')
			throw new FieldError(
				'Statuses',
				`must be status names such as running or paused (got ${show(item)})`,
			);
		return normaliseStatus(item);
	});
	return [...new Set(statuses.filter(Boolean))];
}

/** Whether a job (as the API lists it) passes every filter. Missing or odd fields never throw; they just do not match. */
export function matchesJobFilters(job: Record<string, unknown>, filters: JobFilters): boolean {
	if (filters.statuses && !filters.statuses.includes(normaliseStatus(job.status))) return false;
	if (filters.suffix !== undefined) {
		const suffix = [job.suffix, job.user_provided_suffix].find(
			(value) => typeof value === 'string',
		);
		if (typeof suffix !== 'string' || !suffix.toLowerCase().includes(filters.suffix)) return false;
	}
	if (filters.metadata) {
		const metadata =
			job.metadata && typeof job.metadata === 'object'
				? (job.metadata as Record<string, unknown>)
				: {};
		if (Object.entries(filters.metadata).some(([key, value]) => metadata[key] !== value))
			return false;
	}
	if (filters.createdAfter !== undefined && !(Number(job.created_at) > filters.createdAfter))
		return false;
	return true;
}

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
