/**
 * Large files in a real n8n: a generated chat JSONL of about 500 MB, read by Read Files from Disk in n8n's filesystem
 * binary data mode, then uploaded by our Upload (with and without its check), by n8n's HTTP Request node sending the
 * same multipart upload, or checked by our Check Training Data; each `n8n execute` against the emulator in its own
 * process. Memory is the n8n process's peak RSS (VmHWM) minus that of a control run that only reads the file, so what
 * remains is what the measured node added. Also: the same upload straight from this process (what the emulator and
 * HTTP cost without n8n), and the check against a bare line-split + JSON.parse loop over the same file in child
 * processes. The file lives in a temp folder and is deleted at the end.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	EmulatorProcess,
	packageTarball,
	parseRunOutput,
	RealN8n,
	type ExecutionRun,
} from '../../test/support/n8n';
import { azureCredential } from '../../test/support/workflows';
import {
	benchTrainingDataFile,
	writeDataset,
	type FileImplementation,
	type RunResult,
} from '../bench-training-data';
import { runN8n } from './n8nProcess';
import { alternate } from './stats';
import { LARGE_FILE_NODE, largeFileWorkflow, type LargeFileStep } from './workflows';

export interface LargeFilesOptions {
	/** Size of the generated JSONL in MB (2^20 B). */
	sizeMb: number;
	/** Rounds of all steps (order rotating, see `alternate`). */
	rounds: number;
	/** Runs of each side of the check against the bare loop. */
	checkRounds: number;
	/** Folder for the logs of n8n and the emulator. */
	artifactsDir: string;
}

/** One `n8n execute` of one large-file workflow. */
export interface LargeFileSample {
	/** `executionTime` of the measured node in the run data, ms. */
	nodeMs: number;
	/** Wall time of the whole `n8n execute`, ms. */
	wallMs: number;
	/** Peak RSS of the n8n process, MB. */
	peakRssMb: number;
}

/** What is measured: the n8n workflows, and the same upload sent straight from this process (`directUpload`). */
export type LargeFileMeasure = LargeFileStep | 'directUpload';

export interface LargeFilesResult {
	fileBytes: number;
	/** Lines of the file (all valid examples). */
	examples: number;
	/** `directUpload`: `nodeMs` = wall time of the fetch, `peakRssMb` NaN (not an n8n process). */
	samples: Record<LargeFileMeasure, LargeFileSample[]>;
	/** The check against the bare loop over the same file, in child processes (scripts/bench-training-data.ts). */
	check: Record<FileImplementation, RunResult[]>;
	n8nVersion: string;
	n8nNodeVersion: string;
}

const STEPS: readonly LargeFileStep[] = [
	'readOnly',
	'oursUpload',
	'httpUpload',
	'oursUploadChecked',
	'oursCheck',
];
const CREDENTIAL = { id: 'benchAzureCred02', name: 'Azure AI Foundry (bench emulator)' };
const workflowId = (step: LargeFileStep) => `benchLarge${step.slice(0, 6)}${STEPS.indexOf(step)}`;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function fileSha256(file: string): string {
	const hash = createHash('sha256');
	const fd = fs.openSync(file, 'r');
	try {
		const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
		for (let read; (read = fs.readSync(fd, buffer)) > 0;) hash.update(buffer.subarray(0, read));
	} finally {
		fs.closeSync(fd);
	}
	return hash.digest('hex');
}

/** The measured node's single output item, after checking that the run succeeded. */
function measuredOutput(
	run: ExecutionRun,
	step: LargeFileStep,
): { ms: number; json: Record<string, unknown> } {
	const nodeRun = run.data.resultData.runData[LARGE_FILE_NODE]?.[0];
	const error = run.data.resultData.error?.message ?? nodeRun?.error?.message;
	if (run.status !== 'success' || !nodeRun || error)
		throw new Error(`the ${step} run failed: ${error ?? run.status}`);
	const items = nodeRun.data?.main[0] ?? [];
	if (items.length !== 1 || typeof nodeRun.executionTime !== 'number')
		throw new Error(`the ${step} run produced ${items.length} items instead of 1`);
	return { ms: nodeRun.executionTime, json: items[0].json };
}

/**
 * Generates the file, installs the packed package into a fresh n8n user folder (filesystem binary data mode, the
 * file's folder readable), starts the emulator, then runs every step `rounds` times, order rotating. Each run is
 * checked: success; an upload stored exactly the file's bytes (size every time; SHA-256 of what the emulator stored in
 * the first round), one POST; the checks found every line valid. Uploaded files are deleted after each run and
 * n8n's binary data folder emptied.
 */
export async function benchLargeFiles(options: LargeFilesOptions): Promise<LargeFilesResult> {
	const dataDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-large-files-')));
	const binaryDir = path.join(dataDir, 'binary-data');
	const file = path.join(dataDir, 'train.jsonl');
	const apiKey = `bench-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
	let n8n: RealN8n | undefined;
	let emulator: EmulatorProcess | undefined;
	try {
		writeDataset(file, options.sizeMb * 1024 * 1024);
		const fileBytes = fs.statSync(file).size;
		const fileHash = fileSha256(file);
		const examples = countLines(file);
		const tarball = packageTarball(path.join(options.artifactsDir, 'pack'));
		n8n = await RealN8n.create({
			name: 'bench-large-files',
			artifactsDir: options.artifactsDir,
			env: {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_BINARY_DATA_STORAGE_PATH: binaryDir,
				N8N_RESTRICT_FILE_ACCESS_TO: dataDir,
			},
		});
		n8n.redactor.add(apiKey);
		emulator = await EmulatorProcess.start({
			apiKey,
			logFile: path.join(options.artifactsDir, 'emulator.log'),
			redactor: n8n.redactor,
			timeoutMs: 60_000,
		});
		await n8n.installPackage(tarball);
		await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, apiKey)]);
		for (const step of STEPS) {
			await n8n.importWorkflow(
				largeFileWorkflow({
					id: workflowId(step),
					step,
					credential: CREDENTIAL,
					endpoint: emulator.url,
					filePath: file,
				}),
			);
		}
		const emu = emulator;
		const instance = n8n;
		const hashChecked = new Set<LargeFileStep>();
		/** The same multipart upload with Node's fetch, the file streamed from disk: what the emulator and HTTP cost. */
		const directUpload = async (): Promise<LargeFileSample> => {
			const form = new FormData();
			form.append('purpose', 'fine-tune');
			form.append('file', await fs.openAsBlob(file, { type: 'application/jsonl' }), 'train.jsonl');
			const started = performance.now();
			const res = await emu.api('POST', '/files', { body: form });
			const ms = performance.now() - started;
			if (res.status !== 200 || res.json.bytes !== fileBytes)
				throw new Error(`the direct upload failed: HTTP ${res.status}`);
			await emu.api('DELETE', `/files/${String(res.json.id)}`);
			return { nodeMs: ms, wallMs: ms, peakRssMb: Number.NaN };
		};
		const measure = async (step: LargeFileMeasure): Promise<LargeFileSample> => {
			if (step === 'directUpload') return await directUpload();
			await emu.clearRequests();
			const res = await runN8n(instance, ['execute', `--id=${workflowId(step)}`, '--rawOutput']);
			fs.rmSync(binaryDir, { recursive: true, force: true });
			const { ms, json } = measuredOutput(parseRunOutput(res.output), step);
			const posts = (await emu.requests()).filter((r) => r.method === 'POST');
			const uploads = step.endsWith('Upload') || step === 'oursUploadChecked';
			if (posts.length !== (uploads ? 1 : 0))
				throw new Error(`the ${step} run sent ${posts.length} uploads`);
			if (step === 'oursCheck' && (json.valid !== true || json.examples !== examples))
				throw new Error(`the check found problems: ${JSON.stringify(json).slice(0, 500)}`);
			if (
				step === 'oursUploadChecked' &&
				(json.trainingDataCheck as { valid?: unknown })?.valid !== true
			)
				throw new Error('the upload with its check found problems');
			if (uploads) {
				if (json.bytes !== fileBytes)
					throw new Error(
						`the ${step} upload stored ${String(json.bytes)} bytes, not ${fileBytes}`,
					);
				const fileId = String(json.id);
				if (!hashChecked.has(step)) {
					const stored = await fetch(`${emu.url}/openai/v1/files/${fileId}/content`, {
						headers: { 'api-key': apiKey },
					});
					if (sha256(new Uint8Array(await stored.arrayBuffer())) !== fileHash)
						throw new Error(`the ${step} upload stored other bytes than the file`);
					hashChecked.add(step);
				}
				await emu.api('DELETE', `/files/${fileId}`);
			}
			return { nodeMs: ms, wallMs: res.wallMs, peakRssMb: res.peakRssMb };
		};
		const check = benchTrainingDataFile(file, options.checkRounds);
		const samples = await alternate(options.rounds, [...STEPS, 'directUpload'] as const, measure);
		return {
			fileBytes,
			examples,
			samples,
			check,
			n8nVersion: n8n.runtime.n8nVersion,
			n8nNodeVersion: n8n.runtime.nodeVersion,
		};
	} finally {
		await emulator?.stop();
		await n8n?.dispose();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

/** Number of lines of a file ending in a newline. */
function countLines(file: string): number {
	let lines = 0;
	const fd = fs.openSync(file, 'r');
	try {
		const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
		for (let read; (read = fs.readSync(fd, buffer)) > 0;) {
			for (let at = buffer.indexOf(10); at !== -1 && at < read; at = buffer.indexOf(10, at + 1))
				lines++;
		}
	} finally {
		fs.closeSync(fd);
	}
	return lines;
}
