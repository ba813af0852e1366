/**
 * Pure: recognising, after an upload whose answer was lost, the file that upload created.
 *
 * An upload is not safe to repeat (a second one makes a second file). When its answer is lost (connection reset,
 * timeout, 5xx), the upload operation reads every page of the files of the purpose (`GET /files?purpose=`;
 * docs/azure-api.md#files-and-training-data) and takes the newest one with the same file name and size, created since
 * the upload started; only when none is found is the upload sent again. Azure's clock may differ a little from
 * n8n's, hence {@link CLOCK_SKEW_SECONDS}. Two uploads of a same-named, same-sized file within that window cannot be
 * told apart by the API; the newer one is taken.
 */
import type { IDataObject } from 'n8n-workflow';

/** Allowance, in seconds, for Azure's clock being behind n8n's when comparing `created_at` with the start time. */
export const CLOCK_SKEW_SECONDS = 60;

/** What the lost upload sent, and when it started (ms since the epoch, n8n's clock). */
export interface SentUpload {
	filename: string;
	bytes: number;
	purpose: string;
	startedAtMs: number;
}

/**
 * @param files file objects from `GET /files` (any order).
 * @returns the newest file matching `sent` by filename, bytes and purpose, created no earlier than
 *   `startedAtMs` less {@link CLOCK_SKEW_SECONDS}; undefined when there is none (the upload had no effect).
 */
export function findUploadedFile(files: IDataObject[], sent: SentUpload): IDataObject | undefined {
	const notBefore = Math.floor(sent.startedAtMs / 1000) - CLOCK_SKEW_SECONDS;
	return files
		.filter(
			(file) =>
				file.filename === sent.filename &&
				Number(file.bytes) === sent.bytes &&
				file.purpose === sent.purpose &&
				Number(file.created_at) >= notBefore,
		)
		.sort((a, b) => Number(b.created_at) - Number(a.created_at))[0];
}
