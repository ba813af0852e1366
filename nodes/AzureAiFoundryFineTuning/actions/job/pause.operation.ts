/**
 * Pause Job: `POST /fine_tuning/jobs/{fine_tuning_job_id}/pause` (operation pauseFineTuningJob; when Azure allows
 * it: docs/azure-api.md#job-statuses).
 */
import { stateChangeOperation } from './operationFactories';

export const { description, execute } = stateChangeOperation({
	operation: 'pause',
	jobDescription:
		'The running fine-tuning job to pause (fine_tuning_job_id). Azure pauses only a running job that has trained at least one step; it goes to pausing, then paused.',
	reached: ['pausing', 'paused'],
});
