/**
 * Fault run (not a test; its short version is test/engine/faultsNoDuplicates.test.ts): prints the summary of many
 * Create Job and Upload runs of the real node against the emulator, each with an injected fault (the runs and the
 * fault kinds: test/support/faultRun.ts). Prints the runs, faults by kind, outcomes, duplicate jobs and files (must be
 * 0), how failed runs left things, and what the secret scan covered.
 *
 *   npx tsx scripts/fault-run.ts [--runs 200] [--seed 1]
 *
 * Exit code 1 when a run created a duplicate, or a succeeded run did not output the one object it created.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { count, faultRun, randomCases, secretScanStats, summarise } from '../test/support/faultRun';
import { preferTsOverJson } from './preferTsOverJson';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} must be a whole number of at least 1`);
	return value;
}

async function main(): Promise<void> {
	const runs = option('runs', 200);
	const seed = option('seed', 1);
	preferTsOverJson();
	// n8n-core's settings go to a throwaway folder; its console log is off (log calls are still captured and scanned).
	Object.assign(process.env, {
		N8N_USER_FOLDER: mkdtempSync(join(tmpdir(), 'fault-run-')),
		N8N_ENCRYPTION_KEY: 'fault-run',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'silent',
	});
	const started = Date.now();
	const results = await faultRun(randomCases(runs, seed));
	const summary = summarise(results);
	const scanStats = secretScanStats();
	const list = (counts: Record<string, number>) =>
		Object.entries(counts)
			.map(([key, value]) => `${key} ${value}`)
			.join(', ');
	console.log(
		`Fault run: ${summary.runs} runs (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${list(summary.byOperation)}`,
	);
	console.log(`Faults by kind: ${list(summary.faultsByKind)}`);
	console.log(`Outcomes: ${summary.succeeded} succeeded, ${summary.failed} failed`);
	console.log(`Duplicate jobs: ${summary.duplicateJobs}`);
	console.log(`Duplicate files: ${summary.duplicateFiles}`);
	console.log(`Failed runs by objects left: ${list(summary.failedLeft) || 'none failed'}`);
	console.log(`Succeeded runs not outputting the object they created: ${summary.wrongOutput}`);
	console.log(`API requests: ${summary.requests}`);
	console.log(
		`Secret scan (canary api-key): ${scanStats.runs} runs, ${scanStats.logEntries} log entries, ${scanStats.recordedRequests} request records and ${scanStats.redirectedRequests} requests at the redirect target checked: 0 finds (a find stops the run)`,
	);
	const reasons = count(
		results.filter((r) => !r.ok),
		(r) => `${r.op}/${r.kind}/${r.target}×${r.times}: ${r.message ?? ''}`.slice(0, 140),
	);
	if (Object.keys(reasons).length)
		console.log(
			`Failures:\n  ${Object.entries(reasons)
				.map(([reason, n]) => `${n} × ${reason}`)
				.join('\n  ')}`,
		);
	process.exitCode = summary.duplicateJobs || summary.duplicateFiles || summary.wrongOutput ? 1 : 0;
}

if (require.main === module) void main();
