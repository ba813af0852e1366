/**
 * The package in the n8n editor, in a real browser (Debian Chromium + playwright-core, see ./browser.ts), against a
 * real n8n with the packed package and the Azure emulator. One n8n start and one browser for the whole file.
 *
 *  - the node creator finds the nodes by name;
 *  - Create Job: for each method (supervised, dpo, reinforcement) and each grader type (string_check,
 *    text_similarity, score_model, multi) exactly the expected top-level inputs are shown, and the inner fields of
 *    the fixed collections appear once added (hyperparameters per method, Custom Value → value field, response
 *    format, a multi grader's sub-grader and its type switch, a score model's message);
 *  - the credential form: Endpoint, API Key, API Version, and Dated API Version only for the dated option; the
 *    connection test against the emulator (right key: success; wrong key: the API's 401 message);
 *  - the trigger's panel on a node with no parameters set: Poll Times is there (polling: true), Watch / Trigger On
 *    switch their dependent fields;
 *  - what a new user reads: the package's description in the node panel, the trigger's Fetch Test Event with a
 *    filter no job matches;
 *  - the sample workflow (Manual → Create Job → Get Job) run from the editor, its output shown.
 * Screenshots: .artifacts/screenshots/editor-*.png.
 */
import * as path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { AzureAiFoundryFineTuning } from '../../../nodes/AzureAiFoundryFineTuning/AzureAiFoundryFineTuning.node';
import { AzureAiFoundryFineTuningTrigger } from '../../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import {
	azureCredential,
	azureNode,
	BASE_MODEL,
	chain,
	createAndGetJobWorkflow,
	manualTrigger,
	NODE_NAMES,
	workflow,
} from '../../fixtures/workflows';
import {
	NODE_TYPES,
	REPO_ROOT,
	type EmulatorProcess,
	type LoggedRequest,
	type RealN8n,
	type WorkflowFixture,
} from '../../support/n8n';
import { n8nWithEmulator, waitFor, wrongKeyMessage } from '../support';
import { launchBrowser, openNode, screenshot, signIn, type Browser } from './browser';

/** The words both nodes' descriptions start with (the panel shows one of them, depending on n8n's version). */
const SHARED_DESCRIPTION_START = (() => {
	const action = new AzureAiFoundryFineTuning().description.description;
	const trigger = new AzureAiFoundryFineTuningTrigger().description.description;
	let length = 0;
	while (length < action.length && action[length] === trigger[length]) length++;
	return action.slice(0, length).replace(/[:\s]+$/, '');
})();
/** The major version of the n8n under test (the e2e suite's N8N_VERSION, 2.41.1 by default). */
const N8N_MAJOR = Number((process.env.N8N_VERSION ?? '2').split('.')[0]);
const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureBrowser0001', name: 'Azure AI Foundry (emulator)' };
const WRONG_CREDENTIAL = { id: 'azureBrowser0002', name: 'Azure AI Foundry (wrong key)' };
const SAMPLE_ID = 'browserSample001';
const CREATE_ID = 'browserCreate001';
const TRIGGER_ID = 'browserTrigger01';
const CREATE_NODE = 'Create Job (defaults)';
const UPLOAD_NODE = 'Upload File (defaults)';
const SEED_NODE = 'Create Job (model and file set)';
const TRIGGER_NODE = 'Job Status Trigger (defaults)';
const NO_MATCH_TRIGGER = 'Job Status Trigger (no job matches)';
const TUNED_SUFFIX = 'support-bot';
const TRAINING_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'training-chat.jsonl');

let n8n: RealN8n;
let emulator: EmulatorProcess;
let browser: Browser;
let page: Page;
let trainingFileId: string;

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
			azureNode('e0000000-0000-4000-8000-000000000003', UPLOAD_NODE, 480, CREDENTIAL, {
				resource: 'file',
				operation: 'upload',
			}),
			azureNode('e0000000-0000-4000-8000-000000000004', SEED_NODE, 720, CREDENTIAL, {
				resource: 'job',
				operation: 'create',
				model: { __rl: true, mode: 'id', value: BASE_MODEL },
				trainingFile: { __rl: true, mode: 'id', value: trainingFileId },
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
			azureNode(
				'e0000000-0000-4000-8000-000000000012',
				NO_MATCH_TRIGGER,
				240,
				CREDENTIAL,
				{ filters: { suffix: 'no-job-has-this-suffix' } },
				NODE_TYPES.trigger,
			),
		],
		{},
	);
}

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator({ name: 'browser-editor' }, API_KEY));
	trainingFileId = await emulator.uploadProcessedFile(TRAINING_FILE);
	// A succeeded job with a suffix and checkpoints (steps 10, 20, 30) for the Model picker.
	const tuned = await emulator.api('POST', '/fine_tuning/jobs', {
		json: { model: BASE_MODEL, training_file: trainingFileId, suffix: TUNED_SUFFIX },
	});
	for (let i = 0; i < 6; i++) await emulator.step();
	expect((await emulator.api('GET', `/fine_tuning/jobs/${tuned.json.id}`)).json.status).toBe(
		'succeeded',
	);
	await n8n.importCredentials([
		azureCredential(CREDENTIAL, emulator.url, API_KEY),
		azureCredential(WRONG_CREDENTIAL, emulator.url, `wrong-${API_KEY}`),
	]);
	await n8n.importWorkflow(
		createAndGetJobWorkflow({ id: SAMPLE_ID, credential: CREDENTIAL, trainingFileId }),
	);
	await n8n.importWorkflow(createDefaultsWorkflow());
	await n8n.importWorkflow(triggerDefaultsWorkflow());
	await n8n.start();
	await n8n.setupOwner();
	browser = await launchBrowser();
	page = browser.page;
	page.on('dialog', (dialog) => void dialog.accept());
	await signIn(page, n8n.baseUrl);
}, 600_000); // n8n start and Chromium install on a busy machine

afterAll(async () => {
	await browser?.close();
	await n8n?.dispose();
	await emulator?.stop();
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

/** The DOM as the in-page callbacks use it (the test's TypeScript has no DOM library). */
interface El {
	getAttribute(name: string): string | null;
	parentElement: El | null;
	classList: { contains(name: string): boolean };
	offsetParent: unknown;
	innerText: string;
	querySelector(selector: string): El | null;
	querySelectorAll(selector: string): ArrayLike<El>;
}

/** Settings-tab parameters n8n renders next to the node's own. */
const NODE_SETTINGS = new Set([
	'alwaysOutputData',
	'executeOnce',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'onError',
	'notes',
	'notesInFlow',
]);
/** Collections have no test id of their own: they are found by their label. */
const COLLECTION_LABELS: Record<string, string> = {
	'Additional Fields': 'additionalFields',
	Options: 'options',
	'Grader Score Model Options': 'graderScoreOptions',
	Filters: 'filters',
};

/**
 * The node's top-level parameters visible in `scope` (the NDV's parameter list, or a fixed collection for its
 * inner fields): plain inputs by `parameter-input-<name>`, fixed collections by `fixed-collection-<name>`,
 * collections by label. Nested ones (inside another collection) are left out.
 */
async function visibleParameters(scope: Locator): Promise<string[]> {
	const names = await scope.evaluate((rootNode: unknown, labels: Record<string, string>) => {
		const root = rootNode as El;
		const found = new Set<string>();
		const visible = (el: El) => el.offsetParent !== null;
		// The multi-parameter (collection/fixed collection) wrappers between `el` and the scope.
		const depth = (el: El) => {
			let d = 0;
			for (let p = el.parentElement; p && p !== root; p = p.parentElement)
				if (p.classList.contains('multi-parameter')) d++;
			return d;
		};
		for (const el of Array.from(root.querySelectorAll('[data-test-id^="parameter-input-"]'))) {
			const id = el.getAttribute('data-test-id')!;
			if (id === 'parameter-input-field' || !visible(el) || depth(el) > 0) continue;
			found.add(id.slice('parameter-input-'.length));
		}
		for (const el of Array.from(root.querySelectorAll('[data-test-id^="fixed-collection-"]'))) {
			const id = el.getAttribute('data-test-id')!;
			if (/^fixed-collection-(add|delete)$/.test(id) || depth(el) > 1) continue;
			found.add(id.slice('fixed-collection-'.length));
		}
		for (const el of Array.from(root.querySelectorAll('.multi-parameter'))) {
			if (depth(el) > 0 || !visible(el)) continue;
			const label = el.innerText.split('\n')[0].trim();
			if (labels[label]) found.add(labels[label]);
		}
		return Array.from(found);
	}, COLLECTION_LABELS);
	return names.filter((n) => !NODE_SETTINGS.has(n)).sort();
}

const parameters = (ndv: Locator) => ndv.locator('[data-test-id="node-parameters"]');

/** Chooses `option` (its name; the list entry may carry a description below it) in an options input. */
async function choose(scope: Locator, parameterName: string, option: string): Promise<void> {
	await scope.locator(`[data-test-id="parameter-input-${parameterName}"]`).first().click();
	// The entry holds the option's name and, below it, its description: match the name exactly.
	await page
		.locator('.el-select-dropdown__item:visible')
		.getByText(option, { exact: true })
		.first()
		.click();
	await page.waitForTimeout(300); // the panel re-renders dependent fields
}

/** Clicks the Add button of fixed collection `name` (the first one when several are shown). */
async function addToFixedCollection(scope: Locator, name: string): Promise<Locator> {
	const item = scope
		.locator('[data-test-id="parameter-item"]')
		.filter({ has: page.locator(`[data-test-id="fixed-collection-${name}"]`) })
		.last();
	await item.locator('[data-test-id="fixed-collection-add"]').first().click();
	await page.waitForTimeout(300);
	return scope.locator(`[data-test-id="fixed-collection-${name}"]`).first();
}

/** The fields inside a fixed collection (by parameter name), visible ones only. */
async function innerFields(collection: Locator): Promise<string[]> {
	const ids = await collection
		.locator('[data-test-id^="parameter-input-"]')
		.evaluateAll((els: unknown[]) =>
			(els as El[])
				.filter((e) => e.offsetParent !== null)
				.map((e) => e.getAttribute('data-test-id')!),
		);
	const fixed = await collection
		.locator('[data-test-id^="fixed-collection-"]')
		.evaluateAll((els: unknown[]) =>
			(els as El[])
				.map((e) => e.getAttribute('data-test-id')!)
				.filter((id) => !/^fixed-collection-(add|delete)$/.test(id)),
		);
	return [
		...new Set([
			...ids.map((id) => id.replace('parameter-input-', '')),
			...fixed.map((id) => id.replace('fixed-collection-', '')),
		]),
	]
		.filter((n) => n !== 'field')
		.sort();
}

async function closeNdv(): Promise<void> {
	await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="ndv"]')
		.waitFor({ state: 'hidden' })
		.catch(() => undefined);
}

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

// ---------------------------------------------------------------------------------------------------------------
// What a new user reads
// ---------------------------------------------------------------------------------------------------------------

describe('what a new user reads in Create Job, Upload and the trigger', () => {
	let ndv: Locator;
	afterEach(async () => {
		await page.keyboard.press('Escape'); // an open list
		await closeNdv();
	});

	test('Trigger: Fetch Test Event with a filter no job matches says so', async () => {
		ndv = await openNode(page, n8n.baseUrl, TRIGGER_ID, NO_MATCH_TRIGGER);
		await ndv.locator('[data-test-id="node-execute-button"]').first().click();
		await ndv
			.getByText(/No fine-tuning job matches/)
			.first()
			.waitFor({ timeout: 60_000 });
		await screenshot(page, 'editor-trigger-no-match');
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
