/**
 * Pause and Resume: `POST …/deployments/{name}/pause|resume` (operations Deployments_Pause, Deployments_Resume),
 * answering the deployment with `deploymentState` Paused or Running. Only Standard and Global Standard deployments
 * pause; a paused one answers inference with HTTP 423 (docs/azure-api.md#microsoft-entra-id-and-resource-manager).
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { armRequest } from '../../../shared/transport/arm';
import { accountPath } from './account';
import { readDeployment } from './deployments';
import { accountFields, deploymentLocator } from './fields';
import { readDeploymentTarget } from './get.operation';

/** What Pause and Resume export. */
export interface DeploymentStateOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

/** Pause or Resume: the POST, and after a lost answer a read of `deploymentState` before sending it again. */
export function deploymentStateOperation(
	operation: 'pause' | 'resume',
	reached: 'Paused' | 'Running',
	locatorDescription: string,
): DeploymentStateOperation {
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['deployment'], operation: [operation] } },
			[...accountFields, deploymentLocator(locatorDescription)],
		),
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const { account, name } = readDeploymentTarget(this, itemIndex);
			const deployment = await armRequest.call(this, {
				method: 'POST',
				path: `${accountPath(account, name)}/${operation}`,
				recover: async () => {
					const found = await readDeployment(this, account, name);
					const state = (found?.properties as { deploymentState?: unknown } | undefined)
						?.deploymentState;
					return state === reached ? found : undefined;
				},
			});
			return [{ json: deployment }];
		},
	};
}
