/**
 * Local emulator of Azure AI Foundry Models' fine-tuning and files API (`/openai/v1` and the dated
 * `/openai/<path>?api-version=…` form), validated against the vendored spec. See README.md in this folder.
 *
 * ```ts
 * const emulator = await startEmulator();          // http://127.0.0.1:<random port>, key DEFAULT_API_KEY (the canary)
 * // ... point a credential's Endpoint at emulator.url, call the API, then:
 * emulator.step();                                  // move every job one status on
 * expect(emulator.requests[0].body).toEqual({...}); // what the emulator received
 * await emulator.close();
 * ```
 */
import { createServer } from 'node:http';
import { CANARY_API_KEY } from '../secrets/scan';
import { clearInterval, setInterval } from 'node:timers';
import type { AddressInfo } from 'node:net';
import type { Controls } from './admin';
import { FaultQueue } from './faults';
import { createListener } from './server';
import { Store } from './store';
import type { Emulator, EmulatorOptions, RecordedRequest } from './types';
import { acquireValidator, releaseValidator } from './validator';

export type * from './types';

/**
 * The api-key used when none is configured: the secrets canary (test/secrets/scan.ts), so every test that uses the
 * default key also proves the key never shows up in outputs, errors or logs.
 */
export const DEFAULT_API_KEY = CANARY_API_KEY;

/** Starts an emulator on 127.0.0.1 (resolves once it listens). `close()` may be called more than once. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const validator = await acquireValidator();
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const store = new Store();
	const faults = new FaultQueue();
	const requests: RecordedRequest[] = [];
	const controls: Controls = {
		requests,
		clearRequests: () => void requests.splice(0),
		step: () => store.step(),
		advanceJob: (id, to) => store.advanceJob(id, to),
		failJob: (id, error) => store.failJob(id, error),
		deleteJob: (id) => store.deleteJob(id),
		seedJobs: (count, init) => store.seedJobs(count, init),
		setNow: (unixSeconds) => store.setNow(unixSeconds),
		now: () => store.now(),
		injectFault: (fault) => faults.add(fault),
		jobs: () => store.listJobs(),
		files: () => store.listFiles(),
		pendingFaults: () => faults.pending(),
		clearFaults: () => faults.clear(),
	};
	const server = createServer(
		createListener({
			validator,
			store,
			faults,
			requests,
			apiKey,
			selfCheck: options.selfCheck ?? false,
			controls,
		}),
	);
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
		});
	} catch (error) {
		releaseValidator();
		throw error;
	}
	const timer = options.autoAdvanceMs
		? setInterval(() => store.step(), options.autoAdvanceMs)
		: undefined;
	timer?.unref();
	const { port } = server.address() as AddressInfo;
	let closing: Promise<void> | undefined;
	return {
		...controls,
		url: `http://127.0.0.1:${port}`,
		apiKey,
		close: () =>
			(closing ??= new Promise<void>((resolve, reject) => {
				clearInterval(timer);
				server.close((error) => {
					releaseValidator();
					if (error) reject(error);
					else resolve();
				});
				server.closeAllConnections();
			})),
	};
}
