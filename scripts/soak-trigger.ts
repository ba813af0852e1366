/**
 * Soak of the fine-tuning trigger: the randomized model test of test/unit/statusChanges.model.test.ts run long — one
 * scenario per mode with thousands of polls and jobs, faults (a poll failing at its n-th request) and a restart
 * before every poll (the state goes through JSON) — printing missed and duplicated counts (both must be 0).
 *
 *   npx tsx scripts/soak-trigger.ts [--seed N] [--polls 5000] [--modes exact,relaxed]
 *
 * Exit code 1 when anything was missed, duplicated or broke a rule.
 */
import fc from 'fast-check';

import {
	runScenario,
	scenarioArb,
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

/**
 * Long scenarios: bursts of up to 25 jobs in a second (page sizes up to 20), many status changes, deletions; tuned so
 * that active jobs stay in the tens while thousands of jobs accumulate.
 */
const SOAK_SIZE: ScenarioSize = {
	polls: { min: polls, max: polls },
	initialJobs: 200,
	maxBurst: 25,
	maxPageSize: 20,
	weights: { create: 1, status: 40, delete: 6, tick: 10 },
	terminalShare: 0.35,
};

async function main(): Promise<void> {
	console.log(
		`soak-trigger seed=${seed} polls=${polls} modes=${modes.join(',')} node=${process.version}`,
	);
	let bad = 0;
	for (const mode of modes) {
		// Any change is emitted (no status filter), so that every change counts; the CI test covers the filters.
		const [generated] = fc.sample(scenarioArb(mode, SOAK_SIZE), { seed, numRuns: 1 });
		const scenario: Scenario = { ...generated, statuses: undefined };
		const started = performance.now();
		const report = await runScenario(scenario);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		console.log(
			`${mode.padEnd(7)} polls=${report.polls} (failed ${report.failedPolls}${report.gaveUp ? `, gave up ${report.gaveUp}` : ''}) jobs=${report.jobs} ` +
				`requests=${report.requests} emitted=${report.emitted} missed=${report.missed} duplicated=${report.duplicated} ` +
				`violations=${report.violations.length} maxState=${report.maxStateBytes}B time=${seconds}s`,
		);
		report.violations.slice(0, 10).forEach((violation) => console.log(`  ${violation}`));
		bad += report.missed + report.duplicated + report.violations.length;
	}
	console.log(
		bad === 0 ? 'OK: nothing missed, nothing duplicated' : `FAILED (replay: --seed ${seed})`,
	);
	process.exitCode = bad === 0 ? 0 : 1;
}

void main();
