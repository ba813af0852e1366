/**
 * The only code that changes the package's settings (nodes/shared/transport/settings.ts): tests and scripts shorten
 * retry waits, timeouts and file-wait pauses through these helpers, which put the previous values back afterwards.
 * test/unit/settings.test.ts checks that nothing else assigns to them.
 *
 * ```ts
 * useSettings({ retry: { baseDelayMs: 5 } });                    // for every test of the file (or describe block)
 * await withSettings({ timeouts: { requestMs: 200 } }, async () => { ... });   // around one piece of code
 * const restore = applySettings({ retry: { attempts: 2 } }); ... restore();   // by hand (benches, scripts)
 * ```
 */
import { settings, type Settings } from '../../nodes/shared/transport/settings';

/** Fields to change, per section; all in the units settings.ts documents (milliseconds, attempts, factor). */
export type SettingsOverrides = { [K in keyof Settings]?: Partial<Settings[K]> };

/** The same object as `settings`, writable: used here only. */
const writable = settings as Settings;

/**
 * Applies `overrides` now.
 * @returns a function that puts back the values the changed sections had before (call it once).
 */
export function applySettings(overrides: SettingsOverrides): () => void {
	const saved = (Object.keys(overrides) as (keyof Settings)[]).map(
		(section) => [section, { ...writable[section] }] as const,
	);
	for (const [section, values] of Object.entries(overrides) as [keyof Settings, object][])
		Object.assign(writable[section], values);
	return () => {
		for (const [section, values] of saved) Object.assign(writable[section], values);
	};
}

/**
 * Applies `overrides` for every test of the enclosing file or describe block: in beforeAll, restored in afterAll
 * (`{ each: true }`: in beforeEach, restored in afterEach).
 */
export function useSettings(overrides: SettingsOverrides, options: { each?: boolean } = {}): void {
	let restore: (() => void) | undefined;
	const apply = () => {
		restore = applySettings(overrides);
	};
	const undo = () => {
		restore?.();
		restore = undefined;
	};
	if (options.each) {
		beforeEach(apply);
		afterEach(undo);
	} else {
		beforeAll(apply);
		afterAll(undo);
	}
}

/** Runs `work` with `overrides` applied, and restores the settings however it ends. @returns what `work` returns. */
export async function withSettings<T>(
	overrides: SettingsOverrides,
	work: () => Promise<T>,
): Promise<T> {
	const restore = applySettings(overrides);
	try {
		return await work();
	} finally {
		restore();
	}
}
