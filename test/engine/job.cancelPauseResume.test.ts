/**
 * Job › Cancel, Pause, Resume through n8n's execution engine against the emulator: the state rules, the API's own
 * refusals shown verbatim with their code (also as continue-on-fail items), and recovery when an answer is lost.
 */
import { byId, useJobKit } from '../support/jobKit';

const kit = useJobKit();

describe('Cancel', () => {
	test.each(['pending', 'queued', 'running', 'paused'] as const)(
		'a %s job is cancelled; the answer is the job',
		async (status) => {
			const job = kit.jobIn(status);
			const { outputs, error } = await kit.run('cancel', { jobId: byId(job.id) });
			expect(error).toBeUndefined();
			expect(outputs[0]).toEqual([expect.objectContaining({ id: job.id, status: 'cancelled' })]);
			expect(kit.requestsTo('POST', `/openai/v1/fine_tuning/jobs/${job.id}/cancel`)).toHaveLength(
				1,
			);
		},
	);

	test("a succeeded job → the API's message verbatim, with its code and HTTP status", async () => {
		const job = kit.jobIn('succeeded');
		const { error, outputs } = await kit.run('cancel', { jobId: byId(job.id) });
		const [refusal] = kit.requestsTo('POST', '/cancel');
		expect(refusal.error).toEqual(expect.objectContaining({ code: 'jobNotCancellable' }));
		expect(error?.message).toBe((refusal.error as { message: string }).message);
		expect(error?.message).toBe(
			`Job '${job.id}' cannot be cancelled because it has already ended (status 'succeeded').`,
		);
		expect(error?.description).toContain('Code: jobNotCancellable');
		expect(error?.description).toContain('HTTP 400');
		expect(outputs).toEqual([]);
		expect(kit.requestsTo('POST', '/cancel')).toHaveLength(1);
	});

	test("with continue-on-fail the refusal is the item's error, with its code", async () => {
		const job = kit.jobIn('succeeded');
		const { error, items } = await kit.run(
			'cancel',
			{ jobId: byId(job.id) },
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items[0]).toEqual([
			{
				json: {
					error: `Job '${job.id}' cannot be cancelled because it has already ended (status 'succeeded').`,
					details: expect.objectContaining({
						code: 'jobNotCancellable',
						httpStatus: 400,
						description: expect.stringContaining('Code: jobNotCancellable'),
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each(['failed', 'cancelled'] as const)("a %s job → the API's refusal", async (status) => {
		const job = status === 'failed' ? kit.jobIn('failed') : kit.jobIn('running');
		if (status === 'cancelled') kit.emu.advanceJob(job.id, 'cancelled');
		const { error } = await kit.run('cancel', { jobId: byId(job.id) });
		expect(error?.message).toBe(
			`Job '${job.id}' cannot be cancelled because it has already ended (status '${status}').`,
		);
	});

	test('several items: each job on its own, refusals routed to their item, pairing kept', async () => {
		const running = kit.jobIn('running');
		const done = kit.jobIn('succeeded');
		const { items } = await kit.run(
			'cancel',
			{ jobId: byId('={{ $json.id }}') },
			{
				items: [{ id: running.id }, { id: done.id }],
				onError: 'continueRegularOutput',
			},
		);
		const outcome = (json: Record<string, unknown>) =>
			json.status ?? (json.details as Record<string, unknown> | undefined)?.code;
		expect(items[0].map((item) => [outcome(item.json), item.pairedItem])).toEqual([
			['cancelled', { item: 0 }],
			['jobNotCancellable', { item: 1 }],
		]);
	});

	test("an unknown job → 404 with the API's message", async () => {
		const { error } = await kit.run('cancel', { jobId: byId('ftjob-doesnotexist') });
		expect(error?.message).toBe("Fine-tuning job with id 'ftjob-doesnotexist' not found.");
		expect(error?.description).toContain('Code: notFound');
	});

	test('a job ID (from an expression) that would change the URL path is refused before anything is sent', async () => {
		const { error } = await kit.run('cancel', { jobId: byId('={{ "../files" }}') });
		expect(error?.message).toMatch(
			/^Fine-Tuning Job: must be a fine-tuning job ID such as ftjob-abc123 \(letters, digits, - _ \. : only\), got /,
		);
		expect(kit.emu.requests).toHaveLength(0);
	});
});

describe('Pause and Resume: only from the right state', () => {
	test('pause a running job → pausing; then paused; resume → resuming; then running', async () => {
		const job = kit.jobIn('running');
		const paused = await kit.run('pause', { jobId: byId(job.id) });
		expect(paused.outputs[0][0]).toEqual(
			expect.objectContaining({ id: job.id, status: 'pausing' }),
		);
		kit.emu.advanceJob(job.id);
		const resumed = await kit.run('resume', { jobId: byId(job.id) });
		expect(resumed.outputs[0][0]).toEqual(
			expect.objectContaining({ id: job.id, status: 'resuming' }),
		);
		kit.emu.advanceJob(job.id);
		expect(kit.emu.jobs().find((candidate) => candidate.id === job.id)?.status).toBe('running');
	});

	test.each(['succeeded', 'failed', 'queued', 'paused'] as const)(
		"pause a %s job → the API's own refusal (jobNotPausable)",
		async (status) => {
			const job = kit.jobIn(status);
			const { error } = await kit.run('pause', { jobId: byId(job.id) });
			expect(error?.message).toBe(
				`Job '${job.id}' cannot be paused: only a job in status 'running' can be paused, this job is '${status}'.`,
			);
			expect(error?.description).toContain('Code: jobNotPausable');
		},
	);

	test.each(['running', 'succeeded', 'pending'] as const)(
		"resume a %s job → the API's own refusal (jobNotResumable)",
		async (status) => {
			const job = kit.jobIn(status);
			const { error } = await kit.run('resume', { jobId: byId(job.id) });
			expect(error?.message).toBe(
				`Job '${job.id}' cannot be resumed: only a job in status 'paused' can be resumed, this job is '${status}'.`,
			);
			expect(error?.description).toContain('Code: jobNotResumable');
		},
	);
});

describe('a lost answer is not a blind repeat: the job is read to see whether the action took effect', () => {
	test('Cancel processed but its answer lost → reported done from the job, one POST only', async () => {
		const job = kit.jobIn('running');
		kit.emu.injectFault({ kind: 'lost-response', method: 'POST', path: '/cancel$' });
		const { outputs, error } = await kit.run('cancel', { jobId: byId(job.id) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([expect.objectContaining({ id: job.id, status: 'cancelled' })]);
		expect(
			kit.emu.requests.map(
				(request) =>
					`${request.method} ${request.path.replace(`/openai/v1/fine_tuning/jobs/${job.id}`, '<job>')}`,
			),
		).toEqual(['POST <job>/cancel', 'GET <job>']);
	});

	test('Pause answered 500 without effect → the job still runs, so the POST is sent again and succeeds', async () => {
		const job = kit.jobIn('running');
		kit.emu.injectFault({ kind: 'status', status: 500, method: 'POST', path: '/pause$' });
		const { outputs, error } = await kit.run('pause', { jobId: byId(job.id) });
		expect(error).toBeUndefined();
		expect(outputs[0][0].status).toBe('pausing');
		expect(kit.emu.requests.map((request) => [request.method, request.status])).toEqual([
			['POST', 500],
			['GET', 200],
			['POST', 200],
		]);
	});

	test('Resume processed but the connection reset → reported done (resuming), never a second POST', async () => {
		const job = kit.jobIn('paused');
		kit.emu.injectFault({ kind: 'lost-response', method: 'POST', path: '/resume$' });
		const { outputs } = await kit.run('resume', { jobId: byId(job.id) });
		expect(outputs[0][0].status).toBe('resuming');
		expect(kit.requestsTo('POST', '/resume')).toHaveLength(1);
	});

	test("Pause lost on a finished job → re-sent, and the API's own refusal is shown", async () => {
		const job = kit.jobIn('succeeded');
		kit.emu.injectFault({ kind: 'status', status: 503, method: 'POST', path: '/pause$' });
		const { error } = await kit.run('pause', { jobId: byId(job.id) });
		expect(error?.message).toBe(
			`Job '${job.id}' cannot be paused: only a job in status 'running' can be paused, this job is 'succeeded'.`,
		);
		expect(kit.requestsTo('POST', '/pause').map((request) => request.status)).toEqual([503, 400]);
	});
});
