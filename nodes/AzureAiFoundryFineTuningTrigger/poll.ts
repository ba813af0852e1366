/** One trigger-mode poll from start to end, over any {@link JobSource}: the node runs it on the API, tests on fakes. */
import type { IDataObject } from 'n8n-workflow';

import { jobMatchesFilter } from '../shared/jobs';
import type { TriggerConfig } from './config';
import { toItem } from './filters';
import { observeJobs, type JobSource } from './observe';
import { detectChanges, parseState } from './statusChanges';

/** Key of the trigger's state in the node's workflow static data. */
export const STATE_KEY = 'state';

export interface PollClock {
	/** Milliseconds. */
	now(): number;
	/** How long this poll may take (n8n's `getPollBudgetMs()`), in ms. */
	budgetMs: number;
}

/**
 * Reads the state from `staticData[STATE_KEY]` (none, invalid or for another scope → this poll is the baseline),
 * observes the jobs, detects the changes and writes the next state into `staticData` — only after everything was
 * read, and only when it differs, so a failed poll leaves static data exactly as it was and a quiet poll does not
 * dirty it (except while a job dated ahead of the poll's clock makes the watermark follow that clock:
 * statusChanges.ts `watermarkFor`).
 * @returns the items to emit (changes whose job passes `config.filter`, oldest job first); empty on the baseline.
 * @throws the source's errors (the API's NodeApiError) and UnexpectedAnswerError, with `staticData` untouched.
 */
export async function pollOnce(
	source: JobSource,
	staticData: IDataObject,
	config: TriggerConfig,
	clock: PollClock,
): Promise<IDataObject[]> {
	const previous = parseState(staticData[STATE_KEY], config.scope);
	const observation = await observeJobs(source, previous, config.scope, {
		pageSize: config.pageSize,
		now: clock.now,
		deadline: clock.now() + clock.budgetMs,
	});
	const { changes, next } = detectChanges(previous, config.scope, observation);
	if (JSON.stringify(next) !== JSON.stringify(previous))
		staticData[STATE_KEY] = next as unknown as IDataObject;
	return changes.filter((change) => jobMatchesFilter(change.job, config.filter)).map(toItem);
}
