/**
 * The n8n editor in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 *
 * Chromium: $CHROMIUM_PATH, else /usr/bin/chromium. When it is missing and we run as root on a Debian/Ubuntu
 * machine (CI: a fresh machine, as root), it is installed with `apt-get install -y chromium` (about 25 s, once per
 * machine); otherwise the test fails with the command to run. Screenshots go to .artifacts/screenshots/ (ignored).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { ensureAptBinary } from '../aptBinary';
import { ARTIFACTS_ROOT, TEST_OWNER, type Owner } from '../../support/n8n';

export const SCREENSHOTS_DIR = path.join(ARTIFACTS_ROOT, 'screenshots');

/** Path of a Chromium binary; installs Debian's package when allowed (root + apt-get). */
export function ensureChromium(): string {
	return ensureAptBinary({
		label: 'Chromium',
		logTag: 'browser',
		envVar: 'CHROMIUM_PATH',
		candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
		aptPackage: 'chromium',
		notInstalled:
			'Chromium is not installed. Install it with `sudo apt-get update && sudo apt-get install -y chromium` ' +
			'(Debian) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
	});
}

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** A fresh, offline-quiet, headless Chromium profile (deleted on close). */
export async function launchBrowser(): Promise<Browser> {
	const executablePath = ensureChromium();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-browser-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		viewport: { width: 1600, height: 1000 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	context.setDefaultTimeout(15_000);
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close().catch(() => undefined);
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Saves a full-page screenshot to .artifacts/screenshots/<prefix>-<name>.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** Signs in through the editor's sign-in form. */
export async function signIn(
	page: Page,
	baseUrl: string,
	owner: Owner = TEST_OWNER,
): Promise<void> {
	// The first page load serves the whole editor: slow on a busy machine.
	await page.goto(`${baseUrl}/signin`, { timeout: 90_000 });
	await page
		.locator('[data-test-id="emailOrLdapLoginId"] input, [data-test-id="email"] input')
		.first()
		.fill(owner.email);
	await page.locator('[data-test-id="password"] input').fill(owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Opens a workflow and the parameter panel (NDV) of one of its nodes. */
export async function openNode(
	page: Page,
	baseUrl: string,
	workflowId: string,
	nodeName: string,
): Promise<Locator> {
	if (!page.url().includes(`/workflow/${workflowId}`)) {
		// Loading a workflow (and leaving the last one) is slow on a busy machine.
		await page.goto(`${baseUrl}/workflow/${workflowId}`, { timeout: 60_000 });
	}
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.waitFor({ timeout: 60_000 });
	await closeAppModals(page);
	await node.dblclick();
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.locator('[data-test-id="node-parameters"]').waitFor();
	return ndv;
}

/**
 * Closes n8n's own pop-ups inside `#app-modals` that would take the pointer from the canvas, each with its own close
 * button, keeping a screenshot `modal-<its test id>.png`. n8n 1.x and 2.x mount there, among others, the "We've been
 * busy" version-updates drawer (`version-updates-panel`) and the NPS survey (`nps-survey-modal`). The test n8n is
 * started with what keeps them away (test/support/n8n/process.ts: N8N_DIAGNOSTICS_ENABLED=false, and n8n
 * shows the NPS survey only with telemetry on; N8N_VERSION_NOTIFICATIONS_ENABLED=false;
 * N8N_PERSONALIZATION_ENABLED=false for the survey after sign-up), so this is only the guard for one that still shows.
 */
export async function closeAppModals(page: Page): Promise<void> {
	const open = page.locator('#app-modals [role="dialog"]:visible');
	for (let round = 0; round < 3 && (await open.count()) > 0; round++) {
		const dialog = open.first();
		await screenshot(page, `modal-${(await dialog.getAttribute('data-test-id')) ?? 'unnamed'}`);
		await dialog
			.locator('[aria-label="Close this dialog"], .el-dialog__headerbtn, .el-drawer__close-btn')
			.first()
			.click();
		await dialog.waitFor({ state: 'hidden' });
	}
}
