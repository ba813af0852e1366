/**
 * Test Prompt: one chat completion on a deployment (data plane, the node's credential: API key or Entra ID), to try
 * a freshly deployed model. `model` is the deployment's name (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isBlank, requireText } from '../../../shared/validation';
import { checkDeploymentName } from './account';
import { chatCompletion, type ChatMessage } from './deployments';

export const description = updateDisplayOptions(
	{ show: { resource: ['deployment'], operation: ['testPrompt'] } },
	[
		{
			displayName: 'Deployment Name',
			name: 'promptDeploymentName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'my-fine-tuned-model',
			description: 'The deployment to ask (its name, as Create Deployment output it in name)',
		},
		{
			displayName: 'Prompt',
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			description: 'The user message to send',
		},
		{
			displayName: 'System Message',
			name: 'systemMessage',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'Optional instructions sent before the prompt, as in the training data',
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const name = checkDeploymentName(
		'Deployment Name',
		this.getNodeParameter('promptDeploymentName', itemIndex, ''),
	);
	const prompt = requireText('Prompt', this.getNodeParameter('prompt', itemIndex, ''), {
		multiline: true,
	});
	const system = this.getNodeParameter('systemMessage', itemIndex, '');
	const messages: ChatMessage[] = [
		...(isBlank(system)
			? []
			: [
					{
						role: 'system' as const,
						content: requireText('System Message', system, { multiline: true }),
					},
				]),
		{ role: 'user', content: prompt },
	];
	return [{ json: await chatCompletion(this, name, messages) }];
}
