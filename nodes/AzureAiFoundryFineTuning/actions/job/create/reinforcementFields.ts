/** UI fields of the reinforcement method: its grader (one of five types) and the optional response format. */
import type { INodeProperties } from 'n8n-workflow';

import { graderProperties } from '../../grader/fields';

const forReinforcement = { methodType: ['reinforcement'] };

export const reinforcementFields: INodeProperties[] = [
	...graderProperties(
		forReinforcement,
		'How each sampled answer is scored during reinforcement fine-tuning (method.reinforcement.grader.type)',
	),
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
