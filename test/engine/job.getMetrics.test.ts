/** Job › Get Metrics through n8n's execution engine against the emulator, and the results-file decoding. */
import { decodeResultFile } from '../../nodes/AzureAiFoundryFineTuning/actions/job/getMetrics.operation';
import { byId, useJobKit } from '../support/jobKit';

const kit = useJobKit();

describe('Get Metrics', () => {
	test('a succeeded job: one item per step from results.csv, numbers as numbers', async () => {
		const job = kit.jobIn('succeeded');
		const { outputs, error } = await kit.run('getMetrics', { jobId: byId(job.id) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(outputs[0][0]).toEqual({
			step: 10,
			train_loss: 1.4,
			train_mean_token_accuracy: expect.any(Number),
			valid_loss: expect.any(Number),
			validation_mean_token_accuracy: expect.any(Number),
			full_valid_loss: expect.any(Number),
			full_valid_mean_token_accuracy: expect.any(Number),
		});
		expect(outputs[0].map((row) => row.step)).toEqual([10, 20, 30]);
		const resultFile = kit.emu.jobs().find((candidate) => candidate.id === job.id)!
			.result_files![0];
		expect(kit.emu.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /openai/v1/fine_tuning/jobs/${job.id}`,
			`GET /openai/v1/files/${resultFile}/content`,
		]);
	});

	test.each(['running', 'pending', 'failed', 'paused'] as const)(
		'a %s job → a clear error, nothing downloaded',
		async (status) => {
			const job = kit.jobIn(status);
			const { error } = await kit.run('getMetrics', { jobId: byId(job.id) });
			expect(error?.message).toBe(
				`Job ${job.id} has no metrics: its status is "${status}", not "succeeded"`,
			);
			expect(error?.description).toMatch(/List Events/);
			expect(kit.requestsTo('GET', '/content')).toHaveLength(0);
		},
	);

	test('an unknown status is reported as it is, never crashes', async () => {
		const [job] = kit.emu.seedJobs(1, { status: 'trainingStarted' });
		const { error } = await kit.run('getMetrics', { jobId: byId(job.id) });
		expect(error?.message).toBe(
			`Job ${job.id} has no metrics: its status is "trainingStarted", not "succeeded"`,
		);
	});

	test.each([
		['[]', []],
		['null', null],
	])('a succeeded job with result_files %s → a clear error', async (shown, resultFiles) => {
		const [job] = kit.emu.seedJobs(1, { result_files: resultFiles });
		const { error } = await kit.run('getMetrics', { jobId: byId(job.id) });
		expect(error?.message).toBe(
			`Job ${job.id} succeeded but lists no result file (result_files is ${shown})`,
		);
	});

	test('with continue-on-fail the error is the item', async () => {
		const job = kit.jobIn('running');
		const { items, error } = await kit.run(
			'getMetrics',
			{ jobId: byId(job.id) },
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items[0]).toEqual([
			{
				json: expect.objectContaining({ error: expect.stringContaining('has no metrics') }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test("a deleted results file → the API's 404 message", async () => {
		const job = kit.jobIn('succeeded');
		const resultFile = kit.emu.jobs().find((candidate) => candidate.id === job.id)!
			.result_files![0];
		kit.emu.injectFault({
			kind: 'status',
			status: 404,
			code: 'notFound',
			message: `File with id '${resultFile}' not found.`,
			path: '/content$',
		});
		const { error } = await kit.run('getMetrics', { jobId: byId(job.id) });
		expect(error?.message).toBe(`File with id '${resultFile}' not found.`);
		expect(error?.description).toContain('Code: notFound');
	});
});

describe('decodeResultFile', () => {
	const csv = 'step,train_loss\n1,0.5\n2,0.25\n';

	test('plain CSV is taken as it is (BOM removed)', () => {
		expect(decodeResultFile(Buffer.from(csv))).toBe(csv);
		expect(decodeResultFile(Buffer.from(`\uFEFF${csv}`))).toBe(csv);
	});

	test('base64 of the CSV (as OpenAI serves result files) is decoded, line breaks in the base64 allowed', () => {
		const encoded = Buffer.from(csv).toString('base64');
		expect(decodeResultFile(Buffer.from(encoded))).toBe(csv);
		expect(decodeResultFile(Buffer.from(`${encoded.slice(0, 8)}\n${encoded.slice(8)}\n`))).toBe(
			csv,
		);
	});

	test('text that is neither stays as it is (the CSV parser then reports it)', () => {
		expect(decodeResultFile(Buffer.from('not a csv'))).toBe('not a csv');
		expect(decodeResultFile(Buffer.from(''))).toBe('');
	});
});
