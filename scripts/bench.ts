/**
 * Where the package stands against the alternatives and its limits, in one table (docs/performance.md). Not part of
 * `npm test`.
 *
 *   npm run bench [-- [--quick] [--node-overhead] [--trigger] [--training-data] [--package] [--large-files]]
 *   npx tsx scripts/bench.ts [options]   (the same, without `npm run build` first)
 *
 * Sections (all by default; name some to run only those):
 *   --node-overhead  1,000 items through Get Job in a real n8n vs n8n's HTTP Request node making the same calls
 *   --trigger        requests and wall time per poll, static data (scripts/bench-trigger.ts)
 *   --training-data  checkTrainingData vs split + JSON.parse on ~100 MB, peak memory (scripts/bench-training-data.ts)
 *   --package        runtime dependencies, tarball size, time for n8n to load the package
 *   --large-files    a ~500 MB upload and check in a real n8n (ours vs the HTTP Request node; about 20 minutes), and
 *                    the memory of List Return All / Get Metrics / Download Content on large answers
 * --quick runs fewer rounds on smaller inputs (a smoke run; its figures are not the ones to publish).
 *
 * Prints the table as Markdown, with the machine it ran on, and writes it to .artifacts/bench/latest.md (a full run)
 * or next to the run's logs in .artifacts/bench/<time>/table.md (any run). The real-n8n sections need `npm run build`
 * first (npm run bench does it) and install n8n into .cache/ the first time.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ARTIFACTS_ROOT, ensureN8n } from '../test/support/n8n';
import {
	FULL_PLAN,
	largeFilesRows,
	nodeOverheadRows,
	packageRows,
	QUICK_PLAN,
	triggerRows,
	trainingDataRows,
	type TableRow,
} from './bench/sections';

const SECTIONS = ['node-overhead', 'trigger', 'training-data', 'package', 'large-files'] as const;
type Section = (typeof SECTIONS)[number];

const BENCH_DIR = path.join(ARTIFACTS_ROOT, 'bench');

function parseArgs(argv: string[]): { quick: boolean; sections: Section[] } {
	let quick = false;
	const chosen: Section[] = [];
	for (const arg of argv) {
		if (arg === '--quick') quick = true;
		else if (SECTIONS.includes(arg.slice(2) as Section) && arg.startsWith('--'))
			chosen.push(arg.slice(2) as Section);
		else if (arg === '--help' || arg === '-h') {
			console.log(
				fs
					.readFileSync(__filename, 'utf8')
					.split('*/')[0]
					.replace(/^\/\*\*\n| \* ?/gm, ''),
			);
			process.exit(0);
		} else {
			console.error(`unknown option ${arg}; see --help`);
			process.exit(2);
		}
	}
	return {
		quick,
		sections: chosen.length ? SECTIONS.filter((s) => chosen.includes(s)) : [...SECTIONS],
	};
}

/** Load average over 1, 5 and 15 minutes. */
const load = () =>
	os
		.loadavg()
		.map((v) => v.toFixed(2))
		.join(' ');

/** The commit the figures belong to, and whether tracked files had changes (read-only: git writes no index refresh). */
function codeVersion(): string {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			encoding: 'utf8',
		}).trim();
		const dirty =
			execFileSync(
				'git',
				['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no'],
				{ encoding: 'utf8' },
			).trim() !== '';
		return `${commit}${dirty ? ' with uncommitted changes' : ''}`;
	} catch {
		return 'unknown';
	}
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The whole report as Markdown: title, machine, table, legend. */
function render(
	rows: TableRow[],
	header: {
		startedAt: Date;
		quick: boolean;
		loadStart: string;
		loadEnd: string;
		n8n?: string;
		seconds: number;
	},
): string {
	const cpus = os.cpus();
	const lines = [
		`### Benchmarks${header.quick ? ' (--quick smoke run, not for publishing)' : ''} — ${header.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		'',
		`Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}; ` +
			`load average (1/5/15 min) ${header.loadStart} at start, ${header.loadEnd} at end; Node ${process.version} (bench process: trigger, training data, "no n8n")` +
			`${header.n8n ? `; ${header.n8n} (real-n8n rows)` : ''}. Code ${codeVersion()}. Took ${Math.round(header.seconds)} s.`,
		'',
		'| Section | Measure | Result | Target | How it was measured |',
		'|---|---|---|---|---|',
		...rows.map((row) => {
			const target = row.target ? `${row.target} ${row.met ? '✅' : '❌'}` : '';
			return `| ${[row.section, row.measure, row.result, target, row.how].map(cell).join(' | ')} |`;
		}),
		'',
	];
	return lines.join('\n');
}

async function main(): Promise<void> {
	const { quick, sections } = parseArgs(process.argv.slice(2));
	const plan = quick ? QUICK_PLAN : FULL_PLAN;
	const startedAt = new Date();
	const loadStart = load();
	const runDir = path.join(BENCH_DIR, startedAt.toISOString().replace(/[:.]/g, '-'));
	const rows: TableRow[] = [];
	let n8n: string | undefined;
	if (sections.some((s) => ['node-overhead', 'package', 'large-files'].includes(s))) {
		const runtime = ensureN8n(); // installs n8n the first time; the sections reuse it
		n8n = `n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion}`;
	}
	const progress = (text: string) =>
		process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 19)} ${text}\n`);
	for (const section of sections) {
		progress(`${section}…`);
		if (section === 'node-overhead')
			rows.push(...(await nodeOverheadRows(plan.nodeOverhead, path.join(runDir, section))));
		else if (section === 'trigger') rows.push(...(await triggerRows(plan.trigger)));
		else if (section === 'training-data') rows.push(...trainingDataRows(plan.trainingData));
		else if (section === 'large-files')
			rows.push(...(await largeFilesRows(plan.largeFiles, path.join(runDir, section))));
		else rows.push(...(await packageRows(plan.packageLoad, path.join(runDir, section))));
	}
	const report = render(rows, {
		startedAt,
		quick,
		loadStart,
		loadEnd: load(),
		n8n,
		seconds: (Date.now() - startedAt.getTime()) / 1000,
	});
	console.log(report);
	// Every run keeps its table next to its logs; only a full run (all sections, not --quick) replaces latest.md.
	fs.mkdirSync(runDir, { recursive: true });
	fs.writeFileSync(path.join(runDir, 'table.md'), report);
	const complete = !quick && sections.length === SECTIONS.length;
	if (complete) fs.writeFileSync(path.join(BENCH_DIR, 'latest.md'), report);
	const where = path.relative(
		process.cwd(),
		complete ? path.join(BENCH_DIR, 'latest.md') : path.join(runDir, 'table.md'),
	);
	progress(
		`table written to ${where}${complete ? '' : ' (a quick or partial run leaves latest.md alone)'}; logs in ${path.relative(process.cwd(), runDir)}/`,
	);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exit(1);
});
