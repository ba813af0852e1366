/**
 * One n8n command for a benchmark: its output, wall time, CPU time and peak memory. Unlike RealN8n.cli()
 * (test/support/n8n/realN8n.ts), stdout and stderr go to a file, not a pipe: n8n exits right after printing, and a
 * pipe loses what was still buffered (the run JSON of 1,000 job items is several MB); writes to a file are synchronous. CPU time (user + system
 * of n8n and the children it waited for, from the shell's `times`) holds up better than wall time on a busy machine.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { freePort, type RealN8n } from '../../test/support/n8n';
import { peakRssMb } from './peakRss';

export interface N8nCommandResult {
	/** stdout and stderr, interleaved as written. */
	output: string;
	wallMs: number;
	/** User + system CPU time of the command and the children it waited for. */
	cpuMs: number;
	/**
	 * Peak resident memory of the n8n process itself (not its task runner), MB (2^20 B): the last `VmHWM` read from
	 * /proc/<pid>/status, sampled every 20 ms while it ran (the kernel keeps the peak, so a late sample still sees
	 * it). NaN where /proc is missing.
	 */
	peakRssMb: number;
}

/** The pids whose parent is `pid` (from /proc/<pid>/stat; empty without /proc). */
function childPids(pid: number): number[] {
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return [];
	}
	return entries
		.filter((entry) => {
			if (!/^\d+$/.test(entry)) return false;
			try {
				const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
				return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
			} catch {
				return false; // gone meanwhile
			}
		})
		.map(Number);
}

/** Samples the peak RSS of the n8n process under the shell `shellPid` until `stop` is called. */
function sampleRss(shellPid: number): { stop: () => number } {
	let n8nPid: number | undefined;
	let peak = Number.NaN;
	const timer = setInterval(() => {
		n8nPid ??= childPids(shellPid)[0];
		const now = n8nPid === undefined ? undefined : peakRssMb(n8nPid);
		if (now !== undefined) peak = now;
	}, 20);
	return {
		stop: () => {
			clearInterval(timer);
			return peak;
		},
	};
}

/** Runs `"$@"`, then writes the children's CPU times (`times`, second line) to the file in $1. */
const WRAPPER = 'times_file=$1; shift; "$@"; code=$?; times > "$times_file"; exit $code';

/** Sums the `<m>m<s>s` user and system times of the `times` line for the children. */
function childrenCpuMs(times: string): number {
	const line = times.trim().split('\n')[1] ?? '';
	return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
		(sum, [, minutes, seconds]) => sum + (Number(minutes) * 60 + Number(seconds)) * 1000,
		0,
	);
}

/**
 * `n8n <args>` in the instance's user folder and environment. Throws (keeping a redacted tail of the output in the
 * artifacts folder) when it exits non-zero. The output files are deleted afterwards.
 */
export async function runN8n(n8n: RealN8n, args: string[]): Promise<N8nCommandResult> {
	const base = path.join(n8n.userFolder, `bench-${Date.now()}-${args[0].replace(/\W+/g, '_')}`);
	const fd = fs.openSync(`${base}.out`, 'w');
	try {
		const started = performance.now();
		const child = spawn(
			'sh',
			['-c', WRAPPER, 'sh', `${base}.times`, n8n.runtime.nodeBin, n8n.runtime.n8nBin, ...args],
			{
				cwd: n8n.userFolder,
				env: n8n.env(await freePort()),
				detached: true,
				stdio: ['ignore', fd, fd],
			},
		);
		const rss = sampleRss(child.pid!);
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', resolve);
		});
		const wallMs = performance.now() - started;
		const peakRssMb = rss.stop();
		try {
			process.kill(-child.pid!, 'SIGKILL'); // whatever n8n left behind (its task runner)
		} catch {
			/* already gone */
		}
		const output = fs.readFileSync(`${base}.out`, 'utf8');
		if (code !== 0) {
			const log = path.join(
				n8n.artifactsDir,
				`failed-${args[0].replace(/\W+/g, '_')}-${Date.now()}.log`,
			);
			fs.writeFileSync(log, n8n.redactor.redact(output.slice(-20_000)));
			throw new Error(`n8n ${args.join(' ')} exited ${code}; log: ${log}`);
		}
		return {
			output,
			wallMs,
			cpuMs: childrenCpuMs(fs.readFileSync(`${base}.times`, 'utf8')),
			peakRssMb,
		};
	} finally {
		fs.closeSync(fd);
		fs.rmSync(`${base}.out`, { force: true });
		fs.rmSync(`${base}.times`, { force: true });
	}
}
