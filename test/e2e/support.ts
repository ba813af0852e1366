/**
 * Small helpers only the real-n8n tests use: the common start (n8n with the package installed, next to the
 * emulator), waiting, the secret scan of everything a test wrote under .artifacts/, and the wrong-key message. The
 * harness itself (n8n, packing, the emulator process and its admin routes) is test/support/n8n.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TEST_FAILURES } from '../../credentials/AzureAiFoundryApi.credentials';
import { findSecret } from '../secrets/scan';
import {
	emulatedFiles,
	EmulatorProcess,
	packageTarball,
	RealN8n,
	sleep,
	type RealN8nOptions,
} from '../support/n8n';

/**
 * The common start of a real-n8n test file: packs the package (first, so a missing build fails right away), creates
 * the n8n instance, starts the emulator with `apiKey` (registered with n8n's redactor; its log goes to
 * `<artifacts>/emulator.log`) and installs the package. n8n itself is not started. When a step fails, what was
 * started is stopped again before the error is rethrown.
 */
export async function n8nWithEmulator(
	options: RealN8nOptions,
	apiKey: string,
): Promise<{ n8n: RealN8n; emulator: EmulatorProcess }> {
	const tarball = packageTarball();
	const n8n = await RealN8n.create(options);
	n8n.redactor.add(apiKey);
	let emulator: EmulatorProcess | undefined;
	try {
		emulator = await EmulatorProcess.start({
			apiKey,
			logFile: path.join(n8n.artifactsDir, 'emulator.log'),
			redactor: n8n.redactor,
		});
		await n8n.installPackage(tarball);
		return { n8n, emulator };
	} catch (error) {
		await emulator?.stop();
		await n8n.dispose();
		throw error;
	}
}

/** Polls `probe` every `everyMs` until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false>,
	timeoutMs = 30_000,
	everyMs = 200,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

/**
 * Runs `execute` (a workflow run with an Upload that waits until the file is processed) while playing Azure's import:
 * once a file the emulator holds as `pending` has been read (a Wait Until Processed poll), the emulator is stepped, so
 * the next poll sees it `processed`. A step moves every unfinished job on too: jobs that must stay put cannot exist.
 * @returns what `execute` returned, and how many steps were taken.
 */
export async function importingUploads<T>(
	emulator: EmulatorProcess,
	execute: () => Promise<T>,
): Promise<{ result: T; steps: number }> {
	let done = false;
	let steps = 0;
	const stepper = (async () => {
		while (!done) {
			const pending = (await emulatedFiles(emulator))
				.filter((f) => f.status === 'pending')
				.map((f) => `/openai/v1/files/${f.id}`);
			if (
				pending.length &&
				(await emulator.requests()).some((r) => r.method === 'GET' && pending.includes(r.path))
			) {
				await emulator.step();
				steps++;
			}
			await sleep(200);
		}
	})();
	try {
		return { result: await execute(), steps };
	} finally {
		done = true;
		await stepper;
	}
}

/**
 * Every place under `dir` where `secret` occurs in any of its spellings (as is, URL-encoded, JSON-escaped, base64,
 * hex; test/secrets/scan.ts), as `<relative file>: <path in the text>`. Files are read as UTF-8 text.
 */
export function secretInFiles(dir: string, secret: string): string[] {
	const hits: string[] = [];
	const walk = (d: string): void => {
		if (!fs.existsSync(d)) return;
		for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, entry.name);
			if (entry.isDirectory()) walk(p);
			else if (entry.isFile())
				for (const where of findSecret(fs.readFileSync(p, 'utf8'), secret))
					hits.push(`${path.relative(dir, p)}: ${where}`);
		}
	};
	walk(dir);
	return hits;
}

/** n8n 1.x's fixed text for an HTTP 401 (NodeApiError's status-code message). */
const N8N1_UNAUTHORIZED = 'Authorization failed - please check your credentials';

/**
 * What n8n shows when our credential test gets Azure's 401 (wrong key). n8n 2.x applies the credential's
 * `responseCode` rule, so it shows TEST_FAILURES[401]. n8n 1.x never reaches the rules: its ExecutionBaseError declares
 * `cause` as a class field, which resets the HTTP error the NodeApiError wraps, so the tester finds no response and
 * shows the error's own message, N8N1_UNAUTHORIZED. Either way the test fails with status Error.
 */
export function wrongKeyMessage(n8n: RealN8n): string {
	return n8n.runtime.n8nMajor >= 2 ? TEST_FAILURES[401] : N8N1_UNAUTHORIZED;
}
