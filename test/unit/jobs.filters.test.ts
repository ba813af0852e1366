/** The job vocabulary (nodes/shared/jobs.ts): the status table, the one job filter and its input checks. */
import {
	buildJobFilter,
	hasStatus,
	isTerminalStatus,
	JOB_STATUS_OPTIONS,
	JOB_STATUS_TABLE,
	jobMatchesFilter,
	jobSuffix,
	metadataFilterField,
	normaliseStatus,
	readMetadataFilter,
	readStatuses,
	suffixFilterField,
	TERMINAL_JOB_STATUSES,
	toUnixSeconds,
} from '../../nodes/shared/jobs';
import { FieldError } from '../../nodes/shared/validation';

const job = (fields: Record<string, unknown>) => ({
	id: 'ftjob-1',
	status: 'running',
	created_at: 1_750_000_000,
	suffix: null,
	metadata: null,
	...fields,
});

describe('the status table', () => {
	test('every status, in lifecycle order; succeeded, failed and cancelled are terminal', () => {
		expect(JOB_STATUS_TABLE.map((row) => row.value)).toEqual([
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
		]);
		expect(TERMINAL_JOB_STATUSES).toEqual(['succeeded', 'failed', 'cancelled']);
	});

	test('normaliseStatus: trimmed, lower case, canceled = cancelled, unknown kept, non-text empty', () => {
		expect(normaliseStatus(' Paused ')).toBe('paused');
		expect(normaliseStatus('canceled')).toBe('cancelled');
		expect(normaliseStatus('CANCELED')).toBe('cancelled');
		expect(normaliseStatus('TrainingStarted')).toBe('trainingstarted');
		expect(normaliseStatus(undefined)).toBe('');
		expect(normaliseStatus(7)).toBe('');
	});

	test('isTerminalStatus: any case and spelling; unknown, empty and non-text statuses are not terminal', () => {
		for (const status of ['succeeded', 'FAILED', ' cancelled', 'canceled', 'Canceled'])
			expect(isTerminalStatus(status)).toBe(true);
		for (const status of ['running', 'paused', 'cancelling', 'whatever', '', undefined, 3])
			expect(isTerminalStatus(status)).toBe(false);
	});

	test('hasStatus compares through the table', () => {
		expect(hasStatus('Succeeded', 'succeeded')).toBe(true);
		expect(hasStatus('canceled', 'cancelled')).toBe(true);
		expect(hasStatus('failed', 'succeeded')).toBe(false);
		expect(hasStatus(null, 'succeeded')).toBe(false);
	});

	test('editor options: one per status, sorted by name, the other spelling named', () => {
		expect(JOB_STATUS_OPTIONS.map((option) => option.name)).toEqual([
			'Cancelled',
			'Failed',
			'Paused',
			'Pausing',
			'Pending',
			'Queued',
			'Resuming',
			'Running',
			'Succeeded',
			'Validating Files',
		]);
		expect(JOB_STATUS_OPTIONS[0]).toEqual({
			name: 'Cancelled',
			value: 'cancelled',
			description: 'Cancelled by a user (also matches "canceled")',
		});
	});

	test('readStatuses: a list or comma-separated text, normalised, blanks and repeats dropped', () => {
		expect(readStatuses('Statuses', ['paused', 'Paused', 'canceled'])).toEqual([
			'paused',
			'cancelled',
		]);
		expect(readStatuses('Statuses', 'pending, ,resuming')).toEqual(['pending', 'resuming']);
		expect(readStatuses('Statuses', '')).toEqual([]);
		expect(() => readStatuses('Statuses', [1])).toThrow(/^Statuses: must be status names/);
	});
});

describe('buildJobFilter', () => {
	test('nothing set → no filter', () => {
		expect(buildJobFilter({})).toBeUndefined();
		expect(
			buildJobFilter({ statuses: [], suffix: '', metadata: {}, createdAfter: '' }),
		).toBeUndefined();
		expect(buildJobFilter({ metadata: { pairs: [] } })).toBeUndefined();
	});

	test('statuses from the multi-select or comma-separated text, normalised', () => {
		expect(buildJobFilter({ statuses: ['paused', 'Running'] })).toEqual({
			statuses: ['paused', 'running'],
		});
		expect(buildJobFilter({ statuses: 'pending, canceled,,resuming' })).toEqual({
			statuses: ['pending', 'cancelled', 'resuming'],
		});
	});

	test('a status outside the list (from an expression) is accepted as text', () => {
		expect(buildJobFilter({ statuses: ['notRunning'] })).toEqual({ statuses: ['notrunning'] });
	});

	test('suffix trimmed and lower case; metadata pairs as n8n hands them over, an empty value = any value', () => {
		expect(
			buildJobFilter({
				suffix: ' Support ',
				metadata: {
					pairs: [{ key: ' team ', value: 'support' }, { key: 'env', value: '' }, { key: 'owner' }],
				},
			}),
		).toEqual({
			suffix: 'support',
			metadata: [{ key: 'team', value: 'support' }, { key: 'env' }, { key: 'owner' }],
		});
	});

	test.each([
		[{ statuses: [3] }, /^Statuses: must be status names/],
		[{ suffix: { a: 1 } }, /^Suffix: must be text/],
		[{ metadata: { pairs: [{ key: '', value: 'x' }] } }, /^Metadata › Key: is required/],
		[
			{
				metadata: {
					pairs: [
						{ key: 'a', value: '1' },
						{ key: 'a', value: '2' },
					],
				},
			},
			/^Metadata › Key: "a" is used twice/,
		],
		[
			{ metadata: { pairs: [{ key: 'a', value: { nested: true } }] } },
			/^Metadata › Value \("a"\): must be text/,
		],
		[{ createdAfter: 'yesterday' }, /^Created After: must be a date/],
	])('%p is refused naming the field', (input, message) => {
		expect(() => buildJobFilter(input)).toThrow(FieldError);
		expect(() => buildJobFilter(input)).toThrow(message);
	});

	test('readMetadataFilter: no pairs → undefined', () => {
		expect(readMetadataFilter(undefined)).toBeUndefined();
		expect(readMetadataFilter([])).toBeUndefined();
	});
});

describe('jobMatchesFilter', () => {
	test('statuses: case-insensitive, beyond the spec enum, canceled = cancelled', () => {
		const filter = buildJobFilter({ statuses: ['paused', 'cancelled'] })!;
		expect(jobMatchesFilter(job({ status: 'PAUSED' }), filter)).toBe(true);
		expect(jobMatchesFilter(job({ status: 'canceled' }), filter)).toBe(true);
		expect(jobMatchesFilter(job({ status: 'running' }), filter)).toBe(false);
	});

	test('unknown, missing or odd statuses never throw', () => {
		const filter = buildJobFilter({ statuses: ['running'] })!;
		for (const status of ['trainingStarted', undefined, null, 42, { nested: true }]) {
			expect(jobMatchesFilter(job({ status }), filter)).toBe(false);
		}
		expect(
			jobMatchesFilter(
				job({ status: 'trainingStarted' }),
				buildJobFilter({ statuses: 'trainingstarted' })!,
			),
		).toBe(true);
	});

	test('suffix: contains, case-insensitive, from suffix or user_provided_suffix', () => {
		const filter = buildJobFilter({ suffix: 'Support' })!;
		expect(jobMatchesFilter(job({ suffix: 'support-bot' }), filter)).toBe(true);
		expect(jobMatchesFilter(job({ suffix: 'SUPPORT' }), filter)).toBe(true);
		expect(
			jobMatchesFilter(job({ suffix: null, user_provided_suffix: 'my-support' }), filter),
		).toBe(true);
		expect(jobMatchesFilter(job({ suffix: 'sales' }), filter)).toBe(false);
		expect(jobMatchesFilter(job({ suffix: null }), filter)).toBe(false);
		expect(jobMatchesFilter(job({ suffix: 42 }), filter)).toBe(false);
	});

	test('jobSuffix: suffix, else user_provided_suffix, else null', () => {
		expect(jobSuffix(job({ suffix: 'mine' }))).toBe('mine');
		expect(jobSuffix(job({ suffix: null, user_provided_suffix: 'spec' }))).toBe('spec');
		expect(jobSuffix(job({ suffix: 3 }))).toBeNull();
	});

	test('metadata: every pair must be present with exactly that value', () => {
		const filter = buildJobFilter({
			metadata: {
				pairs: [
					{ key: 'team', value: 'support' },
					{ key: 'env', value: 'prod' },
				],
			},
		})!;
		expect(
			jobMatchesFilter(job({ metadata: { team: 'support', env: 'prod', other: 'x' } }), filter),
		).toBe(true);
		expect(jobMatchesFilter(job({ metadata: { team: 'support', env: 'Prod' } }), filter)).toBe(
			false,
		);
		expect(jobMatchesFilter(job({ metadata: { team: 'support' } }), filter)).toBe(false);
		expect(jobMatchesFilter(job({ metadata: null }), filter)).toBe(false);
	});

	test('metadata: a pair with an empty value matches the key with any value, not a missing key', () => {
		const filter = buildJobFilter({ metadata: { pairs: [{ key: 'team', value: '' }] } })!;
		expect(jobMatchesFilter(job({ metadata: { team: 'support' } }), filter)).toBe(true);
		expect(jobMatchesFilter(job({ metadata: { team: '' } }), filter)).toBe(true);
		expect(jobMatchesFilter(job({ metadata: { other: 'support' } }), filter)).toBe(false);
		expect(jobMatchesFilter(job({ metadata: {} }), filter)).toBe(false);
	});

	test('metadata that is not an object (text, list, null) never matches and never throws', () => {
		const filter = buildJobFilter({ metadata: { pairs: [{ key: '0' }, { key: 'length' }] } })!;
		for (const metadata of ['team', ['team'], null, undefined, 7]) {
			expect(jobMatchesFilter(job({ metadata }), filter)).toBe(false);
		}
		expect(
			jobMatchesFilter(
				job({ metadata: {} }),
				buildJobFilter({ metadata: { pairs: [{ key: 'toString' }] } })!,
			),
		).toBe(false);
	});

	test('created after: strictly later created_at (unix seconds)', () => {
		const filter = buildJobFilter({ createdAfter: 1_750_000_000 })!;
		expect(jobMatchesFilter(job({ created_at: 1_750_000_001 }), filter)).toBe(true);
		expect(jobMatchesFilter(job({ created_at: 1_750_000_000 }), filter)).toBe(false);
		expect(jobMatchesFilter(job({ created_at: undefined }), filter)).toBe(false);
	});

	test('all filters together (AND)', () => {
		const filter = buildJobFilter({
			statuses: ['succeeded'],
			suffix: 'bot',
			metadata: { pairs: [{ key: 'team', value: 'a' }] },
			createdAfter: 100,
		})!;
		expect(
			jobMatchesFilter(
				job({ status: 'succeeded', suffix: 'bot', metadata: { team: 'a' }, created_at: 200 }),
				filter,
			),
		).toBe(true);
		expect(
			jobMatchesFilter(
				job({ status: 'succeeded', suffix: 'bot', metadata: { team: 'a' }, created_at: 50 }),
				filter,
			),
		).toBe(false);
	});
});

test('the shared Suffix and Metadata fields state the meaning in the editor', () => {
	expect(suffixFilterField).toMatchObject({ name: 'suffix', type: 'string' });
	expect(suffixFilterField.description).toMatch(/contains this text, in any case/);
	expect(metadataFilterField).toMatchObject({ name: 'metadata', type: 'fixedCollection' });
	expect(metadataFilterField.description).toMatch(/any value when Value is left empty/);
});

describe('toUnixSeconds', () => {
	test('numbers: unix seconds, or milliseconds when above 1e11', () => {
		expect(toUnixSeconds('Created After', 1_750_000_000)).toBe(1_750_000_000);
		expect(toUnixSeconds('Created After', 1_750_000_000_500)).toBe(1_750_000_000.5);
		expect(toUnixSeconds('Created After', '1750000000')).toBe(1_750_000_000);
	});

	test('ISO text with Z or an offset is absolute', () => {
		expect(toUnixSeconds('Created After', '2025-06-01T12:00:00Z', 'Europe/Berlin')).toBe(
			Date.UTC(2025, 5, 1, 12) / 1000,
		);
		expect(toUnixSeconds('Created After', '2025-06-01T12:00:00+02:00')).toBe(
			Date.UTC(2025, 5, 1, 10) / 1000,
		);
	});

	test("text without offset (n8n's date picker) is read in the workflow time zone", () => {
		expect(toUnixSeconds('Created After', '2025-06-01T12:00:00', 'UTC')).toBe(
			Date.UTC(2025, 5, 1, 12) / 1000,
		);
		expect(toUnixSeconds('Created After', '2025-06-01T12:00:00', 'Europe/Berlin')).toBe(
			Date.UTC(2025, 5, 1, 10) / 1000,
		);
		expect(toUnixSeconds('Created After', '2025-01-15 08:30', 'America/New_York')).toBe(
			Date.UTC(2025, 0, 15, 13, 30) / 1000,
		);
		expect(toUnixSeconds('Created After', '2025-06-01', 'Asia/Tokyo')).toBe(
			Date.UTC(2025, 4, 31, 15) / 1000,
		);
		expect(toUnixSeconds('Created After', '2025-06-01T12:00:00.25', 'UTC')).toBe(
			Date.UTC(2025, 5, 1, 12, 0, 0, 250) / 1000,
		);
	});

	test('Date and Luxon-like DateTime objects from expressions', () => {
		expect(toUnixSeconds('Created After', new Date(Date.UTC(2025, 5, 1)))).toBe(
			Date.UTC(2025, 5, 1) / 1000,
		);
		expect(toUnixSeconds('Created After', { toMillis: () => 1_750_000_000_000 })).toBe(
			1_750_000_000,
		);
	});

	test.each(['2025-02-30', '2025-13-01', '2025-06-01T25:00:00', 'next week', true, {}])(
		'%p is refused',
		(value) => {
			expect(() => toUnixSeconds('Created After', value)).toThrow(/^Created After: must be a date/);
		},
	);

	test('an unknown time zone falls back to UTC rather than failing', () => {
		expect(toUnixSeconds('Created After', '2025-06-01T12:00:00', 'Not/AZone')).toBe(
			Date.UTC(2025, 5, 1, 12) / 1000,
		);
	});
});
