/** Cancel Job: `POST /fine_tuning/jobs/{fine_tuning_job_id}/cancel` (spec operation cancelFineTuningJob). */
import { stateChangeOperation } from './operationFactories';

export const { description, execute } = stateChangeOperation({
	operation: 'cancel',
	jobDescription:
		'The fine-tuning job to stop for good (fine_tuning_job_id). Only a job that has not ended can be cancelled.',
	// `canceled` is read as cancelled (normaliseStatus); `canceling` is an older spelling Azure has used (spec Appendix A3).
	reached: ['cancelled', 'cancelling', 'canceling'],
});
