/**
 * The Microsoft Entra ID path in a real n8n with our packed package, against the emulator:
 * 1. with key access switched off (disableLocalAuth): Manual Trigger → Create Deployment of a succeeded job's model
 *    → Test Prompt → Delete Deployment via `n8n execute`, all signed in with the Entra ID credential;
 * 2. the whole path, twice: the upload sample (Read File → Upload → Create Job → Get Job) via `n8n execute`, the
 *    emulator moves the job to succeeded, then Create Deployment of that job → Test Prompt → Delete Deployment. Once
 *    with Entra ID everywhere on a resource whose keys are off, once with the API key for the data plane (training,
 *    Test Prompt) and Entra ID for Resource Manager;
 * 3. the credential's test (the nodes' `credentialTest`, which n8n finds through `testedBy`) through n8n's REST API,
 *    passing and failing;
 * 4. the "train and deploy" sample (`npm run dev`'s second workflow) activated on the running server: a job that
 *    succeeds after the activation starts it once (its poll forced by deactivating and activating again, as in
 *    trigger.e2e.test.ts), and the deployment named after the job appears and answers.
 * The client secret, the API key and the tokens show up in no output and no file the test wrote.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DEFAULT_ARM, DEFAULT_ENTRA_APP } from '../emulator';
import {
	azureCredential,
	DEPLOY_NODE_NAMES,
	deployPromptDeleteWorkflow,
	entraCredential,
	NODE_NAMES,
	signedInWithEntra,
	trainAndDeployWorkflow,
	uploadAndTrainWorkflow,
} from '../fixtures/workflows';
import {
	advanceJob,
	ENTRA_CREDENTIAL_TYPE,
	nodeOutput,
	REPO_ROOT,
	seedJobs,
	type EmulatedJob,
	type EmulatorProcess,
	type ExecutionRun,
	type LoggedRequest,
	type RealN8n,
} from '../support/n8n';
import { importingUploads, n8nWithEmulator, secretInFiles, waitFor } from './support';

const API_KEY = `e2e-entra-key-${Math.random().toString(36).slice(2)}`;
const CREDENTIAL = { id: 'azureE2eEntra001', name: 'Azure AI Foundry Entra ID (emulator)' };
const KEY_CREDENTIAL = { id: 'azureE2eEntraKey', name: 'Azure AI Foundry API key (emulator)' };
const WORKFLOW_ID = 'azureE2eDeploy01';
const SAMPLE_ID = 'azureE2eDeploy02';
const DEPLOYMENT = 'ft-e2e-entra';
/** Real paths: n8n compares the real path of the file with the allowed folders (N8N_RESTRICT_FILE_ACCESS_TO). */
const FIXTURES_DIR = fs.realpathSync(path.join(REPO_ROOT, 'test', 'fixtures'));
const TRAINING_FILE = path.join(FIXTURES_DIR, 'training-chat.jsonl');
const ACCOUNT = {
	subscriptionId: DEFAULT_ARM.subscriptionId,
	resourceGroup: DEFAULT_ARM.resourceGroup,
	accountName: DEFAULT_ARM.accountName,
};

/** The whole path's two sign-ins: how the data plane is reached; Resource Manager always takes Entra ID. */
const PATHS = [
	{
		title: 'Entra ID everywhere, keys switched off',
		keysOff: true,
		trainId: 'azureE2eTrain001',
		deployId: 'azureE2eTrain002',
		deployment: 'ft-e2e-path-entra',
	},
	{
		title: 'the API key for the data plane, Entra ID for Resource Manager',
		keysOff: false,
		trainId: 'azureE2eTrain003',
		deployId: 'azureE2eTrain004',
		deployment: 'ft-e2e-path-api-key',
	},
];
type PathCase = (typeof PATHS)[number];

/** The upload sample (Read File → Upload → Create Job → Get Job), signed in as `variant` asks. */
function trainWorkflow(variant: PathCase) {
	const sample = uploadAndTrainWorkflow({
		id: variant.trainId,
		credential: KEY_CREDENTIAL,
		trainingFilePath: TRAINING_FILE,
		maxWaitSeconds: 60,
	});
	return variant.keysOff ? signedInWithEntra(sample, CREDENTIAL) : sample;
}

const isArm = (r: LoggedRequest) => r.path.startsWith('/subscriptions');
const isDataPlane = (r: LoggedRequest) => r.path.startsWith('/openai/');
const CHAT_PATH = '/openai/v1/chat/completions';
const JOBS_PATH = '/openai/v1/fine_tuning/jobs';

/** The deployments the emulator holds now. */
async function deploymentsNow(): Promise<Array<{ name: string; [k: string]: unknown }>> {
	return (await emulator.admin<{ value: Array<{ name: string }> }>('GET', '/deployments')).value;
}

/** Moves a job on until it has succeeded. @returns the job as the API serves it then. */
async function succeed(jobId: string): Promise<EmulatedJob> {
	for (let steps = 0; steps < 10; steps++) {
		const job = await advanceJob(emulator, jobId);
		if (job.status === 'succeeded') return job;
	}
	throw new Error(`job ${jobId} did not succeed`);
}

let n8n: RealN8n;
let emulator: EmulatorProcess;
let model: string;

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator(
		{ name: 'deployment-entra', env: { N8N_RESTRICT_FILE_ACCESS_TO: FIXTURES_DIR } },
		API_KEY,
	));
	n8n.redactor.add(DEFAULT_ENTRA_APP.clientSecret);
	await emulator.admin('POST', '/local-auth', { disabled: true });
	[{ fine_tuned_model: model }] = (await seedJobs(emulator, 1)) as unknown as Array<{
		fine_tuned_model: string;
	}>;
	await n8n.importCredentials([
		entraCredential(CREDENTIAL, emulator.url, DEFAULT_ENTRA_APP),
		azureCredential(KEY_CREDENTIAL, emulator.url, API_KEY),
	]);
	for (const variant of PATHS) await n8n.importWorkflow(trainWorkflow(variant));
	await n8n.importWorkflow(
		trainAndDeployWorkflow({ id: SAMPLE_ID, credential: CREDENTIAL, account: ACCOUNT }),
	);
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

describe.each(PATHS)(
	'the whole path, $title: upload → job → succeeded → deployed and answering → deleted',
	(variant) => {
		let train: ExecutionRun;
		let trainRequests: LoggedRequest[];
		let job: EmulatedJob;
		let deploy: ExecutionRun;
		let deployRequests: LoggedRequest[];

		beforeAll(async () => {
			await emulator.admin('POST', '/local-auth', { disabled: variant.keysOff });
			await emulator.clearRequests();
			train = (await importingUploads(emulator, async () => await n8n.execute(variant.trainId)))
				.result.run;
			trainRequests = await emulator.requests();
			const [got] = nodeOutput(train, NODE_NAMES.get);
			job = await succeed(String(got?.id));
			await n8n.importWorkflow(
				deployPromptDeleteWorkflow({
					id: variant.deployId,
					credential: CREDENTIAL,
					account: ACCOUNT,
					jobId: job.id,
					deploymentName: variant.deployment,
					...(variant.keysOff ? {} : { promptCredential: KEY_CREDENTIAL }),
				}),
			);
			await emulator.clearRequests();
			deploy = (await n8n.execute(variant.deployId)).run;
			deployRequests = await emulator.requests();
		});

		test('upload and training: the file is processed and the job is created with it', () => {
			expect(train.data.resultData.error).toBeUndefined();
			const [uploaded] = nodeOutput(train, NODE_NAMES.upload);
			expect(uploaded).toEqual(expect.objectContaining({ status: 'processed' }));
			expect(nodeOutput(train, NODE_NAMES.get)).toEqual([
				expect.objectContaining({ id: job.id, training_file: uploaded.id }),
			]);
			const signIns = trainRequests.filter(isDataPlane).map((r) => r.headers ?? {});
			expect(signIns.length).toBeGreaterThanOrEqual(4);
			for (const headers of signIns)
				expect(headers[variant.keysOff ? 'authorization' : 'api-key']).toBe('<redacted>');
		});

		test('the succeeded job’s model is deployed, answers Test Prompt, and the deployment is deleted', async () => {
			expect(job.fine_tuned_model).toEqual(expect.any(String));
			expect(deploy.data.resultData.error).toBeUndefined();
			expect(nodeOutput(deploy, DEPLOY_NODE_NAMES.create)).toEqual([
				expect.objectContaining({
					name: variant.deployment,
					properties: expect.objectContaining({
						model: expect.objectContaining({ name: job.fine_tuned_model }),
						provisioningState: 'Succeeded',
					}),
				}),
			]);
			expect(nodeOutput(deploy, DEPLOY_NODE_NAMES.prompt)).toEqual([
				expect.objectContaining({ object: 'chat.completion', model: job.fine_tuned_model }),
			]);
			expect(nodeOutput(deploy, DEPLOY_NODE_NAMES.delete)).toEqual([
				expect.objectContaining({ name: variant.deployment, status: 'deleted' }),
			]);
			expect((await deploymentsNow()).map((d) => d.name)).not.toContain(variant.deployment);
		});

		test('one PUT, every ARM request accepted by the spec check; Test Prompt signed in as asked', () => {
			const arm = deployRequests.filter(isArm);
			expect(arm.filter((r) => r.method === 'PUT')).toHaveLength(1);
			expect(arm.filter((r) => r.status >= 400 && r.status !== 404)).toEqual([]);
			expect(arm.every((r) => r.headers?.authorization === '<redacted>')).toBe(true);
			const prompt = deployRequests.filter((r) => r.path === CHAT_PATH).at(-1);
			expect(prompt?.status).toBe(200);
			expect(prompt?.headers?.[variant.keysOff ? 'authorization' : 'api-key']).toBe('<redacted>');
		});
	},
);

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

describe('the "train and deploy" sample, activated: a job that succeeds is deployed and asked once', () => {
	let job: EmulatedJob;
	let execution: Awaited<ReturnType<RealN8n['listExecutions']>>[number];

	/**
	 * Activates the sample through the public API and waits for its activation poll (n8n 2.x may carry out the
	 * activation after the request has returned); the emulator's requests are those of this poll on.
	 */
	async function activateAndPoll(): Promise<void> {
		await emulator.clearRequests();
		await n8n.activate(SAMPLE_ID);
		await waitFor(
			'the activation poll',
			async () =>
				(await emulator.requests()).some((r) => r.method === 'GET' && r.path === JOBS_PATH),
			30_000,
		);
	}

	beforeAll(async () => {
		if (!n8n.running) {
			await n8n.start();
			await n8n.setupOwner();
		}
		// The emulator's admin routes create the job with the API key.
		await emulator.admin('POST', '/local-auth', { disabled: false });
		await activateAndPoll(); // the activation poll records the jobs so far as the baseline
		const trainingFile = await emulator.uploadProcessedFile(TRAINING_FILE);
		const created = await emulator.api('POST', '/fine_tuning/jobs', {
			json: { model: 'gpt-4.1-mini-2025-04-14', training_file: trainingFile },
		});
		job = await succeed(created.json.id);
		// A poll now: the activation poll of a re-activation (n8n keeps the trigger's state across it).
		await n8n.deactivate(SAMPLE_ID);
		await activateAndPoll();
		[execution] = await n8n.waitForExecutions(
			SAMPLE_ID,
			(all) => all.length > 0 && all.every((e) => e.status !== 'running' && e.status !== 'new'),
			120_000,
		);
		await n8n.deactivate(SAMPLE_ID);
	});

	test('the trigger starts the workflow once, with the succeeded job', async () => {
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('trigger');
		const runData = execution.data?.resultData.runData ?? {};
		const items = (name: string) => (runData[name]?.[0]?.data?.main[0] ?? []).map((i) => i.json);
		expect(items(DEPLOY_NODE_NAMES.succeeded)).toEqual([
			expect.objectContaining({ id: job.id, status: 'succeeded' }),
		]);
		expect(items(DEPLOY_NODE_NAMES.create)).toEqual([
			expect.objectContaining({
				name: job.id,
				properties: expect.objectContaining({
					model: expect.objectContaining({ name: job.fine_tuned_model }),
					provisioningState: 'Succeeded',
				}),
			}),
		]);
		expect(items(DEPLOY_NODE_NAMES.prompt)).toEqual([
			expect.objectContaining({ object: 'chat.completion', model: job.fine_tuned_model }),
		]);
		expect(await n8n.listExecutions(SAMPLE_ID)).toHaveLength(1);
	});

	test('the deployment named after the job is in the account, and answered with a token', async () => {
		expect((await deploymentsNow()).map((d) => d.name)).toContain(job.id);
		const requests = await emulator.requests();
		expect(requests.filter(isArm).filter((r) => r.method === 'PUT')).toHaveLength(1);
		const prompt = requests.filter((r) => r.path === CHAT_PATH).at(-1);
		expect(prompt).toEqual(expect.objectContaining({ status: 200 }));
		expect(prompt?.headers?.authorization).toBe('<redacted>');
	});
});

test('the client secret and the tokens never appear in n8n’s output or in any file we wrote', async () => {
	const tokens = (await emulator.admin<{ tokens: string[] }>('GET', '/issued-tokens')).tokens;
	expect(tokens.length).toBeGreaterThanOrEqual(2);
	await n8n.stop();
	await emulator.stop();
	expect(n8n.redactor.leaks).toEqual([]);
	for (const secret of [DEFAULT_ENTRA_APP.clientSecret, API_KEY, ...tokens])
		expect(secretInFiles(n8n.artifactsDir, secret)).toEqual([]);
});
