/** The vendored spec, its in-memory fix-ups, and the emulator's self-check against it. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { call } from './helpers';
import { startEmulator } from './';
import { loadSpec, mergeGraderSpec, SPEC_FILE, withoutAzureDeviations } from './spec';

describe('loadSpec', () => {
	const spec = loadSpec();

	it('applies the fix-ups in memory only', () => {
		expect(spec.components.schemas.AzureCreateFileRequestMultiPart.required).toEqual([
			'file',
			'purpose',
		]);
		const parameters = Object.values<any>(spec.paths).flatMap((item) =>
			Object.values<any>(item).flatMap((op) => op.parameters ?? []),
		);
		expect(parameters.filter((p) => p.schema?.$ref && Object.keys(p.schema).length > 1)).toEqual(
			[],
		);
		expect(parameters.filter((p) => p.explode === false)).toEqual([]);
		const batchSize =
			spec.components.schemas['OpenAI.FineTuningJob'].properties.hyperparameters.properties
				.batch_size;
		expect(batchSize.nullable).toBeUndefined();
		expect(batchSize.anyOf).toContainEqual({ enum: [null] });
		expect(readFileSync(SPEC_FILE, 'utf8')).toMatch(
			/required:\n      - file\n      - expires_after/,
		);
	});

	it("merges in the grader operations, whose shared components equal the main file's", () => {
		expect(spec.paths['/fine_tuning/alpha/graders/validate'].post.operationId).toBe(
			'validateGrader',
		);
		expect(spec.paths['/fine_tuning/alpha/graders/run'].post.operationId).toBe('runGrader');
		expect(spec.components.schemas['OpenAI.RunGraderResponse'].required).toContain('reward');
		const main = { paths: {}, components: { schemas: { X: { type: 'string' } } } };
		expect(() =>
			mergeGraderSpec(main, { paths: {}, components: { schemas: { X: { type: 'number' } } } }),
		).toThrow('The spec files disagree on the component X');
	});

	it('admits a python grader in jobs (fix-up 5), but not inside a multi grader', () => {
		const grader = spec.components.schemas.AzureFineTuneReinforcementMethod.properties.grader;
		expect(grader.anyOf).toContainEqual({ $ref: '#/components/schemas/OpenAI.GraderPython' });
		expect(grader.anyOf).toHaveLength(5);
		const subGraders = spec.components.schemas['OpenAI.GraderMulti'].properties.graders;
		expect(JSON.stringify(subGraders)).not.toContain('GraderPython');
		const onDisk = parse(readFileSync(SPEC_FILE, 'utf8')).components.schemas;
		expect(onDisk.AzureFineTuneReinforcementMethod.properties.grader.anyOf).toHaveLength(4);
	});

	it('has the /models path and schemas added from the GA v1 spec, with the header saying so', () => {
		expect(spec.paths['/models'].get.operationId).toBe('listModels');
		expect(spec.components.schemas['OpenAI.Model'].required).toEqual([
			'id',
			'created',
			'object',
			'owned_by',
		]);
		expect(spec.components.schemas['OpenAI.ListModelsResponse'].properties.data.items.$ref).toBe(
			'#/components/schemas/OpenAI.Model',
		);
		expect(readFileSync(SPEC_FILE, 'utf8')).toMatch(
			/azure-v1-v1-generated\.yaml\n#\s+@ 31c65e1b80195ae589bc7f4b3d9a0c850c668b3c/,
		);
	});
});

describe('withoutAzureDeviations', () => {
	it('replaces only the documented deviations', () => {
		const job = {
			object: 'fine_tuning.job',
			status: 'paused',
			organization_id: null,
			result_files: null,
			method: null,
			seed: 1,
		};
		expect(withoutAzureDeviations(job)).toEqual({
			object: 'fine_tuning.job',
			status: 'queued',
			organization_id: '',
			result_files: [],
			seed: 1,
		});
		expect(withoutAzureDeviations({ ...job, status: 'running' })).toMatchObject({
			status: 'running',
		});
		expect(job.status).toBe('paused');
	});
});

describe('selfCheck', () => {
	it('turns an answer that does not match the spec into a 500, and leaves spec-shaped ones alone', async () => {
		const emulator = await startEmulator({ selfCheck: true });
		try {
			const [good] = emulator.seedJobs(1);
			expect((await call(emulator, 'GET', `/openai/v1/fine_tuning/jobs/${good.id}`)).status).toBe(
				200,
			);
			const [bad] = emulator.seedJobs(1, { created_at: 'yesterday' as unknown as number });
			const reply = await call(emulator, 'GET', `/openai/v1/fine_tuning/jobs/${bad.id}`);
			expect(reply.status).toBe(500);
			expect(reply.json.error).toMatchObject({
				code: 'emulatorResponseInvalid',
				inner_error: [expect.objectContaining({ instancePath: '/created_at' })],
			});
		} finally {
			await emulator.close();
		}
	});
});
