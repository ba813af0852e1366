/**
 * Issue 4, real n8n: the README's sample workflow as the whole main job — Read/Write Files from Disk reads
 * test/fixtures/training-chat.jsonl → Upload (Check Training Data First, Wait Until Processed) → Create Job with the
 * uploaded file (`{{ $json.id }}`, Check Files First) → Get Job — run with `n8n execute` twice: binary data in memory
 * (N8N_DEFAULT_BINARY_DATA_MODE=default) and on disk (=filesystem; n8n 2.x's own default outside queue mode).
 * The emulator imports the upload when the test steps it, while the node waits. No n8n server start in this file.
 *
 * n8n 2.x only reads files under N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files); it is set to the fixtures folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	azureCredential,
	expectedCreateJobBody,
	NODE_NAMES,
	uploadAndTrainWorkflow,
} from '../fixtures/workflows';
import {
	nodeOutput,
	REPO_ROOT,
	type EmulatorProcess,
	type ExecutionRun,
	type LoggedRequest,
	type RealN8n,
} from '../support/n8n';
import { importingUploads, n8nWithEmulator, secretInFiles } from './support';

const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const CREDENTIAL = { id: 'azureE2eCred0004', name: 'Azure AI Foundry (emulator)' };
const WORKFLOW_ID = 'azureE2eUpld0001';
/** Real paths: n8n compares the real path of the file with the allowed folders. */
const FIXTURES_DIR = fs.realpathSync(path.join(REPO_ROOT, 'test', 'fixtures'));
const TRAINING_FILE = path.join(FIXTURES_DIR, 'training-chat.jsonl');
const TRAINING_BYTES = fs.statSync(TRAINING_FILE).size;
const TRAINING_EXAMPLES = fs
	.readFileSync(TRAINING_FILE, 'utf8')
	.split('\n')
	.filter((l) => l.trim()).length;
const SUFFIX = 'n8n-upload-e2e';

let n8n: RealN8n;
let emulator: EmulatorProcess;

beforeAll(async () => {
	({ n8n, emulator } = await n8nWithEmulator(
		{ name: 'upload', env: { N8N_RESTRICT_FILE_ACCESS_TO: FIXTURES_DIR } },
		API_KEY,
	));
	await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, API_KEY)]);
	await n8n.importWorkflow(
		uploadAndTrainWorkflow({
			id: WORKFLOW_ID,
			credential: CREDENTIAL,
			trainingFilePath: TRAINING_FILE,
			suffix: SUFFIX,
			maxWaitSeconds: 60,
		}),
	);
});

afterAll(async () => {
	await n8n?.dispose();
	await emulator?.stop();
});

/**
 * Runs the sample with `n8n execute` and plays Azure's import: once the upload's Wait Until Processed has polled the
 * file and seen it `pending`, the emulator is stepped, so the next poll sees `processed` (no job exists yet then, so
 * no job moves). Returns the run, the emulator's requests of this run and how many steps were taken.
 */
async function runSample(
	binaryDataMode: 'default' | 'filesystem',
): Promise<{ run: ExecutionRun; requests: LoggedRequest[]; steps: number }> {
	await emulator.clearRequests();
	const { result, steps } = await importingUploads(
		emulator,
		async () =>
			await n8n.execute(WORKFLOW_ID, { env: { N8N_DEFAULT_BINARY_DATA_MODE: binaryDataMode } }),
	);
	return { run: result.run, requests: await emulator.requests(), steps };
}

/** The binary metadata the Read node put on its item (field `data`). */
function readBinary(run: ExecutionRun): Record<string, unknown> {
	const item = run.data.resultData.runData[NODE_NAMES.readFile]?.[0]?.data?.main[0]?.[0] as
		{ binary?: Record<string, Record<string, unknown>> } | undefined;
	expect(item?.binary?.data).toBeDefined();
	return item!.binary!.data;
}

describe.each([
	['default', 'in memory'],
	['filesystem', 'on disk'],
] as const)('the sample with N8N_DEFAULT_BINARY_DATA_MODE=%s (binary data %s)', (mode, _where) => {
	let run: ExecutionRun;
	let requests: LoggedRequest[];
	let steps: number;

	beforeAll(async () => {
		({ run, requests, steps } = await runSample(mode));
	});

	test('the run succeeds', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(steps).toBe(1);
	});

	test(`the Read node’s binary is held ${mode === 'default' ? 'inline (base64)' : 'in the filesystem store'}`, () => {
		const binary = readBinary(run);
		expect(binary.fileName).toBe('training-chat.jsonl');
		if (mode === 'default') {
			expect(binary.id).toBeUndefined();
			expect(
				Buffer.from(String(binary.data), 'base64').equals(fs.readFileSync(TRAINING_FILE)),
			).toBe(true);
		} else {
			expect(String(binary.id)).toMatch(/^filesystem(-v2)?:/);
		}
	});

	test('Upload checked the data, sent it and waited: the file is processed', () => {
		const [uploaded, ...more] = nodeOutput(run, NODE_NAMES.upload);
		expect(more).toHaveLength(0);
		expect(uploaded).toEqual(
			expect.objectContaining({
				id: expect.stringMatching(/^file-/),
				status: 'processed',
				filename: 'training-chat.jsonl',
				purpose: 'fine-tune',
				bytes: TRAINING_BYTES,
			}),
		);
		expect(uploaded.trainingDataCheck).toEqual(
			expect.objectContaining({ examples: TRAINING_EXAMPLES }),
		);
	});

	test('Create Job used the uploaded file; Get Job returns that job', () => {
		const [uploaded] = nodeOutput(run, NODE_NAMES.upload);
		const created = nodeOutput(run, NODE_NAMES.create);
		expect(created).toHaveLength(1);
		expect(created[0]).toEqual(
			expect.objectContaining({ id: expect.stringMatching(/^ftjob-/), training_file: uploaded.id }),
		);
		const got = nodeOutput(run, NODE_NAMES.get);
		expect(got).toHaveLength(1);
		expect(got[0]).toEqual(
			expect.objectContaining({ id: created[0].id, training_file: uploaded.id, suffix: SUFFIX }),
		);
	});

	test('the emulator saw one multipart upload of exactly the file’s bytes with file name and content type, one create, one get', () => {
		const [uploaded] = nodeOutput(run, NODE_NAMES.upload);
		const [created] = nodeOutput(run, NODE_NAMES.create);
		const binary = readBinary(run);

		const uploads = requests.filter((r) => r.method === 'POST' && r.path === '/openai/v1/files');
		expect(uploads).toHaveLength(1);
		expect(uploads[0].status).toBe(200);
		expect(String(uploads[0].headers?.['content-type'])).toMatch(
			/^multipart\/form-data; boundary=/,
		);
		const body = uploads[0].body as {
			fields: Record<string, string>;
			file: { filename: string | null; contentType: string | null; bytes: number };
		};
		expect(body.fields).toEqual({ purpose: 'fine-tune' });
		expect(body.file).toEqual({
			filename: 'training-chat.jsonl',
			// The input binary's own type when n8n gave it one, else by extension (never empty: Azure refuses that).
			contentType:
				typeof binary.mimeType === 'string' && binary.mimeType
					? binary.mimeType
					: 'application/jsonl',
			bytes: TRAINING_BYTES,
		});

		// The wait read the file twice (pending, then processed), Check Files First once; nothing else touched it.
		const fileReads = requests.filter(
			(r) => r.path === `/openai/v1/files/${uploaded.id as string}`,
		);
		expect(fileReads).toHaveLength(3);
		expect(fileReads.every((r) => r.method === 'GET' && r.status === 200)).toBe(true);

		const creates = requests.filter(
			(r) => r.method === 'POST' && r.path === '/openai/v1/fine_tuning/jobs',
		);
		expect(creates).toHaveLength(1);
		expect(creates[0].status).toBe(200);
		expect(creates[0].body).toEqual(expectedCreateJobBody(uploaded.id as string, SUFFIX));

		const gets = requests.filter(
			(r) => r.method === 'GET' && r.path.startsWith('/openai/v1/fine_tuning/jobs/'),
		);
		expect(gets.map((r) => r.path)).toEqual([
			`/openai/v1/fine_tuning/jobs/${created.id as string}`,
		]);
		expect(gets[0].status).toBe(200);
		// Prevent Duplicate Jobs (on by default) looks for its marker once before the create; one page is enough here.
		const lookups = requests.filter(
			(r) => r.method === 'GET' && r.path === '/openai/v1/fine_tuning/jobs',
		);
		expect(lookups).toHaveLength(1);
		expect(requests.indexOf(lookups[0])).toBeLessThan(requests.indexOf(creates[0]));
		// Check Files First also reads the (small) training file's content once, before the create.
		const contentReads = requests.filter(
			(r) => r.method === 'GET' && r.path === `/openai/v1/files/${uploaded.id as string}/content`,
		);
		expect(contentReads).toHaveLength(1);
		expect(requests.indexOf(contentReads[0])).toBeLessThan(requests.indexOf(creates[0]));
		// Nothing else: upload, 3 file reads, 1 content read, lookup, create, get.
		expect(requests).toHaveLength(8);
	});
});

test('the api-key appears nowhere in what this file wrote (n8n output, runs, workflows, emulator log)', async () => {
	await emulator.stop();
	expect(n8n.redactor.leaks).toEqual([]);
	expect(secretInFiles(n8n.artifactsDir, API_KEY)).toEqual([]);
});
