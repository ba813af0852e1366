/** Cursor pagination (`after`/`limit`, `has_more`) of jobs, events, checkpoints and (opt-in) files, newest first. */
import { call, createJob, upload } from './helpers';
import { startEmulator, type Emulator, type Job } from './';

let emulator: Emulator;
let seeded: Job[];

beforeAll(async () => {
	emulator = await startEmulator({ selfCheck: true });
	seeded = emulator.seedJobs(45);
});
afterAll(() => emulator.close());

const JOBS = '/openai/v1/fine_tuning/jobs';
const ids = (reply: { json: { data: { id: string }[] } }) => reply.json.data.map((item) => item.id);

describe('jobs', () => {
	it('pages through all jobs newest first with the default limit of 20', async () => {
		const newestFirst = seeded.map((job) => job.id).reverse();
		const first = await call(emulator, 'GET', JOBS);
		expect(ids(first)).toEqual(newestFirst.slice(0, 20));
		expect(first.json).toMatchObject({ object: 'list', has_more: true });
		const second = await call(emulator, 'GET', `${JOBS}?after=${newestFirst[19]}`);
		expect(ids(second)).toEqual(newestFirst.slice(20, 40));
		const last = await call(emulator, 'GET', `${JOBS}?after=${newestFirst[39]}&limit=20`);
		expect(ids(last)).toEqual(newestFirst.slice(40));
		expect(last.json.has_more).toBe(false);
	});

	it('orders same-second jobs by creation sequence', async () => {
		const local = await startEmulator();
		try {
			local.setNow(1_700_000_000);
			const jobs = local.seedJobs(3, { created_at: 1_700_000_000 });
			const reply = await call(local, 'GET', `${JOBS}?limit=3`);
			expect(ids(reply)).toEqual(jobs.map((j) => j.id).reverse());
		} finally {
			await local.close();
		}
	});

	it('seeds succeeded jobs by default and applies init', async () => {
		expect(seeded[0]).toMatchObject({
			status: 'succeeded',
			fine_tuned_model: expect.stringContaining('.ft-'),
			finished_at: expect.any(Number),
		});
		const [queued] = emulator.seedJobs(1, {
			status: 'queued',
			model: 'o4-mini-2025-04-16',
			id: 'ignored',
		});
		expect(queued).toMatchObject({
			status: 'queued',
			model: 'o4-mini-2025-04-16',
			fine_tuned_model: null,
		});
		expect(queued.id).toMatch(/^ftjob-/);
		emulator.deleteJob(queued.id);
	});

	it('answers an empty last page for an unknown cursor and refuses limit=0', async () => {
		expect((await call(emulator, 'GET', `${JOBS}?after=ftjob-unknown`)).json).toEqual({
			object: 'list',
			data: [],
			has_more: false,
		});
		const zero = await call(emulator, 'GET', `${JOBS}?limit=0`);
		expect(zero.status).toBe(400);
		expect(zero.json.error.param).toBe('limit');
	});
});

describe('events and checkpoints', () => {
	let job: Job;

	beforeAll(async () => {
		job = await createJob(emulator);
		for (let i = 0; i < 4; i++) emulator.step();
	});

	it('pages events with after/limit', async () => {
		const all = ids(await call(emulator, 'GET', `${JOBS}/${job.id}/events?limit=100`));
		expect(all.length).toBeGreaterThan(5);
		const first = await call(emulator, 'GET', `${JOBS}/${job.id}/events?limit=2`);
		expect(ids(first)).toEqual(all.slice(0, 2));
		expect(first.json.has_more).toBe(true);
		const rest = await call(emulator, 'GET', `${JOBS}/${job.id}/events?after=${all[1]}&limit=100`);
		expect(ids(rest)).toEqual(all.slice(2));
		expect(rest.json.has_more).toBe(false);
	});

	it('pages checkpoints with first_id/last_id', async () => {
		const first = await call(emulator, 'GET', `${JOBS}/${job.id}/checkpoints?limit=2`);
		expect(first.json).toMatchObject({
			object: 'list',
			has_more: true,
			first_id: first.json.data[0].id,
			last_id: first.json.data[1].id,
		});
		const rest = await call(
			emulator,
			'GET',
			`${JOBS}/${job.id}/checkpoints?after=${first.json.last_id}`,
		);
		expect(rest.json.data).toHaveLength(1);
		expect(rest.json).toMatchObject({
			has_more: false,
			first_id: rest.json.data[0].id,
			last_id: rest.json.data[0].id,
		});
		const empty = await call(
			emulator,
			'GET',
			`${JOBS}/${job.id}/checkpoints?after=${rest.json.last_id}`,
		);
		expect(empty.json).toEqual({
			object: 'list',
			data: [],
			has_more: false,
			first_id: null,
			last_id: null,
		});
	});
});

describe('files', () => {
	const FILES = '/openai/v1/files';

	/** Uploads `count` files to `emu`, one clock step apart so that newest first is a fixed order. */
	async function uploadFiles(emu: Emulator, count: number): Promise<string[]> {
		const uploaded: string[] = [];
		for (let i = 0; i < count; i++) {
			uploaded.push((await upload(emu, undefined, `train-${i}.jsonl`)).json.id);
			emu.step();
		}
		return uploaded.reverse();
	}

	it('answers every file in one page by default: listFiles declares no paging parameter', async () => {
		const local = await startEmulator({ selfCheck: true });
		try {
			const newestFirst = await uploadFiles(local, 3);
			const reply = await call(local, 'GET', `${FILES}?after=${newestFirst[0]}&limit=1`);
			expect(ids(reply)).toEqual(newestFirst);
			expect(reply.json).toMatchObject({
				has_more: false,
				first_id: newestFirst[0],
				last_id: newestFirst[2],
			});
		} finally {
			await local.close();
		}
	});

	it('with filesPageSize pages by the after cursor, with first_id, last_id and has_more', async () => {
		const local = await startEmulator({ selfCheck: true, filesPageSize: 2 });
		try {
			const newestFirst = await uploadFiles(local, 5);
			const first = await call(local, 'GET', `${FILES}?purpose=fine-tune`);
			expect(ids(first)).toEqual(newestFirst.slice(0, 2));
			expect(first.json).toMatchObject({
				has_more: true,
				first_id: newestFirst[0],
				last_id: newestFirst[1],
			});
			const second = await call(local, 'GET', `${FILES}?purpose=fine-tune&after=${newestFirst[1]}`);
			expect(ids(second)).toEqual(newestFirst.slice(2, 4));
			expect(second.json.has_more).toBe(true);
			const last = await call(local, 'GET', `${FILES}?after=${newestFirst[3]}`);
			expect(ids(last)).toEqual(newestFirst.slice(4));
			expect(last.json.has_more).toBe(false);
			const unknown = await call(local, 'GET', `${FILES}?after=file-unknown`);
			expect(unknown.json).toMatchObject({ data: [], has_more: false });
		} finally {
			await local.close();
		}
	});
});
