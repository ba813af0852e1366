/** Job › List Events and List Checkpoints through n8n's execution engine against the emulator. */
import { byId, useJobKit } from '../support/jobKit';

const kit = useJobKit();

describe('List Events', () => {
	test('Return All: every event of a succeeded job, newest first, one item each', async () => {
		const job = kit.jobIn('succeeded');
		const { outputs, error } = await kit.run('listEvents', {
			jobId: byId(job.id),
			returnAll: true,
		});
		expect(error).toBeUndefined();
		const messages = outputs[0].map((event) => event.message);
		expect(messages[0]).toBe('The job has successfully completed.');
		expect(messages).toContain('Training started.');
		expect(
			outputs[0].every(
				(event) => event.object === 'fine_tuning.job.event' && typeof event.created_at === 'number',
			),
		).toBe(true);
		expect(outputs[0].find((event) => event.type === 'metrics')?.data).toEqual(
			expect.objectContaining({ step: 20, train_loss: expect.any(Number) }),
		);
	});

	test('Return All over several pages (20 per page), the cursor being the last event id', async () => {
		const job = kit.jobIn('running');
		for (let n = 1; n <= 25; n++) kit.emu.advanceJob(job.id, `custom_${n}`);
		const all = await kit.run('listEvents', { jobId: byId(job.id), returnAll: true });
		const total = all.outputs[0].length;
		expect(total).toBeGreaterThan(25);
		const pages = kit.requestsTo('GET', `/fine_tuning/jobs/${job.id}/events`);
		expect(pages).toHaveLength(Math.ceil(total / 20));
		expect(pages[1].query).toEqual({ limit: '20', after: all.outputs[0][19].id });
		expect(new Set(all.outputs[0].map((event) => event.id)).size).toBe(total);
	});

	test('Limit: the newest N events', async () => {
		const job = kit.jobIn('succeeded');
		const { outputs } = await kit.run('listEvents', {
			jobId: byId(job.id),
			returnAll: false,
			limit: 3,
		});
		expect(outputs[0].map((event) => event.message)).toEqual([
			'The job has successfully completed.',
			expect.stringMatching(/^Completed results file: file-/),
			expect.stringMatching(/^Training tokens billed: /),
		]);
		expect(kit.requestsTo('GET', '/events').map((request) => request.query)).toEqual([
			{ limit: '3' },
		]);
	});

	test("an unknown job → the API's 404 message and code", async () => {
		const { error } = await kit.run('listEvents', {
			jobId: byId('ftjob-missing'),
			returnAll: true,
		});
		expect(error?.message).toBe("Fine-tuning job with id 'ftjob-missing' not found.");
		expect(error?.description).toContain('Code: notFound');
	});
});

describe('List Checkpoints', () => {
	test("Return All: a succeeded job's checkpoints, newest first, with their metrics as numbers", async () => {
		const job = kit.jobIn('succeeded');
		const { outputs, error } = await kit.run('listCheckpoints', {
			jobId: byId(job.id),
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((checkpoint) => checkpoint.step_number)).toEqual([30, 20, 10]);
		expect(outputs[0][0]).toEqual(
			expect.objectContaining({
				object: 'fine_tuning.job.checkpoint',
				fine_tuning_job_id: job.id,
				fine_tuned_model_checkpoint: expect.stringMatching(/:ckpt-step-30$/),
				metrics: expect.objectContaining({
					step: 30,
					train_loss: expect.any(Number),
					full_valid_mean_token_accuracy: expect.any(Number),
				}),
			}),
		);
		expect(kit.requestsTo('GET', '/checkpoints').map((request) => request.query)).toEqual([
			{ limit: '10' },
		]);
	});

	test('Limit: the newest N checkpoints', async () => {
		const job = kit.jobIn('succeeded');
		const { outputs } = await kit.run('listCheckpoints', {
			jobId: byId(job.id),
			returnAll: false,
			limit: 2,
		});
		expect(outputs[0].map((checkpoint) => checkpoint.step_number)).toEqual([30, 20]);
	});

	test('a running job already has checkpoints; a pending one has none (no items, no error)', async () => {
		const running = kit.jobIn('running');
		expect(
			(await kit.run('listCheckpoints', { jobId: byId(running.id), returnAll: true })).outputs[0],
		).toHaveLength(2);
		const pending = kit.jobIn('pending');
		const none = await kit.run('listCheckpoints', { jobId: byId(pending.id), returnAll: true });
		expect(none.error).toBeUndefined();
		expect(none.outputs[0]).toEqual([]);
	});

	test('a 429 while paging is retried, then the list completes', async () => {
		const job = kit.jobIn('succeeded');
		kit.emu.injectFault({
			kind: 'status',
			status: 429,
			method: 'GET',
			path: '/checkpoints$',
			retryAfterMs: 5,
		});
		const { outputs } = await kit.run('listCheckpoints', { jobId: byId(job.id), returnAll: true });
		expect(outputs[0]).toHaveLength(3);
		expect(kit.requestsTo('GET', '/checkpoints').map((request) => request.status)).toEqual([
			429, 200,
		]);
	});
});
