/**
 * Resume Job: `POST /fine_tuning/jobs/{fine_tuning_job_id}/resume` (operation resumeFineTuningJob; when Azure allows
 * it: docs/azure-api.md#job-statuses).
 */
import { stateChangeOperation } from './operationFactories';

export const { description, execute } = stateChangeOperation({
	operation: 'resume',
	jobDescription:
		'The paused fine-tuning job to resume (fine_tuning_job_id). It goes to resuming, then running.',
	reached: ['resuming', 'running'],
});
