/** Pure: the content type of a file by its name, for the upload's file part and for downloaded files. */

/** Content types of the file kinds the fine-tuning and files API deals in. */
const BY_EXTENSION: ReadonlyMap<string, string> = new Map([
	['jsonl', 'application/jsonl'],
	['json', 'application/json'],
	['csv', 'text/csv'],
	['txt', 'text/plain'],
]);

/** Used when neither the input nor the file name says anything better. */
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/**
 * The content type to send or label a file with: `given` (e.g. the input binary's mimeType) when it is a usable
 * single-line value, else by the file name's extension (`.jsonl` → `application/jsonl`, `.csv` → `text/csv`,
 * `.json`, `.txt`), else `application/octet-stream`. Never empty: Azure refuses a file part without one
 * (docs/azure-api.md#files-and-training-data).
 */
export function contentTypeFor(fileName: string, given?: string): string {
	const trimmed = given?.trim();
	if (trimmed && !/[\r\n]/.test(trimmed)) return trimmed;
	const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
	return (extension && BY_EXTENSION.get(extension)) || FALLBACK_CONTENT_TYPE;
}
