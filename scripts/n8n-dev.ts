/**
 * `npm run dev` (after scripts/dev.sh has installed, built and ensured n8n): the Azure emulator with auto-advance,
 * our package installed into a persistent n8n user folder (.cache/dev-n8n), a ready credential and a sample
 * workflow, the owner account, and n8n at http://localhost:5678. Ctrl+C stops n8n and the emulator.
 *
 * The sample is the README's (issue 4; the same builder the e2e test runs): Read/Write Files from Disk reads
 * test/fixtures/training-chat.jsonl of this clone → Upload (checked, waited) → Create Job with that file → Get Job.
 * A second sample, "train and deploy", signs in with the Microsoft Entra ID credential (the emulator's own app,
 * tokens and Resource Manager): the trigger on status Succeeded → Create Deployment → Test Prompt.
 * n8n 2.x reads files only under N8N_RESTRICT_FILE_ACCESS_TO, so the fixtures folder is added to it (see fileAccessEnv).
 *
 * Env: N8N_PORT (5678), EMULATOR_PORT (8765), EMULATOR_AUTO_ADVANCE_MS (5000), N8N_LISTEN_ADDRESS (127.0.0.1;
 * 0.0.0.0 inside a container with port forwarding), N8N_VERSION (see scripts/ensure-n8n.sh).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	ARTIFACTS_ROOT,
	EmulatorProcess,
	ensureN8n,
	PACKAGE_NAME,
	packageTarball,
	portInUse,
	RealN8n,
	Redactor,
	REPO_ROOT,
	sleep,
	type Owner,
} from '../test/support/n8n';
import { DEFAULT_ARM, DEFAULT_ENTRA_APP } from '../test/support/emulator';
import {
	azureCredential,
	entraCredential,
	trainAndDeployWorkflow,
	uploadAndTrainWorkflow,
} from '../test/support/workflows';

const N8N_PORT = Number(process.env.N8N_PORT || 5678);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT || 8765);
const AUTO_ADVANCE_MS = Number(process.env.EMULATOR_AUTO_ADVANCE_MS || 5000);
const LISTEN_ADDRESS = process.env.N8N_LISTEN_ADDRESS || '127.0.0.1';

const DEV_FOLDER = path.join(REPO_ROOT, '.cache', 'dev-n8n');
const LOG_DIR = path.join(ARTIFACTS_ROOT, 'dev');
/** Local-only values: the emulator accepts only this key; the n8n data lives in .cache/dev-n8n on this machine. */
const EMULATOR_KEY = 'local-emulator-key';
const ENCRYPTION_KEY = 'dev-n8n-local-encryption-key';
const OWNER: Owner = {
	email: 'dev@example.com',
	password: 'Dev-Passw0rd',
	firstName: 'Dev',
	lastName: 'Owner',
};
const CREDENTIAL = { id: 'devAzureEmuCred1', name: 'Azure AI Foundry (local emulator)' };
const WORKFLOW = {
	id: 'devSampleJob0001',
	name: 'Sample: upload training data, create and check a fine-tuning job',
};
const ENTRA_CREDENTIAL = {
	id: 'devAzureEntraCr1',
	name: 'Azure AI Foundry Entra ID (local emulator)',
};
const DEPLOY_WORKFLOW = {
	id: 'devSampleDeploy1',
	name: 'Sample: train and deploy (deploy each succeeded job, ask it one question)',
};
/** Where this clone is, found at run time; real path, because n8n compares real paths with the allowed folders. */
const TRAINING_FILE = path.join(
	fs.realpathSync(path.join(REPO_ROOT, 'test', 'fixtures')),
	'training-chat.jsonl',
);

const PID_FILE = path.join(DEV_FOLDER, 'dev-processes.pid');

const say = (msg: string): void => void process.stdout.write(`[dev] ${msg}\n`);

/**
 * N8N_RESTRICT_FILE_ACCESS_TO for the sample's Read node: the folder of the training file added to what n8n would
 * allow anyway — your own value, else n8n 2.x's default `~/.n8n-files`. Unchanged when you set it empty (no
 * restriction) and on n8n 1.x without a value (1.x reads any path by default).
 */
function fileAccessEnv(n8nMajor: number): Record<string, string> {
	const given = process.env.N8N_RESTRICT_FILE_ACCESS_TO;
	if (given === '' || (given === undefined && n8nMajor < 2)) return {};
	return {
		N8N_RESTRICT_FILE_ACCESS_TO: [given ?? '~/.n8n-files', path.dirname(TRAINING_FILE)].join(';'),
	};
}

/**
 * A previous `npm run dev` that was killed hard (no Ctrl+C) leaves n8n and the emulator running; it recorded their
 * process ids. Stop those — and only those, and only if they still are n8n or the emulator.
 */
async function stopLeftovers(): Promise<void> {
	if (!fs.existsSync(PID_FILE)) return;
	const alive = (pid: number): boolean => {
		try {
			return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); // a zombie has exited
		} catch {
			return false;
		}
	};
	const ours: number[] = [];
	for (const pid of fs.readFileSync(PID_FILE, 'utf8').split('\n').map(Number).filter(Boolean)) {
		let cmdline = '';
		try {
			cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		} catch {
			continue; // gone
		}
		if (!/n8n|emulator[\\/]cli\.ts/.test(cmdline)) continue;
		say(`stopping process ${pid} left over from a previous run`);
		ours.push(pid);
		signalGroup(pid, 'SIGTERM');
	}
	for (let i = 0; i < 80 && ours.some(alive); i++) await sleep(250);
	for (const pid of ours.filter(alive)) signalGroup(pid, 'SIGKILL');
	fs.rmSync(PID_FILE, { force: true });
	for (let i = 0; i < 40 && ((await portInUse(N8N_PORT)) || (await portInUse(EMULATOR_PORT))); i++)
		await sleep(250);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		/* gone */
	}
}

async function main(): Promise<void> {
	const t0 = Number(process.env.DEV_STARTED_AT_MS) || Date.now(); // set by scripts/dev.sh, so installs count
	const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const runtime = ensureN8n();
	await stopLeftovers();
	for (const [what, port, env] of [
		['n8n', N8N_PORT, 'N8N_PORT'],
		['the emulator', EMULATOR_PORT, 'EMULATOR_PORT'],
	] as const) {
		if (await portInUse(port))
			throw new Error(
				`port ${port} for ${what} is in use (another \`npm run dev\`?). Stop it, or set ${env}=<port>.`,
			);
	}
	fs.rmSync(LOG_DIR, { recursive: true, force: true });
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const tarball = packageTarball(path.join(LOG_DIR, 'pack'));
	fs.mkdirSync(DEV_FOLDER, { recursive: true });

	const redactor = new Redactor().add(EMULATOR_KEY).add(DEFAULT_ENTRA_APP.clientSecret);
	say(
		`starting the Azure emulator on port ${EMULATOR_PORT} (jobs advance every ${AUTO_ADVANCE_MS / 1000} s)`,
	);
	const emulator = await EmulatorProcess.start({
		apiKey: EMULATOR_KEY,
		port: EMULATOR_PORT,
		autoAdvanceMs: AUTO_ADVANCE_MS,
		logFile: path.join(LOG_DIR, 'emulator.log'),
		redactor,
	});
	let n8n: RealN8n | undefined;
	let stopping: Promise<never> | undefined;
	const shutdown = async (code: number): Promise<never> =>
		(stopping ??= (async () => {
			say('stopping n8n and the emulator …');
			await n8n?.stop().catch(() => undefined);
			await emulator.stop().catch(() => undefined);
			fs.rmSync(PID_FILE, { force: true });
			say('stopped.');
			process.exit(code);
		})());
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	process.on('SIGHUP', () => void shutdown(0));

	try {
		n8n = await RealN8n.create({
			name: 'dev',
			userFolder: DEV_FOLDER,
			artifactsDir: LOG_DIR,
			port: N8N_PORT,
			listenAddress: LISTEN_ADDRESS,
			encryptionKey: ENCRYPTION_KEY,
			redactor,
			runtime,
			inheritN8nEnv: true,
			env: fileAccessEnv(runtime.n8nMajor),
		});
		say(
			`installing the package into .cache/dev-n8n (n8n ${runtime.n8nVersion}, Node ${runtime.nodeVersion})`,
		);
		await n8n.installPackage(tarball);
		await n8n.importCredentials([
			azureCredential(CREDENTIAL, emulator.url, EMULATOR_KEY),
			entraCredential(ENTRA_CREDENTIAL, emulator.url, DEFAULT_ENTRA_APP),
		]);
		// Re-created on every run: the training file's path is this clone's (and the credential points at this emulator).
		await n8n.importWorkflow(
			uploadAndTrainWorkflow({
				...WORKFLOW,
				credential: CREDENTIAL,
				trainingFilePath: TRAINING_FILE,
				suffix: 'n8n-dev',
			}),
		);
		await n8n.importWorkflow(
			trainAndDeployWorkflow({
				...DEPLOY_WORKFLOW,
				credential: ENTRA_CREDENTIAL,
				account: {
					subscriptionId: DEFAULT_ARM.subscriptionId,
					resourceGroup: DEFAULT_ARM.resourceGroup,
					accountName: DEFAULT_ARM.accountName,
				},
			}),
		);
		say('starting n8n …');
		const startSeconds = await n8n.start();
		fs.writeFileSync(PID_FILE, [emulator.pid, n8n.serverPid].filter(Boolean).join('\n'));
		let ownerNote = '';
		if (await n8n.needsOwnerSetup()) {
			await n8n.setupOwner(OWNER);
			ownerNote = ' (account created now)';
		} else {
			await n8n.login(OWNER.email, OWNER.password).catch(() => {
				ownerNote =
					' (the owner exists with another password — use yours; `rm -rf .cache/dev-n8n` starts over)';
			});
		}
		const url = `http://localhost:${N8N_PORT}`;
		const rel = (p: string) => path.relative(process.cwd(), p) || '.';
		process.stdout.write(
			[
				'',
				'────────────────────────────────────────────────────────────────────────',
				`  n8n ${runtime.n8nVersion} is running with ${PACKAGE_NAME} (n8n ready in ${startSeconds.toFixed(0)} s; ${since()} since "npm run dev" began)`,
				'',
				`  Open        ${url}`,
				`  Sign in     ${OWNER.email}  /  ${OWNER.password}${ownerNote}`,
				`  Workflow    "${WORKFLOW.name}"`,
				`              ${url}/workflow/${WORKFLOW.id}  → click "Execute workflow"`,
				`              (reads ${rel(path.join(REPO_ROOT, 'test', 'fixtures', 'training-chat.jsonl'))}, uploads and checks it, waits until`,
				`              it is processed, creates a job from it and reads the job back;`,
				`              re-created on every run; duplicate it to keep your changes)`,
				`  Workflow 2  "${DEPLOY_WORKFLOW.name}"`,
				`              ${url}/workflow/${DEPLOY_WORKFLOW.id}  → "Execute workflow" deploys the newest succeeded`,
				`              job's model and asks it one question (publish it to deploy every job that succeeds)`,
				`  Credential  "${CREDENTIAL.name}" → the emulator at ${emulator.url}`,
				`              "${ENTRA_CREDENTIAL.name}" (Entra ID sign-in, needed for deployments)`,
				`              (jobs move on by one status every ${AUTO_ADVANCE_MS / 1000} s; run the Get node again to see it)`,
				`  Emulator    ${emulator.url}/__emulator/state  (jobs and files), /__emulator/requests (API calls)`,
				`  Logs        ${rel(LOG_DIR)}/  (n8n: *-n8n-start.log, emulator.log)`,
				`  Data        ${rel(DEV_FOLDER)}/  (kept between runs; delete it to start fresh)`,
				'',
				'  Stop        Ctrl+C (stops n8n and the emulator)',
				'────────────────────────────────────────────────────────────────────────',
				'',
			].join('\n'),
		);
		const which = await Promise.race([
			n8n.waitForExit().then((c) => ['n8n', c] as const),
			emulator.exited().then((c) => ['the emulator', c] as const),
		]);
		if (!stopping) {
			say(`${which[0]} exited unexpectedly (code ${which[1]}); see ${rel(LOG_DIR)}/`);
			await shutdown(1);
		}
	} catch (error) {
		process.stderr.write(`[dev] ${(error as Error).message}\n`);
		await shutdown(1);
	}
}

void main().catch((error: unknown) => {
	process.stderr.write(`[dev] ${(error as Error).message}\n`);
	process.exit(1);
});
