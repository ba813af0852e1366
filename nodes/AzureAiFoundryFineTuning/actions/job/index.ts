/** Resource "Fine-Tuning Job": its operations and their fields. */
import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create/create.operation';
import * as get from './get.operation';
import * as getMetrics from './getMetrics.operation';
import * as list from './list.operation';
import * as listCheckpoints from './listCheckpoints.operation';
import * as listEvents from './listEvents.operation';
import * as pause from './pause.operation';
import * as resume from './resume.operation';

/** Operations by their `operation` value, for the router. */
export const operations = {
	cancel,
	create,
	get,
	getMetrics,
	list,
	listCheckpoints,
	listEvents,
	pause,
	resume,
};

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
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a job',
				description: 'Stop a fine-tuning job that has not ended; it cannot be resumed afterwards',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a job',
				description: 'Start fine-tuning a model on a training file',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a job',
				description: "Get a fine-tuning job's status, model and results",
			},
			{
				name: 'Get Metrics',
				value: 'getMetrics',
				action: 'Get the training metrics of a job',
				description:
					"Read a succeeded job's results file: one item per training step with loss and token accuracy as numbers",
			},
			{
				name: 'List',
				value: 'list',
				action: 'List jobs',
				description:
					"List the resource's fine-tuning jobs, newest first, optionally filtered by status, suffix, metadata or creation time",
			},
			{
				name: 'List Checkpoints',
				value: 'listCheckpoints',
				action: 'List the checkpoints of a job',
				description:
					"List a job's checkpoints (models saved during training, deployable or usable as a base for further training) with their metrics",
			},
			{
				name: 'List Events',
				value: 'listEvents',
				action: 'List the events of a job',
				description:
					"Read a job's event log: status changes, progress and metrics messages, errors",
			},
			{
				name: 'Pause',
				value: 'pause',
				action: 'Pause a job',
				description: 'Pause a running fine-tuning job; Resume continues it later',
			},
			{
				name: 'Resume',
				value: 'resume',
				action: 'Resume a job',
				description: 'Continue a paused fine-tuning job',
			},
		],
	},
	...cancel.description,
	...create.description,
	...get.description,
	...getMetrics.description,
	...list.description,
	...listCheckpoints.description,
	...listEvents.description,
	...pause.description,
	...resume.description,
];
