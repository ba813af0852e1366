/**
 * Create Job's option "Check Files First", run by n8n-core against the emulator: a training or validation file that
 * is not processed or not for fine-tuning, or whose content (up to 32 MB) does not fit the method or the grader, stops
 * the job before it is created.
 */
import type { INodeParameters } from 'n8n-workflow';

import { readFileSync } from 'fs';
import { join } from 'path';

import { CONTENT_CHECK_MAX_BYTES } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/filesReady';
import { startEmulator, type Emulator, type FileObject } from '../emulator';
import { useSettings } from '../support/settings';
import { runNode, type CredentialData } from '../support/engine';

let emulator: Emulator;
let credentials: CredentialData;

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const TRAINING = Array.from({ length: 10 }, (_, i) =>
	JSON.stringify({
		messages: [
			{ role: 'user', content: `Q${i}` },
			{ role: 'assistant', content: `A${i}` },
		],
	}),
).join('\n');

const fixture = (name: string) =>
	readFileSync(join(__dirname, '..', 'fixtures', 'training', name), 'utf8');

async function put(
	filename: string,
	purpose = 'fine-tune',
	content = TRAINING,
): Promise<FileObject> {
	const form = new FormData();
	form.append('purpose', purpose);
	form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
	const response = await fetch(`${emulator.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': emulator.apiKey },
		body: form,
	});
	return (await response.json()) as FileObject;
}

const createJob = (
	trainingFile: string,
	extra: INodeParameters = {},
	options: INodeParameters = { checkFilesFirst: true },
): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	model: rl('gpt-4.1-mini-2025-04-14'),
	trainingFile: rl(trainingFile),
	methodType: 'supervised',
	options,
	...extra,
});
const jobPosts = () =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === '/openai/v1/fine_tuning/jobs');

let processed: FileObject;
let assistants: FileObject;

useSettings({ retry: { baseDelayMs: 5 } });
beforeAll(async () => {
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
	processed = await put('train.jsonl');
	assistants = await put('notes.jsonl', 'assistants');
	emulator.step();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.clearRequests());

describe('Create Job → Options → Check Files First', () => {
	test('a pending training file → error naming Training File, its status and purpose; no job request', async () => {
		const pending = await put('fresh.jsonl');
		emulator.clearRequests();
		const { error } = await runNode(createJob(pending.id), credentials);
		expect(error?.message).toBe(
			`Training File: file "fresh.jsonl" (${pending.id}) has status "pending" and purpose "fine-tune"; a fine-tuning job needs a file with purpose "fine-tune" and status "processed"`,
		);
		expect(error?.description).toContain('No job was created');
		expect(error?.description).toContain('Wait Until Processed');
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /openai/v1/files/${pending.id}`,
		]);
		expect(jobPosts()).toHaveLength(0);
	});

	test('a training file with purpose assistants → error naming its purpose; no job request', async () => {
		const { error } = await runNode(createJob(assistants.id), credentials);
		expect(error?.message).toContain(
			`Training File: file "notes.jsonl" (${assistants.id}) has status "processed" and purpose "assistants"`,
		);
		expect(error?.description).toContain('Purpose: Fine-Tune');
		expect(jobPosts()).toHaveLength(0);
	});

	test('the validation file is checked too and named as such', async () => {
		const { error } = await runNode(
			createJob(processed.id, { validationFile: rl(assistants.id) }),
			credentials,
		);
		expect(error?.message).toMatch(/^Validation File: file "notes\.jsonl" .* purpose "assistants"/);
		expect(jobPosts()).toHaveLength(0);
	});

	test('ready files: both are looked up, then the job is created', async () => {
		const { outputs, error } = await runNode(
			createJob(
				processed.id,
				{ validationFile: rl(processed.id) },
				{ checkFilesFirst: true, preventDuplicates: false },
			),
			credentials,
		);
		expect(error).toBeUndefined();
		expect(outputs[0][0]).toMatchObject({ object: 'fine_tuning.job', training_file: processed.id });
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /openai/v1/files/${processed.id}`,
			`GET /openai/v1/files/${processed.id}/content`,
			`GET /openai/v1/files/${processed.id}`,
			`GET /openai/v1/files/${processed.id}/content`,
			'POST /openai/v1/fine_tuning/jobs',
		]);
	});

	test('with the option absent the files are checked too (on unless turned off)', async () => {
		const pending = await put('later.jsonl');
		emulator.clearRequests();
		const { error } = await runNode(
			createJob(pending.id, {}, { preventDuplicates: false }),
			credentials,
		);
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /openai/v1/files/${pending.id}`,
		]);
		expect(error?.message).toMatch(/^Training File: /);
	});

	test('turned off, no file is looked up (Azure itself refuses a pending file)', async () => {
		const pending = await put('later-off.jsonl');
		emulator.clearRequests();
		const { error } = await runNode(
			createJob(pending.id, {}, { checkFilesFirst: false, preventDuplicates: false }),
			credentials,
		);
		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /openai/v1/fine_tuning/jobs',
		]);
		expect(error?.message).toBe(
			'The specified file reference must point to a completed file import.',
		);
	});

	test("with continue-on-fail the refusal becomes the item's error", async () => {
		const { outputs } = await runNode(createJob(assistants.id), credentials, {
			onError: 'continueRegularOutput',
		});
		expect(String(outputs[0][0].error)).toContain('purpose "assistants"');
		expect(jobPosts()).toHaveLength(0);
	});

	describe('content (files up to 32 MB)', () => {
		const reinforcement = (training: string, validation: string, reference: string) =>
			createJob(
				training,
				{
					model: rl('o4-mini-2025-04-16'),
					methodType: 'reinforcement',
					validationFile: rl(validation),
					graderType: 'string_check',
					graderName: 'exact',
					graderInput: '{{sample.output_text}}',
					graderReference: reference,
					graderOperation: 'eq',
				},
				{ preventDuplicates: false },
			);
		let rft: FileObject;
		let dpo: FileObject;

		beforeAll(async () => {
			rft = await put('rft.jsonl', 'fine-tune', fixture('rft-valid.jsonl'));
			dpo = await put('dpo.jsonl', 'fine-tune', fixture('dpo-valid.jsonl'));
			emulator.step();
		});

		test('chat data for the DPO method → error naming Training File, the method and the first lines; no job', async () => {
			const { error } = await runNode(
				createJob(processed.id, { methodType: 'dpo' }, { preventDuplicates: false }),
				credentials,
			);
			expect(error?.message).toMatch(
				new RegExp(
					`^Training File: file "train\\.jsonl" \\(${processed.id}\\) does not hold dpo training data\\. Training data has 10 problems \\(first 5 listed\\): line 1: `,
				),
			);
			expect(error?.description).toContain('No job was created');
			expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /openai/v1/files/${processed.id}`,
				`GET /openai/v1/files/${processed.id}/content`,
			]);
		});

		test('DPO data for the DPO method passes', async () => {
			const { error } = await runNode(
				createJob(dpo.id, { methodType: 'dpo' }, { preventDuplicates: false }),
				credentials,
			);
			expect(error).toBeUndefined();
			expect(jobPosts()).toHaveLength(1);
		});

		test('a field the grader reads as {{item.answer}} missing in the data → the field and the first line lacking it', async () => {
			const { error } = await runNode(
				reinforcement(rft.id, rft.id, '{{ item.answer }}'),
				credentials,
			);
			expect(error?.message).toContain(
				'Training data has 11 problems (first 5 listed): line 1: no field "answer" (the grader reads {{item.answer}})',
			);
			expect(error?.message).toMatch(/^Training File: /);
			expect(jobPosts()).toHaveLength(0);
		});

		test('reinforcement data with the field the grader reads passes', async () => {
			const { error } = await runNode(
				reinforcement(rft.id, rft.id, '{{item.reference_answer}}'),
				credentials,
			);
			expect(error).toBeUndefined();
			expect(jobPosts()).toHaveLength(1);
		});

		test("the validation file's content is checked too and named as such", async () => {
			const { error } = await runNode(
				reinforcement(rft.id, processed.id, '{{item.reference_answer}}'),
				credentials,
			);
			expect(error?.message).toMatch(
				/^Validation File: .* does not hold reinforcement training data/,
			);
			expect(jobPosts()).toHaveLength(0);
		});

		test('a file above 32 MB is not downloaded: only its status and purpose are checked', async () => {
			const line = JSON.stringify({ text: 'x'.repeat(1000) });
			const lines = Math.ceil(CONTENT_CHECK_MAX_BYTES / line.length) + 10;
			const large = await put('large.jsonl', 'fine-tune', `${line}\n`.repeat(lines));
			emulator.step();
			emulator.clearRequests();
			const { error } = await runNode(
				createJob(large.id, {}, { preventDuplicates: false }),
				credentials,
			);
			expect(error).toBeUndefined();
			expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /openai/v1/files/${large.id}`,
				'POST /openai/v1/fine_tuning/jobs',
			]);
		});
	});
});
