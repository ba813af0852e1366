import {
	readTrainingType,
	TRAINING_TYPE_OPTIONS,
	trainingTypeToApi,
} from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/trainingTypes';
import { FieldError } from '../../nodes/shared/validation';

describe('trainingTypeToApi: the values Azure is known to accept', () => {
	test.each([
		['standard', 'Standard'],
		['global', 'GlobalStandard'],
		['developer', 'developerTier'],
	])('%s → %s', (value, api) => {
		expect(trainingTypeToApi(value)).toBe(api);
	});

	test.each([
		['GlobalStandard', 'GlobalStandard'],
		['globalstandard', 'GlobalStandard'],
		['developerTier', 'developerTier'],
		['Developer', 'developerTier'],
		[' STANDARD ', 'Standard'],
	])('an expression may give the API or docs spelling: %p → %s', (value, api) => {
		expect(trainingTypeToApi(value)).toBe(api);
	});

	test.each([undefined, null, '', '  '])('empty (%p) → not sent', (value) => {
		expect(trainingTypeToApi(value)).toBeUndefined();
	});

	test.each(['DataZone', 1, { type: 'global' }])(
		'anything else (%p) is refused naming the field and the choices',
		(value) => {
			expect(() => trainingTypeToApi(value)).toThrow(FieldError);
			expect(() => trainingTypeToApi(value)).toThrow(
				/^Training Type: must be one of Standard \(standard\), Global \(global\), Developer \(developer\)/,
			);
		},
	);
});

describe('readTrainingType: the echo, case-insensitively', () => {
	test.each([
		['globalStandard', 'global'],
		['GLOBALSTANDARD', 'global'],
		['standard', 'standard'],
		['developerTier', 'developer'],
	])('%s → %s', (echo, type) => {
		expect(readTrainingType(echo)).toBe(type);
	});

	test.each([undefined, null, 1, 'dataZoneStandard'])(
		'unknown echo %p → undefined, never a guess',
		(echo) => {
			expect(readTrainingType(echo)).toBeUndefined();
		},
	);
});

test('the field offers Standard, Global and Developer with descriptions', () => {
	expect(TRAINING_TYPE_OPTIONS.map((option) => [option.name, option.value])).toEqual([
		['Standard', 'standard'],
		['Global', 'global'],
		['Developer', 'developer'],
	]);
	expect(
		TRAINING_TYPE_OPTIONS.every(
			(option) => typeof option.description === 'string' && option.description.length > 0,
		),
	).toBe(true);
});
