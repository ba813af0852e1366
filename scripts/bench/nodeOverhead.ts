/**
 * Node overhead: N items through our Get Job in a real n8n (`n8n execute`) against the emulator, versus n8n's own
 * HTTP Request node making the same N `GET /fine_tuning/jobs/{id}` calls with the same credential. Both workflows
 * run in the same n8n user folder against the same emulator process, taking turns, and each run's time is the measured
 * node's own `executionTime` from the run data (the CLI process time, mostly n8n's start-up, is kept too).
 */
import * as path from 'node:path';

import {
	EmulatorProcess,
	packageTarball,
	parseRunOutput,
	RealN8n,
	seedJobs,
	type ExecutionRun,
} from '../../test/support/n8n';
import { azureCredential } from '../../test/support/workflows';
import { runN8n } from './n8nProcess';
import { alternate } from './stats';
import { MEASURED_NODE, readJobWorkflow, type Reader } from './workflows';

export interface NodeOverheadOptions {
	/** Items per run (each one API call). */
	items: number;
	/** Rounds of each comparison (order rotating, see `alternate`). */
	rounds: number;
	/** Folder for the logs of n8n and the emulator. */
	artifactsDir: string;
}

/** One `n8n execute` of one workflow. */
export interface NodeRunSample {
	/** `executionTime` of the measured node in the run data, ms. */
	nodeMs: number;
	/** Wall time of the whole `n8n execute` process, ms. */
	cliMs: number;
	/** CPU time (user + system) of that process, ms. */
	cliCpuMs: number;
	/** API requests the emulator received during the run. */
	requests: number;
}

/**
 * What is measured: each reader with all items in one run (`ours`, `httpRequest`), each reader fed one item per run
 * by a Loop Over Items node (`…OneAtATime`), and the same calls straight from this process (`directFetch`).
 */
export type Measured = Reader | `${Reader}OneAtATime` | 'directFetch';

export interface NodeOverheadResult {
	items: number;
	/** `directFetch`: the same N calls sent one after another with `fetch` from this process, no n8n (`nodeMs` = its time). */
	samples: Record<Measured, NodeRunSample[]>;
	n8nVersion: string;
	n8nNodeVersion: string;
}

const CREDENTIAL = { id: 'benchAzureCred01', name: 'Azure AI Foundry (bench emulator)' };
const WORKFLOWS: Record<
	Exclude<Measured, 'directFetch'>,
	{ id: string; reader: Reader; oneAtATime: boolean }
> = {
	ours: { id: 'benchReadJobOurs', reader: 'ours', oneAtATime: false },
	httpRequest: { id: 'benchReadJobHttp', reader: 'httpRequest', oneAtATime: false },
	oursOneAtATime: { id: 'benchLoopJobOurs', reader: 'ours', oneAtATime: true },
	httpRequestOneAtATime: { id: 'benchLoopJobHttp', reader: 'httpRequest', oneAtATime: true },
};

/**
 * The measured node's time in a run: the sum of `executionTime` over its runs (one, or one per item in a loop), after
 * checking that the run succeeded and the node put out `items` items in all.
 */
function measuredNodeMs(run: ExecutionRun, items: number, label: string): number {
	const nodeRuns = run.data.resultData.runData[MEASURED_NODE] ?? [];
	const error = run.data.resultData.error?.message ?? nodeRuns.find((r) => r.error)?.error?.message;
	if (run.status !== 'success' || nodeRuns.length === 0 || error)
		throw new Error(`the ${label} run failed: ${error ?? run.status}`);
	const produced = nodeRuns.reduce((sum, r) => sum + (r.data?.main[0]?.length ?? 0), 0);
	if (produced !== items)
		throw new Error(`the ${label} run produced ${produced} items instead of ${items}`);
	if (nodeRuns.some((r) => typeof r.executionTime !== 'number'))
		throw new Error(`no executionTime for ${MEASURED_NODE} in the ${label} run`);
	return nodeRuns.reduce((sum, r) => sum + r.executionTime!, 0);
}

/** The N calls without n8n: `GET /fine_tuning/jobs/{id}` with the api-key, one after another, body parsed. */
async function directFetch(
	emulator: EmulatorProcess,
	jobId: string,
	items: number,
): Promise<NodeRunSample> {
	const started = performance.now();
	for (let i = 0; i < items; i++) {
		const res = await emulator.api('GET', `/fine_tuning/jobs/${jobId}`);
		if (res.status !== 200) throw new Error(`direct GET of the job answered HTTP ${res.status}`);
	}
	const ms = performance.now() - started;
	return {
		nodeMs: ms,
		cliMs: ms,
		cliCpuMs: Number.NaN,
		requests: (await emulator.requests()).length,
	};
}

/**
 * Installs the packed package into a fresh n8n user folder, starts a quiet emulator (no per-request output) with one
 * seeded job, imports the credential and the four workflows, then runs `rounds` rounds of both readers and the direct
 * calls, and `rounds` rounds of both readers one item at a time (order rotating within each).
 */
export async function benchNodeOverhead(options: NodeOverheadOptions): Promise<NodeOverheadResult> {
	const apiKey = `bench-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
	const tarball = packageTarball(path.join(options.artifactsDir, 'pack'));
	const n8n = await RealN8n.create({
		name: 'bench-node-overhead',
		artifactsDir: options.artifactsDir,
	});
	n8n.redactor.add(apiKey);
	let emulator: EmulatorProcess | undefined;
	try {
		emulator = await EmulatorProcess.start({
			apiKey,
			logFile: path.join(options.artifactsDir, 'emulator.log'),
			redactor: n8n.redactor,
		});
		await n8n.installPackage(tarball);
		const [{ id: jobId }] = await seedJobs(emulator, 1, { status: 'succeeded' });
		await n8n.importCredentials([azureCredential(CREDENTIAL, emulator.url, apiKey)]);
		for (const workflow of Object.values(WORKFLOWS)) {
			await n8n.importWorkflow(
				readJobWorkflow({
					...workflow,
					credential: CREDENTIAL,
					endpoint: emulator.url,
					jobId,
					items: options.items,
				}),
			);
		}
		const emu = emulator;
		const measure = async (key: Measured): Promise<NodeRunSample> => {
			await emu.clearRequests();
			if (key === 'directFetch') return await directFetch(emu, jobId, options.items);
			const res = await runN8n(n8n, ['execute', `--id=${WORKFLOWS[key].id}`, '--rawOutput']);
			const nodeMs = measuredNodeMs(parseRunOutput(res.output), options.items, key);
			const requests = (await emu.requests()).length;
			if (requests !== options.items)
				throw new Error(`the ${key} run sent ${requests} requests instead of ${options.items}`);
			return { nodeMs, cliMs: res.wallMs, cliCpuMs: res.cpuMs, requests };
		};
		const samples = {
			...(await alternate(
				options.rounds,
				['ours', 'httpRequest', 'directFetch'] as const,
				measure,
			)),
			...(await alternate(
				options.rounds,
				['oursOneAtATime', 'httpRequestOneAtATime'] as const,
				measure,
			)),
		};
		return {
			items: options.items,
			samples,
			n8nVersion: n8n.runtime.n8nVersion,
			n8nNodeVersion: n8n.runtime.nodeVersion,
		};
	} finally {
		await emulator?.stop();
		await n8n.dispose();
	}
}
