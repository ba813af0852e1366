/** File imports, the job state machine and its side effects, and the cancel/pause/resume rules. */
import { call, createJob, trainingJsonl, upload } from './helpers';
import { startEmulator, type Emulator } from './';
import { RESULTS_CSV_HEADER } from './lifecycle';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ selfCheck: true });
});
afterAll(() => emulator.close());
afterEach(() => {
	const failed = emulator.requests.filter((r) => r.status >= 500);
	emulator.clearRequests();
	// selfCheck turns any answer that drifted from the spec into a 500.
	expect(failed).toEqual([]);
});

const JOBS = '/openai/v1/fine_tuning/jobs';
const getJob = async (id: string) => (await call(emulator, 'GET', `${JOBS}/${id}`)).json;

describe('files', () => {
	it('imports a valid JSONL file on the next step', async () => {
		const { json: file } = await upload(emulator);
		expect(file.status).toBe('pending');
		emulator.step();
		expect((await call(emulator, 'GET', `/openai/v1/files/${file.id}`)).json).toMatchObject({
			id: file.id,
			status: 'processed',
		});
	});

	it.each([
		['9 examples', trainingJsonl(9), /9 examples; at least 10/],
		['a line that is not JSON', `${trainingJsonl(10)}{oops\n`, /Line 11 is not valid JSON/],
		['a line that is not an object', `[1,2]\n${trainingJsonl(10)}`, /Line 1 is not a JSON object/],
	])('marks a file with %s as error with status_details', async (_name, content, details) => {
		const { json: file } = await upload(emulator, content);
		emulator.step();
		const { json } = await call(emulator, 'GET', `/openai/v1/files/${file.id}`);
		expect(json.status).toBe('error');
		expect(json.status_details).toMatch(details);
	});

	it('lists by purpose, downloads the stored bytes and deletes', async () => {
		const content = trainingJsonl(12);
		const { json: file } = await upload(emulator, content, 'mine.jsonl');
		const listed = await call(emulator, 'GET', '/openai/v1/files?purpose=fine-tune');
		expect(listed.json).toMatchObject({ object: 'list', first_id: file.id, has_more: false });
		expect(listed.json.data.every((f: { purpose: string }) => f.purpose === 'fine-tune')).toBe(
			true,
		);
		expect((await call(emulator, 'GET', '/openai/v1/files?purpose=batch')).json).toEqual({
			object: 'list',
			data: [],
			first_id: null,
			last_id: null,
			has_more: false,
		});

		const download = await call(emulator, 'GET', `/openai/v1/files/${file.id}/content`);
		expect(download.headers.get('content-type')).toBe('application/octet-stream');
		expect(download.text).toBe(content);

		expect((await call(emulator, 'DELETE', `/openai/v1/files/${file.id}`)).json).toEqual({
			id: file.id,
			object: 'file',
			deleted: true,
		});
		expect((await call(emulator, 'GET', `/openai/v1/files/${file.id}`)).json).toEqual({
			error: { code: 'notFound', message: `File with id '${file.id}' not found.` },
		});
	});
});

describe('job lifecycle', () => {
	it('goes pending → validating_files → queued → running → succeeded with events, checkpoints and results.csv', async () => {
		const job = await createJob(emulator, { suffix: 'demo' });
		const seen = [job.status];
		for (let i = 0; i < 4; i++) {
			emulator.step();
			seen.push((await getJob(job.id)).status);
			if (seen.at(-1) === 'running')
				expect(
					(await call(emulator, 'GET', `${JOBS}/${job.id}/checkpoints`)).json.data.length,
				).toBeGreaterThan(0);
		}
		expect(seen).toEqual(['pending', 'validating_files', 'queued', 'running', 'succeeded']);

		const done = await getJob(job.id);
		expect(done).toMatchObject({
			fine_tuned_model: `gpt-4.1-mini-2025-04-14.ft-${job.id.slice('ftjob-'.length)}-demo`,
			finished_at: emulator.now(),
			trained_tokens: expect.any(Number),
			result_files: [expect.stringMatching(/^file-/)],
			error: null,
		});

		const events = (await call(emulator, 'GET', `${JOBS}/${job.id}/events`)).json;
		expect(
			events.data.every(
				(e: { object: string; level: string }) =>
					e.object === 'fine_tuning.job.event' && e.level === 'info',
			),
		).toBe(true);
		expect(events.data[0].message).toBe('The job has successfully completed.');
		expect(events.data.at(-1).message).toBe(`Created fine-tuning job: ${job.id}`);
		expect(events.data.filter((e: { type: string }) => e.type === 'metrics')).toEqual([
			expect.objectContaining({
				data: expect.objectContaining({ step: expect.any(Number), train_loss: expect.any(Number) }),
			}),
		]);

		const checkpoints = (await call(emulator, 'GET', `${JOBS}/${job.id}/checkpoints`)).json;
		expect(checkpoints.data).toHaveLength(3);
		expect(checkpoints.data.map((c: { step_number: number }) => c.step_number)).toEqual([
			30, 20, 10,
		]);
		expect(checkpoints.data[0]).toMatchObject({
			id: expect.stringMatching(/^ftchkpt-/),
			object: 'fine_tuning.job.checkpoint',
			fine_tuning_job_id: job.id,
			fine_tuned_model_checkpoint: `${done.fine_tuned_model}:ckpt-step-30`,
			metrics: expect.objectContaining({ full_valid_mean_token_accuracy: expect.any(Number) }),
		});

		const resultId = done.result_files[0];
		expect((await call(emulator, 'GET', `/openai/v1/files/${resultId}`)).json).toMatchObject({
			filename: 'results.csv',
			purpose: 'fine-tune-results',
			status: 'processed',
		});
		const [header, ...rows] = (
			await call(emulator, 'GET', `/openai/v1/files/${resultId}/content`)
		).text
			.trim()
			.split('\n');
		expect(header).toBe(RESULTS_CSV_HEADER);
		expect(rows.length).toBeGreaterThanOrEqual(3);
		for (const row of rows)
			expect(row.split(',').every((cell) => Number.isFinite(Number(cell)))).toBe(true);

		const models = (await call(emulator, 'GET', '/openai/v1/models')).json;
		expect(models.data.map((m: { id: string }) => m.id)).toEqual(
			expect.arrayContaining(['gpt-4.1-2025-04-14', 'o4-mini-2025-04-16', done.fine_tuned_model]),
		);
	});

	it('ends in failed with the given error after failJob', async () => {
		const job = await createJob(emulator);
		emulator.failJob(job.id, { code: 'invalidTrainingData', message: 'Bad data.' });
		emulator.step();
		expect(await getJob(job.id)).toMatchObject({
			status: 'failed',
			error: { code: 'invalidTrainingData', message: 'Bad data.', param: null },
			fine_tuned_model: null,
		});
		const events = (await call(emulator, 'GET', `${JOBS}/${job.id}/events`)).json.data;
		expect(events[0]).toMatchObject({ level: 'error', message: 'Bad data.' });
		emulator.step();
		expect((await getJob(job.id)).status).toBe('failed');
	});

	it('advanceJob moves one job one step, or straight to any status', async () => {
		const a = await createJob(emulator);
		const b = await createJob(emulator); // its upload stepped the clock: a is validating_files now
		emulator.advanceJob(b.id);
		expect((await getJob(b.id)).status).toBe('validating_files');
		expect((await getJob(a.id)).status).toBe('validating_files');
		emulator.advanceJob(b.id, 'succeeded');
		expect(await getJob(b.id)).toMatchObject({
			status: 'succeeded',
			result_files: [expect.any(String)],
		});
		emulator.advanceJob(a.id, 'notRunning');
		emulator.step();
		expect((await getJob(a.id)).status).toBe('notRunning');
		expect(() => emulator.advanceJob('ftjob-missing')).toThrow(/not found/);
	});

	it('deleteJob makes the job disappear', async () => {
		const job = await createJob(emulator);
		emulator.deleteJob(job.id);
		expect((await call(emulator, 'GET', `${JOBS}/${job.id}`)).status).toBe(404);
		expect(
			(await call(emulator, 'GET', `${JOBS}?limit=100`)).json.data.map((j: { id: string }) => j.id),
		).not.toContain(job.id);
	});
});

describe('cancel, pause and resume', () => {
	const post = async (id: string, action: string) =>
		call(emulator, 'POST', `${JOBS}/${id}/${action}`);

	it('cancels a non-terminal job and refuses to cancel an ended one', async () => {
		const job = await createJob(emulator);
		const cancelled = await post(job.id, 'cancel');
		expect(cancelled.json).toMatchObject({ id: job.id, status: 'cancelled' });
		emulator.step();
		expect((await getJob(job.id)).status).toBe('cancelled');
		const again = await post(job.id, 'cancel');
		expect(again.status).toBe(400);
		expect(again.json.error).toMatchObject({
			code: 'jobNotCancellable',
			param: null,
			message: expect.stringContaining("'cancelled'"),
		});
	});

	it('pauses only a running job and resumes only a paused one', async () => {
		const job = await createJob(emulator);
		const early = await post(job.id, 'pause');
		expect(early.status).toBe(400);
		expect(early.json.error).toMatchObject({
			code: 'jobNotPausable',
			message: expect.stringContaining("'pending'"),
		});
		expect((await post(job.id, 'resume')).json.error.code).toBe('jobNotResumable');

		emulator.advanceJob(job.id, 'running');
		expect((await post(job.id, 'pause')).json.status).toBe('pausing');
		emulator.step();
		expect((await getJob(job.id)).status).toBe('paused');
		emulator.step();
		expect((await getJob(job.id)).status).toBe('paused');
		expect((await post(job.id, 'pause')).status).toBe(400);

		expect((await post(job.id, 'resume')).json.status).toBe('resuming');
		emulator.step();
		expect((await getJob(job.id)).status).toBe('running');
		emulator.step();
		expect((await getJob(job.id)).status).toBe('succeeded');
		expect((await call(emulator, 'GET', `${JOBS}/${job.id}/checkpoints`)).json.data).toHaveLength(
			3,
		);
	});

	it('answers 404 notFound for an unknown job', async () => {
		for (const action of ['cancel', 'pause', 'resume']) {
			const reply = await post('ftjob-nope', action);
			expect(reply.status).toBe(404);
			expect(reply.json.error.code).toBe('notFound');
		}
	});
});

describe('clock', () => {
	it('stamps objects with the emulator clock, which moves only with setNow and step', async () => {
		emulator.setNow(1_800_000_000);
		const job = await createJob(emulator); // its upload stepped the clock once
		expect(job.created_at).toBe(1_800_000_060);
		expect(emulator.now()).toBe(1_800_000_060);
		emulator.step();
		expect(emulator.now()).toBe(1_800_000_120);
	});
});
