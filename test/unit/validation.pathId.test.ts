import { fileLocator, jobLocator } from '../../nodes/shared/locators';
import { checkPathId, PATH_ID_REGEX } from '../../nodes/shared/validation';

/** The By ID mode's regex check, as n8n applies it to a typed value. */
function byIdCheck(property: ReturnType<typeof jobLocator>): {
	regex: RegExp;
	errorMessage: string;
} {
	const mode = property.modes!.find((m) => m.name === 'id')!;
	const rule = mode.validation![0] as unknown as {
		properties: { regex: string; errorMessage: string };
	};
	return { regex: new RegExp(rule.properties.regex), errorMessage: rule.properties.errorMessage };
}

describe('IDs that go into a URL path: one rule for the editor and the run', () => {
	test.each([['ftjob-abc123'], ['file-abc123'], ['ftjob-1:ckpt-step-10'], ['file_a.b'], ['a']])(
		'%s is accepted by both',
		(id) => {
			expect(checkPathId('File', id, 'file')).toBe(id);
			expect(byIdCheck(fileLocator('fileId', 'File')).regex.test(id)).toBe(true);
		},
	);

	test.each([
		['ftjob-abc/../../files'],
		['a..b'],
		['..'],
		['.hidden'],
		[':x'],
		['file abc'],
		['file-1?x=1'],
		['file-1#x'],
		['file-1/content'],
	])('%s is refused by both', (id) => {
		expect(() => checkPathId('File', id, 'file')).toThrow(
			`File: must be a file ID such as file-abc123 (letters, digits, - _ . : only), got "${id}"`,
		);
		expect(byIdCheck(fileLocator('fileId', 'File')).regex.test(id)).toBe(false);
	});

	test('the editor message names the field as displayed and gives an example of its kind', () => {
		expect(byIdCheck(jobLocator()).errorMessage).toBe(
			'Fine-Tuning Job: must be a fine-tuning job ID such as ftjob-abc123 (letters, digits, - _ . : only)',
		);
		expect(
			byIdCheck(
				fileLocator('validationFile', 'Validation File', {
					displayName: 'Validation File (optional)',
				}),
			).errorMessage,
		).toBe(
			'Validation File (optional): must be a file ID such as file-abc123 (letters, digits, - _ . : only)',
		);
		expect(PATH_ID_REGEX.startsWith('^') && PATH_ID_REGEX.endsWith('$')).toBe(true);
	});
});
