/**
 * What the editor test files share: one real n8n with the packed package next to the emulator, its credentials, a
 * processed training file, the file's own workflows imported, and a signed-in Chromium page. One session per file.
 */
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { azureCredential, type CredentialRef } from '../../fixtures/workflows';
import {
	REPO_ROOT,
	type EmulatorProcess,
	type RealN8n,
	type WorkflowFixture,
} from '../../support/n8n';
import { n8nWithEmulator } from '../support';
import { launchBrowser, signIn, type Browser } from './browser';

/** The major version of the n8n under test (the e2e suite's N8N_VERSION, 2.41.1 by default). */
export const N8N_MAJOR = Number((process.env.N8N_VERSION ?? '2').split('.')[0]);
export const API_KEY = `e2e-key-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
export const CREDENTIAL: CredentialRef = {
	id: 'azureBrowser0001',
	name: 'Azure AI Foundry (emulator)',
};
/** The same endpoint with a key the emulator refuses (401). */
export const WRONG_CREDENTIAL: CredentialRef = {
	id: 'azureBrowser0002',
	name: 'Azure AI Foundry (wrong key)',
};
const TRAINING_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'training-chat.jsonl');

export interface EditorSession {
	n8n: RealN8n;
	emulator: EmulatorProcess;
	browser: Browser;
	page: Page;
	/** A processed training file on the emulator (from test/fixtures/training-chat.jsonl). */
	trainingFileId: string;
	close(): Promise<void>;
}

/**
 * Starts n8n (artifacts under `.artifacts/e2e/<time>-<name>`) and the emulator, uploads the training file, lets
 * `prepare` set up the emulator, imports both credentials and `workflows(trainingFileId)`, and signs a fresh
 * Chromium in as the owner. A page's leave prompt ("unsaved changes") is always accepted, so tests may navigate
 * away from an edited workflow. Whatever was started is stopped again by `close()` (also after a failed start).
 */
export async function openEditorSession(
	name: string,
	workflows: (trainingFileId: string) => WorkflowFixture[],
	prepare: (emulator: EmulatorProcess, trainingFileId: string) => Promise<void> = async () => {},
): Promise<EditorSession> {
	const { n8n, emulator } = await n8nWithEmulator({ name }, API_KEY);
	let browser: Browser | undefined;
	const close = async () => {
		await browser?.close();
		await n8n.dispose();
		await emulator.stop();
	};
	try {
		const trainingFileId = await emulator.uploadProcessedFile(TRAINING_FILE);
		await prepare(emulator, trainingFileId);
		await n8n.importCredentials([
			azureCredential(CREDENTIAL, emulator.url, API_KEY),
			azureCredential(WRONG_CREDENTIAL, emulator.url, `wrong-${API_KEY}`),
		]);
		for (const workflow of workflows(trainingFileId)) await n8n.importWorkflow(workflow);
		await n8n.start();
		await n8n.setupOwner();
		browser = await launchBrowser();
		const page = browser.page;
		page.on('dialog', (dialog) => void dialog.accept());
		await signIn(page, n8n.baseUrl);
		return { n8n, emulator, browser, page, trainingFileId, close };
	} catch (error) {
		await close();
		throw error;
	}
}
