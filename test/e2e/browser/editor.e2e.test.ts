/**
 * The package's forms in the n8n editor, in a real browser (Debian Chromium + playwright-core, see ./browser.ts),
 * against a real n8n with the packed package and the Azure emulator (./session.ts). What a new user reads and the
 * editor's checks of field values are in editor.newUser.e2e.test.ts.
 *
 *  - the node creator finds the nodes by name, with the package's description;
 *  - Create Job: for each method (supervised, dpo, reinforcement) and each grader type (string_check,
 *    text_similarity, score_model, multi) exactly the expected top-level inputs are shown, and the inner fields of
 *    the fixed collections appear once added (hyperparameters per method, Custom Value → value field, response
 *    format, a multi grader's sub-grader and its type switch, a score model's message);
 *  - the credential form: Endpoint, API Key, API Version, and Dated API Version only for the dated option; the
 *    connection test against the emulator (right key: success; wrong key: the API's 401 message);
 *  - the trigger's panel on a node with no parameters set: Poll Times is there (polling: true), Watch / Trigger On
 *    switch their dependent fields;
 *  - the sample workflow (Manual → Create Job → Get Job) run from the editor, its output shown.
 * Screenshots: .artifacts/screenshots/editor-*.png.
 */
import type { Locator, Page } from 'playwright-core';

import { AzureAiFoundryFineTuning } from '../../../nodes/AzureAiFoundryFineTuning/AzureAiFoundryFineTuning.node';
import { AzureAiFoundryFineTuningTrigger } from '../../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import {
	azureNode,
	chain,
	createAndGetJobWorkflow,
	manualTrigger,
	NODE_NAMES,
	workflow,
} from '../../fixtures/workflows';
import {
	NODE_TYPES,
	type EmulatorProcess,
	type LoggedRequest,
	type RealN8n,
	type WorkflowFixture,
} from '../../support/n8n';
import { waitFor, wrongKeyMessage } from '../support';
import { openNode, screenshot } from './browser';
import {
	addToFixedCollection,
	choose,
	closeNdv as closePanel,
	innerFields,
	parameters,
	visibleParameters,
	type El,
} from './panel';
import {
	API_KEY,
	CREDENTIAL,
	N8N_MAJOR,
	openEditorSession,
	WRONG_CREDENTIAL,
	type EditorSession,
} from './session';

/** The words both nodes' descriptions start with (the panel shows one of them, depending on n8n's version). */
const SHARED_DESCRIPTION_START = (() => {
	const action = new AzureAiFoundryFineTuning().description.description;
	const trigger = new AzureAiFoundryFineTuningTrigger().description.description;
	let length = 0;
	while (length < action.length && action[length] === trigger[length]) length++;
	return action.slice(0, length).replace(/[:\s]+$/, '');
})();
const SAMPLE_ID = 'browserSample001';
const CREATE_ID = 'browserCreate001';
const TRIGGER_ID = 'browserTrigger01';
const CREATE_NODE = 'Create Job (defaults)';
const TRIGGER_NODE = 'Job Status Trigger (defaults)';

let session: EditorSession;
let n8n: RealN8n;
let emulator: EmulatorProcess;
let page: Page;

/** Manual Trigger → a Create Job node with nothing set but resource/operation (every other field at its default). */
function createDefaultsWorkflow(): WorkflowFixture {
	return workflow(
		CREATE_ID,
		'Browser: Create Job with defaults',
		[
			manualTrigger('e0000000-0000-4000-8000-000000000001'),
			azureNode('e0000000-0000-4000-8000-000000000002', CREATE_NODE, 240, CREDENTIAL, {
				resource: 'job',
				operation: 'create',
			}),
		],
		chain(NODE_NAMES.manual, CREATE_NODE),
	);
}

/** The trigger with no parameters at all: whatever the panel shows comes from the node's description. */
function triggerDefaultsWorkflow(): WorkflowFixture {
	return workflow(
		TRIGGER_ID,
		'Browser: trigger with defaults',
		[
			azureNode(
				'e0000000-0000-4000-8000-000000000011',
				TRIGGER_NODE,
				0,
				CREDENTIAL,
				{},
				NODE_TYPES.trigger,
			),
		],
		{},
	);
}

beforeAll(async () => {
	session = await openEditorSession('browser-editor', (trainingFileId) => [
		createAndGetJobWorkflow({ id: SAMPLE_ID, credential: CREDENTIAL, trainingFileId }),
		createDefaultsWorkflow(),
		triggerDefaultsWorkflow(),
	]);
	({ n8n, emulator, page } = session);
}, 600_000); // n8n start and Chromium install on a busy machine

afterAll(async () => {
	await session?.close();
});

const closeNdv = async () => await closePanel(page);

// ---------------------------------------------------------------------------------------------------------------
// Expectations: which top-level inputs Create Job shows
// ---------------------------------------------------------------------------------------------------------------

const ALWAYS = [
	'resource',
	'operation',
	'model',
	'trainingFile',
	'validationFile',
	'methodType',
	'additionalFields',
	'options',
];
const FOR_METHOD: Record<string, string[]> = {
	supervised: ['supervisedHyperparameters'],
	dpo: ['dpoHyperparameters'],
	reinforcement: ['reinforcementHyperparameters', 'graderType', 'graderName', 'responseFormat'],
};
const FOR_GRADER: Record<string, string[]> = {
	string_check: ['graderInput', 'graderReference', 'graderOperation'],
	text_similarity: ['graderInput', 'graderReference', 'graderEvaluationMetric'],
	score_model: ['graderModel', 'graderMessages', 'graderScoreOptions'],
	multi: ['graderCalculateOutput', 'graderGraders'],
};
const METHOD_LABEL: Record<string, string> = {
	supervised: 'Supervised',
	dpo: 'DPO',
	reinforcement: 'Reinforcement',
};
const GRADER_LABEL: Record<string, string> = {
	string_check: 'String Check',
	text_similarity: 'Text Similarity',
	score_model: 'Score Model',
	multi: 'Multi',
};
const HYPERPARAMETERS: Record<string, string[]> = {
	supervised: ['batchSize', 'learningRateMultiplier', 'nEpochs'],
	dpo: ['batchSize', 'beta', 'learningRateMultiplier', 'nEpochs'],
	reinforcement: [
		'batchSize',
		'computeMultiplier',
		'evalInterval',
		'evalSamples',
		'learningRateMultiplier',
		'nEpochs',
		'reasoningEffort',
	],
};

const expected = (...groups: string[][]) => [...new Set(groups.flat())].sort();

// ---------------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------------

test('the node creator finds the package’s nodes by name', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/${SAMPLE_ID}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	await search.waitFor();
	for (const term of ['Azure AI Foundry', 'fine-tuning']) {
		await search.fill(term);
		// The package's entry shows its name and a description: n8n 2.x merges a node with its trigger into one entry
		// and shows the trigger's description there, so both descriptions start alike and speak for both nodes.
		const hit = page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ hasText: 'Azure AI Foundry Fine-Tuning' })
			// n8n 1.x's search results show no description here.
			.filter({ hasText: N8N_MAJOR >= 2 ? SHARED_DESCRIPTION_START : '' })
			.first();
		await hit.waitFor({ timeout: 10_000 });
		await screenshot(page, `editor-node-creator-${term}`);
	}
	await page.keyboard.press('Escape');
});

describe('Create Job: each body field’s input appears exactly when it should', () => {
	let ndv: Locator;
	beforeAll(async () => {
		ndv = await openNode(page, n8n.baseUrl, CREATE_ID, CREATE_NODE);
	});
	afterAll(async () => {
		await closeNdv();
	});

	test('default method (supervised)', async () => {
		expect(await visibleParameters(parameters(ndv))).toEqual(
			expected(ALWAYS, FOR_METHOD.supervised),
		);
		await screenshot(page, 'editor-create-supervised');
	});

	test.each(['dpo', 'supervised'])('method %s', async (method) => {
		await choose(parameters(ndv), 'methodType', METHOD_LABEL[method]);
		expect(await visibleParameters(parameters(ndv))).toEqual(expected(ALWAYS, FOR_METHOD[method]));
	});

	test.each(['string_check', 'text_similarity', 'score_model', 'multi', 'string_check'])(
		'reinforcement with grader %s',
		async (grader) => {
			await choose(parameters(ndv), 'methodType', 'Reinforcement');
			await choose(parameters(ndv), 'graderType', GRADER_LABEL[grader]);
			expect(await visibleParameters(parameters(ndv))).toEqual(
				expected(ALWAYS, FOR_METHOD.reinforcement, FOR_GRADER[grader]),
			);
			await screenshot(page, `editor-create-reinforcement-${grader}`);
		},
	);

	test.each(['supervised', 'dpo', 'reinforcement'])(
		'%s: Hyperparameters, once added, shows that method’s hyperparameters; Custom Value adds its value field',
		async (method) => {
			await choose(parameters(ndv), 'methodType', METHOD_LABEL[method]);
			const block = await addToFixedCollection(parameters(ndv), `${method}Hyperparameters`);
			expect(await innerFields(block)).toEqual(HYPERPARAMETERS[method]);
			await choose(block, 'nEpochs', 'Custom Value');
			expect(await innerFields(block)).toEqual([...HYPERPARAMETERS[method], 'nEpochsValue'].sort());
			await block.getByText('Must be an integer from 1 to 50').first().waitFor();
			await screenshot(page, `editor-create-${method}-hyperparameters`);
		},
	);

	test('reinforcement: Response Format, once added, shows name, description, schema and strict', async () => {
		await choose(parameters(ndv), 'methodType', 'Reinforcement');
		const block = await addToFixedCollection(parameters(ndv), 'responseFormat');
		expect(await innerFields(block)).toEqual(['description', 'name', 'schema', 'strict']);
	});

	test('multi grader: an added sub-grader shows key, type and the fields of its type', async () => {
		await choose(parameters(ndv), 'methodType', 'Reinforcement');
		await choose(parameters(ndv), 'graderType', 'Multi');
		const graders = await addToFixedCollection(parameters(ndv), 'graderGraders');
		expect(await innerFields(graders)).toEqual([
			'input',
			'key',
			'name',
			'operation',
			'reference',
			'type',
		]);
		await choose(graders, 'type', 'Text Similarity');
		expect(await innerFields(graders)).toEqual([
			'evaluationMetric',
			'input',
			'key',
			'name',
			'reference',
			'type',
		]);
		await choose(graders, 'type', 'Score Model');
		expect(await innerFields(graders)).toEqual(['key', 'messages', 'model', 'name', 'type']);
		await graders.getByText('Score Model Options').first().waitFor(); // a collection: no test id, found by label
		await screenshot(page, 'editor-create-multi-grader');
	});

	test('score model grader: an added input message shows role, content and content type', async () => {
		await choose(parameters(ndv), 'methodType', 'Reinforcement');
		await choose(parameters(ndv), 'graderType', 'Score Model');
		const messages = await addToFixedCollection(parameters(ndv), 'graderMessages');
		expect(await innerFields(messages)).toEqual(['content', 'contentType', 'role']);
		await screenshot(page, 'editor-create-score-model');
	});
});

describe('the credential form', () => {
	let modal: Locator;
	const fields = async () =>
		(
			await modal
				.locator('[data-test-id^="parameter-input-"]')
				.evaluateAll((els: unknown[]) =>
					(els as El[])
						.filter((e) => e.offsetParent !== null)
						.map((e) => e.getAttribute('data-test-id')!.replace('parameter-input-', '')),
				)
		).filter((n) => n !== 'field' && n !== 'allowedHttpRequestDomains');

	async function openCredential(id: string): Promise<Locator> {
		await page.goto(`${n8n.baseUrl}/home/credentials/${id}`);
		const dialog = page.locator('[data-test-id="editCredential-modal"]');
		await dialog.waitFor({ timeout: 30_000 });
		return dialog;
	}

	test('shows Endpoint, API Key and API Version; Dated API Version only for the dated option; the test passes against the emulator', async () => {
		modal = await openCredential(CREDENTIAL.id);
		await modal.getByText('Connection tested successfully').waitFor({ timeout: 30_000 });
		expect(await fields()).toEqual(['endpoint', 'apiKey', 'apiVersion']);
		await screenshot(page, 'editor-credential-ok');
		await choose(modal, 'apiVersion', 'Dated Version (Older Resources)');
		expect(await fields()).toEqual(['endpoint', 'apiKey', 'apiVersion', 'datedApiVersion']);
		await screenshot(page, 'editor-credential-dated');
		await choose(modal, 'apiVersion', 'V1 (Recommended)');
		expect(await fields()).toEqual(['endpoint', 'apiKey', 'apiVersion']);
		// Nothing saved: the next test navigates away (a leave-page prompt is accepted, see beforeAll).
	});

	test('with a wrong key the test fails and shows the credential’s message for Azure’s 401', async () => {
		const denied = await emulator.api('GET', '/fine_tuning/jobs', { apiKey: `wrong-${API_KEY}` });
		expect(denied.status).toBe(401);
		modal = await openCredential(WRONG_CREDENTIAL.id);
		await modal
			.getByText(/Couldn.t connect with these settings/)
			.first()
			.waitFor({ timeout: 30_000 });
		// n8n puts the test's message under the banner's "More details".
		const more = modal.getByText(/more details/i).first();
		if (await more.isVisible().catch(() => false)) await more.click();
		await modal
			.getByText(wrongKeyMessage(n8n).slice(0, 90), { exact: false })
			.first()
			.waitFor({ timeout: 10_000 });
		await screenshot(page, 'editor-credential-wrong-key');
		await page.keyboard.press('Escape');
	});
});

describe('the trigger’s panel', () => {
	let ndv: Locator;
	beforeAll(async () => {
		ndv = await openNode(page, n8n.baseUrl, TRIGGER_ID, TRIGGER_NODE);
	});
	afterAll(async () => {
		await closeNdv();
	});

	test('polling: true — n8n shows Poll Times (every minute by default) on a node with no parameters set', async () => {
		const params = parameters(ndv);
		expect(await visibleParameters(params)).toEqual([
			'filters',
			'options',
			'pollTimes',
			'triggerOn',
			'watch',
		]);
		await expect(params.getByText('Poll Times').first().isVisible()).resolves.toBe(true);
		const pollTimes = params.locator('[data-test-id="fixed-collection-pollTimes"]');
		await expect(
			pollTimes.locator('[data-test-id="parameter-input-mode"] input').first().inputValue(),
		).resolves.toBe('Every Minute');
		await screenshot(page, 'editor-trigger-defaults');
	});

	test('One Job shows the job picker instead of the filters; Specific Statuses shows the statuses', async () => {
		const params = parameters(ndv);
		await choose(params, 'watch', 'One Job');
		await choose(params, 'triggerOn', 'Specific Statuses');
		// No Options: Page Size is for All Jobs only.
		expect(await visibleParameters(params)).toEqual([
			'jobId',
			'pollTimes',
			'statuses',
			'triggerOn',
			'watch',
		]);
		await screenshot(page, 'editor-trigger-one-job');
		await choose(params, 'watch', 'All Jobs');
		await choose(params, 'triggerOn', 'Any Status Change');
		expect(await visibleParameters(params)).toEqual([
			'filters',
			'options',
			'pollTimes',
			'triggerOn',
			'watch',
		]);
	});
});

test('the sample workflow runs from the editor and its output shows the created job', async () => {
	await emulator.clearRequests();
	await page.goto(`${n8n.baseUrl}/workflow/${SAMPLE_ID}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.locator('[data-test-id="execute-workflow-button"]').first().click();
	const created = await waitForCreatedJob();
	// The last node shows the job it got, with the id Create Job returned.
	const ndv = await openNode(page, n8n.baseUrl, SAMPLE_ID, NODE_NAMES.get);
	const output = ndv.locator('[data-test-id="output-panel"]');
	await output.getByText(created, { exact: false }).first().waitFor({ timeout: 30_000 });
	await screenshot(page, 'editor-sample-run-output');

	// Running Get Job on its own again (what a user does to watch the job move on) fetches the job once more.
	await emulator.clearRequests();
	await ndv.locator('[data-test-id="node-execute-button"]').first().click();
	const again = await waitForRequest(
		'Get Job run again, answered',
		(r) => r.method === 'GET' && r.path.endsWith(`/fine_tuning/jobs/${created}`) && r.status !== 0,
	);
	expect(again.status).toBe(200);
	await output.getByText(created, { exact: false }).first().waitFor({ timeout: 30_000 });
	expect(await page.getByText(/Problem (in node|executing workflow)/).count()).toBe(0);
	await screenshot(page, 'editor-sample-get-step-again');
	await closeNdv();
});

/** The id of the job the run created (from the emulator's request log), once Get Job has fetched it. */
async function waitForCreatedJob(): Promise<string> {
	const get = await waitForRequest(
		'a GET of the created job',
		(r) => r.method === 'GET' && /^\/openai\/v1\/fine_tuning\/jobs\/ftjob-[^/]+$/.test(r.path),
	);
	return get.path.split('/').pop()!;
}

/** The first request in the emulator's log that matches, waiting up to 60 s for it. */
function waitForRequest(
	what: string,
	matches: (r: LoggedRequest) => boolean,
): Promise<LoggedRequest> {
	return waitFor(what, async () => (await emulator.requests()).find(matches), 60_000, 500);
}
