/**
 * Model-based randomized testing of the fine-tuning trigger (nothing missed, nothing emitted twice, nothing invented),
 * shared by `test/unit/trigger.statusChanges.model.test.ts` (short, in CI) and `scripts/soak-trigger.ts` (long).
 *
 * A {@link World} plays Azure's jobs list (newest first, ties in a configurable order, `after` cursors that answer an
 * empty page when the cursor job is gone) with two clocks: the poller's (simulated milliseconds, moved by `tick`
 * mutations and by every request, which costs `readCostMs`) and Azure's (`skewSeconds` ahead of it, or behind), which
 * stamps `created_at` and `finished_at`. A scenario (fast-check arbitrary) is a list of polls, each preceded by
 * mutations: jobs created in bursts (several per second, more than a page; some dated hours ahead), status changes
 * (pending, paused and unknown statuses included, several per poll, A→B→A), deletions, clock ticks; each poll has a
 * page size, a poll budget in simulated ms (down to 2 s), and may fail at its k-th request. The real poll code
 * (`pollOnce`) runs against it with the state saved as JSON between polls (a restart before every poll).
 *
 * What counts, per job (the observation oracle, {@link judge}). A poll "reads" a job when a list page or a by-id GET
 * answers it; the poll's effective reading of a job is the last one, and only successful polls count (a failed
 * poll changes nothing). The trigger cannot see a status that lived entirely between two readings: such statuses
 * are counted as `unobservable`, never as missed. From the readings alone, the expected items are:
 * - first reading in the baseline poll: none (the baseline);
 * - first reading of a job created after the baseline poll started: one item, previous_status null, whatever the
 *   status;
 * - first reading, after the baseline poll, of an older job (the first scan spread over polls): none when it is not
 *   terminal (`absorbed` counts those whose status changed since activation: a job carries no time of its last
 *   status change, docs/operations.md says so); when it is terminal, one item with previous_status null if it finished more
 *   than the clock tolerance (+ skew) after the baseline poll, none if it finished before the baseline poll started,
 *   either in between (`ambiguous`);
 * - every later reading whose status differs from the previous reading (while that one was not terminal): one item,
 *   previous_status = the previous reading. With Trigger On → Specific Statuses only those into a chosen status.
 * `missed` = expected items not emitted (in that poll); `duplicated` = items emitted again; `spurious` = any other item
 * emitted. Liveness: the settle polls at the end have no budget limit, so every job must be read, and every active
 * job, changed once more, must be emitted; between two readings of a tracked job no more polls may pass than the
 * fairness bound (tracked jobs + 1, k ≥ 1 reads per poll: docs/operations.md).
 *
 * In `exact` mode (mutations only between polls, unlimited budget) the items of each poll must also equal a
 * snapshot model's — per job, the status at the poll differs from the status at the previous good poll.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type { TriggerConfig } from '../../nodes/AzureAiFoundryFineTuningTrigger/config';
import type { JobSource } from '../../nodes/AzureAiFoundryFineTuningTrigger/observe';
import type { ListedPage } from '../../nodes/AzureAiFoundryFineTuningTrigger/pageWalk';
import { pollOnce, STATE_KEY } from '../../nodes/AzureAiFoundryFineTuningTrigger/poll';
import {
	CLOCK_TOLERANCE_SECONDS,
	type Job,
	type TriggerState,
} from '../../nodes/AzureAiFoundryFineTuningTrigger/statusChanges';
import { UnexpectedAnswerError } from '../../nodes/shared/errors';
import { isTerminalStatus, normaliseStatus } from '../../nodes/shared/jobs';

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
	/** `aheadSeconds`: the jobs' `created_at` is that far ahead of Azure's clock (a misbehaving region). */
	| { kind: 'create'; count: number; status: string; aheadSeconds?: number }
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
	/** Relaxed mode: n8n's poll budget, simulated ms; undefined = unlimited. */
	budgetMs?: number;
	/** Simulated ms each request of this poll takes (default 100). */
	readCostMs?: number;
}

export interface Scenario {
	mode: 'exact' | 'relaxed';
	tieOrder: TieOrder;
	/** How far Azure's clock is ahead of the poller's (negative: behind), seconds; within the clock tolerance. */
	skewSeconds: number;
	/** Jobs existing before the baseline. */
	initial: Mutation[];
	polls: PollStep[];
	/** Trigger On → Specific Statuses; undefined = any change. */
	statuses?: string[];
}

interface WorldJob {
	job: Job;
	seq: number;
	tie: number;
	/** Status history: logical time (`World.t`) and the poller's clock (ms) of each status. */
	history: Array<{ t: number; ms: number; status: string }>;
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
	/** The poller's clock, simulated ms. */
	ms = 1_750_000_000_000;
	/** Logical time: +1 on every mutation and every request. */
	t = 0;
	private seq = 0;
	/** All jobs ever, by id (deleted ones keep their record). */
	readonly all = new Map<string, WorldJob>();
	/** Existing jobs in list order (newest first). */
	private listed: WorldJob[] = [];
	/** Ids of the last two non-empty pages served, the last one last. */
	private served: string[][] = [];

	constructor(
		private readonly tieOrder: TieOrder,
		/** Azure's clock minus the poller's, ms. */
		private readonly skewMs = 0,
	) {}

	/** Azure's clock, unix s (what `created_at` and `finished_at` are stamped with). */
	azureNow(): number {
		return Math.floor((this.ms + this.skewMs) / 1000);
	}

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

	private setStatus(entry: WorldJob, status: string): void {
		entry.job.status = status;
		if (isTerminalStatus(status)) entry.job.finished_at = this.azureNow();
		entry.history.push({ t: this.t, ms: this.ms, status });
	}

	apply(mutation: Mutation): void {
		this.t++;
		if (mutation.kind === 'tick') this.ms += mutation.seconds * 1000;
		else if (mutation.kind === 'create')
			for (let i = 0; i < mutation.count; i++)
				this.create(mutation.status, mutation.aheadSeconds ?? 0);
		else if (mutation.kind === 'status') {
			const open = this.listed.filter((entry) => !isTerminalStatus(entry.job.status as string));
			const target = open[mutation.pick % Math.max(open.length, 1)];
			if (target && target.job.status !== mutation.to) this.setStatus(target, mutation.to);
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

	private create(status: string, aheadSeconds: number): void {
		const seq = this.seq++;
		const id = `ftjob-${seq.toString(16).padStart(6, '0')}${(hash(String(seq)) % 4096).toString(16)}`;
		const job: Job = {
			id,
			object: 'fine_tuning.job',
			created_at: this.azureNow() + aheadSeconds,
			status,
			finished_at: isTerminalStatus(status) ? this.azureNow() : null,
			suffix: seq % 3 === 0 ? 'mine' : null,
			metadata: { n: String(seq) },
		};
		const entry: WorldJob = {
			job,
			seq,
			tie: this.tieKey(seq, id),
			history: [{ t: this.t, ms: this.ms, status }],
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

	/** The job's status at logical time `t`. */
	statusAt(id: string, t: number): string {
		const { history } = this.all.get(id)!;
		return [...history].reverse().find((entry) => entry.t <= t)?.status ?? history[0].status;
	}
}

/** The error a faulty request throws (stands for the API's 503). */
export class InjectedFault extends Error {}

/** One effective reading: the job's status at its last read in a successful poll. */
interface Reading {
	poll: number;
	status: string;
	/** Logical time of the read. */
	t: number;
}

/**
 * A {@link JobSource} on the world for one poll: fault injection, mutations between requests, simulated time per
 * request, and a record of what each job was read as (the last reading wins).
 */
class PollSource implements JobSource {
	requests = 0;
	readonly reads = new Map<string, { status: string; t: number }>();
	constructor(
		private readonly world: World,
		private readonly step: PollStep,
	) {}

	/** The poller's clock (ms). */
	now = () => this.world.ms;

	private async request<T>(read: () => T): Promise<T> {
		const index = this.requests++;
		for (const { atRequest, mutation } of this.step.during ?? [])
			if (atRequest === index) this.world.apply(mutation);
		this.world.ms += this.step.readCostMs ?? 100;
		if (this.step.failAt === index) throw new InjectedFault(`injected 503 at request ${index}`);
		return read();
	}

	private saw(job: Job): void {
		this.reads.delete(job.id);
		this.reads.set(job.id, { status: job.status as string, t: this.world.t });
	}

	list(after: string | undefined, limit: number) {
		return this.request(() => {
			const page = this.world.list(after, limit);
			page.data.forEach((job) => this.saw(job));
			return page;
		});
	}

	get(id: string) {
		return this.request(() => {
			const job = this.world.get(id);
			if (job) this.saw(job);
			return job;
		});
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
	/** Items the readings call for (see the file's docstring). */
	changes: number;
	/** Expected items not emitted in their poll. */
	missed: number;
	/** Items emitted again for a change already emitted. */
	duplicated: number;
	/** Items emitted that no reading calls for. */
	spurious: number;
	/** Finished jobs met by the first scan within the clock tolerance of activation (either way is right). */
	ambiguous: number;
	/** Statuses that lived entirely between two readings of their job (invisible to any poller). */
	unobservable: number;
	/** Older jobs whose first reading (by a first scan spread over polls) differs from their status at activation. */
	absorbed: number;
	/** Successful polls after which the first scan was still under way (it spread over that many polls + 1). */
	scanPolls: number;
	/** Most successful polls between two readings of a tracked job, and the fairness bound it was held to. */
	maxReadGap: number;
	readGapBound: number;
	/** Every rule broken, with the poll and job (empty when all held). */
	violations: string[];
	/** Largest state seen, in bytes of JSON. */
	maxStateBytes: number;
}

const key = (e: Omit<Emission, 'poll'>) => `${e.id}|${e.status}|${e.previous}`;
const pollKey = (e: Emission) => `${e.poll}|${key(e)}`;

/** The snapshot model of exact mode: what a poll must emit, from world snapshots at good polls. */
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
			const changed = before === undefined || (!isTerminalStatus(before) && before !== status);
			if (changed && (!this.statuses || this.statuses.has(normaliseStatus(status))))
				expected.push({ id, status, previous: before ?? null });
			next.set(id, changed ? status : before!);
		}
		this.last = next;
		return expected;
	}
}

function configFor(scenario: Scenario, pageSize: number): TriggerConfig {
	const filter = scenario.statuses ? { statuses: scenario.statuses.map(normaliseStatus) } : {};
	return { scope: 'all', filter, pageSize };
}

function emissionsOf(items: IDataObject[], poll: number): Emission[] {
	return items.map((item) => ({
		poll,
		id: item.id as string,
		status: item.status as string,
		previous: item.previous_status as string | null,
	}));
}

/** Multiset difference a − b by `keyOf`. */
function minus<T>(a: T[], b: T[], keyOf: (e: T) => string): T[] {
	const counts = new Map<string, number>();
	for (const e of b) counts.set(keyOf(e), (counts.get(keyOf(e)) ?? 0) + 1);
	return a.filter((e) => {
		const n = counts.get(keyOf(e)) ?? 0;
		if (n > 0) counts.set(keyOf(e), n - 1);
		return n === 0;
	});
}

/** The first successful poll: when it started and ended (logical time and the poller's clock). */
interface Baseline {
	poll: number;
	startT: number;
	startMs: number;
	endMs: number;
}

interface Verdict {
	changes: number;
	missed: number;
	duplicated: number;
	spurious: number;
	ambiguous: number;
	unobservable: number;
	absorbed: number;
	violations: string[];
}

/**
 * The observation oracle (see the file's docstring): the items each job's readings call for, against the items
 * emitted.
 */
function judge(
	world: World,
	log: Emission[],
	readings: Map<string, Reading[]>,
	baseline: Baseline | undefined,
	scenario: Scenario,
): Verdict {
	const verdict: Verdict = {
		changes: 0,
		missed: 0,
		duplicated: 0,
		spurious: 0,
		ambiguous: 0,
		unobservable: 0,
		absorbed: 0,
		violations: [],
	};
	const chosen = scenario.statuses ? new Set(scenario.statuses.map(normaliseStatus)) : null;
	const passes = (status: string) => !chosen || chosen.has(normaliseStatus(status));
	const emittedBy = new Map<string, Emission[]>();
	for (const e of log) emittedBy.set(e.id, [...(emittedBy.get(e.id) ?? []), e]);
	// Finished this long after the baseline poll ended, a job met by the first scan surely finished after activation.
	const sureAfterMs =
		(CLOCK_TOLERANCE_SECONDS + Math.abs(scenario.skewSeconds) + 2) * 1000 + (baseline?.endMs ?? 0);
	for (const [id, entry] of world.all) {
		const reads = readings.get(id) ?? [];
		const expected: Emission[] = [];
		const optional: Emission[] = [];
		if (reads.length && baseline) {
			const [first, ...later] = reads;
			if (first.poll !== baseline.poll) {
				if (entry.createdT > baseline.startT)
					expected.push({ poll: first.poll, id, status: first.status, previous: null });
				else if (isTerminalStatus(first.status)) {
					const finishedMs = entry.history.find((h) => isTerminalStatus(h.status))!.ms;
					const item = { poll: first.poll, id, status: first.status, previous: null };
					if (finishedMs > sureAfterMs) expected.push(item);
					else if (finishedMs >= baseline.startMs) {
						optional.push(item);
						verdict.ambiguous++;
					}
				} else if (first.status !== world.statusAt(id, baseline.startT)) verdict.absorbed++;
			}
			let last = first.status;
			for (const reading of later) {
				if (isTerminalStatus(last) || reading.status === last) continue;
				expected.push({ poll: reading.poll, id, status: reading.status, previous: last });
				last = reading.status;
			}
			// Statuses after the first reading that no reading saw.
			entry.history.forEach((h, i) => {
				const until = entry.history[i + 1]?.t ?? Infinity;
				if (h.t > first.t && !reads.some((r) => r.t >= h.t && r.t < until)) verdict.unobservable++;
			});
		}
		const wanted = expected.filter((e) => passes(e.status));
		verdict.changes += wanted.length;
		const emitted = emittedBy.get(id) ?? [];
		const missing = minus(wanted, emitted, pollKey);
		const extra = minus(minus(emitted, wanted, pollKey), optional, pollKey);
		verdict.missed += missing.length;
		missing.forEach((e) => verdict.violations.push(`poll ${e.poll}: missed ${key(e)}`));
		for (const e of extra) {
			const again = wanted.some((w) => key(w) === key(e)) || optional.some((o) => o.id === e.id);
			if (again) verdict.duplicated++;
			else verdict.spurious++;
			verdict.violations.push(`poll ${e.poll}: ${again ? 'duplicated' : 'spurious'} ${key(e)}`);
		}
	}
	return verdict;
}

export interface RunOptions {
	/** Changes the saved state before each poll: only to check that the oracles notice a broken trigger. */
	tamper?: (state: IDataObject) => void;
}

/**
 * Runs a scenario against the real poll code. Never throws for a broken rule: every break is counted in the
 * report (`missed`, `duplicated`, `spurious`, `violations`), so a soak can print them.
 */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<Report> {
	const world = new World(scenario.tieOrder, scenario.skewSeconds * 1000);
	scenario.initial.forEach((mutation) => world.apply(mutation));
	const exact = scenario.mode === 'exact';
	const config = (pageSize: number) => configFor(scenario, pageSize);
	const model = new ExactModel(
		scenario.statuses ? new Set(scenario.statuses.map(normaliseStatus)) : null,
	);
	const log: Emission[] = [];
	const readings = new Map<string, Reading[]>();
	/** Per job: the successful polls (indices, in order) in which it was tracked, for the fairness check. */
	const trackedIn = new Map<string, number[]>();
	const report: Report = {
		polls: 0,
		failedPolls: 0,
		gaveUp: 0,
		jobs: 0,
		requests: 0,
		emitted: 0,
		changes: 0,
		missed: 0,
		duplicated: 0,
		spurious: 0,
		ambiguous: 0,
		unobservable: 0,
		absorbed: 0,
		scanPolls: 0,
		maxReadGap: 0,
		readGapBound: 1,
		violations: [],
		maxStateBytes: 0,
	};
	let stateJson = '{}';
	let baseline: Baseline | undefined;

	const poll = async (step: PollStep, index: number): Promise<PollSource | undefined> => {
		step.before.forEach((mutation) => world.apply(mutation));
		const source = new PollSource(
			world,
			exact ? { ...step, during: undefined, budgetMs: undefined } : step,
		);
		const staticData = JSON.parse(stateJson) as IDataObject;
		if (options.tamper && staticData[STATE_KEY]) {
			options.tamper(staticData[STATE_KEY] as IDataObject);
			stateJson = JSON.stringify(staticData);
		}
		const tracked = Object.keys(
			((staticData[STATE_KEY] as TriggerState | undefined)?.active ?? {}) as object,
		);
		const startT = world.t;
		const startMs = world.ms;
		const snapshot = world.snapshot();
		const budgetMs = step.budgetMs === undefined || exact ? 1e12 : step.budgetMs;
		report.polls++;
		try {
			const items = await pollOnce(source, staticData, config(step.pageSize), {
				now: source.now,
				budgetMs,
			});
			report.requests += source.requests;
			baseline ??= { poll: index, startT, startMs, endMs: world.ms };
			for (const [id, read] of source.reads)
				readings.set(id, [...(readings.get(id) ?? []), { poll: index, ...read }]);
			for (const id of tracked) trackedIn.set(id, [...(trackedIn.get(id) ?? []), index]);
			report.readGapBound = Math.max(report.readGapBound, tracked.length + 1);
			const emitted = emissionsOf(items, index);
			log.push(...emitted);
			if (exact) {
				const expected = model.poll(snapshot);
				minus(expected, emitted, key).forEach((e) =>
					report.violations.push(`poll ${index}: exact model expected ${key(e)}`),
				);
				minus(emitted, expected, key).forEach((e) =>
					report.violations.push(`poll ${index}: exact model did not expect ${key(e)}`),
				);
			}
			stateJson = JSON.stringify(staticData);
			if ((staticData[STATE_KEY] as TriggerState).backfill) report.scanPolls++;
			report.maxStateBytes = Math.max(report.maxStateBytes, Buffer.byteLength(stateJson));
			return source;
		} catch (error) {
			report.requests += source.requests;
			report.failedPolls++;
			// Relaxed mode may delete every cursor of a walk several times over: the poll then gives up (and retries next time).
			if (!exact && error instanceof UnexpectedAnswerError) report.gaveUp++;
			else if (!(error instanceof InjectedFault))
				report.violations.push(`poll ${index}: unexpected error ${(error as Error).stack}`);
			if (JSON.stringify(staticData) !== stateJson)
				report.violations.push(`poll ${index}: a failed poll changed the state`);
			return undefined;
		}
	};

	let index = 0;
	for (const step of scenario.polls) await poll(step, index++);
	// Settle: good polls without mutations, faults or budget limits; the first scan finishes.
	const settle: PollStep = { before: [], pageSize: 7 };
	for (let i = 0; i < 3; i++) await poll(settle, index++);
	for (const entry of world.existing())
		if (!readings.has(entry.job.id)) report.violations.push(`end: ${entry.job.id} was never read`);
	// Liveness: every active job changes once more; one good poll must read each (and the oracle see it emitted).
	const open = world.existing().filter((entry) => !isTerminalStatus(entry.job.status as string));
	for (const entry of open) {
		const pick = world
			.existing()
			.filter((e) => !isTerminalStatus(e.job.status as string))
			.indexOf(entry);
		world.apply({
			kind: 'status',
			pick,
			to: entry.job.status === 'running' ? 'succeeded' : 'running',
		});
	}
	const last = await poll(settle, index++);
	for (const entry of open)
		if (!last?.reads.has(entry.job.id))
			report.violations.push(`final: ${entry.job.id} was not read by a poll without budget limit`);
	// Fairness: between two readings of a tracked job, at most `readGapBound` good polls.
	for (const [id, polls] of trackedIn) {
		const readPolls = new Set((readings.get(id) ?? []).map((r) => r.poll));
		let gap = 0;
		let worst = 0;
		for (const p of polls) {
			gap = readPolls.has(p) ? 0 : gap + 1;
			worst = Math.max(worst, gap + 1);
		}
		report.maxReadGap = Math.max(report.maxReadGap, worst);
	}
	if (report.maxReadGap > report.readGapBound)
		report.violations.push(
			`fairness: a tracked job went ${report.maxReadGap} polls between readings (bound ${report.readGapBound})`,
		);
	const verdict = judge(world, log, readings, baseline, scenario);
	Object.assign(report, {
		changes: verdict.changes,
		missed: verdict.missed,
		duplicated: verdict.duplicated,
		spurious: verdict.spurious,
		ambiguous: verdict.ambiguous,
		unobservable: verdict.unobservable,
		absorbed: verdict.absorbed,
	});
	report.violations.push(...verdict.violations);
	report.jobs = world.all.size;
	report.emitted = log.length;
	return report;
}

/** One line with the counts a run must show (missed, duplicated and spurious must be 0). */
export function summaryLine(report: Report): string {
	return (
		`polls=${report.polls} (failed ${report.failedPolls}${report.gaveUp ? `, gave up ${report.gaveUp}` : ''}) ` +
		`jobs=${report.jobs} changes=${report.changes} missed=${report.missed} duplicated=${report.duplicated} ` +
		`spurious=${report.spurious} | emitted=${report.emitted} requests=${report.requests} ` +
		`unobservable=${report.unobservable} scanPolls=${report.scanPolls} absorbed=${report.absorbed} ` +
		`ambiguous=${report.ambiguous} ` +
		`maxReadGap=${report.maxReadGap}/${report.readGapBound} maxState=${report.maxStateBytes}B ` +
		`violations=${report.violations.length}`
	);
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
	/** Share of created bursts dated hours ahead (1..4 h), 0..1. */
	aheadShare: number;
	/** Largest skew of Azure's clock against the poller's, seconds (either way; below the clock tolerance). */
	maxSkewSeconds: number;
	/** Relaxed mode: share of polls with a budget, and its range in simulated ms. */
	budget: { share: number; minMs: number; maxMs: number };
	/** Simulated ms per request. */
	readCostMs: { min: number; max: number };
	/** Share of `tick`s that are a poll interval (30 s – 3 min) rather than 0–3 s, 0..1. */
	longTickShare: number;
	/** Relaxed mode: share of scenarios whose first poll (the baseline) has the smallest budget and pages of 1–3. */
	spreadScanShare: number;
}

/** Sizes for CI: small scenarios, many of them. */
export const CI_SIZE: ScenarioSize = {
	polls: { min: 3, max: 25 },
	initialJobs: 30,
	maxBurst: 15,
	maxPageSize: 12,
	weights: { create: 2, status: 5, delete: 2, tick: 2 },
	terminalShare: 0.2,
	aheadShare: 0.1,
	maxSkewSeconds: CLOCK_TOLERANCE_SECONDS - 5,
	budget: { share: 0.5, minMs: 2000, maxMs: 8000 },
	readCostMs: { min: 50, max: 1000 },
	longTickShare: 0.3,
	spreadScanShare: 0.4,
};

function statusArb(size: ScenarioSize): fc.Arbitrary<string> {
	const terminal = Math.round(size.terminalShare * 100);
	return fc.oneof(
		{ weight: 100 - terminal, arbitrary: fc.constantFrom(...NON_TERMINAL) },
		{ weight: terminal, arbitrary: fc.constantFrom(...TERMINAL) },
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

function createArb(size: ScenarioSize, maxCount: number): fc.Arbitrary<Mutation> {
	return fc.record(
		{
			kind: fc.constant('create' as const),
			count: fc.integer({ min: 1, max: Math.max(1, maxCount) }),
			status: statusArb(size),
			aheadSeconds: sometimes(fc.integer({ min: 3600, max: 4 * 3600 }), size.aheadShare),
		},
		{ requiredKeys: ['kind', 'count', 'status'] },
	);
}

function mutationArb(size: ScenarioSize): fc.Arbitrary<Mutation> {
	return fc.oneof(
		{ weight: size.weights.create, arbitrary: createArb(size, size.maxBurst) },
		{
			weight: size.weights.status,
			arbitrary: fc.record({
				kind: fc.constant('status' as const),
				pick: fc.nat(),
				to: statusArb(size),
			}),
		},
		{
			weight: size.weights.delete,
			arbitrary: fc.record({
				kind: fc.constant('delete' as const),
				pick: fc.nat(),
				target: fc.constantFrom<DeleteTarget>('any', 'oldest', 'tail', 'page', 'anchors'),
			}),
		},
		{ weight: size.weights.tick, arbitrary: tickArb(size) },
	);
}

function tickArb(size: ScenarioSize): fc.Arbitrary<Mutation> {
	const long = Math.round(size.longTickShare * 100);
	return fc.record({
		kind: fc.constant('tick' as const),
		seconds: fc.oneof(
			{ weight: 100 - long, arbitrary: fc.integer({ min: 0, max: 3 }) },
			{ weight: long, arbitrary: fc.integer({ min: 30, max: 180 }) },
		),
	});
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
			budgetMs:
				mode === 'relaxed'
					? sometimes(
							fc.integer({ min: size.budget.minMs, max: size.budget.maxMs }),
							size.budget.share,
						)
					: fc.constant(undefined),
			readCostMs: fc.integer({ min: size.readCostMs.min, max: size.readCostMs.max }),
		},
		{ requiredKeys: ['before', 'pageSize', 'readCostMs'] },
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
		skewSeconds: fc.integer({ min: -size.maxSkewSeconds, max: size.maxSkewSeconds }),
		initial: fc.array(
			fc.oneof(
				createArb(size, size.initialJobs),
				fc.record({
					kind: fc.constant('tick' as const),
					seconds: fc.integer({ min: 0, max: 600 }),
				}),
			),
			{ maxLength: 6 },
		),
		polls: fc
			.tuple(
				fc.array(pollStepArb(size, mode), {
					minLength: size.polls.min,
					maxLength: size.polls.max,
				}),
				fc.integer({ min: 1, max: 3 }),
				fc.double({ min: 0, max: 1, noNaN: true }),
			)
			.map(([polls, pageSize, draw]) =>
				mode === 'relaxed' && draw < size.spreadScanShare
					? [{ ...polls[0], budgetMs: size.budget.minMs, pageSize }, ...polls.slice(1)]
					: polls,
			),
		statuses: sometimes(
			fc.subarray(['running', 'succeeded', 'failed', 'cancelled', 'paused', 'pending']),
			1 / 4,
		),
	});
}
