/**
 * A machine binary the e2e tests need from a Debian package (Chromium for the editor test, redis-server for queue
 * mode): the path given in an environment variable, else the first of the usual paths that exists. When none does
 * and we run as root with apt-get (CI: a fresh machine), the package is installed once per machine; otherwise the
 * test fails with the command to run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface AptBinary {
	/** The binary's name in messages, e.g. `Chromium`. */
	label: string;
	/** Prefix of the progress lines on stderr, e.g. `browser` → `[browser] …`. */
	logTag: string;
	/** Environment variable that names the binary's path (wins; it must exist). */
	envVar: string;
	/** Where the package puts it, in order of preference. */
	candidates: string[];
	/** The Debian package. */
	aptPackage: string;
	/** Extra `apt-get install` options, e.g. `--no-install-recommends`. */
	installOptions?: string[];
	/** The error when the binary is missing and cannot be installed here (not root, or no apt-get). */
	notInstalled: string;
}

/** Path of the binary; installs its Debian package when allowed (root + apt-get). */
export function ensureAptBinary(spec: AptBinary): string {
	const given = process.env[spec.envVar];
	if (given) {
		if (!fs.existsSync(given)) throw new Error(`${spec.envVar}=${given} does not exist`);
		return given;
	}
	const found = spec.candidates.find((p) => fs.existsSync(p));
	if (found) return found;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
	if (!isRoot || !hasApt) throw new Error(spec.notInstalled);
	process.stderr.write(
		`[${spec.logTag}] ${spec.label} missing: apt-get install -y ${spec.aptPackage} (once per machine)\n`,
	);
	const started = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
	const install = spawnSync(
		'apt-get',
		['install', '-y', ...(spec.installOptions ?? []), spec.aptPackage],
		{ encoding: 'utf8', env },
	);
	if (install.status !== 0) {
		throw new Error(
			`apt-get install ${spec.aptPackage} failed (exit ${install.status}):\n${(update.stderr ?? '') + (install.stderr ?? '')}`.slice(
				-3000,
			),
		);
	}
	process.stderr.write(
		`[${spec.logTag}] ${spec.label} installed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
	);
	const installed = spec.candidates.find((p) => fs.existsSync(p));
	if (!installed)
		throw new Error(
			`apt-get installed ${spec.aptPackage}, but none of ${spec.candidates.join(', ')} exists`,
		);
	return installed;
}
