/**
 * List Checkpoints: `GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints` (operation listFineTuningJobCheckpoints;
 * paging: docs/azure-api.md#lists-and-paging).
 */
import { PAGE_SIZES } from '../../../shared/transport/pages';
import { jobItemsOperation } from './operationFactories';

export const { description, execute } = jobItemsOperation({
	operation: 'listCheckpoints',
	segment: 'checkpoints',
	what: 'checkpoints of the job',
	pageSize: PAGE_SIZES.checkpoints,
	jobDescription:
		"The fine-tuning job whose checkpoints to list, newest first (fine_tuning_job_id). Each checkpoint's fine_tuned_model_checkpoint can be deployed or used as the Model of a new job.",
});
