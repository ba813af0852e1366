/** Resume Deployment: `POST …/deployments/{name}/resume` (operation Deployments_Resume; stateChange.ts). */
import { deploymentStateOperation } from './stateChange';

export const { description, execute } = deploymentStateOperation(
	'resume',
	'Running',
	'The paused deployment to resume',
);
