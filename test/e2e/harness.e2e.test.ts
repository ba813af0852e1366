/**
 * Self-test of the real-n8n harness with n8n-nodes-base nodes only (no package, no emulator): when the package's
 * e2e fails, this tells whether n8n/the harness or our nodes are at fault.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { smokeWorkflow, webhookWorkflow } from '../fixtures/workflows';
import { nodeOutput, parseRunOutput, RealN8n, sleep } from '../support/n8n';
import { secretInFiles } from './support';

const SMOKE_ID = 'harnessSmoke0001';
const HOOK_ID = 'harnessHook00001';
const HOOK_PATH = 'harness-smoke';

let n8n: RealN8n;

beforeAll(async () => {
	n8n = await RealN8n.create({ name: 'harness' });
	await n8n.importWorkflow(smokeWorkflow(SMOKE_ID));
	await n8n.importWorkflow(webhookWorkflow(HOOK_ID, HOOK_PATH));
});

afterAll(async () => {
	await n8n?.dispose();
});

/** Calls the webhook until it answers `status` (or 15 s pass); returns the last status. */
async function callUntil(status: number, body: unknown): Promise<number> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const res = await n8n.http('POST', `/webhook/${HOOK_PATH}`, { body, expectOk: false });
		if (res.status === status || Date.now() > deadline) return res.status;
		await sleep(250);
	}
}

test('parseRunOutput takes the JSON after 2.x log lines and the pure JSON of 1.x', () => {
	const run = { status: 'success', data: { resultData: { runData: {} } } };
	const pretty = JSON.stringify(run, null, 2);
	expect(parseRunOutput(`Loading...\n{"level":"info"}\n${pretty}\n`)).toEqual(run);
	expect(parseRunOutput(pretty)).toEqual(run);
	expect(
		parseRunOutput(
			`Execution was NOT successful. See log message for details.\nExecution error:\n====================================\n${pretty}\n`,
		),
	).toEqual(run);
});

test('n8n execute runs a base-node workflow (Code node through the task runner)', async () => {
	const res = await n8n.execute(SMOKE_ID);
	expect(res.code).toBe(0);
	expect(res.run.status).toBe('success');
	expect(nodeOutput(res.run, 'Code')).toEqual([{ sum: 3 }]);
});

describe('with the server running', () => {
	beforeAll(async () => {
		await n8n.publish(HOOK_ID); // CLI, n8n stopped: active from the start
		await n8n.start();
		await n8n.setupOwner();
		await n8n.createApiKey();
	});

	test('published workflow is live → execution with data in the public API → deactivate → activate', async () => {
		// (Re)activation registers the webhook asynchronously (within about a second), hence callUntil.
		expect(await callUntil(200, { hello: 'n8n' })).toBe(200);
		const execs = await n8n.waitForExecutions(HOOK_ID, (e) =>
			e.some((x) => x.status === 'success'),
		);
		const run = execs.find((x) => x.status === 'success')!;
		expect(run.data!.resultData.runData.Webhook[0].data!.main[0]![0].json.body).toEqual({
			hello: 'n8n',
		});
		await n8n.deactivate(HOOK_ID);
		expect(await callUntil(404, {})).toBe(404);
		await n8n.activate(HOOK_ID);
		expect(await callUntil(200, { again: true })).toBe(200);
		await n8n.waitForExecutions(
			HOOK_ID,
			(e) => e.filter((x) => x.status === 'success').length >= 2,
		);
	});

	test('a CLI execution while the server runs (separate task-runner broker port)', async () => {
		const res = await n8n.execute(SMOKE_ID);
		expect(res.run.status).toBe('success');
	});

	test('ensureOwner signs in when the owner exists', async () => {
		expect(await n8n.needsOwnerSetup()).toBe(false);
		expect(await n8n.ensureOwner()).toBe(false);
	});
});

test('logs were written and hold no secret', async () => {
	await n8n.stop();
	const logs = fs.readdirSync(n8n.artifactsDir);
	expect(logs.some((f) => f.includes('n8n-start'))).toBe(true);
	expect(secretInFiles(n8n.artifactsDir, 'E2e-Passw0rd!')).toEqual([]);
	expect(path.relative(n8n.artifactsDir, n8n.userFolder).startsWith('..')).toBe(true);
});
