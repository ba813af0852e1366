import * as fs from 'node:fs';

/**
 * `VmHWM` (peak resident set) of a process from /proc, in MB (2^20 B); undefined once the process is gone or where
 * there is no /proc. Not `resourceUsage().maxRSS` for a child: Linux carries that over an exec, so a child would
 * report the RSS of the parent it was forked from when that was larger.
 * @param pid a process id, or `self` for this process.
 */
export function peakRssMb(pid: number | 'self' = 'self'): number | undefined {
	try {
		const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return kb === undefined ? undefined : Number(kb) / 1024;
	} catch {
		return undefined;
	}
}
