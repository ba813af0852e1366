/**
 * Run Grader: `POST /fine_tuning/alpha/graders/run` (operation runGrader; docs/azure-api.md#graders). Azure scores one
 * model sample with the grader built from the Grader fields, the item filling its `{{item.*}}` templates, and answers
 * `OpenAI.RunGraderResponse`: `reward`, `metadata` (name, type, `errors` flags, execution time, scores, token usage,
 * sampled model), `sub_rewards` and `model_grader_token_usage_per_model`. The node outputs that answer as it is: live
 * answers carry more than the spec lists (docs/azure-api.md#graders).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { isBlank, toJsonObject, toText } from '../../../shared/validation';
import { GRADER_TYPE_LABEL } from './fields';
import { nameRefusedField, readGrader } from './request';

/** Path of the run operation below the API root. */
const RUN_GRADER_PATH = '/fine_tuning/alpha/graders/run';

export const description = updateDisplayOptions(
	{ show: { resource: ['grader'], operation: ['run'] } },
	[
		{
			displayName: 'Model Sample',
			name: 'modelSample',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'e.g. Paris',
			description:
				"The model's answer to score, as it is (not trimmed): it fills {{sample.output_text}}, and {{sample.output_json}} when it is JSON (model_sample)",
		},
		{
			displayName: 'Item',
			name: 'item',
			type: 'json',
			default: '{\n  "reference_answer": "Paris"\n}',
			description:
				'The training example the sample answers, a JSON object: its fields fill {{item.&lt;field&gt;}} (item). Leave empty to send none.',
		},
	],
);

/**
 * Run Grader's request body: the grader, the model sample as text (multi-line, not trimmed) and the item as an
 * object (left out when blank).
 * @throws FieldError naming Model Sample (not text, control characters) or Item (not JSON, not an object, too deep)
 */
export function runGraderBody(
	grader: Record<string, unknown>,
	modelSample: unknown,
	item: unknown,
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		grader,
		model_sample: toText('Model Sample', modelSample, { multiline: true }),
	};
	if (!isBlank(item)) body.item = toJsonObject('Item', item);
	return body;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const grader = readGrader(this, itemIndex);
	const body = runGraderBody(
		grader,
		this.getNodeParameter('modelSample', itemIndex, ''),
		this.getNodeParameter('item', itemIndex, ''),
	);
	try {
		return [{ json: await apiRequest.call(this, { method: 'POST', path: RUN_GRADER_PATH, body }) }];
	} catch (error) {
		throw nameRefusedField(error, grader, GRADER_TYPE_LABEL, {
			model_sample: 'Model Sample',
			item: 'Item',
		});
	}
}
