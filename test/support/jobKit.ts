/**
 * Shared set-up of the job lifecycle engine tests (test/engine/job*.test.ts): an emulator per test file, the
 * credential pointing at it, fast transport retries, and small readers of the emulator's request log.
 */
import type { INodeParameters } from 'n8n-workflow';

import { processedFile } from '../emulator/helpers';
import { startEmulator, type Emulator, type Job, type RecordedRequest } from '../emulator';
import { runNode, type CredentialData, type RunOptions } from './engine';
import { useSettings } from './settings';

/** A resource-locator value in By ID mode. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export interface JobKit {
	emu: Emulator;
	credentials: CredentialData;
	/** Runs the node on the Fine-Tuning Job resource with `operation` and the other parameters. */
	run(
		operation: string,
		parameters?: INodeParameters,
		options?: RunOptions & { credentials?: CredentialData },
	): ReturnType<typeof runNode>;
	/** Recorded API requests with this method whose path ends with `pathEnd`. */
	requestsTo(method: string, pathEnd: string | RegExp): RecordedRequest[];
	/**
	 * A job moved by the emulator's own state machine to `status` (so it has the events, checkpoints and results file
	 * that status brings). Seeded rather than created, so that no clock step moves the other jobs of the test.
	 */
	jobIn(
		status: 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'paused',
		init?: Partial<Job>,
	): Job;
}

/**
 * Starts an emulator before the file's tests and stops it after; shortens retry waits to milliseconds.
 * Call at the top level of a test file.
 */
export function useJobKit(): JobKit {
	const kit = {} as JobKit;
	useSettings({ retry: { baseDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 1000 } });
	beforeAll(async () => {
		kit.emu = await startEmulator();
		kit.credentials = { endpoint: kit.emu.url, apiKey: kit.emu.apiKey, apiVersion: 'v1' };
	});
	afterAll(async () => await kit.emu?.close());
	beforeEach(() => {
		kit.emu.clearRequests();
		kit.emu.clearFaults();
	});
	kit.run = async (operation, parameters = {}, options = {}) =>
		await runNode(
			{ resource: 'job', operation, ...parameters },
			options.credentials ?? kit.credentials,
			options,
		);
	kit.requestsTo = (method, pathEnd) =>
		kit.emu.requests.filter(
			(request) =>
				request.method === method &&
				(typeof pathEnd === 'string' ? request.path.endsWith(pathEnd) : pathEnd.test(request.path)),
		);
	kit.jobIn = (status, init = {}) => {
		const [job] = kit.emu.seedJobs(1, {
			...init,
			status: status === 'pending' ? 'pending' : 'queued',
		});
		const moves: Record<typeof status, Array<string | undefined>> = {
			pending: [],
			queued: [],
			running: [undefined],
			succeeded: [undefined, undefined],
			failed: [undefined, 'failed'],
			paused: [undefined, 'pausing', undefined],
		};
		for (const to of moves[status]) kit.emu.advanceJob(job.id, to);
		const current = kit.emu.jobs().find((candidate) => candidate.id === job.id)!;
		expect(current.status).toBe(status);
		return current;
	};
	return kit;
}

export { processedFile };
