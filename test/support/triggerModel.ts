/**
 * Model-based randomized testing of the fine-tuning trigger (issue #3, rule 5), shared by
 * `statusChanges.model.test.ts` (short, in CI) and `scripts/soak-trigger.ts` (long).
 *
 * A {@link World} plays Azure's jobs list (newest first, ties in a configurable order, `after` cursors that answer an
 * empty page when the cursor job is gone). A scenario (fast-check arbitrary) is a list of polls, each preceded by
 * mutations: jobs created in bursts (several per second, more than a page), status changes (pending, paused and
 * unknown statuses included, several per poll, A→B→A), deletions, clock ticks; each poll has a random page size and
 * may fail at its k-th request. The real poll code (`pollOnce`) runs against it, with the state saved as JSON between
 * polls (a restart every poll). Two oracles:
 * - exact (`mode: 'exact'`: mutations only between polls, unlimited poll budget): the emitted items of every poll
 *   equal the reference model's — per job, the status at the poll differs from the status at the previous good poll
 *   (previous_status = that status; null for a job created after the baseline); baseline jobs never null.
 * - relaxed (`mode: 'relaxed'`: also mutations between the requests of a poll, and small poll budgets): no job is
 *   emitted twice in a row with the same status, previous_status chains, every emitted status was the job's status
 *   at some moment of that poll, new jobs start with null; and after settling polls every job is tracked with its
 *   true status (a final change of every active job is emitted exactly once).
 * A → B → A between two polls is not observable: the model emits nothing for it, and neither may the trigger.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type { TriggerConfig } from '../../nodes/AzureAiFoundryFineTuningTrigger/config';
import { normaliseStatus } from '../../nodes/AzureAiFoundryFineTuningTrigger/filters';
import {
	UnexpectedAnswerError,
	type JobSource,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/observe';
import type { ListedPage } from '../../nodes/AzureAiFoundryFineTuningTrigger/pageWalk';
import { pollOnce, STATE_KEY } from '../../nodes/AzureAiFoundryFineTuningTrigger/poll';
import { isTerminal, type Job } from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';

export const NON_TERMINAL = [
	'pending',
	'validating_files',
	'queued',
	'running',
	'pausing',
	'paused',
	'resuming',
	'mystery_state',
];
export const TERMINAL = ['succeeded', 'failed', 'cancelled', 'canceled'];

/** Order of jobs created in the same second: the trigger must not depend on it. */
export type TieOrder = 'newestFirst' | 'oldestFirst' | 'hashed';

export type Mutation =
	| { kind: 'create'; count: number; status: string }
	| { kind: 'status'; pick: number; to: string }
	/**
	 * `any` job, one of the 3 `oldest`, the last 3 of the last page served (`tail`), that whole `page`, or the first
	 * and last of the last two pages served (`anchors`: every cursor a walk would try).
	 */
	| { kind: 'delete'; pick: number; target: 'any' | 'oldest' | 'tail' | 'page' | 'anchors' }
	| { kind: 'tick'; seconds: number };

type DeleteTarget = Extract<Mutation, { kind: 'delete' }>['target'];

export interface PollStep {
	/** Applied before the poll. */
	before: Mutation[];
	pageSize: number;
	/** The poll's n-th request (0-based) fails with a 503-like error. */
	failAt?: number;
	/** Relaxed mode: mutations applied just before the poll's n-th request. */
	during?: Array<{ atRequest: number; mutation: Mutation }>;
	/** Relaxed mode: poll budget in requests (each request takes 1 s of the virtual clock); undefined = unlimited. */
	budgetRequests?: number;
}

export interface Scenario {
	mode: 'exact' | 'relaxed';
	tieOrder: TieOrder;
	/** Jobs existing before the baseline. */
	initial: Mutation[];
	polls: PollStep[];
	/** Trigger On → Specific Statuses (exact mode only); undefined = any change. */
	statuses?: string[];
}

interface WorldJob {
	job: Job;
	seq: number;
	tie: number;
	/** Status history in logical time (`World.t`). */
	history: Array<{ t: number; status: string }>;
	createdT: number;
	deletedT?: number;
}

function hash(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return h >>> 0;
}

/** Azure's jobs as the trigger sees them through list and get. */
export class World {
	clock = 1_750_000_000;
	/** Logical time: +1 on every mutation and every request. */
	t = 0;
	private seq = 0;
	/** All jobs ever, by id (deleted ones keep their record). */
	readonly all = new Map<string, WorldJob>();
	/** Existing jobs in list order (newest first). */
	private listed: WorldJob[] = [];
	/** Ids of the last two non-empty pages served, the last one last. */
	private served: string[][] = [];

	constructor(private readonly tieOrder: TieOrder) {}

	private tieKey(seq: number, id: string): number {
		return this.tieOrder === 'newestFirst'
			? -seq
			: this.tieOrder === 'oldestFirst'
				? seq
				: hash(id);
	}

	private before(a: WorldJob, b: WorldJob): boolean {
		const ca = a.job.created_at as number;
		const cb = b.job.created_at as number;
		return ca > cb || (ca === cb && a.tie < b.tie);
	}

	apply(mutation: Mutation): void {
		this.t++;
		if (mutation.kind === 'tick') this.clock += mutation.seconds;
		else if (mutation.kind === 'create')
			for (let i = 0; i < mutation.count; i++) this.create(mutation.status);
		else if (mutation.kind === 'status') {
			const open = this.listed.filter((entry) => !isTerminal(entry.job.status as string));
			const target = open[mutation.pick % Math.max(open.length, 1)];
			if (target && target.job.status !== mutation.to) {
				target.job.status = mutation.to;
				target.history.push({ t: this.t, status: mutation.to });
			}
		} else if (mutation.target !== 'any' && mutation.target !== 'oldest') {
			const lastPage = this.served.at(-1) ?? [];
			const pick = {
				tail: lastPage.slice(-3),
				page: lastPage,
				anchors: this.served.flatMap((ids) => [ids[0], ids.at(-1)]),
			};
			const ids = new Set(pick[mutation.target]);
			this.listed.filter((entry) => ids.has(entry.job.id)).forEach((entry) => this.remove(entry));
		} else if (this.listed.length > 0) {
			const count = this.listed.length;
			this.remove(
				this.listed[
					mutation.target === 'oldest'
						? count - 1 - (mutation.pick % Math.min(3, count))
						: mutation.pick % count
				],
			);
		}
	}

	private remove(entry: WorldJob): void {
		this.listed.splice(this.listed.indexOf(entry), 1);
		entry.deletedT = this.t;
	}

	private create(status: string): void {
		const seq = this.seq++;
		const id = `ftjob-${seq.toString(16).padStart(6, '0')}${(hash(String(seq)) % 4096).toString(16)}`;
		const job: Job = {
			id,
			object: 'fine_tuning.job',
			created_at: this.clock,
			status,
			suffix: seq % 3 === 0 ? 'mine' : null,
			metadata: { n: String(seq) },
		};
		const entry: WorldJob = {
			job,
			seq,
			tie: this.tieKey(seq, id),
			history: [{ t: this.t, status }],
			createdT: this.t,
		};
		this.all.set(id, entry);
		let index = 0;
		while (index < this.listed.length && this.before(this.listed[index], entry)) index++;
		this.listed.splice(index, 0, entry);
	}

	/** `GET /fine_tuning/jobs?after&limit`: an unknown `after` answers an empty page (as the emulator does). */
	list(after: string | undefined, limit: number): ListedPage {
		this.t++;
		const start =
			after === undefined
				? 0
				: this.listed.findIndex((entry) => entry.job.id === after) + 1 || this.listed.length;
		const data = this.listed.slice(start, start + limit).map((entry) => structuredClone(entry.job));
		if (data.length > 0) this.served = [...this.served.slice(-1), data.map((job) => job.id)];
		return { data, hasMore: start + data.length < this.listed.length };
	}

	/** `GET /fine_tuning/jobs/{id}`: null for a deleted (or unknown) job. */
	get(id: string): Job | null {
		this.t++;
		const entry = this.all.get(id);
		return entry && entry.deletedT === undefined ? structuredClone(entry.job) : null;
	}

	/** Existing jobs with their current status. */
	snapshot(): Map<string, string> {
		return new Map(this.listed.map((entry) => [entry.job.id, entry.job.status as string]));
	}

	existing(): WorldJob[] {
		return this.listed;
	}

	/** True when the job had `status` at some moment in [from, to] (logical time). */
	hadStatusDuring(id: string, status: string, from: number, to: number): boolean {
		const { history } = this.all.get(id)!;
		return history.some(
			(entry, i) =>
				entry.status === status && entry.t <= to && (history[i + 1]?.t ?? Infinity) >= from,
		);
	}
}

/** The error a faulty request throws (stands for the API's 503). */
export class InjectedFault extends Error {}

/** A {@link JobSource} on the world for one poll: fault injection, mutations between requests, a virtual clock. */
class PollSource implements JobSource {
	requests = 0;
	constructor(
		private readonly world: World,
		private readonly step: PollStep,
	) {}

	/** Virtual milliseconds: one second per request made. */
	now = () => this.requests * 1000;

	private async request<T>(read: () => T): Promise<T> {
		const index = this.requests++;
		for (const { atRequest, mutation } of this.step.during ?? [])
			if (atRequest === index) this.world.apply(mutation);
		if (this.step.failAt === index) throw new InjectedFault(`injected 503 at request ${index}`);
		return read();
	}

	list(after: string | undefined, limit: number) {
		return this.request(() => this.world.list(after, limit));
	}

	get(id: string) {
		return this.request(() => this.world.get(id));
	}
}

/** One emitted item, reduced to what the oracles compare. */
export interface Emission {
	poll: number;
	id: string;
	status: string;
	previous: string | null;
}

export interface Report {
	polls: number;
	failedPolls: number;
	/** Failed polls that gave up because the list changed too much while it was read (relaxed mode). */
	gaveUp: number;
	jobs: number;
	requests: number;
	emitted: number;
	/** Exact mode: expected items not emitted. Relaxed mode: final changes not emitted. */
	missed: number;
	/** Items emitted again for a change already emitted (same job and status twice in a row, or an extra item). */
	duplicated: number;
	/** Every rule broken, with the poll and job (empty when all held). */
	violations: string[];
	/** Largest state seen, in bytes of JSON. */
	maxStateBytes: number;
}

const key = (e: Omit<Emission, 'poll'>) => `${e.id}|${e.status}|${e.previous}`;

/** The reference model of exact mode: what a poll must emit, from world snapshots at good polls. */
class ExactModel {
	private last: Map<string, string> | null = null;

	constructor(private readonly statuses: ReadonlySet<string> | null) {}

	/** Emissions expected from a good poll that saw `snapshot`; advances the model. */
	poll(snapshot: Map<string, string>): Array<Omit<Emission, 'poll'>> {
		if (!this.last) {
			this.last = new Map(snapshot);
			return [];
		}
		const expected: Array<Omit<Emission, 'poll'>> = [];
		const next = new Map<string, string>();
		for (const [id, status] of snapshot) {
			const before = this.last.get(id);
			const changed = before === undefined || (!isTerminal(before) && before !== status);
			if (changed && (!this.statuses || this.statuses.has(normaliseStatus(status))))
				expected.push({ id, status, previous: before ?? null });
			next.set(id, changed ? status : before!);
		}
		this.last = next;
		return expected;
	}
}

function configFor(scenario: Scenario, pageSize: number): TriggerConfig {
	const statuses = scenario.statuses ? new Set(scenario.statuses.map(normaliseStatus)) : null;
	return { scope: 'all', filter: { statuses }, pageSize };
}

function emissionsOf(items: IDataObject[], poll: number): Emission[] {
	return items.map((item) => ({
		poll,
		id: item.id as string,
		status: item.status as string,
		previous: item.previous_status as string | null,
	}));
}

/** Multiset difference a − b by key. */
function minus<T extends Omit<Emission, 'poll'>>(a: T[], b: Array<Omit<Emission, 'poll'>>): T[] {
	const counts = new Map<string, number>();
	for (const e of b) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
	return a.filter((e) => {
		const n = counts.get(key(e)) ?? 0;
		if (n > 0) counts.set(key(e), n - 1);
		return n === 0;
	});
}

/** Relaxed-mode rules on the whole emission log (also checked in exact mode). */
function checkChains(
	world: World,
	log: Emission[],
	spans: Map<number, [number, number]>,
	baselineSpan: [number, number],
	filtered: boolean,
): { duplicated: number; violations: string[] } {
	const violations: string[] = [];
	let duplicated = 0;
	const byJob = new Map<string, Emission[]>();
	for (const e of log) byJob.set(e.id, [...(byJob.get(e.id) ?? []), e]);
	for (const [id, emissions] of byJob) {
		const job = world.all.get(id)!;
		emissions.forEach((e, i) => {
			const [from, to] = spans.get(e.poll)!;
			if (!world.hadStatusDuring(id, e.status, from, to))
				violations.push(
					`poll ${e.poll}: ${id} emitted as ${e.status}, a status it did not have during the poll`,
				);
			if (e.previous === e.status)
				violations.push(
					`poll ${e.poll}: ${id} emitted with previous_status equal to status ${e.status}`,
				);
			const prior = emissions[i - 1];
			// With a status filter the same status may legitimately be emitted twice (paused, pending unseen, paused).
			if (prior && prior.status === e.status && !filtered) {
				duplicated++;
				violations.push(`poll ${e.poll}: ${id} emitted ${e.status} again`);
			}
			if (prior && !filtered && e.previous !== prior.status)
				violations.push(
					`poll ${e.poll}: ${id} previous_status ${e.previous}, last emitted ${prior.status}`,
				);
			if (e.previous === null && (i > 0 || job.createdT < baselineSpan[0]))
				violations.push(`poll ${e.poll}: ${id} emitted as new but is not`);
		});
		if (job.createdT > baselineSpan[1] && !filtered && emissions[0].previous !== null)
			violations.push(
				`${id} was created after the baseline but first emitted with previous_status ${emissions[0].previous}`,
			);
	}
	return { duplicated, violations };
}

export interface RunOptions {
	/** Changes the saved state before each poll: only to check that the oracles notice a broken trigger. */
	tamper?: (state: IDataObject) => void;
}

/**
 * After settling (no filter): every existing job's last emitted status is its current status; a job created after
 * the baseline was emitted; a baseline job whose status is none it had during the baseline poll was emitted (when
 * the baseline poll read everything). @returns how many jobs break this (each also listed in `violations`).
 */
function checkEnd(
	world: World,
	log: Emission[],
	baselineSpan: [number, number],
	baselineUnlimited: boolean,
	violations: string[],
): number {
	const lastEmitted = new Map<string, Emission>();
	for (const e of log) lastEmitted.set(e.id, e);
	let missed = 0;
	for (const [id, status] of world.snapshot()) {
		const last = lastEmitted.get(id);
		const { createdT } = world.all.get(id)!;
		const mustHave =
			createdT > baselineSpan[1] ||
			(baselineUnlimited &&
				createdT < baselineSpan[0] &&
				!world.hadStatusDuring(id, status, ...baselineSpan));
		if (last ? last.status !== status : mustHave) {
			missed++;
			violations.push(`end: ${id} is ${status}, last emitted ${last ? last.status : 'never'}`);
		}
	}
	return missed;
}

/**
 * Runs a scenario against the real poll code. Never throws for a broken rule: every break is counted in the
 * report (`missed`, `duplicated`, `violations`), so a soak can print them.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<Report> {
	const world = new World(scenario.tieOrder);
	scenario.initial.forEach((mutation) => world.apply(mutation));
	const exact = scenario.mode === 'exact';
	const config = (pageSize: number) => configFor(scenario, pageSize);
	const model = new ExactModel(config(1).filter.statuses);
	const log: Emission[] = [];
	const spans = new Map<number, [number, number]>();
	const report: Report = {
		polls: 0,
		failedPolls: 0,
		gaveUp: 0,
		jobs: 0,
		requests: 0,
		emitted: 0,
		missed: 0,
		duplicated: 0,
		violations: [],
		maxStateBytes: 0,
	};
	let stateJson = '{}';
	let baselineSpan: [number, number] | undefined;
	let baselineUnlimited = false;

	const poll = async (step: PollStep, index: number): Promise<boolean> => {
		step.before.forEach((mutation) => world.apply(mutation));
		const source = new PollSource(
			world,
			exact ? { ...step, during: undefined, budgetRequests: undefined } : step,
		);
		const staticData = JSON.parse(stateJson) as IDataObject;
		if (options.tamper && staticData[STATE_KEY]) {
			options.tamper(staticData[STATE_KEY] as IDataObject);
			stateJson = JSON.stringify(staticData);
		}
		const start = world.t;
		const snapshot = world.snapshot();
		const budgetMs = step.budgetRequests === undefined || exact ? 1e12 : step.budgetRequests * 1000;
		report.polls++;
		try {
			const items = await pollOnce(source, staticData, config(step.pageSize), {
				now: source.now,
				budgetMs,
			});
			report.requests += source.requests;
			spans.set(index, [start, world.t]);
			if (!baselineSpan) {
				baselineSpan = [start, world.t];
				baselineUnlimited = exact || step.budgetRequests === undefined;
			}
			const emitted = emissionsOf(items, index);
			log.push(...emitted);
			if (exact) {
				const expected = model.poll(snapshot);
				const missing = minus(expected, emitted);
				const extra = minus(emitted, expected);
				report.missed += missing.length;
				report.duplicated += extra.length;
				missing.forEach((e) => report.violations.push(`poll ${index}: missed ${key(e)}`));
				extra.forEach((e) => report.violations.push(`poll ${index}: unexpected ${key(e)}`));
			}
			stateJson = JSON.stringify(staticData);
			report.maxStateBytes = Math.max(report.maxStateBytes, Buffer.byteLength(stateJson));
			return true;
		} catch (error) {
			report.requests += source.requests;
			report.failedPolls++;
			// Relaxed mode may delete every cursor of a walk several times over: the poll then gives up (and retries next time).
			if (!exact && error instanceof UnexpectedAnswerError) report.gaveUp++;
			else if (!(error instanceof InjectedFault))
				report.violations.push(`poll ${index}: unexpected error ${(error as Error).stack}`);
			if (JSON.stringify(staticData) !== stateJson)
				report.violations.push(`poll ${index}: a failed poll changed the state`);
			return false;
		}
	};

	let index = 0;
	for (const step of scenario.polls) await poll(step, index++);
	// Settle: good polls without mutations, faults or budget limits.
	const settle: PollStep = { before: [], pageSize: 7 };
	for (let i = 0; i < 3; i++) await poll(settle, index++);
	// Liveness: every active job changes once more; one good poll must emit each change exactly once.
	if (!exact && !scenario.statuses) {
		const finals = world
			.existing()
			.filter((entry) => !isTerminal(entry.job.status as string))
			.map((entry) => ({ id: entry.job.id, previous: entry.job.status as string }));
		const before = log.length;
		finals.forEach((entry) => {
			const open = world.existing().filter((e) => !isTerminal(e.job.status as string));
			world.apply({
				kind: 'status',
				pick: open.findIndex((e) => e.job.id === entry.id),
				to: entry.previous === 'running' ? 'succeeded' : 'running',
			});
		});
		await poll(settle, index++);
		const expected = finals.map((entry) => ({
			id: entry.id,
			previous: entry.previous,
			status: world.all.get(entry.id)!.job.status as string,
		}));
		const got = log.slice(before);
		const missing = minus(expected, got);
		report.missed += missing.length;
		missing.forEach((e) => report.violations.push(`final: missed ${key(e)}`));
		minus(got, expected).forEach((e) => report.violations.push(`final: unexpected ${key(e)}`));
	}
	if (!scenario.statuses)
		report.missed += checkEnd(
			world,
			log,
			baselineSpan ?? [0, 0],
			baselineUnlimited,
			report.violations,
		);
	const chains = checkChains(world, log, spans, baselineSpan ?? [0, 0], Boolean(scenario.statuses));
	if (!exact) report.duplicated += chains.duplicated;
	report.violations.push(...chains.violations);
	report.jobs = world.all.size;
	report.emitted = log.length;
	return report;
}

export interface ScenarioSize {
	/** Polls per scenario. */
	polls: { min: number; max: number };
	/** Jobs before the baseline. */
	initialJobs: number;
	/** Largest burst of jobs created at once (bigger than the largest page size). */
	maxBurst: number;
	maxPageSize: number;
	/** Relative weights of the mutations (integers). */
	weights: { create: number; status: number; delete: number; tick: number };
	/** Share of status changes (and created jobs) that are terminal, 0..1. */
	terminalShare: number;
}

/** Sizes for CI: small scenarios, many of them. */
export const CI_SIZE: ScenarioSize = {
	polls: { min: 3, max: 25 },
	initialJobs: 30,
	maxBurst: 15,
	maxPageSize: 12,
	weights: { create: 2, status: 5, delete: 2, tick: 2 },
	terminalShare: 0.2,
};

function statusArb(size: ScenarioSize): fc.Arbitrary<string> {
	const terminal = Math.round(size.terminalShare * 100);
	return fc.oneof(
		{ weight: 100 - terminal, arbitrary: fc.constantFrom(...NON_TERMINAL) },
		{ weight: terminal, arbitrary: fc.constantFrom(...TERMINAL) },
	);
}

function mutationArb(size: ScenarioSize): fc.Arbitrary<Mutation> {
	const statusOf = statusArb(size);
	return fc.oneof(
		{
			weight: size.weights.create,
			arbitrary: fc.record({
				kind: fc.constant('create' as const),
				count: fc.integer({ min: 1, max: size.maxBurst }),
				status: statusOf,
			}),
		},
		{
			weight: size.weights.status,
			arbitrary: fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), to: statusOf }),
		},
		{
			weight: size.weights.delete,
			arbitrary: fc.record({
				kind: fc.constant('delete' as const),
				pick: fc.nat(),
				target: fc.constantFrom<DeleteTarget>('any', 'oldest', 'tail', 'page', 'anchors'),
			}),
		},
		{
			weight: size.weights.tick,
			arbitrary: fc.record({
				kind: fc.constant('tick' as const),
				seconds: fc.integer({ min: 0, max: 3 }),
			}),
		},
	);
}

/** `arbitrary`'s value with probability `share`, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, share: number): fc.Arbitrary<T | undefined> {
	const weight = Math.round(share * 100);
	return fc.oneof(
		{ weight: 100 - weight, arbitrary: fc.constant(undefined) },
		{ weight, arbitrary },
	);
}

function pollStepArb(size: ScenarioSize, mode: Scenario['mode']): fc.Arbitrary<PollStep> {
	const mutations = fc.array(mutationArb(size), { maxLength: 4 });
	return fc.record(
		{
			before: mutations,
			pageSize: fc.integer({ min: 1, max: size.maxPageSize }),
			failAt: sometimes(fc.integer({ min: 0, max: 3 }), 1 / 6),
			during:
				mode === 'relaxed'
					? fc.array(
							fc.record({ atRequest: fc.integer({ min: 1, max: 6 }), mutation: mutationArb(size) }),
							{ maxLength: 3 },
						)
					: fc.constant(undefined),
			budgetRequests:
				mode === 'relaxed'
					? sometimes(fc.integer({ min: 1, max: 6 }), 1 / 2)
					: fc.constant(undefined),
		},
		{ requiredKeys: ['before', 'pageSize'] },
	);
}

/** Scenarios of the given mode and size. */
export function scenarioArb(
	mode: Scenario['mode'],
	size: ScenarioSize = CI_SIZE,
): fc.Arbitrary<Scenario> {
	return fc.record({
		mode: fc.constant(mode),
		tieOrder: fc.constantFrom<TieOrder>('newestFirst', 'oldestFirst', 'hashed'),
		initial: fc.array(
			fc.oneof(
				fc.record({
					kind: fc.constant('create' as const),
					count: fc.integer({ min: 1, max: Math.max(1, size.initialJobs) }),
					status: statusArb(size),
				}),
				fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 0, max: 2 }) }),
			),
			{ maxLength: 4 },
		),
		polls: fc.array(pollStepArb(size, mode), {
			minLength: size.polls.min,
			maxLength: size.polls.max,
		}),
		statuses:
			mode === 'exact'
				? sometimes(
						fc.subarray(['running', 'succeeded', 'failed', 'cancelled', 'paused', 'pending']),
						1 / 4,
					)
				: fc.constant(undefined),
	});
}
