import { parseResultsCsv } from '../../nodes/AzureAiFoundryFineTuning/actions/file/resultsCsv';

describe('parseResultsCsv', () => {
	test('one record per step, numbers as numbers, empty cells as null', () => {
		const csv =
			'\uFEFFstep,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy\r\n' +
			'1,1.52,0.61,,,,\r\n' +
			'2,1.1e0,0.7,1.3,0.65,1.25,0.66\r\n\r\n';
		expect(parseResultsCsv(csv)).toEqual([
			{
				step: 1,
				train_loss: 1.52,
				train_mean_token_accuracy: 0.61,
				valid_loss: null,
				validation_mean_token_accuracy: null,
				full_valid_loss: null,
				full_valid_mean_token_accuracy: null,
			},
			{
				step: 2,
				train_loss: 1.1,
				train_mean_token_accuracy: 0.7,
				valid_loss: 1.3,
				validation_mean_token_accuracy: 0.65,
				full_valid_loss: 1.25,
				full_valid_mean_token_accuracy: 0.66,
			},
		]);
	});

	test('unknown columns and text cells are kept', () => {
		expect(parseResultsCsv('step,phase\n3,warmup\n')).toEqual([{ step: 3, phase: 'warmup' }]);
	});

	test('header only → no rows; empty file and ragged rows are errors', () => {
		expect(parseResultsCsv('step,train_loss\n')).toEqual([]);
		expect(() => parseResultsCsv('')).toThrow('empty');
		expect(() => parseResultsCsv('step,train_loss\n1,2,3\n')).toThrow(
			'Row 2 of the results file has 3 cells but the header has 2',
		);
		expect(() => parseResultsCsv('step,,x\n')).toThrow('empty column name');
	});
});
