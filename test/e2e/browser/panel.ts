/**
 * Reading and driving n8n's node parameter panel (NDV) in the browser: which parameters it shows, choosing an
 * option, adding to a fixed collection or a collection, reading switches and issue marks. Shared by the editor test
 * files; works on n8n 1.x and 2.x (where their markup differs, both are handled and the difference is named).
 */
import type { Locator, Page } from 'playwright-core';

/** The DOM as the in-page callbacks use it (the test's TypeScript has no DOM library). */
export interface El {
	getAttribute(name: string): string | null;
	parentElement: El | null;
	classList: { contains(name: string): boolean };
	offsetParent: unknown;
	innerText: string;
	querySelector(selector: string): El | null;
	querySelectorAll(selector: string): ArrayLike<El>;
}

/** Settings-tab parameters n8n renders next to the node's own. */
const NODE_SETTINGS = new Set([
	'alwaysOutputData',
	'executeOnce',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'onError',
	'notes',
	'notesInFlow',
]);
/** Collections have no test id of their own: they are found by their label. */
const COLLECTION_LABELS: Record<string, string> = {
	'Additional Fields': 'additionalFields',
	Options: 'options',
	'Grader Score Model Options': 'graderScoreOptions',
	Filters: 'filters',
};

/**
 * The node's top-level parameters visible in `scope` (the NDV's parameter list, or a fixed collection for its
 * inner fields): plain inputs by `parameter-input-<name>`, fixed collections by `fixed-collection-<name>`,
 * collections by label. Nested ones (inside another collection) are left out.
 */
export async function visibleParameters(scope: Locator): Promise<string[]> {
	const names = await scope.evaluate((rootNode: unknown, labels: Record<string, string>) => {
		const root = rootNode as El;
		const found = new Set<string>();
		const visible = (el: El) => el.offsetParent !== null;
		// The multi-parameter (collection/fixed collection) wrappers between `el` and the scope.
		const depth = (el: El) => {
			let d = 0;
			for (let p = el.parentElement; p && p !== root; p = p.parentElement)
				if (p.classList.contains('multi-parameter')) d++;
			return d;
		};
		for (const el of Array.from(root.querySelectorAll('[data-test-id^="parameter-input-"]'))) {
			const id = el.getAttribute('data-test-id')!;
			if (id === 'parameter-input-field' || !visible(el) || depth(el) > 0) continue;
			found.add(id.slice('parameter-input-'.length));
		}
		for (const el of Array.from(root.querySelectorAll('[data-test-id^="fixed-collection-"]'))) {
			const id = el.getAttribute('data-test-id')!;
			if (/^fixed-collection-(add|delete)$/.test(id) || depth(el) > 1) continue;
			found.add(id.slice('fixed-collection-'.length));
		}
		for (const el of Array.from(root.querySelectorAll('.multi-parameter'))) {
			if (depth(el) > 0 || !visible(el)) continue;
			const label = el.innerText.split('\n')[0].trim();
			if (labels[label]) found.add(labels[label]);
		}
		return Array.from(found);
	}, COLLECTION_LABELS);
	return names.filter((n) => !NODE_SETTINGS.has(n)).sort();
}

export const parameters = (ndv: Locator) => ndv.locator('[data-test-id="node-parameters"]');

/** Chooses `option` (its name; the list entry may carry a description below it) in an options input. */
export async function choose(scope: Locator, parameterName: string, option: string): Promise<void> {
	const page = scope.page();
	await scope.locator(`[data-test-id="parameter-input-${parameterName}"]`).first().click();
	// The entry holds the option's name and, below it, its description: match the name exactly.
	await page
		.locator('.el-select-dropdown__item:visible')
		.getByText(option, { exact: true })
		.first()
		.click();
	await page.waitForTimeout(300); // the panel re-renders dependent fields
}

/** Clicks the Add button of fixed collection `name` (the first one when several are shown). */
export async function addToFixedCollection(scope: Locator, name: string): Promise<Locator> {
	const page = scope.page();
	const item = scope
		.locator('[data-test-id="parameter-item"]')
		.filter({ has: page.locator(`[data-test-id="fixed-collection-${name}"]`) })
		.last();
	await item.locator('[data-test-id="fixed-collection-add"]').first().click();
	await page.waitForTimeout(300);
	return scope.locator(`[data-test-id="fixed-collection-${name}"]`).first();
}

/** The fields inside a fixed collection (by parameter name), visible ones only. */
export async function innerFields(collection: Locator): Promise<string[]> {
	const ids = await collection
		.locator('[data-test-id^="parameter-input-"]')
		.evaluateAll((els: unknown[]) =>
			(els as El[])
				.filter((e) => e.offsetParent !== null)
				.map((e) => e.getAttribute('data-test-id')!),
		);
	const fixed = await collection
		.locator('[data-test-id^="fixed-collection-"]')
		.evaluateAll((els: unknown[]) =>
			(els as El[])
				.map((e) => e.getAttribute('data-test-id')!)
				.filter((id) => !/^fixed-collection-(add|delete)$/.test(id)),
		);
	return [
		...new Set([
			...ids.map((id) => id.replace('parameter-input-', '')),
			...fixed.map((id) => id.replace('fixed-collection-', '')),
		]),
	]
		.filter((n) => n !== 'field')
		.sort();
}

/** Closes the open parameter panel (Escape), if any. */
export async function closeNdv(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="ndv"]')
		.waitFor({ state: 'hidden', timeout: 2_000 })
		.catch(() => undefined); // entries of other menus may stay visible (filtered out by the caller)
}

/**
 * The entries a collection's add list offers (the collection found by its add text, e.g. `Add Field`), in order,
 * with any other menu entries the page shows at the time (the caller keeps the ones it knows).
 * n8n 1.x shows the list as a select with that placeholder; 2.x as a button with that label opening a menu.
 */
export async function collectionAddOptions(ndv: Locator, addText: string): Promise<string[]> {
	const page = ndv.page();
	await openCollectionAdd(ndv, addText);
	// The list is read once it has settled (two equal reads): it renders its entries in steps.
	let entries: string[] = [];
	for (let read = 0; read < 20; read++) {
		const now = (await collectionEntries(page).allInnerTexts())
			.map((text) => text.trim())
			.filter(Boolean);
		if (now.length > 0 && JSON.stringify(now) === JSON.stringify(entries)) break;
		entries = now;
		await page.waitForTimeout(250);
	}
	await page.keyboard.press('Escape');
	await listClosed(page);
	return entries;
}

/** Adds the entry `label` of a collection (found by its add text, e.g. `Add Field`). */
export async function addToCollection(ndv: Locator, addText: string, label: string): Promise<void> {
	const page = ndv.page();
	await openCollectionAdd(ndv, addText);
	await collectionEntries(page).getByText(label, { exact: true }).first().click();
	await page.waitForTimeout(300); // the panel renders the added field
}

async function openCollectionAdd(ndv: Locator, addText: string): Promise<void> {
	await listClosed(ndv.page()); // e.g. the Method list just chosen from, still fading out
	const params = parameters(ndv);
	await params
		.getByPlaceholder(addText, { exact: true })
		.or(params.getByRole('button', { name: addText, exact: true }))
		.first()
		.click();
	await collectionEntries(ndv.page()).first().waitFor();
}

/** Waits until no list entry is visible any more (a list that was open has closed). */
async function listClosed(page: Page): Promise<void> {
	await collectionEntries(page)
		.first()
		.waitFor({ state: 'hidden', timeout: 2_000 })
		.catch(() => undefined); // entries of other menus may stay visible (filtered out by the caller)
}

const collectionEntries = (page: Page) =>
	page.locator(
		'[data-test-id="collection-parameter-option"]:visible, [role="menuitem"]:visible, .el-select-dropdown__item:visible',
	);

/**
 * Whether each of the named boolean parameters shows switched on (n8n's switch: element-plus `.el-switch` with
 * `is-checked`, or an input with role switch / a checkbox).
 */
export async function switchStates(
	scope: Locator,
	names: string[],
): Promise<Record<string, boolean>> {
	const states: Record<string, boolean> = {};
	for (const name of names) {
		const input = scope.locator(`[data-test-id="parameter-input-${name}"]`).first();
		await input.waitFor();
		states[name] = await input.evaluate((rootNode: unknown) => {
			const root = rootNode as El & { checked?: boolean };
			const elSwitch = root.querySelector('.el-switch');
			if (elSwitch) return elSwitch.classList.contains('is-checked');
			const box = root.querySelector('[role="switch"], input[type="checkbox"]') as
				(El & { checked?: boolean }) | null;
			if (!box) throw new Error('no switch found');
			return box.getAttribute('aria-checked') === 'true' || box.checked === true;
		});
	}
	return states;
}

/**
 * Whether parameter `name` shows n8n's issue mark (the red warning sign next to the input, with "Parameter … is
 * required" on hover). n8n's node panel marks a required parameter that is empty this way, and only this way: its
 * labels show no asterisk for node parameters (that is kept for credential forms).
 */
export async function showsIssue(scope: Locator, name: string): Promise<boolean> {
	const item = scope
		.locator('[data-test-id="parameter-item"]')
		.filter({ has: scope.page().locator(`[data-test-id="parameter-input-${name}"]`) })
		.last();
	await item.waitFor();
	return (await item.locator('[data-test-id="parameter-issues"]:visible').count()) > 0;
}
