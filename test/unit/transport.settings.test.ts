/** The settings object (nodes/shared/transport/settings.ts) and the one helper that changes it (test/support/settings.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { settings } from '../../nodes/shared/transport/settings';
import { applySettings, useSettings, withSettings } from '../support/settings';

const ROOT = join(__dirname, '..', '..');
/** The helper, and this file (whose examples below are assignments). */
const EXEMPT = new Set([join('test', 'support', 'settings.ts'), relative(ROOT, __filename)]);

function typeScriptFiles(folder: string): string[] {
	return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return typeScriptFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** `settings.retry.baseDelayMs = 5`, `settings.timeouts.requestMs += 1`, `Object.assign(settings.retry, …)`. */
const SECTION = `settings\\.(${Object.keys(settings).join('|')})\\b`;
const ASSIGNMENT = new RegExp(
	`\\b${SECTION}(\\.\\w+)*\\s*[-+*/]?=(?!=)|Object\\.assign\\(\\s*(settings\\s*[,)]|${SECTION})`,
);

describe('settings: changed only through test/support/settings.ts', () => {
	test('no file of nodes/, test/ or scripts/ other than the helper assigns to the settings', () => {
		const offenders = ['nodes', 'test', 'scripts']
			.flatMap(typeScriptFiles)
			.filter((path) => !EXEMPT.has(path))
			.flatMap((path) =>
				readFileSync(join(ROOT, path), 'utf8')
					.split('\n')
					.map((line, index) => ({ path, line: index + 1, text: line }))
					.filter(({ text }) => ASSIGNMENT.test(text)),
			)
			.map(({ path, line, text }) => `${path}:${line}: ${text.trim()}`);
		expect(offenders).toEqual([]);
	});

	test('the check recognises an assignment', () => {
		expect(ASSIGNMENT.test('settings.retry.baseDelayMs = 5;')).toBe(true);
		expect(ASSIGNMENT.test('Object.assign(settings.retry, saved);')).toBe(true);
		expect(ASSIGNMENT.test('Object.assign(settings, { retry });')).toBe(true);
		expect(ASSIGNMENT.test('if (settings.retry.attempts === 4) {}')).toBe(false);
		expect(ASSIGNMENT.test('settings.name = wandb.name;')).toBe(false);
	});

	test('applySettings changes only the given fields and puts the previous values back', () => {
		const before = JSON.parse(JSON.stringify(settings));
		const restore = applySettings({ retry: { baseDelayMs: 7 }, timeouts: { requestMs: 9 } });
		expect(settings.retry).toEqual({ ...before.retry, baseDelayMs: 7 });
		expect(settings.timeouts.requestMs).toBe(9);
		expect(settings.fileWait).toEqual(before.fileWait);
		restore();
		expect(settings).toEqual(before);
	});

	test('withSettings restores the settings also when the work throws', async () => {
		const before = settings.fileWait.firstDelayMs;
		await expect(
			withSettings({ fileWait: { firstDelayMs: 1 } }, async () => {
				expect(settings.fileWait.firstDelayMs).toBe(1);
				throw new Error('boom');
			}),
		).rejects.toThrow('boom');
		expect(settings.fileWait.firstDelayMs).toBe(before);
	});

	describe('useSettings', () => {
		useSettings({ retry: { attempts: 2 } });
		test('applies for the tests of its block', () => {
			expect(settings.retry.attempts).toBe(2);
		});
	});

	test('… and not outside it', () => {
		expect(settings.retry.attempts).toBe(4);
	});
});
