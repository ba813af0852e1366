/** Pause Deployment: `POST …/deployments/{name}/pause` (operation Deployments_Pause; stateChange.ts). */
import { deploymentStateOperation } from './stateChange';

export const { description, execute } = deploymentStateOperation(
	'pause',
	'Paused',
	'The Standard or Global Standard deployment to pause; it answers no requests until resumed',
);
