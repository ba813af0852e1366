/**
 * What the operations that output many items cost in memory: List Jobs (Return All) over 10,000 jobs, Get Metrics and
 * Download Content (One Item per Row) on a results.csv of about 50 MB, and Download Content (Binary File) of the same
 * file in filesystem binary mode. Each case runs in a fresh child process through n8n-core's own engine
 * (test/support/engine.ts), against the emulator in another process, so the child's memory is n8n-core's and the
 * node's alone.
 *
 * Per case: the peak RSS growth while the node ran (VmHWM, reset after a warm-up run through /proc/self/clear_refs,
 * minus the RSS before), and the memory the output items still hold afterwards (V8 heap plus array buffers, after
 * garbage collection, minus before) per output item.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { EmulatorProcess, seedJobs } from '../../test/support/n8n';
import { preferTsOverJson } from '../preferTsOverJson';

export type MemoryCase = 'listAll' | 'getMetrics' | 'downloadRows' | 'downloadBinary';
export const MEMORY_CASES: readonly MemoryCase[] = [
	'listAll',
	'getMetrics',
	'downloadRows',
	'downloadBinary',
];

export interface MemoryCaseResult {
	items: number;
	/** Peak RSS while the node ran minus the RSS before, MB (2^20 B). */
	peakGrowthMb: number;
	/** Heap + array buffers the output still holds after GC, per item, bytes. */
	retainedBytesPerItem: number;
	/** Size of the case's input: jobs listed, or bytes of results.csv. */
	input: number;
}

export interface MemoryElsewhereOptions {
	jobs: number;
	/** Size of results.csv, MB (2^20 B). */
	csvMb: number;
	artifactsDir: string;
}

const MB = 1024 * 1024;
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/** A results.csv as Azure writes it (its columns; docs/azure-api.md#the-job-object) of at least `bytes` bytes. */
function resultsCsv(bytes: number): Buffer {
	const lines = [
		'step,train_loss,train_mean_token_accuracy,valid_loss,validation_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy',
	];
	let size = lines[0].length + 1;
	for (let step = 1; size < bytes; step++) {
		const loss = (2 / Math.sqrt(step)).toFixed(6);
		const accuracy = (1 - 1 / (step + 1)).toFixed(6);
		const line =
			step % 10 === 0
				? `${step},${loss},${accuracy},${loss},${accuracy},${loss},${accuracy}`
				: `${step},${loss},${accuracy},,,,`;
		lines.push(line);
		size += line.length + 1;
	}
	return Buffer.from(lines.join('\n') + '\n');
}

/** Runs every case in its own child process against one emulator with the jobs and results.csv seeded. */
export async function benchMemoryElsewhere(
	options: MemoryElsewhereOptions,
): Promise<Record<MemoryCase, MemoryCaseResult>> {
	const apiKey = `bench-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
	const emulator = await EmulatorProcess.start({
		apiKey,
		logFile: path.join(options.artifactsDir, 'emulator-memory.log'),
	});
	try {
		await seedJobs(emulator, options.jobs);
		const csv = resultsCsv(options.csvMb * MB);
		const form = new FormData();
		form.append('purpose', 'assistants');
		form.append('file', new Blob([csv], { type: 'text/csv' }), 'results.csv');
		const uploaded = await emulator.api('POST', '/files', { body: form });
		if (uploaded.status !== 200) throw new Error(`results.csv upload: HTTP ${uploaded.status}`);
		const fileId = String(uploaded.json.id);
		const [job] = await seedJobs(emulator, 1, { status: 'succeeded', result_files: [fileId] });
		const results = {} as Record<MemoryCase, MemoryCaseResult>;
		for (const which of MEMORY_CASES) {
			const out = execFileSync(
				process.execPath,
				[
					...process.execArgv,
					'--expose-gc',
					'--max-old-space-size=8192',
					__filename,
					'--child',
					which,
					emulator.url,
					apiKey,
					which === 'getMetrics' ? job.id : fileId,
				],
				{ maxBuffer: MB, env: { ...process.env, NODE_OPTIONS: '' } },
			);
			const measured = JSON.parse(out.toString('utf8')) as Omit<MemoryCaseResult, 'input'>;
			results[which] = {
				...measured,
				input: which === 'listAll' ? options.jobs + 1 : csv.byteLength,
			};
		}
		return results;
	} finally {
		await emulator.stop();
	}
}

/** RSS peak since the last reset (VmHWM), MB. */
function peakRssMb(): number {
	const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
	return Number(kb) / 1024;
}

/** Heap and array buffers in use after a full GC, bytes. */
function heldBytes(): number {
	global.gc!();
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
}

async function child(which: MemoryCase, url: string, apiKey: string, id: string): Promise<void> {
	preferTsOverJson();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
	Object.assign(process.env, {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'bench',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	});
	try {
		// Loaded only now (after the environment is set), like scripts/bench-trigger.ts.
		const { runNode } =
			require('../../test/support/engine') as typeof import('../../test/support/engine');
		const { useFilesystemBinaryMode } =
			require('../../test/support/fileHarness') as typeof import('../../test/support/fileHarness');
		const binary = which === 'downloadBinary' ? await useFilesystemBinaryMode() : undefined;
		const credentials = { endpoint: url, apiKey, apiVersion: 'v1' };
		const parameters = {
			listAll: { resource: 'job', operation: 'list', returnAll: true },
			getMetrics: { resource: 'job', operation: 'getMetrics', jobId: rl(id) },
			downloadRows: { resource: 'file', operation: 'download', fileId: rl(id), output: 'rows' },
			downloadBinary: { resource: 'file', operation: 'download', fileId: rl(id), output: 'binary' },
		}[which];
		// Warm-up: the same code paths on a small answer, so loading and compiling are not counted.
		await runNode({ resource: 'job', operation: 'list', limit: 5 }, credentials);
		const heldBefore = heldBytes();
		const rssBefore = process.memoryUsage().rss / MB;
		fs.writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
		const run = await runNode(parameters, credentials);
		const peakGrowthMb = peakRssMb() - rssBefore;
		if (run.error) throw new Error(`${which} failed: ${run.error.message}`);
		const items = run.items[0].length;
		const retained = heldBytes() - heldBefore;
		process.stdout.write(
			JSON.stringify({ items, peakGrowthMb, retainedBytesPerItem: retained / items }),
		);
		binary?.cleanUp();
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

if (require.main === module && process.argv[2] === '--child') {
	const [which, url, apiKey, id] = process.argv.slice(3);
	child(which as MemoryCase, url, apiKey, id).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
