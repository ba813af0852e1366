import { nextWaitStep } from '../../nodes/AzureAiFoundryFineTuning/actions/file/waitUntilProcessed';
import type { FileWaitPolicy } from '../../nodes/shared/transport/settings';

const policy: FileWaitPolicy = { firstDelayMs: 2000, factor: 1.5, maxDelayMs: 30000 };
const at = (polls: number, elapsedMs: number, maxWaitMs = 600_000) => ({
	polls,
	elapsedMs,
	maxWaitMs,
	policy,
});

describe('nextWaitStep (Wait Until Processed)', () => {
	test('processed ends the wait; error and deleted fail at once, even past the deadline', () => {
		expect(nextWaitStep('processed', at(0, 0))).toEqual({ kind: 'done' });
		expect(nextWaitStep('processed', at(9, 10_000_000))).toEqual({ kind: 'done' });
		expect(nextWaitStep('error', at(0, 0))).toEqual({ kind: 'failed', reason: 'error' });
		expect(nextWaitStep('deleted', at(3, 0))).toEqual({ kind: 'failed', reason: 'gone' });
		expect(nextWaitStep('deleting', at(3, 0))).toEqual({ kind: 'failed', reason: 'gone' });
	});

	test('uploaded, pending, running and unknown statuses wait: 2 s, 3 s, 4.5 s ... capped at 30 s', () => {
		for (const status of ['uploaded', 'pending', 'running', 'validating', undefined]) {
			expect(nextWaitStep(status, at(0, 0))).toEqual({ kind: 'wait', delayMs: 2000 });
		}
		expect(nextWaitStep('pending', at(1, 2000))).toEqual({ kind: 'wait', delayMs: 3000 });
		expect(nextWaitStep('pending', at(2, 5000))).toEqual({ kind: 'wait', delayMs: 4500 });
		expect(nextWaitStep('pending', at(20, 100_000))).toEqual({ kind: 'wait', delayMs: 30000 });
	});

	test('the last pause ends on the deadline; once the budget is used up it times out', () => {
		expect(nextWaitStep('pending', at(5, 9_000, 10_000))).toEqual({ kind: 'wait', delayMs: 1000 });
		expect(nextWaitStep('pending', at(6, 10_000, 10_000))).toEqual({ kind: 'timeout' });
		expect(nextWaitStep('running', at(6, 12_345, 10_000))).toEqual({ kind: 'timeout' });
	});
});
