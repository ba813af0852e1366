/**
 * A grader built once and used three times, in a real n8n against the Azure emulator: Manual Trigger → Code (two
 * samples) → Grader › Run on each → Grader › Validate → Create Job (reinforcement) with the same grader fields,
 * through `n8n execute` of our packed package (docs/azure-api.md#graders).
 */
import * as path from 'node:path';

import {
	azureCredential,
	azureNode,
	chain,
	manualTrigger,
	node,
	workflow,
} from '../fixtures/workflows';
import { nodeOutput, REPO_ROOT, type EmulatorProcess, type RealN8n } from '../support/n8n';
import { n8nWithEmulator } from './support';

const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureE2eGrader01', name: 'Azure AI Foundry (emulator)' };
const WORKFLOW_ID = 'azureE2eGrader01';
const RFT_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'training', 'rft-valid.jsonl');

const NAMES = {
	start: 'Manual Trigger',
	samples: 'Samples',
	run: 'Run Grader',
	validate: 'Validate Grader',
	create: 'Create Reinforcement Job',
};

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** The grader, in the fields Grader › Run, Grader › Validate and Create Job share. */
const GRADER = {
	graderType: 'string_check',
	graderName: 'exact_answer',
	graderInput: '{{sample.output_text}}',
	graderReference: '{{item.reference_answer}}',
	graderOperation: 'eq',
};
const SENT_GRADER = {
	type: 'string_check',
	name: 'exact_answer',
	input: '{{sample.output_text}}',
	reference: '{{item.reference_answer}}',
	operation: 'eq',
};

/** Two answers to the same question: one right, one wrong. */
const SAMPLES = [
	{ sample: 'KF-3', example: { reference_answer: 'KF-3' } },
	{ sample: 'KF-4', example: { reference_answer: 'KF-3' } },
];

function graderWorkflow(rftFileId: string) {
	const id = (n: number) => `e6a3a0f4-0000-4000-8000-${String(n).padStart(12, '0')}`;
	return workflow(
		WORKFLOW_ID,
		'Grader: run, validate, create a reinforcement job',
		[
			manualTrigger(id(1), NAMES.start),
			node(
				id(2),
				NAMES.samples,
				'n8n-nodes-base.code',
				240,
				{ jsCode: `return ${JSON.stringify(SAMPLES.map((json) => ({ json })))};` },
				{ typeVersion: 2 },
			),
			azureNode(id(3), NAMES.run, 480, CREDENTIAL, {
				resource: 'grader',
				operation: 'run',
				...GRADER,
				modelSample: '={{ $json.sample }}',
				item: '={{ $json.example }}',
			}),
			{
				...azureNode(id(4), NAMES.validate, 720, CREDENTIAL, {
					resource: 'grader',
					operation: 'validate',
					...GRADER,
				}),
				executeOnce: true,
			},
			{
				...azureNode(id(5), NAMES.create, 960, CREDENTIAL, {
					resource: 'job',
					operation: 'create',
					model: rl('o4-mini-2025-04-16'),
					trainingFile: rl(rftFileId),
					validationFile: rl(rftFileId),
					methodType: 'reinforcement',
					...GRADER,
				}),
				executeOnce: true,
			},
		],
		chain(NAMES.start, NAMES.samples, NAMES.run, NAMES.validate, NAMES.create),
	);
}

let n8n: RealN8n;
let emulator: EmulatorProcess;
let run: Awaited<ReturnType<RealN8n['execute']>>['run'];

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator({ name: 'grader' }, API_KEY));
	const rftFileId = await emulator.uploadProcessedFile(RFT_FILE);
	await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, API_KEY)]);
	await n8n.importWorkflow(graderWorkflow(rftFileId));
	await emulator.clearRequests();
	({ run } = await n8n.execute(WORKFLOW_ID));
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
});

test('the run succeeds', () => {
	expect(run.data.resultData.error).toBeUndefined();
	expect(run.status).toBe('success');
});

test('Run scores each sample: the rewards come back as numbers, 1 for the right answer and 0 for the wrong one', () => {
	const answers = nodeOutput(run, NAMES.run);
	expect(answers.map((answer) => answer.reward)).toEqual([1, 0]);
	for (const answer of answers)
		expect(answer.metadata).toEqual(
			expect.objectContaining({ name: 'exact_answer', type: 'string_check' }),
		);
});

test('Validate echoes the grader', () => {
	expect(nodeOutput(run, NAMES.validate)).toEqual([{ grader: SENT_GRADER }]);
});

test('Create Job makes one reinforcement job with the same grader', async () => {
	const jobs = nodeOutput(run, NAMES.create);
	expect(jobs).toHaveLength(1);
	expect(jobs[0]).toEqual(
		expect.objectContaining({
			id: expect.stringMatching(/^ftjob-/),
			method: expect.objectContaining({
				type: 'reinforcement',
				reinforcement: expect.objectContaining({ grader: SENT_GRADER }),
			}),
		}),
	);
	const requests = await emulator.requests();
	const runs = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/graders/run'));
	expect(runs.map((r) => r.body)).toEqual(
		SAMPLES.map(({ sample, example }) => ({
			grader: SENT_GRADER,
			model_sample: sample,
			item: example,
		})),
	);
	expect(
		requests.filter((r) => r.method === 'POST' && r.path.endsWith('/fine_tuning/jobs')),
	).toHaveLength(1);
});
