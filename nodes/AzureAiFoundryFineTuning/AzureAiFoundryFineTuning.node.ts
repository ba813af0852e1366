import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as file from './actions/file';
import * as job from './actions/job';
import { router } from './actions/router';
import { searchFiles, searchFineTuneFiles, searchJobs } from '../shared/search';
import { searchModels } from './methods/listSearch';

export class AzureAiFoundryFineTuning implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure AI Foundry Fine-Tuning',
		name: 'azureAiFoundryFineTuning',
		icon: { light: 'file:azureAiFoundry.svg', dark: 'file:azureAiFoundry.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Fine-tune models on Azure AI Foundry: create and manage fine-tuning jobs',
		defaults: { name: 'Azure AI Foundry Fine-Tuning' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'azureAiFoundryApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'job',
				options: [
					{ name: 'File', value: 'file' },
					{ name: 'Fine-Tuning Job', value: 'job' },
				],
			},
			...job.description,
			...file.description,
		],
	};

	methods = {
		listSearch: { searchModels, searchFineTuneFiles, searchFiles, searchJobs },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
