/**
 * Soak of the fine-tuning trigger: the randomized model test of test/unit/trigger.statusChanges.model.test.ts run long
 * — one scenario per mode with thousands of polls and jobs, a restart before every poll (the state goes through
 * JSON), faults (a poll failing at its n-th request), jobs dated hours ahead, Azure's clock skewed against the
 * poller's, poll budgets down to 2 s of simulated time with reads costing simulated time, and a first scan spread
 * over polls — printing the counts of test/support/triggerModel.ts (missed, duplicated and spurious must be 0).
 *
 *   npx tsx scripts/soak-trigger.ts [--seed N] [--polls 5000] [--modes exact,relaxed] [--min-budget-ms 2000]
 *
 * Exit code 1 when anything was missed, duplicated, spurious or broke a rule.
 */
import fc from 'fast-check';

import {
	CI_SIZE,
	runScenario,
	scenarioArb,
	summaryLine,
	type Mutation,
	type Scenario,
	type ScenarioSize,
} from '../test/support/triggerModel';

function option(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const seed = Number(option('seed', String(Date.now() % 2 ** 31)));
const polls = Number(option('polls', '5000'));
const modes = option('modes', 'exact,relaxed').split(',') as Array<Scenario['mode']>;
const minBudgetMs = Number(option('min-budget-ms', '2000'));

/**
 * Long scenarios: bursts of up to 25 jobs in a second (page sizes up to 20), many status changes, deletions; tuned so
 * that active jobs stay in the tens while thousands of jobs accumulate. Budgets from `minBudgetMs` to 10 s on 60% of
 * the polls, requests of 0.1–1.5 s.
 */
const SOAK_SIZE: ScenarioSize = {
	polls: { min: polls, max: polls },
	initialJobs: 200,
	maxBurst: 25,
	maxPageSize: 20,
	weights: { create: 1, status: 40, delete: 6, tick: 10 },
	terminalShare: 0.35,
	aheadShare: 0.05,
	maxSkewSeconds: CI_SIZE.maxSkewSeconds,
	budget: { share: 0.6, minMs: minBudgetMs, maxMs: 10_000 },
	readCostMs: { min: 100, max: 1500 },
	longTickShare: 0.3,
	spreadScanShare: 1,
};

/** Always present: a history of 300 jobs, one of them dated 3 hours ahead, before activation. */
const HISTORY: Mutation[] = [
	{ kind: 'create', count: 150, status: 'succeeded' },
	{ kind: 'create', count: 1, status: 'running', aheadSeconds: 3 * 3600 },
	{ kind: 'tick', seconds: 600 },
	{ kind: 'create', count: 100, status: 'running' },
	{ kind: 'tick', seconds: 600 },
	{ kind: 'create', count: 50, status: 'failed' },
];

/** Polls at the start held to the smallest budget, so that the first scan of the history spreads over them. */
const SPREAD_POLLS = 40;

async function main(): Promise<void> {
	console.log(
		`soak-trigger seed=${seed} polls=${polls} modes=${modes.join(',')} minBudget=${minBudgetMs}ms node=${process.version}`,
	);
	let bad = 0;
	for (const mode of modes) {
		// Any change is emitted (no status filter), so that every change counts; the CI test covers the filters.
		const [generated] = fc.sample(scenarioArb(mode, SOAK_SIZE), { seed, numRuns: 1 });
		// The first polls have the smallest budget, slow reads and small pages: the first scan spreads over them.
		const scenario: Scenario = {
			...generated,
			statuses: undefined,
			initial: [...HISTORY, ...generated.initial],
			polls: generated.polls.map((step, i) =>
				i < SPREAD_POLLS
					? {
							...step,
							budgetMs: minBudgetMs,
							pageSize: 5,
							readCostMs: Math.max(500, step.readCostMs ?? 0),
						}
					: step,
			),
		};
		const started = performance.now();
		const report = await runScenario(scenario);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		console.log(
			`${mode.padEnd(7)} ${summaryLine(report)} skew=${scenario.skewSeconds}s time=${seconds}s`,
		);
		report.violations.slice(0, 10).forEach((violation) => console.log(`  ${violation}`));
		bad += report.missed + report.duplicated + report.spurious + report.violations.length;
	}
	console.log(
		bad === 0
			? 'OK: nothing missed, nothing duplicated, nothing spurious'
			: `FAILED (replay: --seed ${seed})`,
	);
	process.exitCode = bad === 0 ? 0 : 1;
}

void main();
