/**
 * Figures for the fine-tuning trigger (not a test): requests and wall time per poll against the local emulator, with
 * 0 / 1,000 / 10,000 finished jobs and 0 / 5 / 50 active jobs (and 1,000 finished with 1,000 active), and the
 * static-data size after 10,000 jobs finished.
 *
 *   npx tsx scripts/bench-trigger.ts [--quiet-polls 20] [--change-polls 10]
 *
 * Each poll runs the real node through n8n-core's PollContext (test/support/engine.ts) over real HTTP to the emulator
 * in the same process, so wall time includes n8n-core, the transport and the emulator's own work (it validates every
 * request against the spec in a worker thread, and copies and sorts all jobs on every list request).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

import { preferTsOverJson } from './preferTsOverJson';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

export interface TriggerBenchOptions {
	/** Polls without any change after the baseline poll, per row (default 20). */
	quietPolls: number;
	/** Polls with one change each after the quiet ones, per row (default 10). */
	changePolls: number;
}

/** One scenario: the trigger watching `finished` finished and `active` running jobs. */
export interface Row {
	finished: number;
	active: number;
	/** The active jobs are the oldest (under all the finished ones) instead of the newest. */
	buried: boolean;
	baseline: { requests: number; ms: number };
	quiet: { requests: number; ms: number };
	change: { requests: number; ms: number; items: number };
	/** Static data after the quiet polls, and after the polls with changes. */
	stateBytes: { quiet: number; changed: number };
}

type Job = { id: string };

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

/** 10,000 jobs created, run and finished while the trigger watched: items emitted and static-data bytes. */
export interface WatchedRun {
	peak: number;
	after: number;
	items: number;
	polls: number;
}

export interface TriggerBenchResult {
	/** 0 / 1,000 / 10,000 finished × 0 / 5 / 50 active (newest), then 10,000 finished with 5 active oldest. */
	rows: Row[];
	/** 1,000 finished and 1,000 active (newest): many jobs in flight at once. */
	manyActive: Row;
	/** The jobs of a wave created one per second. */
	watched: WatchedRun;
	/** The 100 jobs of a wave created in the same second. */
	watchedSameSecond: WatchedRun;
}

/**
 * Runs every scenario of this benchmark against fresh in-process emulators and returns the figures (printed by
 * {@link printTriggerReport}). Sets N8N_USER_FOLDER and friends to a throwaway folder while it runs (n8n-core reads
 * them), and puts them back afterwards.
 */
export async function benchTrigger({
	quietPolls,
	changePolls,
}: TriggerBenchOptions): Promise<TriggerBenchResult> {
	preferTsOverJson();
	// n8n-core writes its instance settings under N8N_USER_FOLDER: keep them in a throwaway folder.
	const userFolder = mkdtempSync(join(tmpdir(), 'bench-trigger-'));
	const settings = {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'bench',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	};
	const saved = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
	Object.assign(process.env, settings);
	try {
		return await scenarios(quietPolls, changePolls);
	} finally {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
		rmSync(userFolder, { recursive: true, force: true });
	}
}

async function scenarios(quietPolls: number, changePolls: number): Promise<TriggerBenchResult> {
	// Loaded only now (after the environment is set), through require: tsx's ESM resolver cannot find `X.node` either.
	const { startEmulator } =
		require('../test/support/emulator') as typeof import('../test/support/emulator');
	const { nodeTypeMap, pollRunner } =
		require('../test/support/engine') as typeof import('../test/support/engine');
	const { AzureAiFoundryFineTuningTrigger } =
		require('../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node') as typeof import('../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node');
	nodeTypeMap['azure.trigger'] = new AzureAiFoundryFineTuningTrigger();

	type Emu = Awaited<ReturnType<typeof startEmulator>>;
	type Runner = ReturnType<typeof pollRunner>;
	const measured = async (emu: Emu, runner: Runner) => {
		emu.clearRequests();
		const start = performance.now();
		const output = await runner.poll();
		return {
			ms: performance.now() - start,
			requests: emu.requests.length,
			items: output?.[0].length ?? 0,
		};
	};
	const stateBytes = (runner: Runner) => Buffer.byteLength(JSON.stringify(runner.staticData()));

	/**
	 * Sets the emulator's clock (unix s) `span` seconds and an hour behind the real one, for a scenario that moves it
	 * on by at most `span`: every job it creates is then dated before the poll's clock (Date.now in the node), as on
	 * Azure. A job dated ahead of the poll's clock stays in static data until that clock passes it (`topIds`,
	 * nodes/AzureAiFoundryFineTuningTrigger/statusChanges.ts), so a simulated clock running hours ahead would measure
	 * that instead of the state the trigger keeps for real jobs.
	 */
	const startBehindRealClock = (emu: Emu, span: number) =>
		emu.setNow(Math.floor(Date.now() / 1000) - span - 3600);
	/** @throws Error when the scenario moved the emulator's clock past the real one (its `span` was too small). */
	const assertNotAhead = (emu: Emu) => {
		if (emu.now() > Date.now() / 1000)
			throw new Error('the emulator clock ran ahead of the real clock: its span is too small');
	};

	async function scenario(finished: number, active: number, buried = false): Promise<Row> {
		const emu = await startEmulator();
		try {
			startBehindRealClock(emu, 60 * (finished + active + 2) + changePolls);
			let running: Job[];
			if (buried) {
				running = emu.seedJobs(active, { status: 'running' });
				emu.setNow(emu.now() + 60 * (finished + 1));
				emu.seedJobs(finished);
			} else {
				emu.seedJobs(finished);
				emu.setNow(emu.now() + 60 * (active + 1));
				running = emu.seedJobs(active, { status: 'running' });
			}
			const runner = pollRunner(
				'azure.trigger',
				{ watch: 'all', triggerOn: 'anyChange' },
				{ endpoint: emu.url, apiKey: emu.apiKey, apiVersion: 'v1' },
			);
			const baseline = await measured(emu, runner);
			const quiet = [];
			for (let i = 0; i < quietPolls; i++) quiet.push(await measured(emu, runner));
			const quietBytes = stateBytes(runner);
			const change = [];
			for (let i = 0; i < changePolls; i++) {
				// One change per poll: an active job moves on (running → paused → resuming → ...), or a new job appears.
				if (active > 0) emu.advanceJob(running[i % active].id, i % 2 === 0 ? 'paused' : 'running');
				else emu.seedJobs(1, { status: 'pending', created_at: emu.now() + i + 1 });
				change.push(await measured(emu, runner));
			}
			assertNotAhead(emu);
			return {
				finished,
				active,
				buried,
				baseline: { requests: baseline.requests, ms: baseline.ms },
				quiet: { requests: mean(quiet.map((q) => q.requests)), ms: median(quiet.map((q) => q.ms)) },
				change: {
					requests: mean(change.map((c) => c.requests)),
					ms: median(change.map((c) => c.ms)),
					items: mean(change.map((c) => c.items)),
				},
				stateBytes: { quiet: quietBytes, changed: stateBytes(runner) },
			};
		} finally {
			await emu.close();
		}
	}

	const WAVES = 100;
	const WAVE_JOBS = 100;
	/**
	 * 10,000 jobs created, run and finished while the trigger watches (100 waves of 100), one poll per step. The jobs
	 * of a wave are created one per second, or all in the same second (`sameSecond`).
	 */
	async function finishedWhileWatched(sameSecond: boolean): Promise<WatchedRun> {
		const emu = await startEmulator();
		try {
			startBehindRealClock(emu, WAVES * (WAVE_JOBS + 5 * 60));
			const runner = pollRunner(
				'azure.trigger',
				{ watch: 'all', triggerOn: 'anyChange' },
				{ endpoint: emu.url, apiKey: emu.apiKey, apiVersion: 'v1' },
			);
			await runner.poll();
			let peak = 0;
			let items = 0;
			let polls = 0;
			for (let wave = 0; wave < WAVES; wave++) {
				const start = emu.now();
				for (let i = 0; i < WAVE_JOBS; i++)
					emu.seedJobs(1, { status: 'pending', created_at: sameSecond ? start : start + i });
				emu.setNow(start + WAVE_JOBS);
				for (let step = 0; step < 5; step++) {
					if (step > 0) emu.step(); // pending → validating_files → queued → running → succeeded
					items += (await runner.poll())?.[0].length ?? 0;
					polls++;
					peak = Math.max(peak, stateBytes(runner));
				}
			}
			assertNotAhead(emu);
			return { peak, after: stateBytes(runner), items, polls };
		} finally {
			await emu.close();
		}
	}

	const rows: Row[] = [];
	for (const finished of [0, 1_000, 10_000])
		for (const active of [0, 5, 50]) rows.push(await scenario(finished, active));
	rows.push(await scenario(10_000, 5, true));
	const manyActive = await scenario(1_000, 1_000);
	const watched = await finishedWhileWatched(false);
	const watchedSameSecond = await finishedWhileWatched(true);
	return { rows, manyActive, watched, watchedSameSecond };
}

/** Prints the figures of {@link benchTrigger} as this script always has (machine, method, Markdown table, notes). */
export function printTriggerReport(
	{ rows, manyActive, watched, watchedSameSecond }: TriggerBenchResult,
	{ quietPolls, changePolls }: TriggerBenchOptions,
): void {
	const cpu = cpus();
	console.log(`# Azure AI Foundry Fine-Tuning Trigger — poll costs (${new Date().toISOString()})`);
	console.log(
		`Machine: ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}`,
	);
	console.log(
		'Method: fresh emulator per row; seedJobs(finished) succeeded jobs, then the active (running) jobs newest; one baseline poll,',
	);
	console.log(
		`then ${quietPolls} quiet polls (median time, mean requests), then ${changePolls} polls with one change each (an active job`,
	);
	console.log(
		'paused/resumed, or a new job when there is no active one). Page size 100 (default). Real n8n-core PollContext + HTTP to the',
	);
	console.log(
		'in-process emulator; wall time includes the emulator (spec validation in a worker, all jobs copied and sorted per list).',
	);
	console.log('');
	console.log(
		'| finished | active | baseline req | baseline ms | quiet req/poll | quiet ms/poll | 1-change req/poll | 1-change ms/poll | state B (quiet / after changes) |',
	);
	console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const row of [...rows, manyActive]) {
		console.log(
			`| ${row.finished.toLocaleString('en')} | ${row.active}${row.buried ? ' (oldest)' : ''} | ${row.baseline.requests} | ${row.baseline.ms.toFixed(0)} | ` +
				`${row.quiet.requests.toFixed(1)} | ${row.quiet.ms.toFixed(1)} | ${row.change.requests.toFixed(1)} | ${row.change.ms.toFixed(1)} | ` +
				`${row.stateBytes.quiet} / ${row.stateBytes.changed} |`,
		);
	}
	console.log('');
	for (const [label, run] of [
		['one per second', watched],
		['100 in the same second', watchedSameSecond],
	] as const) {
		console.log(
			`10,000 jobs created (${label}), run and finished while watched (100 waves × 100 jobs, ${run.polls} polls): ${run.items} items; ` +
				`static data ${run.after} bytes after (peak ${run.peak} bytes, with 100 jobs active).`,
		);
	}
	const tenK = rows.find((row) => row.finished === 10_000 && row.active === 0)!;
	console.log(
		`Static data after a baseline over 10,000 finished jobs: ${tenK.stateBytes.quiet} bytes.`,
	);
}

async function main(): Promise<void> {
	const options = {
		quietPolls: option('quiet-polls', 20),
		changePolls: option('change-polls', 10),
	};
	printTriggerReport(await benchTrigger(options), options);
}

if (require.main === module) void main();
