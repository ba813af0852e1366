/**
 * Create Job's option "Check Files First": before the job is created, each file it names must have purpose
 * `fine-tune` and status `processed` (spec §6; Appendix A7 "Upload race": Azure otherwise refuses the job with
 * "The specified file reference must point to a completed file import.").
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest } from '../../../../shared/transport';
import { checkPathId } from '../../../../shared/validation';
import { describeFile } from '../../file/waitUntilProcessed';

/** Statuses of a file Azure is still importing (spec §6). */
const IMPORTING: ReadonlySet<string> = new Set(['uploaded', 'pending', 'running']);

/** A file field of Create Job and the ID it holds (undefined or empty when the field is left empty). */
export interface JobFileField {
	/** The field's name as the UI shows it, e.g. `Training File`. */
	field: string;
	id: unknown;
}

/**
 * Pure: why `file` cannot be used by a fine-tuning job, or undefined when it can.
 * @returns `{message, description}`: the message names the field, the file, its status and its purpose; the
 *   description says what to do.
 */
export function fileNotReady(
	field: string,
	file: IDataObject,
): { message: string; description: string } | undefined {
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

/**
 * Reads each named file (`GET /files/{file_id}`) and refuses the first that is not ready.
 * @throws FieldError when an ID cannot go into a URL path; NodeOperationError from {@link fileNotReady}; the
 *   transport's NodeApiError when a file cannot be read (e.g. 404 for an unknown ID).
 */
export async function requireFilesReady(
	ctx: IExecuteFunctions,
	fields: JobFileField[],
): Promise<void> {
	for (const { field, id } of fields) {
		if (id === undefined || id === null || id === '') continue;
		const file = await apiRequest.call(ctx, {
			method: 'GET',
			path: `/files/${checkPathId(field, id, 'file')}`,
		});
		const problem = fileNotReady(field, file);
		if (problem)
			throw new NodeOperationError(ctx.getNode(), problem.message, {
				description: problem.description,
			});
	}
}
