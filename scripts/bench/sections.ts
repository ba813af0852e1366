/**
 * The sections of `npm run bench`: each runs its benchmark and turns the figures into table rows that say how they
 * were measured. The benchmarks themselves live in bench-trigger.ts, bench-training-data.ts and this folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { benchTrainingData, trainingDataSummary } from '../bench-training-data';
import { benchTrigger, type Row as TriggerRow } from '../bench-trigger';
import { benchLargeFiles, type LargeFileMeasure } from './largeFiles';
import { benchMemoryElsewhere } from './memoryElsewhere';
import { benchNodeOverhead } from './nodeOverhead';
import { benchLoadTime, packStats } from './packageCost';
import { median } from './stats';

/** One row of the table. */
export interface TableRow {
	section: string;
	measure: string;
	result: string;
	/** The goal, when the row has one. */
	target?: string;
	/** Whether the goal was reached (only with a target). */
	met?: boolean;
	how: string;
}

/** How much each section does: full run or `--quick`. */
export interface Plan {
	nodeOverhead: { items: number; rounds: number };
	trigger: { quietPolls: number; changePolls: number };
	trainingData: { sizeMb: number; rounds: number };
	packageLoad: { rounds: number };
	largeFiles: {
		sizeMb: number;
		rounds: number;
		checkRounds: number;
		/** Jobs for List (Return All), and size of results.csv in MB, for the memory rows. */
		jobs: number;
		csvMb: number;
	};
}

export const FULL_PLAN: Plan = {
	nodeOverhead: { items: 1000, rounds: 6 },
	trigger: { quietPolls: 20, changePolls: 10 },
	trainingData: { sizeMb: 100, rounds: 5 },
	packageLoad: { rounds: 8 },
	largeFiles: { sizeMb: 500, rounds: 3, checkRounds: 3, jobs: 10_000, csvMb: 50 },
};

export const QUICK_PLAN: Plan = {
	nodeOverhead: { items: 200, rounds: 2 },
	trigger: { quietPolls: 5, changePolls: 3 },
	trainingData: { sizeMb: 10, rounds: 2 },
	packageLoad: { rounds: 2 },
	largeFiles: { sizeMb: 50, rounds: 1, checkRounds: 1, jobs: 1_000, csvMb: 5 },
};

/** Keeps a section's raw figures next to its logs (`samples.json`). */
function keepSamples(artifactsDir: string, result: unknown): void {
	fs.mkdirSync(artifactsDir, { recursive: true });
	fs.writeFileSync(path.join(artifactsDir, 'samples.json'), JSON.stringify(result, null, 2));
}

const int = (value: number) => Math.round(value).toLocaleString('en');
const fixed = (value: number, digits = 1) =>
	value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (value: number) => `${value < 0 ? '−' : '+'}${int(Math.abs(value))}`;
const range = (values: number[], format: (value: number) => string) => {
	const low = Math.min(...values);
	const high = Math.max(...values);
	return low === high ? format(low) : `${format(low)}–${format(high)}`;
};

/** Row 1: our Get Job vs the HTTP Request node in a real n8n. */
export async function nodeOverheadRows(
	plan: Plan['nodeOverhead'],
	artifactsDir: string,
): Promise<TableRow[]> {
	const { items, rounds } = plan;
	const result = await benchNodeOverhead({ items, rounds, artifactsDir });
	keepSamples(artifactsDir, result);
	const { ours, httpRequest, directFetch, oursOneAtATime, httpRequestOneAtATime } = result.samples;
	const med = (samples: typeof ours, key: 'nodeMs' | 'cliMs' | 'cliCpuMs') =>
		median(samples.map((s) => s[key]));
	const comparison = (a: typeof ours, b: typeof ours) => {
		const ratio = med(a, 'nodeMs') / med(b, 'nodeMs');
		const perRound = a.map((s, i) => s.nodeMs / b[i].nodeMs);
		return {
			ratio,
			text: `**${fixed(ratio, 3)}×** (ours ${int(med(a, 'nodeMs'))} ms, HTTP Request ${int(med(b, 'nodeMs'))} ms; per round ${range(perRound, (r) => fixed(r, 2))}×)`,
		};
	};
	const all = comparison(ours, httpRequest);
	const oneAtATime = comparison(oursOneAtATime, httpRequestOneAtATime);
	const perItem = (samples: typeof ours) => `${fixed(med(samples, 'nodeMs') / items, 2)} ms`;
	const setup =
		`real n8n ${result.n8nVersion} (Node ${result.n8nNodeVersion}), \`n8n execute\` of Manual Trigger → Code (${int(items)} items with the id of one seeded job) → the measured node, ` +
		`against the emulator in its own process (no per-request output); ${rounds} rounds, order rotating, medians`;
	const section = 'Node overhead';
	return [
		{
			section,
			measure: `${int(items)} × Get Job: ours / HTTP Request node`,
			result: all.text,
			target: '≤ 1.05',
			met: all.ratio <= 1.05,
			how:
				`${setup}. Time = the node's own \`executionTime\` in the run data. HTTP Request node 4.2: GET \`<endpoint>/openai/v1/fine_tuning/jobs/{{ $json.id }}\`, ` +
				'authentication "predefined credential type" `azureAiFoundryApi`, the same stored credential, so the api-key header comes from the same `authenticate`; ' +
				'default options, so it sends all requests at once, while ours sends one after another. Each run checked: success, one output item per input, exactly that many requests at the emulator',
		},
		{
			section,
			measure: 'Same calls, one item per run: ours / HTTP Request node',
			result: oneAtATime.text,
			target: '≤ 1.05',
			met: oneAtATime.ratio <= 1.05,
			how:
				'As above with a Loop Over Items node (batch size 1) before the measured node, so both send their calls one after another; ' +
				`time = the sum of the node's \`executionTime\` over its ${int(items)} runs (whole milliseconds each); ${rounds} rounds of its own, right after those of the row above`,
		},
		{
			section,
			measure: 'Time per item (all items in one run)',
			result: `ours ${perItem(ours)}, HTTP Request ${perItem(httpRequest)}, no n8n ${perItem(directFetch)}`,
			how:
				'Node time of the first row / items. "No n8n": the same GETs with the same key sent one after another by `fetch` from the bench process (machine Node), ' +
				'in the same rounds: what the emulator and HTTP cost alone; the rest of "ours" is n8n plus the node',
		},
		{
			section,
			measure: 'Whole `n8n execute`: ours / HTTP Request node',
			result:
				`wall ${fixed(med(ours, 'cliMs') / med(httpRequest, 'cliMs'), 2)}× (${int(med(ours, 'cliMs'))} / ${int(med(httpRequest, 'cliMs'))} ms), ` +
				`CPU ${fixed(med(ours, 'cliCpuMs') / med(httpRequest, 'cliCpuMs'), 2)}× (${int(med(ours, 'cliCpuMs'))} / ${int(med(httpRequest, 'cliCpuMs'))} ms)`,
			how: "Wall and CPU (user + system) time of the `n8n execute --rawOutput` process: start-up, the Code node's task runner, the run, printing the run data; the runs of the first row",
		},
	];
}

function quietRow(rows: TriggerRow[], finished: number): TableRow {
	const matching = rows.filter((row) => row.finished === finished && !row.buried);
	return {
		section: 'Trigger',
		measure: `Quiet poll, ${int(finished)} finished jobs`,
		result: `${matching.map((row) => fixed(row.quiet.requests)).join(' / ')} req; ${matching.map((row) => `${fixed(row.quiet.ms)}`).join(' / ')} ms (${matching.map((row) => row.active).join(' / ')} active)`,
		target: '1 req',
		met: matching.every((row) => row.quiet.requests === 1),
		how: 'Requests per poll (mean) and wall time per poll (median) of the quiet polls after the first one',
	};
}

/** Row 2: the polling trigger's cost per poll and its static data (scripts/bench-trigger.ts). */
export async function triggerRows(plan: Plan['trigger']): Promise<TableRow[]> {
	const { rows, manyActive, watched, watchedSameSecond } = await benchTrigger(plan);
	const section = 'Trigger';
	const plain = rows.filter((row) => !row.buried);
	const buried = rows.find((row) => row.buried)!;
	const tenK = plain.filter((row) => row.finished === 10_000);
	const maxState = Math.max(
		...plain.map((row) => Math.max(row.stateBytes.quiet, row.stateBytes.changed)),
	);
	return [
		{
			section,
			measure: 'Setup',
			result: `0 / 1,000 / 10,000 finished × 0 / 5 / 50 active jobs`,
			how:
				`\`scripts/bench-trigger.ts\` (same code): the real trigger node through n8n-core's PollContext, over HTTP to an in-process emulator (fresh per scenario), page size 100. ` +
				`Per scenario one first poll, ${plan.quietPolls} quiet polls, ${plan.changePolls} polls with one change each. Wall time includes the emulator. ` +
				"The emulator's simulated clock runs behind the real one, so every job is dated before the poll's clock, as on Azure (jobs dated ahead of it stay in static data until it passes them)",
		},
		...[0, 1_000, 10_000].map((finished) => quietRow(plain, finished)),
		{
			section,
			measure: 'Poll with one change',
			result: `${range(
				plain.map((row) => row.change.requests),
				(v) => fixed(v),
			)} req; ${range(
				plain.map((row) => row.change.ms),
				(v) => fixed(v),
			)} ms`,
			how: 'Over all 9 scenarios: an active job paused/resumed, or a new job when none is active; one change per poll',
		},
		{
			section,
			measure: 'First poll after activation',
			result: `10,000 finished: ${range(
				tenK.map((row) => row.baseline.requests),
				int,
			)} req, ${range(
				tenK.map((row) => row.baseline.ms),
				int,
			)} ms`,
			how: 'The first poll walks the whole history once (100 jobs per page) to learn it; later polls read only the first page',
		},
		{
			section,
			measure: '5 active jobs *older* than 10,000 finished',
			result: `${fixed(buried.quiet.requests)} req; ${fixed(buried.quiet.ms)} ms per quiet poll`,
			how: 'Edge case, not the target scenario: the active jobs sit under the whole history; once the first poll has found them there, a quiet poll reads the first page and fetches them by id (`GET /fine_tuning/jobs/{id}`) instead of paging down to them',
		},
		{
			section,
			measure: '1,000 active jobs (and 1,000 finished)',
			result:
				`${fixed(manyActive.quiet.requests)} req; ${fixed(manyActive.quiet.ms)} ms per quiet poll; ` +
				`static data ${int(manyActive.stateBytes.quiet)} B (${int(manyActive.stateBytes.changed)} B after the changes); first poll ${int(manyActive.baseline.requests)} req`,
			how: 'Same method, 1,000 running jobs as the newest: a quiet poll must still see each active job, so it reads the pages that hold them (100 per page); static data holds what it needs to tell their next change',
		},
		{
			section,
			measure: 'Static data',
			result:
				`≤ ${int(maxState)} B in the scenarios; after a first poll over 10,000 finished: ${int(tenK[0].stateBytes.quiet)} B; ` +
				`10,000 jobs finished while watched: peak ${int(watched.peak)} B, ${int(watched.after)} B after (same-second waves: ${int(watchedSameSecond.peak)} / ${int(watchedSameSecond.after)} B)`,
			how:
				'`JSON.stringify(staticData)` bytes. "While watched": 100 waves of 100 jobs created, stepped through to succeeded, one poll per step ' +
				`(${watched.polls} polls, ${int(watched.items)} items); wave jobs created one per second, or all in one second`,
		},
	];
}

/** Row 3: checkTrainingData against split + JSON.parse (scripts/bench-training-data.ts). */
export function trainingDataRows(plan: Plan['trainingData']): TableRow[] {
	const result = benchTrainingData(plan);
	const { ours, baseline, ratio } = trainingDataSummary(result);
	const section = 'Training-data check';
	const how =
		`\`scripts/bench-training-data.ts\` (same code): a generated chat JSONL of ${fixed(result.fileMb)} MB (${int(ours.examples)} examples), ` +
		`${result.rounds} runs each, order alternating, each run in a fresh child process; medians`;
	return [
		{
			section,
			measure: 'Throughput: ours / bare `split` + `JSON.parse`',
			result: `**${fixed(ratio, 2)}×** (ours ${int(ours.mbPerSecond)} MB/s, baseline ${int(baseline.mbPerSecond)} MB/s)`,
			target: '≥ 0.8',
			met: ratio >= 0.8,
			how: `${how}. Ours = \`checkTrainingData(buffer, {method: 'supervised'})\`; baseline = \`buffer.toString().split('\\n')\` + \`JSON.parse\` per line`,
		},
		{
			section,
			measure: 'Peak memory',
			result: `ours ${int(ours.peakRssMb)} MB RSS (${int(ours.peakOverLoadedMb)} MB over the loaded file), baseline ${int(baseline.peakRssMb)} MB (${int(baseline.peakOverLoadedMb)} MB)`,
			how: 'Peak RSS of the child process (VmHWM), and that minus the RSS right after the file was read',
		},
	];
}

/** Row 4: what the package costs an n8n instance. */
export async function packageRows(
	plan: Plan['packageLoad'],
	artifactsDir: string,
): Promise<TableRow[]> {
	const stats = packStats();
	const load = await benchLoadTime({ rounds: plan.rounds, artifactsDir });
	keepSamples(artifactsDir, { stats, ...load });
	const section = 'Package';
	const difference = (key: 'wallMs' | 'cpuMs') => {
		const withMs = median(load.samples.with.map((s) => s[key]));
		const withoutMs = median(load.samples.without.map((s) => s[key]));
		const perRound = load.samples.with.map((s, i) => s[key] - load.samples.without[i][key]);
		return `${signed(withMs - withoutMs)} ms (with ${int(withMs)}, without ${int(withoutMs)}; per round ${signed(Math.min(...perRound))} to ${signed(Math.max(...perRound))})`;
	};
	return [
		{
			section,
			measure: 'Runtime dependencies',
			result: String(stats.runtimeDependencies),
			target: '0',
			met: stats.runtimeDependencies === 0,
			how: '`dependencies` in package.json (n8n-workflow is a peer dependency that n8n provides)',
		},
		{
			section,
			measure: 'Tarball',
			result: `${fixed(stats.size / 1024)} KiB packed, ${fixed(stats.unpackedSize / 1024)} KiB unpacked, ${stats.entryCount} files`,
			how: '`npm pack --dry-run --json`',
		},
		{
			section,
			measure: 'n8n load time: `export:nodes` with − without the package',
			result: `wall ${difference('wallMs')}; CPU ${difference('cpuMs')}`,
			how:
				`Wall and CPU (user + system) time of \`n8n export:nodes --output=…\` (loads all ${int(load.nodeTypes.without)} built-in node types, plus ours: ${int(load.nodeTypes.with)}) in two fresh user folders, ` +
				`one with the packed package installed as n8n installs community packages; one warm-up each, then ${plan.rounds} rounds, order alternating, medians`,
		},
		{
			section,
			measure: 'n8n load time: our files alone',
			result: `${fixed(median(load.requireMs))} ms`,
			how: `\`require\` of the credential and both node files of the installed package and \`new\` of their classes, in n8n's Node with n8n-workflow already loaded; median of ${load.requireMs.length} fresh processes`,
		},
	];
}

/** Large files and many items: upload and check of a ~500 MB file in a real n8n, memory of the many-item outputs. */
export async function largeFilesRows(
	plan: Plan['largeFiles'],
	artifactsDir: string,
): Promise<TableRow[]> {
	const result = await benchLargeFiles({ ...plan, artifactsDir });
	const memory = await benchMemoryElsewhere({ ...plan, artifactsDir });
	keepSamples(artifactsDir, { ...result, memory });
	const section = 'Large files';
	const mb = result.fileBytes / (1024 * 1024);
	const med = (key: LargeFileMeasure, field: 'nodeMs' | 'peakRssMb') =>
		median(result.samples[key].map((sample) => sample[field]));
	const growth = (key: LargeFileMeasure) => med(key, 'peakRssMb') - med('readOnly', 'peakRssMb');
	const seconds = (key: LargeFileMeasure) => `${fixed(med(key, 'nodeMs') / 1000)} s`;
	const ratio = med('oursUpload', 'nodeMs') / med('httpUpload', 'nodeMs');
	const perRound = result.samples.oursUpload.map(
		(sample, i) => sample.nodeMs / result.samples.httpUpload[i].nodeMs,
	);
	const check = trainingDataSummary({
		fileMb: mb,
		rounds: plan.checkRounds,
		results: { ours: result.check.streamed, baseline: result.check.baselineFromFile },
	});
	const setup =
		`real n8n ${result.n8nVersion} (Node ${result.n8nNodeVersion}), filesystem binary data mode; \`n8n execute\` of Manual Trigger → Read Files from Disk (a generated chat JSONL of ${fixed(mb)} MB, ${int(result.examples)} lines) → the measured node, ` +
		`against the emulator in its own process; ${plan.rounds} rounds, order rotating, medians. Memory = peak RSS (VmHWM) of the n8n process minus that of a run with a No Op as the measured node (${int(med('readOnly', 'peakRssMb'))} MB)`;
	return [
		{
			section,
			measure: `Upload of ${fixed(mb, 0)} MB: ours / HTTP Request node (time)`,
			result: `**${fixed(ratio, 2)}×** (ours ${seconds('oursUpload')}, HTTP Request ${seconds('httpUpload')}; per round ${range(perRound, (r) => fixed(r, 2))}×); no n8n: ${seconds('directUpload')}`,
			target: '≤ 1.0',
			met: ratio <= 1,
			how:
				`${setup}. Time = the node's \`executionTime\`. Ours: Upload with Check Training Data First and Wait Until Processed off. HTTP Request node 4.2: POST \`<endpoint>/openai/v1/files\`, the same credential, ` +
				'multipart-form-data with `purpose` and the binary as `file`. Each run checked: one upload, the stored size; in the first round the SHA-256 of what the emulator stored. ' +
				'"No n8n": the same upload by `fetch` from the bench process, the file streamed from disk: what the emulator (it reads and parses the whole body) and HTTP cost alone',
		},
		{
			section,
			measure: `Upload of ${fixed(mb, 0)} MB: peak memory growth`,
			result: `**ours ${signed(growth('oursUpload'))} MB**, HTTP Request ${signed(growth('httpUpload'))} MB`,
			target: 'ours ≤ 64 MB',
			met: growth('oursUpload') <= 64,
			how: "The runs of the row above. Ours streams the file from n8n's binary data store into the request with its Content-Length; the HTTP Request node sends it through a redirect-following layer that keeps the whole body to resend it",
		},
		{
			section,
			measure: `Upload of ${fixed(mb, 0)} MB with Check Training Data First (the default)`,
			result: `${seconds('oursUploadChecked')}; ${signed(growth('oursUploadChecked'))} MB`,
			how: 'As above with the check on: one pass over the file to check it, a second to upload it',
		},
		{
			section,
			measure: `Check Training Data on ${fixed(mb, 0)} MB in n8n`,
			result: `${seconds('oursCheck')} (${int(mb / (med('oursCheck', 'nodeMs') / 1000))} MB/s); ${signed(growth('oursCheck'))} MB`,
			target: '≤ 64 MB',
			met: growth('oursCheck') <= 64,
			how: 'As above, the measured node our Check Training Data (supervised); every run checked: valid, every line an example',
		},
		{
			section,
			measure: `Check of the same file: ours / bare \`split\` + \`JSON.parse\``,
			result:
				`**${fixed(check.ratio, 2)}×** (ours ${int(check.ours.mbPerSecond)} MB/s, baseline ${int(check.baseline.mbPerSecond)} MB/s); ` +
				`peak memory growth ours ${signed(check.ours.peakOverLoadedMb)} MB, baseline ${signed(check.baseline.peakOverLoadedMb)} MB`,
			target: '≥ 1.0, ≤ 64 MB',
			met: check.ratio >= 1 && check.ours.peakOverLoadedMb <= 64,
			how:
				`\`scripts/bench-training-data.ts\` \`benchTrainingDataFile\`: ${plan.checkRounds} runs each, order alternating, each in a fresh child process (machine Node); medians. ` +
				"Ours = `checkTrainingDataStream` over the file read in 256 KiB chunks, as the node reads n8n's binary data; baseline = `readFileSync` + `toString().split('\\n')` + `JSON.parse` per line. " +
				'Both times include reading the file; memory = peak RSS minus the RSS before the read',
		},
		{
			section,
			measure: `List Jobs, Return All over ${int(memory.listAll.input)} jobs`,
			result: `${int(memory.listAll.retainedBytesPerItem)} B per job held by the output; peak ${signed(memory.listAll.peakGrowthMb)} MB`,
			how:
				"n8n-core's engine in a fresh child process (test/support/engine.ts), the emulator in another; after a warm-up run. Held = V8 heap + array buffers after garbage collection, output kept, " +
				'minus before, per output item; peak = VmHWM (reset after the warm-up) minus the RSS before. n8n keeps every output item in memory, so this grows with the job count: it cannot be streamed',
		},
		{
			section,
			measure: `Get Metrics on a ${fixed(memory.getMetrics.input / (1024 * 1024), 0)} MB results.csv (${int(memory.getMetrics.items)} rows)`,
			result: `${int(memory.getMetrics.retainedBytesPerItem)} B per row held; peak ${signed(memory.getMetrics.peakGrowthMb)} MB`,
			how: 'As above. One item per row (all kept by n8n); the file is read whole (as text) to be split into rows',
		},
		{
			section,
			measure:
				'Download Content of the same file: One Item per Row / Binary File (filesystem mode)',
			result: `rows: ${int(memory.downloadRows.retainedBytesPerItem)} B per row held, peak ${signed(memory.downloadRows.peakGrowthMb)} MB; binary: peak ${signed(memory.downloadBinary.peakGrowthMb)} MB`,
			how: "As above. Binary File streams the answer into n8n's binary data store (on disk in filesystem mode), so its memory does not grow with the file",
		},
	];
}
