/**
 * No duplicate jobs or files under faults: the short version of `scripts/fault-run.ts` (the runs:
 * test/support/faultRun.ts). Every operation × fault kind × target once, with the outcome each must have, then a random
 * run; the emulator's jobs and files are counted per run (by the run's suffix or file name), after late requests were
 * processed.
 */
import {
	faultRun,
	matrixCases,
	randomCases,
	summarise,
	type FaultCase,
	type RunResult,
} from '../support/faultRun';

/**
 * What a run whose one faulty request is `c` must end in. A fault on the lookup (after a lost answer) only delays
 * the read, which is retried. On the POST, a slow answer or a 504 means Azure may still act, so the node does not
 * send again and fails (the late create leaves 1 job, a 504 from the emulator none); any other fault ends in
 * exactly the one object, found or created again after the lookup found nothing. A redirect is never followed nor
 * retried: the run fails at the request it hits. For Create Job that is the POST or the lookup before it (nothing
 * created); for Upload the POST (nothing), or the lookup after the lost answer (the file uploaded, 1 left).
 */
function expectedOutcome(c: FaultCase): { ok: boolean; left: number } {
	if (c.kind === 'redirect')
		return { ok: false, left: c.op === 'upload' && c.target === 'lookup' ? 1 : 0 };
	if (c.target === 'post' && c.kind === 'delay') return { ok: false, left: 1 };
	if (c.target === 'post' && c.kind === 'status-504') return { ok: false, left: 0 };
	return { ok: true, left: 1 };
}

const MATRIX = matrixCases();
const RANDOM_RUNS = 40;
let matrix: RunResult[];
let random: RunResult[];

beforeAll(async () => {
	matrix = await faultRun(MATRIX);
	random = await faultRun(randomCases(RANDOM_RUNS, 7));
}, 120_000);

test.each(MATRIX.map((c, index) => [`${c.op}, ${c.kind} on the ${c.target}`, index] as const))(
	'%s',
	(_, index) => {
		const result = matrix[index];
		expect({ ok: result.ok, left: result.createdIds.length }).toEqual(expectedOutcome(result));
		if (result.ok) expect(result.outputId).toBe(result.createdIds[0]);
		else if (result.kind === 'redirect')
			expect(result.message).toContain('no API key or request data was sent to 127.0.0.1:');
		else expect(result.description).toContain('it was not sent again');
	},
);

test(`random run of ${RANDOM_RUNS}: 0 duplicate jobs or files; each success outputs its object; a failure leaves 0 or 1`, () => {
	const summary = summarise(random);
	console.log(`Fault run (jest, seed 7): ${JSON.stringify(summary)}`);
	expect(summary.runs).toBe(RANDOM_RUNS);
	expect(summary.duplicateJobs).toBe(0);
	expect(summary.duplicateFiles).toBe(0);
	expect(summary.wrongOutput).toBe(0);
	expect(Object.keys(summary.failedLeft).every((left) => left === '0' || left === '1')).toBe(true);
	expect(summary.succeeded).toBeGreaterThan(0);
	expect(summary.failed).toBeGreaterThan(0);
	expect(Object.keys(summary.faultsByKind).length).toBeGreaterThanOrEqual(8);
});
