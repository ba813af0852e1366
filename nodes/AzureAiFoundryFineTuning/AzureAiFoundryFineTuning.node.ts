import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as deployment from './actions/deployment';
import * as file from './actions/file';
import * as grader from './actions/grader';
import * as job from './actions/job';
import { router } from './actions/router';
import { authenticationProperty, credentialTest } from '../shared/authentication';
import { searchFiles, searchFineTuneFiles, searchJobs } from '../shared/search';
import {
	searchAccounts,
	searchDeployments,
	searchResourceGroups,
	searchSubscriptions,
} from './methods/armSearch';
import { searchModels, searchScoringModels } from './methods/listSearch';

export class AzureAiFoundryFineTuning implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure AI Foundry Fine-Tuning',
		name: 'azureAiFoundryFineTuning',
		icon: { light: 'file:azureAiFoundry.svg', dark: 'file:azureAiFoundry.dark.svg' },
		group: ['transform'],
		version: 1,
		// The chosen action's name ("Create a job") rather than n8n's usual raw "create: job": the `action` texts of the
		// Operation options (test/unit/node.description.test.ts keeps them the same).
		subtitle:
			'={{ ({ "job:cancel": "Cancel a job", "job:create": "Create a job", "job:get": "Get a job", "job:getMetrics": "Get the training metrics of a job", "job:list": "List jobs", "job:listCheckpoints": "List the checkpoints of a job", "job:listEvents": "List the events of a job", "job:pause": "Pause a job", "job:resume": "Resume a job", "file:check": "Check training data", "file:delete": "Delete a file", "file:download": "Download a file", "file:get": "Get a file", "file:list": "List files", "file:upload": "Upload a file", "grader:run": "Run a grader", "grader:validate": "Validate a grader", "deployment:create": "Create a deployment", "deployment:delete": "Delete a deployment", "deployment:get": "Get a deployment", "deployment:list": "List deployments", "deployment:pause": "Pause a deployment", "deployment:resume": "Resume a deployment", "deployment:testPrompt": "Send a test prompt to a deployment", "deployment:update": "Update the capacity of a deployment" })[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}',
		description:
			'Fine-tune models on Azure AI Foundry: create and manage fine-tuning jobs, and deploy their models',
		defaults: { name: 'Azure AI Foundry Fine-Tuning' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'azureAiFoundryApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'azureAiFoundryEntraApi',
				required: true,
				displayOptions: { show: { authentication: ['entraId'] } },
				testedBy: 'azureAiFoundryEntraApiTest',
			},
		],
		properties: [
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'job',
				// The panel lists each resource's actions in this order: jobs first, what they need and make after.
				options: [
					{ name: 'Fine-Tuning Job', value: 'job' },
					{ name: 'File', value: 'file' },
					{ name: 'Grader', value: 'grader' },
					{ name: 'Deployment', value: 'deployment' },
				],
			},
			...job.description,
			...file.description,
			...grader.description,
			...deployment.description,
		],
	};

	methods = {
		listSearch: {
			searchModels,
			searchScoringModels,
			searchFineTuneFiles,
			searchFiles,
			searchJobs,
			searchSubscriptions,
			searchResourceGroups,
			searchAccounts,
			searchDeployments,
		},
		credentialTest,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
