/**
 * Core end-to-end scenario: our packed package inside a real n8n against the Azure emulator.
 * Upload a training file (over HTTP, directly to the emulator) → Manual Trigger → Create Job → Get Job via
 * `n8n execute`, then the credential test through n8n's REST API. One n8n server start for the whole file.
 */
import * as path from 'node:path';

import {
	azureCredential,
	createAndGetJobWorkflow,
	expectedCreateJobBody,
	NODE_NAMES,
} from '../fixtures/workflows';
import {
	CREDENTIAL_TYPE,
	nodeOutput,
	REPO_ROOT,
	type EmulatorProcess,
	type LoggedRequest,
	type RealN8n,
} from '../support/n8n';
import { n8nWithEmulator, secretInFiles, wrongKeyMessage } from './support';

const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureE2eCred0001', name: 'Azure AI Foundry (emulator)' };
const WORKFLOW_ID = 'azureE2eJob00001';
const TRAINING_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'training-chat.jsonl');

let n8n: RealN8n;
let emulator: EmulatorProcess;
let trainingFileId: string;

beforeAll(async () => {
	// Packs first: fails right away with "run npm run build" when dist/ is missing.
	({ n8n, emulator } = await n8nWithEmulator({ name: 'fine-tuning-job' }, API_KEY));
	trainingFileId = await emulator.uploadProcessedFile(TRAINING_FILE);
	await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, API_KEY)]);
	await n8n.importWorkflow(
		createAndGetJobWorkflow({ id: WORKFLOW_ID, credential: CREDENTIAL, trainingFileId }),
	);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
});

test('the package is installed the way n8n installs community packages', () => {
	// User folder outside the checkout: n8n-workflow comes from n8n itself via NODE_PATH, not from a copy of ours.
	expect(n8n.workflowResolution).toBe('n8n-node-path');
});

describe('Manual Trigger → Create Job → Get Job with `n8n execute`', () => {
	let run: Awaited<ReturnType<RealN8n['execute']>>['run'];
	let requests: LoggedRequest[];

	beforeAll(async () => {
		await emulator.clearRequests();
		const res = await n8n.execute(WORKFLOW_ID);
		run = res.run;
		requests = await emulator.requests();
	});

	test('the run succeeds', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');
	});

	test('Create returns a job with id and status; Get returns the same job', () => {
		const [created] = nodeOutput(run, NODE_NAMES.create);
		expect(created).toEqual(
			expect.objectContaining({ id: expect.stringMatching(/^ftjob-/), status: expect.any(String) }),
		);
		const got = nodeOutput(run, NODE_NAMES.get);
		expect(got).toHaveLength(1);
		expect(got[0].id).toBe(created.id);
		expect(got[0]).toEqual(
			expect.objectContaining({ model: expect.any(String), training_file: trainingFileId }),
		);
	});

	test('the emulator saw exactly one spec-valid create request with the expected body, and a GET of that job', () => {
		const [created] = nodeOutput(run, NODE_NAMES.create);
		const creates = requests.filter(
			(r) => r.method === 'POST' && r.path === '/openai/v1/fine_tuning/jobs',
		);
		expect(creates).toHaveLength(1);
		expect(creates[0].status).toBeGreaterThanOrEqual(200);
		expect(creates[0].status).toBeLessThan(300);
		expect(creates[0].body).toEqual(expectedCreateJobBody(trainingFileId));

		const gets = requests.filter(
			(r) => r.method === 'GET' && r.path === `/openai/v1/fine_tuning/jobs/${created.id as string}`,
		);
		expect(gets).toHaveLength(1);
		expect(gets[0].status).toBeGreaterThanOrEqual(200);
		expect(gets[0].status).toBeLessThan(300);
	});
});

describe('credential test through n8n’s REST API', () => {
	beforeAll(async () => {
		await n8n.start();
		await n8n.setupOwner();
	});

	test('passes with the right key', async () => {
		const result = await n8n.testCredential({ ...CREDENTIAL, type: CREDENTIAL_TYPE });
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	test('fails with a wrong key and shows the credential’s message for Azure’s 401', async () => {
		const wrongKey = `wrong-${API_KEY}`;
		// What the emulator (like Azure's gateway) answers for a bad key:
		const denied = await emulator.api('GET', '/fine_tuning/jobs', { apiKey: wrongKey });
		expect(denied.status).toBe(401);
		expect(String(denied.json.error.message)).toMatch(
			/^Access denied due to invalid subscription key or wrong API endpoint\./,
		);
		const result = await n8n.testCredential({
			...CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { endpoint: emulator.url, apiKey: wrongKey, apiVersion: 'v1' },
		});
		expect(result.status).toBe('Error');
		// n8n 2.x shows the declarative test's rule text (ours starts with Azure's own 401 message); 1.x its own text.
		expect(result.message).toBe(wrongKeyMessage(n8n));
	});
});

test('the api-key never appears in n8n’s output or in any file we wrote', async () => {
	await n8n.stop();
	await emulator.stop();
	expect(n8n.redactor.leaks).toEqual([]); // n8n / the emulator never printed it (nothing had to be redacted)
	expect(secretInFiles(n8n.artifactsDir, API_KEY)).toEqual([]);
});
