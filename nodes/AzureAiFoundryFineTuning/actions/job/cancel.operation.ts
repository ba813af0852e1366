/**
 * Cancel Job: `POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel` (operation cancelFineTuningJob; when Azure allows
 * it: docs/azure-api.md#job-statuses).
 */
import { stateChangeOperation } from './operationFactories';

export const { description, execute } = stateChangeOperation({
	operation: 'cancel',
	jobDescription:
		'The fine-tuning job to stop for good (fine_tuning_job_id). Only a job that has not ended can be cancelled.',
	// `canceled` is read as cancelled (the status table); `cancelling` and `canceling` (a cancel under way) are
	// spellings Azure has used outside the table (docs/azure-api.md#job-statuses).
	reached: ['cancelled'],
	reachedOther: ['cancelling', 'canceling'],
});
