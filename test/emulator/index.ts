/**
 * Local emulator of Azure AI Foundry Models' fine-tuning and files API (`/openai/v1` and the dated
 * `/openai/<path>?api-version=…` form), validated against the vendored spec, with the Microsoft Entra ID token
 * endpoint and Azure Resource Manager's accounts and deployments on the same port. See README.md in this folder.
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
import { armAccounts } from './arm';
import { ArmState } from './arm/deployments';
import { sharedArmSpec } from './arm/spec';
import { DEFAULT_ENTRA_APP, Entra } from './entra';
import { FaultQueue } from './faults';
import { startRedirectTarget } from './redirectTarget';
import { createListener } from './server';
import { Store } from './store';
import type { Emulator, EmulatorOptions, RecordedRequest } from './types';
import { acquireValidator, releaseValidator } from './validator';

export type * from './types';
export { DEFAULT_ENTRA_APP } from './entra';
export { DEFAULT_ARM } from './arm';

/**
 * The api-key used when none is configured: the secrets canary (test/secrets/scan.ts), so every test that uses the
 * default key also proves the key never shows up in outputs, errors or logs.
 */
export const DEFAULT_API_KEY = CANARY_API_KEY;

/** Starts an emulator on 127.0.0.1 (resolves once it listens). `close()` may be called more than once. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const validator = await acquireValidator();
	const redirectTarget = await startRedirectTarget();
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	const store = new Store();
	const faults = new FaultQueue();
	const requests: RecordedRequest[] = [];
	const entraApps = (options.entra?.apps ?? [DEFAULT_ENTRA_APP]).map((app) => ({ ...app }));
	const entra = new Entra(entraApps, () => store.now(), options.entra?.tokenLifetimeSeconds);
	const arm = options.arm ?? {};
	// The own account's endpoint is the emulator's URL, known once it listens (set below).
	const accounts = armAccounts(arm, '', arm.tenantId ?? entraApps[0]?.tenantId ?? '');
	const armState = new ArmState(
		accounts,
		{ now: () => store.now(), isDeployable: (model) => store.isFineTunedModel(model) },
		{
			provisioningPolls: arm.provisioningPolls ?? 2,
			servingDelayRequests: arm.servingDelayRequests ?? 0,
			maxFineTunedDeployments: arm.maxFineTunedDeployments ?? 10,
		},
	);
	armState.localAuthDisabled = options.disableLocalAuth ?? false;
	const step = () => {
		store.step();
		armState.step();
	};
	const controls: Controls = {
		requests,
		clearRequests: () => {
			requests.splice(0);
			redirectTarget.requests.splice(0);
		},
		redirected: () => redirectTarget.requests,
		step,
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
		tokenRequestCount: (tenantId, clientId) => entra.requestCount(tenantId, clientId),
		setTokenLifetime: (seconds) => entra.setLifetime(seconds),
		issuedTokens: () => entra.issuedTokens(),
		setLocalAuthDisabled: (disabled) => void (armState.localAuthDisabled = disabled),
		scriptDeployment: (name, script) => armState.script(name, script),
		deployments: () => armState.snapshot(),
	};
	const selfCheck = options.selfCheck ?? false;
	let url = '';
	const server = createServer(
		createListener({
			validator,
			store,
			faults,
			requests,
			apiKey,
			selfCheck,
			filesPageSize: options.filesPageSize,
			redirectTargetUrl: redirectTarget.url,
			controls,
			entra,
			arm: {
				spec: sharedArmSpec(),
				state: armState,
				entra,
				selfCheck,
				authorityUrl: () => url,
				now: () => store.now(),
				retryAfterSeconds: arm.retryAfterSeconds ?? 1,
				pageSize: arm.pageSize ?? 100,
			},
		}),
	);
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
		});
	} catch (error) {
		releaseValidator();
		await redirectTarget.close();
		throw error;
	}
	const timer = options.autoAdvanceMs ? setInterval(step, options.autoAdvanceMs) : undefined;
	timer?.unref();
	const { port } = server.address() as AddressInfo;
	url = `http://127.0.0.1:${port}`;
	accounts[0].endpoint = `${url}/`;
	let closing: Promise<void> | undefined;
	return {
		...controls,
		url,
		apiKey,
		authorityUrl: url,
		armUrl: url,
		redirectTargetUrl: redirectTarget.url,
		account: accounts[0],
		entraApps,
		close: () =>
			(closing ??= new Promise<void>((resolve, reject) => {
				clearInterval(timer);
				server.close((error) => {
					releaseValidator();
					redirectTarget.close().then(() => (error ? reject(error) : resolve()), reject);
				});
				server.closeAllConnections();
			})),
	};
}
