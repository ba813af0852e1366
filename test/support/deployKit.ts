/**
 * Shared set-up of the deployment and Microsoft Entra ID engine tests (test/engine/deployment.*, credential.entra.*):
 * an emulator per test file with quick ARM operations, the Entra ID credential pointing at it (cloud Custom: its
 * token endpoint and ARM are the emulator), the API key credential, fast waits, and builders of the Deployment
 * resource's parameters.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	startEmulator,
	type ArmOptions,
	type Emulator,
	type EmulatorOptions,
	type RecordedRequest,
} from '../emulator';
import { runNode, type CredentialData, type RunOptions } from './engine';
import { useSettings } from './settings';

/** Resource-locator values in the modes the deployment fields have. */
export const rl = {
	id: (value: string) => ({ __rl: true, mode: 'id', value }),
	name: (value: string) => ({ __rl: true, mode: 'name', value }),
	list: (value: string) => ({ __rl: true, mode: 'list', value }),
};

/** The Microsoft Entra ID credential for `emulator`: its first app, cloud Custom with the emulator's hosts. */
export function entraCredential(emulator: Emulator, extra: IDataObject = {}): CredentialData {
	const [app] = emulator.entraApps;
	return {
		endpoint: emulator.url,
		apiVersion: 'v1',
		tenantId: app.tenantId,
		clientId: app.clientId,
		clientSecret: app.clientSecret,
		cloud: 'custom',
		authorityHost: emulator.authorityUrl,
		armHost: emulator.armUrl,
		armAudience: 'https://management.azure.com',
		dataPlaneAudience: 'https://cognitiveservices.azure.com',
		...extra,
	} as CredentialData;
}

export interface DeployKit {
	emu: Emulator;
	/** The Microsoft Entra ID credential. */
	entra: CredentialData;
	/** The API key credential. */
	apiKey: CredentialData;
	/** Runs the node on the Deployment resource with `operation`, signed in with Entra ID (unless overridden). */
	deployment(
		operation: string,
		parameters?: INodeParameters,
		options?: RunOptions & { credentials?: CredentialData },
	): ReturnType<typeof runNode>;
	/** The own account's fields, picked by names. */
	account(): INodeParameters;
	/** Recorded ARM requests (`/subscriptions…`), optionally of one method. */
	armRequests(method?: string): RecordedRequest[];
	/** A succeeded job's fine-tuned model (seeded). */
	deployableModel(): string;
	/** Token requests of the Entra app so far. */
	tokenRequests(): number;
}

/** Options of {@link useDeployKit}. */
export interface DeployKitOptions extends EmulatorOptions {
	arm?: ArmOptions;
}

/**
 * Starts an emulator before the file's tests (ARM operations answer `Retry-After: 0`) and stops it after; shortens
 * retries and deployment waits to milliseconds. Call at the top level of a test file.
 */
export function useDeployKit(options: DeployKitOptions = {}): DeployKit {
	const kit = {} as DeployKit;
	useSettings({
		retry: { baseDelayMs: 1, maxDelayMs: 5, maxTotalWaitMs: 5000 },
		deploymentWait: { firstDelayMs: 1, factor: 1, maxDelayMs: 5 },
	});
	beforeAll(async () => {
		kit.emu = await startEmulator({
			...options,
			arm: { retryAfterSeconds: 0, ...options.arm },
		});
		kit.entra = entraCredential(kit.emu);
		kit.apiKey = { endpoint: kit.emu.url, apiKey: kit.emu.apiKey, apiVersion: 'v1' };
	});
	afterAll(async () => await kit.emu?.close());
	beforeEach(() => {
		kit.emu.clearRequests();
		kit.emu.clearFaults();
	});
	kit.account = () => ({
		accountInput: 'names',
		subscriptionId: rl.id(kit.emu.account.subscriptionId),
		resourceGroup: rl.name(kit.emu.account.resourceGroup),
		accountName: rl.name(kit.emu.account.name),
	});
	kit.deployment = async (operation, parameters = {}, runOptions = {}) =>
		await runNode(
			{
				authentication: 'entraId',
				resource: 'deployment',
				operation,
				...(operation === 'testPrompt' ? {} : kit.account()),
				...parameters,
			},
			runOptions.credentials ?? kit.entra,
			runOptions,
		);
	kit.armRequests = (method) =>
		kit.emu.requests.filter(
			(request) =>
				request.path.startsWith('/subscriptions') && (!method || request.method === method),
		);
	kit.deployableModel = () => kit.emu.seedJobs(1)[0].fine_tuned_model!;
	kit.tokenRequests = () =>
		kit.emu.tokenRequestCount(kit.emu.entraApps[0].tenantId, kit.emu.entraApps[0].clientId);
	return kit;
}
