/** UI fields of the reinforcement method: its grader (one of five types) and the optional response format. */
import type { INodeProperties } from 'n8n-workflow';

import { GRADER_TYPES, type GraderType } from './graders';
import {
	graderFields,
	graderTypeOptions,
	multiGraderFields,
	type GraderPlace,
} from './graderFields';

const forReinforcement = { methodType: ['reinforcement'] };

/** Top-level grader parameter name for a base field name, e.g. `input` → `graderInput`. */
export const graderParameter = (base: string) =>
	`grader${base.charAt(0).toUpperCase()}${base.slice(1)}`;

/**
 * Where Create Job keeps its grader: `graderType`, `graderName`, …, shown as `Grader <Field>` (next to the job's own
 * Model and Name-less fields), which is also how errors name them.
 */
export const CREATE_JOB_GRADER: GraderPlace = {
	typeParameter: 'graderType',
	nameOf: graderParameter,
	labelPrefix: 'Grader ',
};

const showForGrader = (types: GraderType[]) => ({
	show: { ...forReinforcement, graderType: types },
});

export const reinforcementFields: INodeProperties[] = [
	{
		displayName: 'Grader Type',
		name: 'graderType',
		type: 'options',
		default: 'string_check',
		description:
			'How each sampled answer is scored during reinforcement fine-tuning (method.reinforcement.grader.type)',
		options: graderTypeOptions(GRADER_TYPES),
		displayOptions: { show: forReinforcement },
	},
	...[
		...graderFields(graderParameter, showForGrader),
		...multiGraderFields(graderParameter, showForGrader),
	].map((field) => ({ ...field, displayName: CREATE_JOB_GRADER.labelPrefix + field.displayName })),
	{
		displayName: 'Response Format',
		name: 'responseFormat',
		type: 'fixedCollection',
		placeholder: 'Add Response Format',
		default: {},
		description:
			"A JSON schema the model's answers must follow while it is sampled during training (method.reinforcement.response_format)",
		displayOptions: { show: forReinforcement },
		options: [
			{
				displayName: 'JSON Schema',
				name: 'jsonSchema',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. answer',
						description: 'Name of the schema (letters, digits, _ and -)',
					},
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{
						displayName: 'Schema',
						name: 'schema',
						type: 'json',
						default:
							'{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"],\n  "additionalProperties": false\n}',
						required: true,
						description: 'The JSON Schema itself',
					},
					{
						displayName: 'Strict',
						name: 'strict',
						type: 'boolean',
						default: true,
						description: 'Whether answers must follow the schema exactly',
					},
				],
			},
		],
	},
];
