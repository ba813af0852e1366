/**
 * The Grader resource's editor fields are Create Job's grader fields (one table, grader/fields.ts), and Azure's
 * refusal of a grader is put on the field its `param` points at (grader/request.ts `graderFieldOf`).
 */
import type { INodeProperties } from 'n8n-workflow';

import { description as graderResource } from '../../nodes/AzureAiFoundryFineTuning/actions/grader';
import { runGraderBody } from '../../nodes/AzureAiFoundryFineTuning/actions/grader/run.operation';
import { graderFieldOf } from '../../nodes/AzureAiFoundryFineTuning/actions/grader/request';
import { reinforcementFields } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/reinforcementFields';
import { FieldError } from '../../nodes/shared/validation';

/** Each grader field as the editor sees it, without the display conditions of where it is shown. */
const shape = (fields: INodeProperties[]) =>
	fields
		.filter((field) => field.name.startsWith('grader'))
		.map(({ displayOptions, ...field }) => ({
			...field,
			// Only the grader-type condition is the grader's own; resource, operation and method are the place's.
			graderType: displayOptions?.show?.graderType,
		}));

describe('Grader resource fields', () => {
	it("are Create Job's grader fields: same names, labels, types, defaults and grader-type conditions", () => {
		const own = shape(graderResource);
		const createJob = shape(reinforcementFields).map((field) =>
			field.name === 'graderType' ? { ...field, description: expect.any(String) } : field,
		);
		expect(own.length).toBeGreaterThan(10);
		expect(own).toEqual(createJob);
	});

	it('are shown for the Grader resource only', () => {
		const fields = graderResource.filter((f) => f.name.startsWith('grader'));
		expect(fields.length).toBeGreaterThan(10);
		expect(fields.map((field) => [field.name, field.displayOptions?.show?.resource])).toEqual(
			fields.map((field) => [field.name, ['grader']]),
		);
	});
});

describe('graderFieldOf: the field an Azure param points at', () => {
	const multi = {
		type: 'multi',
		graders: { judge: { type: 'score_model' }, exact: { type: 'string_check' } },
	};
	it.each([
		['grader.reference', { type: 'string_check' }, 'Grader Reference'],
		['grader.input', { type: 'string_check' }, 'Grader Input'],
		['grader.input', { type: 'score_model' }, 'Grader Input Messages'],
		['grader.input.0.content', { type: 'score_model' }, 'Grader Input Messages'],
		['grader.range', { type: 'score_model' }, 'Grader Score Model Options'],
		['grader.sampling_params.seed', { type: 'score_model' }, 'Grader Score Model Options'],
		['grader.evaluation_metric', { type: 'text_similarity' }, 'Grader Evaluation Metric'],
		['grader.source', { type: 'python' }, 'Grader Source'],
		['grader.image_tag', { type: 'python' }, 'Grader Image Tag'],
		['grader.calculate_output', multi, 'Grader Calculate Output'],
		['grader.graders.judge.input', multi, 'Grader Graders › judge › Input Messages'],
		['grader.graders.exact.input', multi, 'Grader Graders › exact › Input'],
		['grader.graders.exact', multi, 'Grader Graders › exact'],
	])('%s of %j → %s', (param, grader, field) => {
		expect(graderFieldOf(param, grader, 'Grader Type')).toBe(field);
	});

	it.each([[undefined], [null], ['grader'], ['grader.pass_threshold'], ['model_sample'], [42]])(
		'%j → the fallback',
		(param) => {
			expect(graderFieldOf(param, { type: 'string_check' }, 'Grader Type')).toBe('Grader Type');
		},
	);
});

describe('runGraderBody', () => {
	const grader = { type: 'string_check' };

	it('sends the sample as it is and the item as an object; an empty Item sends none', () => {
		expect(runGraderBody(grader, ' Paris\n', '{"answer": "Paris"}')).toEqual({
			grader,
			model_sample: ' Paris\n',
			item: { answer: 'Paris' },
		});
		expect(runGraderBody(grader, 'Paris', { answer: 'Paris' }).item).toEqual({ answer: 'Paris' });
		expect(runGraderBody(grader, 'Paris', '  ')).not.toHaveProperty('item');
	});

	it.each([
		['[1]', 'Item: must be a JSON object'],
		[[1], 'Item: must be a JSON object'],
		[7, 'Item: must be a JSON object'],
		['{"a":', 'Item: is not valid JSON'],
	])('refuses the Item %j naming it', (item, message) => {
		expect(() => runGraderBody(grader, 'Paris', item)).toThrow(FieldError);
		expect(() => runGraderBody(grader, 'Paris', item)).toThrow(message);
	});

	it('refuses a Model Sample that is not text, naming it', () => {
		expect(() => runGraderBody(grader, 42, '')).toThrow(
			'Model Sample: must be text, but the value is the number 42',
		);
	});
});
