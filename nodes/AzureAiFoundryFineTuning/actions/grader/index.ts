/**
 * Resource "Grader": try a reinforcement grader before paying for a job (docs/azure-api.md#graders). Validate and Run
 * show the grader fields Create Job shows (grader/fields.ts `graderProperties`, the same parameter names) and build
 * the grader with the same code (grader/body.ts), so a grader tried here is the grader a job gets.
 */
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { graderProperties } from './fields';
import * as run from './run.operation';
import * as validate from './validate.operation';

/** Operations by their `operation` value, for the router. */
export const operations = { validate, run };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['grader'] } },
		default: 'run',
		options: [
			{
				name: 'Run',
				value: 'run',
				action: 'Run a grader',
				description:
					'Score one model sample against an item, as a reinforcement job would (a Score Model grader is billed for its tokens)',
			},
			{
				name: 'Validate',
				value: 'validate',
				action: 'Validate a grader',
				description: 'Ask Azure whether it accepts the grader, without running it',
			},
		],
	},
	...updateDisplayOptions(
		{ show: { resource: ['grader'] } },
		graderProperties({}, 'How the model sample is scored (grader.type)'),
	),
	...run.description,
];
