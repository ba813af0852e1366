/**
 * The Microsoft Entra ID path in a real n8n with our packed package, against the emulator with key access switched
 * off (disableLocalAuth): Manual Trigger → Create Deployment of a succeeded job's model → Test Prompt → Delete
 * Deployment via `n8n execute`, all signed in with the Entra ID credential; then the credential's test (the nodes'
 * `credentialTest`, which n8n finds through `testedBy`) through n8n's REST API, passing and failing. The client secret
 * and the tokens show up in no output and no file the test wrote.
 */
import { DEFAULT_ARM, DEFAULT_ENTRA_APP } from '../emulator';
import {
	DEPLOY_NODE_NAMES,
	deployPromptDeleteWorkflow,
	entraCredential,
} from '../fixtures/workflows';
import {
	ENTRA_CREDENTIAL_TYPE,
	nodeOutput,
	seedJobs,
	type EmulatorProcess,
	type LoggedRequest,
	type RealN8n,
} from '../support/n8n';
import { n8nWithEmulator, secretInFiles } from './support';

const API_KEY = `e2e-entra-key-${Math.random().toString(36).slice(2)}`;
const CREDENTIAL = { id: 'azureE2eEntra001', name: 'Azure AI Foundry Entra ID (emulator)' };
const WORKFLOW_ID = 'azureE2eDeploy01';
const DEPLOYMENT = 'ft-e2e-entra';
const ACCOUNT = {
	subscriptionId: DEFAULT_ARM.subscriptionId,
	resourceGroup: DEFAULT_ARM.resourceGroup,
	accountName: DEFAULT_ARM.accountName,
};

let n8n: RealN8n;
let emulator: EmulatorProcess;
let model: string;

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator({ name: 'deployment-entra' }, API_KEY));
	n8n.redactor.add(DEFAULT_ENTRA_APP.clientSecret);
	await emulator.admin('POST', '/local-auth', { disabled: true });
	[{ fine_tuned_model: model }] = (await seedJobs(emulator, 1)) as unknown as Array<{
		fine_tuned_model: string;
	}>;
	await n8n.importCredentials([entraCredential(CREDENTIAL, emulator.url, DEFAULT_ENTRA_APP)]);
	await n8n.importWorkflow(
		deployPromptDeleteWorkflow({
			id: WORKFLOW_ID,
			credential: CREDENTIAL,
			account: ACCOUNT,
			modelName: model,
			deploymentName: DEPLOYMENT,
		}),
	);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
});

describe('Create Deployment → Test Prompt → Delete Deployment with `n8n execute`', () => {
	let run: Awaited<ReturnType<RealN8n['execute']>>['run'];
	let requests: LoggedRequest[];

	beforeAll(async () => {
		await emulator.clearRequests();
		run = (await n8n.execute(WORKFLOW_ID)).run;
		requests = await emulator.requests();
	});

	test('the run succeeds: deployed, answered, deleted', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(nodeOutput(run, DEPLOY_NODE_NAMES.create)).toEqual([
			expect.objectContaining({
				name: DEPLOYMENT,
				sku: { name: 'DeveloperTier', capacity: 1 },
				properties: expect.objectContaining({ provisioningState: 'Succeeded' }),
			}),
		]);
		expect(nodeOutput(run, DEPLOY_NODE_NAMES.prompt)).toEqual([
			expect.objectContaining({ object: 'chat.completion', model }),
		]);
		expect(nodeOutput(run, DEPLOY_NODE_NAMES.delete)).toEqual([
			expect.objectContaining({ name: DEPLOYMENT, status: 'deleted' }),
		]);
	});

	test('one PUT, every ARM request accepted by the spec check, one token per audience', () => {
		const arm = requests.filter((r) => r.path.startsWith('/subscriptions'));
		expect(arm.filter((r) => r.method === 'PUT')).toHaveLength(1);
		expect(arm.filter((r) => r.status >= 400 && r.status !== 404)).toEqual([]);
		const tokens = requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
		expect(tokens.map((r) => (r.body as { scope: string }).scope).sort()).toEqual([
			'https://cognitiveservices.azure.com/.default',
			'https://management.azure.com/.default',
		]);
		expect(
			tokens.every((r) => (r.body as { client_secret: string }).client_secret === '<redacted>'),
		).toBe(true);
	});
});

describe('the credential test through n8n’s REST API', () => {
	beforeAll(async () => {
		await n8n.start();
		await n8n.setupOwner();
	});

	test('passes with the right secret', async () => {
		const result = await n8n.testCredential({ ...CREDENTIAL, type: ENTRA_CREDENTIAL_TYPE });
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	test('fails with a wrong secret, naming the audience and what to check', async () => {
		const credential = entraCredential(CREDENTIAL, emulator.url, {
			...DEFAULT_ENTRA_APP,
			clientSecret: 'wrong-secret-value-for-e2e',
		});
		const result = await n8n.testCredential({ ...credential, type: ENTRA_CREDENTIAL_TYPE });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Microsoft Entra ID refused the data plane \(fine-tuning API\) token: AADSTS7000215: .*Check Client Secret/,
		);
	});
});

test('the client secret and the tokens never appear in n8n’s output or in any file we wrote', async () => {
	const tokens = (await emulator.admin<{ tokens: string[] }>('GET', '/issued-tokens')).tokens;
	expect(tokens.length).toBeGreaterThanOrEqual(2);
	await n8n.stop();
	await emulator.stop();
	expect(n8n.redactor.leaks).toEqual([]);
	for (const secret of [DEFAULT_ENTRA_APP.clientSecret, ...tokens])
		expect(secretInFiles(n8n.artifactsDir, secret)).toEqual([]);
});
