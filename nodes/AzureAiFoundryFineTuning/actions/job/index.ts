/** Resource "Fine-Tuning Job": its operations and their fields. */
import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';

/** Operations by their `operation` value, for the router. */
export const operations = { create, get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a fine-tuning job',
				description: 'Start fine-tuning a model on a training file',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a fine-tuning job',
				description: 'Get a fine-tuning job\'s status, model and results',
			},
		],
	},
	...create.description,
	...get.description,
];
