/**
 * List Events: `GET /fine_tuning/jobs/{fine_tuning_job_id}/events` (operation listFineTuningEvents; paging:
 * docs/azure-api.md#lists-and-paging).
 */
import { PAGE_SIZES } from '../../../shared/transport/pages';
import { jobItemsOperation } from './operationFactories';

export const { description, execute } = jobItemsOperation({
	operation: 'listEvents',
	segment: 'events',
	what: 'events of the job',
	pageSize: PAGE_SIZES.events,
	jobDescription:
		'The fine-tuning job whose event log to read, newest event first (fine_tuning_job_id)',
});
