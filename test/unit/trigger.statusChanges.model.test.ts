/**
 * Randomized model-based test of the trigger (issue #3, rule 5): fast-check scenarios against the reference model in
 * triggerModel.ts. Sized to run in a few seconds; `scripts/soak-trigger.ts` runs the same code long.
 * Set TRIGGER_MODEL_RUNS to change the number of scenarios per mode, TRIGGER_MODEL_SEED to replay one.
 */
import fc from 'fast-check';

import type { IDataObject } from 'n8n-workflow';

import { runScenario, scenarioArb, type Scenario } from '../support/triggerModel';

const numRuns = Number(process.env.TRIGGER_MODEL_RUNS ?? 150);
const seed =
	process.env.TRIGGER_MODEL_SEED === undefined ? undefined : Number(process.env.TRIGGER_MODEL_SEED);

async function holds(scenario: Scenario): Promise<void> {
	const report = await runScenario(scenario);
	expect(report.violations.slice(0, 5)).toEqual([]);
	expect({ missed: report.missed, duplicated: report.duplicated }).toEqual({
		missed: 0,
		duplicated: 0,
	});
}

describe('trigger against the reference model', () => {
	test('exact: between good polls, every observable status change is emitted once, nothing else', async () => {
		await fc.assert(fc.asyncProperty(scenarioArb('exact'), holds), { numRuns, seed });
	});

	test('relaxed: changes during a poll and small poll budgets never repeat or invent a change, and nothing is lost', async () => {
		await fc.assert(fc.asyncProperty(scenarioArb('relaxed'), holds), { numRuns, seed });
	});

	test.each([
		['forgets the ids of the newest second', (state: IDataObject) => void (state.topIds = [])],
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
});
