/**
 * Randomized model-based test of the trigger (nothing missed, nothing emitted twice, nothing invented): fast-check
 * scenarios against the oracles of test/support/triggerModel.ts — clock skew and jobs dated hours ahead, poll budgets
 * down to 2 s with reads costing simulated time, first scans spread over polls, a restart before every poll, faults
 * mid-poll. Sized to run in seconds; `scripts/soak-trigger.ts` runs the same code long. Set TRIGGER_MODEL_RUNS to
 * change the number of scenarios per mode, TRIGGER_MODEL_SEED to replay one.
 */
import fc from 'fast-check';

import type { IDataObject } from 'n8n-workflow';

import {
	runScenario,
	scenarioArb,
	type PollStep,
	type Report,
	type Scenario,
} from '../support/triggerModel';

const numRuns = Number(process.env.TRIGGER_MODEL_RUNS ?? 120);
const seed =
	process.env.TRIGGER_MODEL_SEED === undefined ? undefined : Number(process.env.TRIGGER_MODEL_SEED);

const counts = (report: Report) => ({
	missed: report.missed,
	duplicated: report.duplicated,
	spurious: report.spurious,
});

async function holds(scenario: Scenario): Promise<void> {
	const report = await runScenario(scenario);
	expect(report.violations.slice(0, 5)).toEqual([]);
	expect(counts(report)).toEqual({ missed: 0, duplicated: 0, spurious: 0 });
}

/**
 * 30 running jobs below a first page of 10 finished ones, a job dated 3 hours ahead, a 2 s budget with reads of
 * `readCostMs` (0.5 s: two by-id reads fit after the walk; 1.5 s: none, but one is always made): 40 polls, each
 * changing one job, and a new job finishing between polls.
 */
const tight = (readCostMs: number): Scenario => ({
	mode: 'relaxed',
	tieOrder: 'newestFirst',
	skewSeconds: -60,
	initial: [
		{ kind: 'create', count: 30, status: 'running' },
		{ kind: 'tick', seconds: 600 },
		{ kind: 'create', count: 1, status: 'queued', aheadSeconds: 3 * 3600 },
		{ kind: 'create', count: 10, status: 'succeeded' },
	],
	polls: Array.from({ length: 40 }, (_, i): PollStep => ({
		before: [
			{ kind: 'tick', seconds: 30 },
			{ kind: 'status', pick: i * 7, to: i % 2 ? 'paused' : 'resuming' },
			...(i % 10 === 5 ? [{ kind: 'create' as const, count: 1, status: 'succeeded' }] : []),
		],
		pageSize: 10,
		budgetMs: 2000,
		readCostMs,
	})),
});

/**
 * A first scan spread over ~20 polls (60 running jobs under two newer finished ones, pages of 2, a 2 s budget, 0.5 s
 * reads). Five minutes after activation the oldest job succeeds and the next one pauses, before the scan reaches them;
 * a new job is created and finishes between two polls.
 */
const spreadScan: Scenario = {
	mode: 'relaxed',
	tieOrder: 'hashed',
	skewSeconds: 60,
	initial: [
		{ kind: 'create', count: 60, status: 'running' },
		{ kind: 'tick', seconds: 600 },
		{ kind: 'create', count: 1, status: 'succeeded' },
		{ kind: 'tick', seconds: 600 },
		{ kind: 'create', count: 1, status: 'failed' },
	],
	polls: Array.from({ length: 30 }, (_, i): PollStep => ({
		before:
			i === 1
				? [
						{ kind: 'tick', seconds: 300 },
						{ kind: 'status', pick: 59, to: 'succeeded' },
						{ kind: 'status', pick: 57, to: 'paused' },
						{ kind: 'create', count: 1, status: 'succeeded' },
					]
				: [{ kind: 'tick', seconds: 20 }],
		pageSize: 2,
		budgetMs: 2000,
		readCostMs: 500,
	})),
};

describe('trigger against the reference model', () => {
	test('exact: between good polls, every observable status change is emitted once, nothing else', async () => {
		await fc.assert(fc.asyncProperty(scenarioArb('exact'), holds), { numRuns, seed });
	});

	test('relaxed: changes during a poll, budgets down to 2 s, skewed clocks, faults: nothing missed, repeated or invented', async () => {
		await fc.assert(fc.asyncProperty(scenarioArb('relaxed'), holds), { numRuns, seed });
	});

	// 30 jobs, k by-id reads per poll: ⌈30 / k⌉ polls, + 1 for the poll that left a job first unread.
	test.each([
		[500, 2, 16],
		[1500, 1, 31],
	])(
		'a 2 s budget, %d ms reads (%d by-id per poll), 30 tracked jobs below the first page: every job read within %d polls, 0/0/0',
		async (readCostMs, _k, bound) => {
			const report = await runScenario(tight(readCostMs));
			expect(report.violations).toEqual([]);
			expect(counts(report)).toEqual({ missed: 0, duplicated: 0, spurious: 0 });
			expect(report.changes).toBeGreaterThan(20);
			expect(report.maxReadGap).toBeLessThanOrEqual(bound);
		},
	);

	test('a first scan spread over polls: a job it reaches after it finished (post-activation) is emitted; 0/0/0', async () => {
		const report = await runScenario(spreadScan);
		expect(report.violations).toEqual([]);
		expect(counts(report)).toEqual({ missed: 0, duplicated: 0, spurious: 0 });
		// The new job, the job met finished, and the liveness changes of the settle poll.
		expect(report.changes).toBeGreaterThanOrEqual(2 + 58);
		expect(report.absorbed).toBe(1);
		expect(report.ambiguous).toBe(0);
	});

	test.each([
		['forgets the ids above the watermark', (state: IDataObject) => void (state.topIds = [])],
		[
			'forgets one tracked job',
			(state: IDataObject) =>
				void delete (state.active as IDataObject)[Object.keys(state.active as IDataObject)[0]],
		],
		[
			'records an older status',
			(state: IDataObject) =>
				Object.values(state.active as Record<string, { s: string }>).forEach(
					(job) => (job.s = 'queued'),
				),
		],
		[
			'lets a job dated hours ahead lift the watermark',
			(state: IDataObject) => void (state.top = Number(state.top ?? 0) + 3 * 3600),
		],
	])('the oracle is not vacuous: a trigger that %s fails it', async (_name, tamper) => {
		const found = await fc.check(
			fc.asyncProperty(
				scenarioArb('exact'),
				async (scenario) => (await runScenario(scenario, { tamper })).violations.length === 0,
			),
			{ numRuns: 300, seed: 42 },
		);
		expect(found.failed).toBe(true);
	});

	test('the fairness check is not vacuous: a trigger that forgets when each job was read starves some', async () => {
		const report = await runScenario(tight(500), {
			tamper: (state) =>
				Object.values(state.active as Record<string, { r?: number }>).forEach(
					(job) => delete job.r,
				),
		});
		expect(report.maxReadGap).toBeGreaterThan(report.readGapBound);
	});
});
