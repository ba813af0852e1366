/**
 * Benchmark of checkTrainingData against a bare baseline (`toString('utf8').split('\n')` + `JSON.parse` per line).
 *
 *   npx tsx scripts/bench-training-data.ts [--size-mb 100] [--rounds 5]
 *
 * Writes a realistic chat JSONL file of about `--size-mb` MB (2^20 bytes) to a temp folder (deleted afterwards), then runs
 * each implementation `--rounds` times, alternating their order, each run in a fresh child process so that peak RSS
 * (VmHWM) belongs to that run alone. Prints medians, throughput and memory. Not a test.
 */
import { execFileSync } from 'node:child_process';
import {
	closeSync,
	createReadStream,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import {
	checkTrainingData,
	checkTrainingDataStream,
} from '../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';
import { peakRssMb } from './bench/peakRss';
import { median } from './bench/stats';

const MB = 1024 * 1024;
/** The bare loop every implementation is compared with: split into lines, `JSON.parse` each non-empty one. */
function bareLoop(buffer: Buffer): number {
	let examples = 0;
	for (const line of buffer.toString('utf8').split('\n')) {
		if (line === '') continue;
		JSON.parse(line);
		examples++;
	}
	return examples;
}
/** Implementations given the file already read into a Buffer (the read is not timed). */
const IMPLEMENTATIONS = {
	ours: (buffer: Buffer) => checkTrainingData(buffer, { method: 'supervised' }).examples,
	baseline: bareLoop,
};
/** Chunk size of the streamed check: what the node asks n8n's binary data stream for (inputFile.ts). */
const STREAM_CHUNK_BYTES = 256 * 1024;
/**
 * Implementations given the file's path (the read is timed): ours as the node runs it on a file n8n keeps on disk
 * (a stream), and the bare loop after reading the whole file.
 */
const FILE_IMPLEMENTATIONS = {
	streamed: async (file: string) =>
		(
			await checkTrainingDataStream(createReadStream(file, { highWaterMark: STREAM_CHUNK_BYTES }), {
				method: 'supervised',
			})
		).examples,
	baselineFromFile: async (file: string) => bareLoop(readFileSync(file)),
};
export type Implementation = keyof typeof IMPLEMENTATIONS;
export type FileImplementation = keyof typeof FILE_IMPLEMENTATIONS;

/** One run of one implementation in its own child process. */
export interface RunResult {
	ms: number;
	examples: number;
	/** Peak resident set of the whole child process, MB. */
	peakRssMb: number;
	/**
	 * RSS when the timed work began, MB: right after the file was read (buffer implementations) or before anything
	 * was read (file implementations). The peak above it is what the work itself cost.
	 */
	loadedRssMb: number;
	/** V8 heap committed right after the run, MB: the heap grows to hold the peak and shrinks lazily. */
	heapAfterMb: number;
}

/** Peak RSS of this process, MB: VmHWM (bench/peakRss.ts), or `resourceUsage().maxRSS` where there is no /proc. */
const ownPeakRssMb = () => peakRssMb() ?? process.resourceUsage().maxRSS / 1024;

async function child(impl: Implementation | FileImplementation, file: string): Promise<void> {
	if (impl in FILE_IMPLEMENTATIONS) {
		const loadedRssMb = process.memoryUsage().rss / MB;
		const start = performance.now();
		const examples = await FILE_IMPLEMENTATIONS[impl as FileImplementation](file);
		const ms = performance.now() - start;
		const result: RunResult = {
			ms,
			examples,
			peakRssMb: ownPeakRssMb(),
			loadedRssMb,
			heapAfterMb: process.memoryUsage().heapTotal / MB,
		};
		process.stdout.write(JSON.stringify(result));
		return;
	}
	const buffer = readFileSync(file);
	const loadedRssMb = process.memoryUsage().rss / MB;
	const start = performance.now();
	const examples = IMPLEMENTATIONS[impl as Implementation](buffer);
	const ms = performance.now() - start;
	const result: RunResult = {
		ms,
		examples,
		peakRssMb: ownPeakRssMb(),
		loadedRssMb,
		heapAfterMb: process.memoryUsage().heapTotal / MB,
	};
	process.stdout.write(JSON.stringify(result));
}

function runInChild(impl: Implementation | FileImplementation, file: string): RunResult {
	const out = execFileSync(
		process.execPath,
		[...process.execArgv, __filename, '--child', impl, file],
		{ maxBuffer: MB },
	);
	return JSON.parse(out.toString('utf8')) as RunResult;
}

// ---- data --------------------------------------------------------------------------------------------------------

/** Small deterministic PRNG (mulberry32) so every run benchmarks the same file. */
function random(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SYSTEM = [
	'You are Pip, the support assistant of Kestrel Home Appliances. Be brief, friendly and accurate.',
	'You help Kestrel customers with orders, deliveries, warranties and appliance troubleshooting. Never promise refunds.',
];
const PRODUCTS = [
	'K200 kettle',
	'Aria dishwasher',
	'Frost 700 fridge',
	'Barista One coffee machine',
	'Solace oven',
	'Breeze 3 tumble dryer',
];
const QUESTIONS = [
	'My {p} stopped working this morning, what should I do?',
	'How long is the warranty on the {p}?',
	'The {p} shows error E{n} and beeps. Is it safe to keep using it?',
	'Where is my order KH-{n}? I ordered a {p} last week.',
	'Can I return the {p}? I bought it {n} days ago.',
	'Mein {p} macht seit gestern ein lautes Geräusch. Was kann ich tun?',
	'¿Cuánto cuesta el envío del {p} a Mallorca? Necesito la factura en €.',
];
const SENTENCES = [
	'Sorry to hear that, let us sort it out together.',
	'First, switch the appliance off at the wall for one minute and then switch it back on.',
	'If the problem comes back, please stop using it and I will open a repair case for you.',
	'The standard warranty covers parts and labour for two years from the delivery date.',
	'Registering your appliance online extends the motor warranty to five years at no extra cost.',
	'Returns are accepted within 30 days of delivery if the appliance is unused and in its original packaging.',
	'Your order has shipped with ParcelNorth and the tracking link is in your confirmation email.',
	'An engineer visit can usually be booked within three working days; you will get a text with the time slot.',
	'Limescale is the most common cause, so a descaling cycle with white vinegar often fixes it.',
	'Das Geräusch ist meist normal, wenn der Kompressor anläuft; prüfen Sie bitte, ob das Gerät gerade steht.',
	'El envío a las islas cuesta 12 € y tarda entre tres y cinco días laborables.',
];

function exampleLine(next: () => number): string {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
	const question = () =>
		pick(QUESTIONS)
			.replace('{p}', pick(PRODUCTS))
			.replace('{n}', String(Math.floor(next() * 90000) + 100));
	const answer = () =>
		Array.from({ length: 2 + Math.floor(next() * 5) }, () => pick(SENTENCES)).join(' ');
	const messages: object[] = [{ role: 'system', content: pick(SYSTEM) }];
	const turns = 1 + Math.floor(next() * 3);
	for (let turn = 0; turn < turns; turn++) {
		messages.push({ role: 'user', content: question() });
		if (next() < 0.1) {
			const id = `call_${turn}`;
			const args = JSON.stringify({ order_id: `KH-${Math.floor(next() * 90000)}` });
			messages.push({
				role: 'assistant',
				content: null,
				tool_calls: [
					{ id, type: 'function', function: { name: 'get_order_status', arguments: args } },
				],
			});
			messages.push({
				role: 'tool',
				tool_call_id: id,
				content: JSON.stringify({ status: 'shipped', carrier: 'ParcelNorth' }),
			});
		}
		messages.push({
			role: 'assistant',
			content: answer(),
			...(next() < 0.1 ? { weight: turn === turns - 1 ? 1 : 0 } : {}),
		});
	}
	return JSON.stringify({ messages });
}

export function writeDataset(file: string, bytes: number): void {
	const next = random(42);
	const fd = openSync(file, 'w');
	let written = 0;
	while (written < bytes) {
		const chunk: string[] = [];
		for (let i = 0; i < 1000; i++) chunk.push(exampleLine(next));
		written += writeSync(fd, `${chunk.join('\n')}\n`);
	}
	closeSync(fd);
}

// ---- report ------------------------------------------------------------------------------------------------------

function option(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	const value = at === -1 ? fallback : Number(process.argv[at + 1]);
	if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
	return value;
}

export interface TrainingDataBenchOptions {
	/** Size of the generated JSONL file in MB (2^20 bytes; default 100). */
	sizeMb: number;
	/** Runs per implementation, alternating their order (default 5). */
	rounds: number;
}

export interface TrainingDataBenchResult {
	/** Actual size of the file, MB (2^20 B). */
	fileMb: number;
	rounds: number;
	results: Record<Implementation, RunResult[]>;
}

/**
 * Writes the JSONL file to a temp folder (deleted afterwards) and runs both implementations `rounds` times each,
 * alternating their order, each run in a fresh child process. Returns every run (printed by
 * {@link printTrainingDataReport}; summarised by {@link trainingDataSummary}).
 */
export function benchTrainingData({
	sizeMb,
	rounds,
}: TrainingDataBenchOptions): TrainingDataBenchResult {
	const dir = mkdtempSync(join(tmpdir(), 'bench-training-data-'));
	try {
		const file = join(dir, 'chat.jsonl');
		writeDataset(file, sizeMb * MB);
		const fileMb = readFileSync(file).byteLength / MB;
		const results: Record<Implementation, RunResult[]> = { ours: [], baseline: [] };
		for (let round = 0; round < rounds; round++) {
			const order: Implementation[] = round % 2 ? ['baseline', 'ours'] : ['ours', 'baseline'];
			for (const impl of order) results[impl].push(runInChild(impl, file));
		}
		return { fileMb, rounds, results };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Medians of one implementation's runs: time, throughput and memory (MB). */
export interface ImplementationSummary {
	examples: number;
	ms: number;
	mbPerSecond: number;
	peakRssMb: number;
	/** Peak RSS above the RSS with the file loaded: what the check itself held at its peak. */
	peakOverLoadedMb: number;
	heapAfterMb: number;
}

/** Medians per implementation and the throughput ratio ours / baseline (target >= 0.8). */
export function trainingDataSummary({ fileMb, results }: TrainingDataBenchResult): {
	ours: ImplementationSummary;
	baseline: ImplementationSummary;
	ratio: number;
} {
	const summary = (runs: RunResult[]): ImplementationSummary => {
		const ms = median(runs.map((r) => r.ms));
		return {
			examples: runs[0].examples,
			ms,
			mbPerSecond: fileMb / (ms / 1000),
			peakRssMb: median(runs.map((r) => r.peakRssMb)),
			peakOverLoadedMb: median(runs.map((r) => r.peakRssMb - r.loadedRssMb)),
			heapAfterMb: median(runs.map((r) => r.heapAfterMb)),
		};
	};
	const ours = summary(results.ours);
	const baseline = summary(results.baseline);
	return { ours, baseline, ratio: ours.mbPerSecond / baseline.mbPerSecond };
}

/** Prints the figures of {@link benchTrainingData} as this script always has (machine, file, Markdown table, ratio). */
export function printTrainingDataReport(result: TrainingDataBenchResult): void {
	const { fileMb, rounds } = result;
	const summary = trainingDataSummary(result);
	const cpu = cpus();
	console.log(
		`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}`,
	);
	console.log(
		`File: ${fileMb.toFixed(1)} MB (2^20 B) of chat JSONL; ${rounds} rounds, alternating order, one child process per run\n`,
	);
	console.log(
		'| impl | MB | examples | median ms | MB/s | peak RSS MB | peak RSS over loaded file MB | heap after run MB |',
	);
	console.log('|---|---|---|---|---|---|---|---|');
	for (const impl of ['ours', 'baseline'] as const) {
		const row = summary[impl];
		const cells = [
			impl,
			fileMb.toFixed(1),
			String(row.examples),
			row.ms.toFixed(0),
			row.mbPerSecond.toFixed(0),
			row.peakRssMb.toFixed(0),
			row.peakOverLoadedMb.toFixed(0),
			row.heapAfterMb.toFixed(0),
		];
		console.log(`| ${cells.join(' | ')} |`);
	}
	if (summary.ours.examples !== summary.baseline.examples)
		console.log('\nWARNING: the two counted different numbers of examples');
	console.log(`\nThroughput ratio ours/baseline: ${summary.ratio.toFixed(2)} (target >= 0.8)`);
}

function main(): void {
	printTrainingDataReport(
		benchTrainingData({ sizeMb: option('size-mb', 100), rounds: option('rounds', 5) }),
	);
}

/**
 * The check over an existing file, as the node runs it on a file n8n keeps on disk (streamed, 256 KiB chunks) against
 * the bare loop over the whole file read at once; each run in a fresh child process, `rounds` each, order
 * alternating. Both times include reading the file.
 */
export function benchTrainingDataFile(
	file: string,
	rounds: number,
): Record<FileImplementation, RunResult[]> {
	const results: Record<FileImplementation, RunResult[]> = { streamed: [], baselineFromFile: [] };
	for (let round = 0; round < rounds; round++) {
		const order: FileImplementation[] =
			round % 2 ? ['baselineFromFile', 'streamed'] : ['streamed', 'baselineFromFile'];
		for (const impl of order) results[impl].push(runInChild(impl, file));
	}
	return results;
}

if (require.main === module) {
	if (process.argv[2] === '--child')
		void child(process.argv[3] as Implementation | FileImplementation, process.argv[4]);
	else main();
}
