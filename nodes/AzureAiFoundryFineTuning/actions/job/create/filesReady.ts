/**
 * Create Job's option "Check Files First": before the job is created, each file it names must have purpose
 * `fine-tune` and status `processed` (docs/azure-api.md#creating-a-job: Azure otherwise refuses the job with
 * "The specified file reference must point to a completed file import."), and a file of up to
 * {@link CONTENT_CHECK_MAX_BYTES} must hold training data for the job's method (docs/azure-api.md#files-and-training-data):
 * its content is downloaded (`GET /files/{file_id}/content`) and checked line by line.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiDownload, apiRequest } from '../../../../shared/transport';
import { checkPathId } from '../../../../shared/validation';
import { describeFile } from '../../file/waitUntilProcessed';
import {
	checkTrainingData,
	formatTrainingDataErrors,
	type TrainingMethod,
} from '../../file/trainingData';

/** Statuses of a file Azure is still importing (docs/azure-api.md#files-and-training-data). */
const IMPORTING: ReadonlySet<string> = new Set(['uploaded', 'pending', 'running']);

/**
 * Largest file whose content is downloaded and checked: 32 MB. Larger files (Azure takes up to 512 MB) are checked
 * for status and purpose only; Azure checks their content when the job starts.
 */
export const CONTENT_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/** A file field of Create Job and the ID it holds (undefined or empty when the field is left empty). */
export interface JobFileField {
	/** The field's name as the UI shows it, e.g. `Training File`. */
	field: string;
	id: unknown;
}

/** What the files' content must fit: the job's method and, for reinforcement, the fields its grader reads. */
export interface ContentRule {
	method: TrainingMethod;
	/** `{{item.<field>}}` paths of the grader (grader/templates.ts) every line must have. */
	itemFields: readonly string[];
}

/** A refusal: the message names the field and the file; the description says what to do. */
interface Refusal {
	message: string;
	description: string;
}

/**
 * Pure: why `file` cannot be used by a fine-tuning job, or undefined when it can.
 * @returns `{message, description}`: the message names the field, the file, its status and its purpose; the
 *   description says what to do.
 */
export function fileNotReady(field: string, file: IDataObject): Refusal | undefined {
	const status = String(file.status);
	const purpose = String(file.purpose);
	if (status === 'processed' && purpose === 'fine-tune') return undefined;
	const message =
		`${field}: file ${describeFile(file)} has status "${status}" and purpose "${purpose}"; ` +
		'a fine-tuning job needs a file with purpose "fine-tune" and status "processed"';
	const todo: string[] = [];
	if (purpose !== 'fine-tune') todo.push('Upload the data again with Purpose: Fine-Tune.');
	if (IMPORTING.has(status))
		todo.push(
			'Azure is still importing the file: use File → Upload with the option Wait Until Processed, or run again later.',
		);
	else if (status === 'error')
		todo.push(
			`Azure could not import the file: ${String(file.status_details ?? '(no details)')}. Fix it and upload it again.`,
		);
	else if (status !== 'processed') todo.push('Choose another file.');
	return { message, description: `No job was created. ${todo.join(' ')}` };
}

/** Pure: why the content of `file` does not fit `rule` (trainingData/index.ts), or undefined when it does. */
export function contentNotFit(
	field: string,
	file: IDataObject,
	content: Buffer,
	rule: ContentRule,
): Refusal | undefined {
	const report = checkTrainingData(content, { method: rule.method, itemFields: rule.itemFields });
	if (report.valid) return undefined;
	return {
		message: `${field}: file ${describeFile(file)} does not hold ${rule.method} training data. ${formatTrainingDataErrors(report)}`,
		description:
			'No job was created. Correct the data (File → Check Training Data lists every problem), upload it again and choose the new file; or turn off Options › Check Files First if the check is wrong.',
	};
}

/**
 * Reads each named file (`GET /files/{file_id}`) and refuses the first that is not ready; with `content`, a file of
 * at most {@link CONTENT_CHECK_MAX_BYTES} (by its `bytes`) is downloaded and refused when it does not fit the rule.
 * @throws FieldError when an ID cannot go into a URL path; NodeOperationError from {@link fileNotReady} or
 *   {@link contentNotFit}; the transport's NodeApiError when a file cannot be read (e.g. 404 for an unknown ID).
 */
export async function requireFilesReady(
	ctx: IExecuteFunctions,
	fields: JobFileField[],
	content?: ContentRule,
): Promise<void> {
	for (const { field, id } of fields) {
		if (id === undefined || id === null || id === '') continue;
		const path = `/files/${checkPathId(field, id, 'file')}`;
		const file = await apiRequest.call(ctx, { method: 'GET', path });
		let problem = fileNotReady(field, file);
		if (!problem && content && isSmallEnough(file)) {
			const bytes = await apiDownload.call(ctx, { method: 'GET', path: `${path}/content` });
			problem = contentNotFit(field, file, bytes, content);
		}
		if (problem)
			throw new NodeOperationError(ctx.getNode(), problem.message, {
				description: problem.description,
			});
	}
}

/** A file whose `bytes` is known and at most {@link CONTENT_CHECK_MAX_BYTES}. */
function isSmallEnough(file: IDataObject): boolean {
	return typeof file.bytes === 'number' && file.bytes >= 0 && file.bytes <= CONTENT_CHECK_MAX_BYTES;
}
