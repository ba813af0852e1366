/**
 * Waits for an uploaded file to be imported: polls `GET /files/{file_id}` (statuses uploaded, pending, running,
 * processed, error, deleting, deleted: docs/azure-api.md#files-and-training-data) with growing pauses
 * (`settings.fileWait`) taken with n8n's `sleep`, bounded by Max Wait.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { settings, type FileWaitPolicy } from '../../../shared/transport/settings';
import { checkPathId } from '../../../shared/validation';

/** Statuses after which the file will never become `processed`. */
const GONE_STATUSES: ReadonlySet<string> = new Set(['deleting', 'deleted']);

export type WaitStep =
	| { kind: 'done' }
	| { kind: 'failed'; reason: 'error' | 'gone' }
	| { kind: 'wait'; delayMs: number }
	| { kind: 'timeout' };

/**
 * Pure: what to do after seeing `status`, having polled `polls` times over `elapsedMs` (ms) of a `maxWaitMs` budget.
 * `processed` → done; `error` → failed; `deleting`/`deleted` → failed (gone); any other status (uploaded, pending,
 * running, or one Azure adds later) → wait the next pause (shortened so that the last poll falls on the deadline),
 * or time out once the budget is used up.
 */
export function nextWaitStep(
	status: unknown,
	context: { polls: number; elapsedMs: number; maxWaitMs: number; policy: FileWaitPolicy },
): WaitStep {
	if (status === 'processed') return { kind: 'done' };
	if (status === 'error') return { kind: 'failed', reason: 'error' };
	if (typeof status === 'string' && GONE_STATUSES.has(status))
		return { kind: 'failed', reason: 'gone' };
	const remainingMs = context.maxWaitMs - context.elapsedMs;
	if (remainingMs <= 0) return { kind: 'timeout' };
	const { firstDelayMs, factor, maxDelayMs } = context.policy;
	const delayMs = Math.min(maxDelayMs, firstDelayMs * factor ** context.polls, remainingMs);
	return { kind: 'wait', delayMs: Math.max(0, Math.round(delayMs)) };
}

/** `"train.jsonl" (file-abc)`, for messages. */
export function describeFile(file: IDataObject): string {
	return typeof file.filename === 'string' && file.filename
		? `"${file.filename}" (${String(file.id)})`
		: String(file.id);
}

/**
 * Polls the file until it is `processed`.
 *
 * @param file the file object as uploaded (its `status` is looked at first, so a file already processed costs no poll).
 * @param maxWaitMs bound on the whole wait, in milliseconds.
 * @returns the file object with status `processed`.
 * @throws NodeOperationError when the file's status becomes `error` (message with the status and Azure's
 *   `status_details`), when it is deleted meanwhile, when it is not processed within `maxWaitMs` (message with the
 *   last status and the file ID, to look it up later), or when the execution is cancelled; the transport's
 *   NodeApiError when a poll fails.
 */
export async function waitUntilProcessed(
	ctx: IExecuteFunctions,
	file: IDataObject,
	maxWaitMs: number,
): Promise<IDataObject> {
	const started = Date.now();
	const path = `/files/${checkPathId('File ID', file.id, 'file')}`;
	let current = file;
	for (let polls = 0; ; polls++) {
		const step = nextWaitStep(current.status, {
			polls,
			elapsedMs: Date.now() - started,
			maxWaitMs,
			policy: settings.fileWait,
		});
		if (step.kind === 'done') return current;
		if (step.kind === 'failed') throw notProcessedError(ctx, current, step.reason);
		if (step.kind === 'timeout') {
			throw new NodeOperationError(
				ctx.getNode(),
				`File ${describeFile(current)} is still "${String(current.status)}" after waiting ${Math.round(maxWaitMs / 1000)} s (Max Wait)`,
				{
					description:
						`The file was uploaded; Azure has not finished importing it yet. Its ID is ${String(current.id)}: check it later with File → Get, ` +
						'or raise Options → Max Wait (Seconds) and upload again.',
				},
			);
		}
		await sleep(step.delayMs);
		if (ctx.getExecutionCancelSignal()?.aborted) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The execution was cancelled while waiting for file ${describeFile(current)} to be processed`,
			);
		}
		current = await apiRequest.call(ctx, { method: 'GET', path });
	}
}

function notProcessedError(
	ctx: IExecuteFunctions,
	file: IDataObject,
	reason: 'error' | 'gone',
): NodeOperationError {
	const details =
		typeof file.status_details === 'string' && file.status_details.trim()
			? file.status_details.trim()
			: '(Azure gave no details)';
	if (reason === 'gone') {
		return new NodeOperationError(
			ctx.getNode(),
			`File ${describeFile(file)} has status "${String(file.status)}" while waiting for it to be processed`,
			{
				description: 'The file was deleted before Azure finished importing it. Upload it again.',
			},
		);
	}
	return new NodeOperationError(
		ctx.getNode(),
		`Azure could not process file ${describeFile(file)}: status "error": ${details}`,
		{
			description: `File status: error. Status details: ${details}. Fix the file's content and upload it again; the failed file can be removed with File → Delete.`,
		},
	);
}
