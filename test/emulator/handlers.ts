/**
 * One handler per spec operation (keyed by `operationId`). Handlers run after authentication and spec validation;
 * they add the checks Ajv cannot express and read or change the store.
 */
import { invalidPayload } from './errors';
import { checkGrader, runGrader } from './graders';
import type { CreateJobRequest } from './job-factory';
import type { MultipartBody } from './multipart';
import type { Store } from './store';
import { paginate } from './util';

/** What a handler gets. */
export interface HandlerContext {
	store: Store;
	/** Path parameters (`fine_tuning_job_id`, `file_id`). */
	params: Record<string, string>;
	/** Query parameters the operation declares (others were dropped). */
	query: Record<string, string>;
	/** Parsed JSON body. */
	body: unknown;
	/** Parsed multipart body (uploads). */
	upload?: MultipartBody;
	/** The `api-version` of a dated-path request (`/openai/<path>?api-version=…`); undefined on `/openai/v1`. */
	datedVersion?: string;
	/** Absolute URL of the emulator, for `Location` headers. */
	baseUrl: string;
	/**
	 * Set when the emulator pages the files list (`EmulatorOptions.filesPageSize`): the page size and the request's
	 * `after`, which the spec does not declare for listFiles (so it is not in `query`).
	 */
	filesPaging?: { pageSize: number; after?: string };
}

/** What a handler answers: a JSON `body`, or `raw` bytes. Status default 200. */
export interface HandlerResult {
	status?: number;
	body?: unknown;
	raw?: { content: Buffer; contentType: string };
	headers?: Record<string, string>;
}

type Handler = (context: HandlerContext) => HandlerResult;

/** Default page sizes from the spec. */
const DEFAULT_LIMIT = { jobs: 20, events: 20, checkpoints: 10 };

/** The `limit` query parameter (already checked to be an integer by the spec), refusing values below 1. */
function limitOf(query: Record<string, string>, fallback: number): number {
	if (query.limit === undefined) return fallback;
	const limit = Number(query.limit);
	if (limit < 1) throw invalidPayload(`Invalid 'limit': must be >= 1.`, 'limit');
	return limit;
}

/**
 * The `wandb.project` rule: the spec only links the wandb schema through a `discriminator` without `oneOf`, so
 * Ajv never enforces its `required: [project]`.
 */
function checkIntegrations(body: Record<string, unknown>): void {
	const integrations = Array.isArray(body.integrations) ? body.integrations : [];
	integrations.forEach((integration: { type?: unknown; wandb?: { project?: unknown } }, index) => {
		if (integration?.type !== 'wandb') return;
		const param = `integrations.${index}.wandb${integration.wandb && typeof integration.wandb === 'object' ? '.project' : ''}`;
		const project = integration.wandb?.project;
		if (typeof project !== 'string' || !project)
			throw invalidPayload(`Invalid '${param}': must have required property 'project'.`, param);
	});
}

/**
 * A reinforcement job needs a validation file (Microsoft's RFT how-to; docs/azure-api.md#creating-a-job; the spec
 * leaves `validation_file` optional for every method, and Azure's wording of the refusal is not documented, so the
 * message is ours), and its grader must be one `validateGrader` accepts: the same `checkGrader` (graders.ts) answers
 * both, so a job is refused with the validate operation's message. The spec's schema check has already run, with
 * python admitted as a documented deviation (spec.ts).
 */
function checkReinforcementJob(body: Record<string, any>): void {
	if (body.method?.type !== 'reinforcement') return;
	if (typeof body.validation_file !== 'string')
		throw invalidPayload(
			"Invalid 'validation_file': a reinforcement fine-tuning job requires a validation file.",
			'validation_file',
		);
	const grader = body.method.reinforcement?.grader;
	if (grader) checkGrader(grader, 'method.reinforcement.grader');
}

/**
 * Azure's suffix rule, stricter than the v1 document's 1 to 64 characters of anything (OpenAI's text): up to 40
 * characters of a-z, A-Z, 0-9, - and _ (Azure's dated specs and fine-tuning page; docs/azure-api.md#creating-a-job).
 */
function checkSuffix(body: Record<string, unknown>): void {
	if (typeof body.suffix === 'string' && !/^[A-Za-z0-9_-]{1,40}$/.test(body.suffix))
		throw invalidPayload(
			"Invalid 'suffix': up to 40 characters of a-z, A-Z, 0-9, - and _ are allowed.",
			'suffix',
		);
}

/**
 * Dated GA versions up to 2024-10-21 take `FineTuningJobCreation` of that version's spec: `model`, `training_file`,
 * `validation_file`, `suffix`, `seed` and `hyperparameters` of numbers; no `method`, `metadata`, `integrations` or
 * `trainingType` (docs/azure-api.md#creating-a-job). The v1 document the request was validated against admits them,
 * so they are refused here. Dated preview versions take the v1 body.
 */
function checkPreMethodBody(body: Record<string, unknown>, version: string | undefined): void {
	if (version === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(version) || version > '2024-10-21')
		return;
	for (const field of ['method', 'metadata', 'integrations', 'trainingType']) {
		if (body[field] !== undefined && body[field] !== null)
			throw invalidPayload(`Invalid '${field}': not supported in api-version ${version}.`, field);
	}
	const hyperparameters = body.hyperparameters;
	if (typeof hyperparameters !== 'object' || hyperparameters === null) return;
	for (const [name, value] of Object.entries(hyperparameters)) {
		if (typeof value !== 'number')
			throw invalidPayload(
				`Invalid 'hyperparameters.${name}': must be a number in api-version ${version}.`,
				`hyperparameters.${name}`,
			);
	}
}

/** The upload's file part must exist and carry a filename and a content type (Azure refuses it otherwise). */
function checkFilePart(
	upload: MultipartBody | undefined,
): NonNullable<MultipartBody['file']> & { filename: string } {
	const file = upload?.file;
	if (!file)
		throw invalidPayload("Invalid 'file': the request must contain a 'file' part.", 'file');
	if (!file.filename)
		throw invalidPayload("Invalid 'file': the 'file' part must have a filename.", 'file');
	if (!file.contentType)
		throw invalidPayload(
			"Invalid 'file': the 'file' part must have a Content-Type header.",
			'file',
		);
	return { ...file, filename: file.filename };
}

const list = <T>(data: T[], extra: Record<string, unknown> = {}) => ({
	object: 'list',
	data,
	...extra,
});

/** One page of `items` (already newest first) for the `after`/`limit` query: `{object, data, has_more}`. */
function pageOf<T extends { id: string }>(
	items: T[],
	query: Record<string, string>,
	defaultLimit: number,
) {
	const page = paginate(items, query.after, limitOf(query, defaultLimit));
	return list(page.data, { has_more: page.has_more });
}

/** Handlers by `operationId`. */
export const HANDLERS: Record<string, Handler> = {
	createFile: ({ store, upload }) => {
		const file = checkFilePart(upload);
		const { purpose, 'expires_after[seconds]': expiresAfter } = upload!.fields;
		return {
			body: store.addFile(
				file.filename,
				purpose,
				file.content,
				'pending',
				expiresAfter === undefined ? undefined : Number(expiresAfter),
			),
		};
	},

	listFiles: ({ store, query, filesPaging }) => {
		const all = store.listFiles(query.purpose);
		const page = filesPaging
			? paginate(all, filesPaging.after, filesPaging.pageSize)
			: { data: all, has_more: false };
		return {
			body: list(page.data, {
				first_id: page.data[0]?.id ?? null,
				last_id: page.data.at(-1)?.id ?? null,
				has_more: page.has_more,
			}),
		};
	},

	retrieveFile: ({ store, params }) => ({ body: store.file(params.file_id) }),

	deleteFile: ({ store, params }) => {
		store.deleteFile(params.file_id);
		return { body: { id: params.file_id, object: 'file', deleted: true } };
	},

	downloadFile: ({ store, params }) => ({
		raw: { content: store.fileContent(params.file_id), contentType: 'application/octet-stream' },
	}),

	createFineTuningJob: ({ store, body, datedVersion, baseUrl }) => {
		checkPreMethodBody(body as Record<string, unknown>, datedVersion);
		checkSuffix(body as Record<string, unknown>);
		checkIntegrations(body as Record<string, unknown>);
		checkReinforcementJob(body as Record<string, unknown>);
		const job = store.createJob(body as CreateJobRequest);
		if (datedVersion === undefined) return { body: job };
		const location = `${baseUrl}/openai/fine_tuning/jobs/${job.id}?api-version=${encodeURIComponent(datedVersion)}`;
		return { status: 201, body: job, headers: { location } };
	},

	listPaginatedFineTuningJobs: ({ store, query }) => {
		const page = store.pageJobs(query.after, limitOf(query, DEFAULT_LIMIT.jobs));
		return { body: list(page.data, { has_more: page.has_more }) };
	},

	retrieveFineTuningJob: ({ store, params }) => ({ body: store.job(params.fine_tuning_job_id) }),

	cancelFineTuningJob: ({ store, params }) => ({ body: store.cancel(params.fine_tuning_job_id) }),

	pauseFineTuningJob: ({ store, params }) => ({ body: store.pause(params.fine_tuning_job_id) }),

	resumeFineTuningJob: ({ store, params }) => ({ body: store.resume(params.fine_tuning_job_id) }),

	listFineTuningEvents: ({ store, params, query }) => ({
		body: pageOf(store.listEvents(params.fine_tuning_job_id), query, DEFAULT_LIMIT.events),
	}),

	listFineTuningJobCheckpoints: ({ store, params, query }) => {
		const page = pageOf(
			store.listCheckpoints(params.fine_tuning_job_id),
			query,
			DEFAULT_LIMIT.checkpoints,
		);
		return {
			body: { ...page, first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null },
		};
	},

	listModels: ({ store }) => ({ body: list(store.models()) }),

	validateGrader: ({ body }) => {
		const { grader } = body as { grader: Record<string, any> };
		checkGrader(grader, 'grader');
		return { body: { grader } };
	},

	runGrader: ({ body }) => {
		const { grader, model_sample: sample, item } = body as Record<string, any>;
		return { body: runGrader(grader, sample, item) };
	},
};
