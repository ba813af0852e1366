import {
	buildJobFilters,
	matchesJobFilters,
	normaliseStatus,
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

describe('buildJobFilters', () => {
	test('nothing set → no filters', () => {
		expect(buildJobFilters({})).toBeUndefined();
		expect(
			buildJobFilters({ statuses: [], suffix: '', metadata: [], createdAfter: '' }),
		).toBeUndefined();
	});

	test('statuses from the multi-select or comma-separated text, normalised', () => {
		expect(buildJobFilters({ statuses: ['paused', 'Running'] })).toEqual({
			statuses: ['paused', 'running'],
		});
		expect(buildJobFilters({ statuses: 'pending, canceled,,resuming' })).toEqual({
			statuses: ['pending', 'cancelled', 'resuming'],
		});
	});

	test('a status outside the list (from an expression) is accepted as text', () => {
		expect(buildJobFilters({ statuses: ['notRunning'] })).toEqual({ statuses: ['notrunning'] });
	});

	test.each([
		[{ statuses: [3] }, /^Statuses: must be status names/],
		[{ suffix: { a: 1 } }, /^Suffix: must be text/],
		[{ metadata: [{ key: '', value: 'x' }] }, /^Metadata › Key: is required/],
		[
			{
				metadata: [
					{ key: 'a', value: '1' },
					{ key: 'a', value: '2' },
				],
			},
			/^Metadata › Key: "a" is used twice/,
		],
		[{ createdAfter: 'yesterday' }, /^Created After: must be a date/],
	])('%p is refused naming the field', (input, message) => {
		expect(() => buildJobFilters(input)).toThrow(FieldError);
		expect(() => buildJobFilters(input)).toThrow(message);
	});
});

describe('matchesJobFilters', () => {
	test('statuses: case-insensitive, beyond the spec enum, canceled = cancelled', () => {
		const filters = buildJobFilters({ statuses: ['paused', 'cancelled'] })!;
		expect(matchesJobFilters(job({ status: 'PAUSED' }), filters)).toBe(true);
		expect(matchesJobFilters(job({ status: 'canceled' }), filters)).toBe(true);
		expect(matchesJobFilters(job({ status: 'running' }), filters)).toBe(false);
	});

	test('unknown, missing or odd statuses never throw', () => {
		const filters = buildJobFilters({ statuses: ['running'] })!;
		for (const status of ['trainingStarted', undefined, null, 42, { nested: true }]) {
			expect(matchesJobFilters(job({ status }), filters)).toBe(false);
		}
		expect(
			matchesJobFilters(
				job({ status: 'trainingStarted' }),
				buildJobFilters({ statuses: 'trainingstarted' })!,
			),
		).toBe(true);
	});

	test('suffix: contains, case-insensitive, from suffix or user_provided_suffix', () => {
		const filters = buildJobFilters({ suffix: 'Support' })!;
		expect(matchesJobFilters(job({ suffix: 'support-bot' }), filters)).toBe(true);
		expect(
			matchesJobFilters(job({ suffix: null, user_provided_suffix: 'my-support' }), filters),
		).toBe(true);
		expect(matchesJobFilters(job({ suffix: 'sales' }), filters)).toBe(false);
		expect(matchesJobFilters(job({ suffix: null }), filters)).toBe(false);
	});

	test('metadata: every pair must be present with exactly that value', () => {
		const filters = buildJobFilters({
			metadata: [
				{ key: 'team', value: 'support' },
				{ key: 'env', value: 'prod' },
			],
		})!;
		expect(
			matchesJobFilters(job({ metadata: { team: 'support', env: 'prod', other: 'x' } }), filters),
		).toBe(true);
		expect(matchesJobFilters(job({ metadata: { team: 'support', env: 'Prod' } }), filters)).toBe(
			false,
		);
		expect(matchesJobFilters(job({ metadata: { team: 'support' } }), filters)).toBe(false);
		expect(matchesJobFilters(job({ metadata: null }), filters)).toBe(false);
	});

	test('created after: strictly later created_at (unix seconds)', () => {
		const filters = buildJobFilters({ createdAfter: 1_750_000_000 })!;
		expect(matchesJobFilters(job({ created_at: 1_750_000_001 }), filters)).toBe(true);
		expect(matchesJobFilters(job({ created_at: 1_750_000_000 }), filters)).toBe(false);
		expect(matchesJobFilters(job({ created_at: undefined }), filters)).toBe(false);
	});

	test('all filters together (AND)', () => {
		const filters = buildJobFilters({
			statuses: ['succeeded'],
			suffix: 'bot',
			metadata: [{ key: 'team', value: 'a' }],
			createdAfter: 100,
		})!;
		expect(
			matchesJobFilters(
				job({ status: 'succeeded', suffix: 'bot', metadata: { team: 'a' }, created_at: 200 }),
				filters,
			),
		).toBe(true);
		expect(
			matchesJobFilters(
				job({ status: 'succeeded', suffix: 'bot', metadata: { team: 'a' }, created_at: 50 }),
				filters,
			),
		).toBe(false);
	});
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

test('normaliseStatus', () => {
	expect(normaliseStatus(' Paused ')).toBe('paused');
	expect(normaliseStatus('canceled')).toBe('cancelled');
	expect(normaliseStatus(undefined)).toBe('');
	expect(normaliseStatus(7)).toBe('');
});
