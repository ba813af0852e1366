/**
 * Resource "Deployment": serving a fine-tuned model. Deployments are made in Azure Resource Manager with a Microsoft
 * Entra ID token (docs/azure-api.md#microsoft-entra-id-and-resource-manager); Test Prompt asks a deployment on the
 * data plane with the node's credential.
 */
import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as pause from './pause.operation';
import * as resume from './resume.operation';
import * as testPrompt from './testPrompt.operation';
import * as update from './update.operation';

/** Operations by their `operation` value, for the router. */
export const operations = { create, get, list, update, delete: del, pause, resume, testPrompt };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deployment'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a deployment',
				description:
					"Deploy a succeeded job's fine-tuned model and wait until it answers (billed per hour while deployed, except Developer)",
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a deployment',
				description: 'Remove a deployment (its hourly hosting fee stops; the model stays)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a deployment',
				description: "A deployment's model, SKU, capacity and state",
			},
			{
				name: 'List',
				value: 'list',
				action: 'List deployments',
				description: 'Every deployment of the resource',
			},
			{
				name: 'Pause',
				value: 'pause',
				action: 'Pause a deployment',
				description: 'Stop a Standard or Global Standard deployment from answering until resumed',
			},
			{
				name: 'Resume',
				value: 'resume',
				action: 'Resume a deployment',
				description: 'Let a paused deployment answer again',
			},
			{
				name: 'Test Prompt',
				value: 'testPrompt',
				action: 'Send a test prompt to a deployment',
				description: 'Ask a deployed model one chat question and return its answer',
			},
			{
				name: 'Update Capacity',
				value: 'update',
				action: 'Update the capacity of a deployment',
				description: "Change a deployment's capacity (tokens per minute), keeping its SKU",
			},
		],
	},
	...create.description,
	...del.description,
	...get.description,
	...list.description,
	...pause.description,
	...resume.description,
	...testPrompt.description,
	...update.description,
];
