/**
 * Pure: the `multipart/form-data` body (RFC 7578) of `POST /files` (operation createFile: parts `file`, `purpose`,
 * optional `expires_after[...]`; docs/azure-api.md#files-and-training-data), as a stream of known length: the text
 * parts and the file part's headers (head), the file's bytes as they are read, the closing boundary (tail). The file
 * is never copied into the body, so a 500 MB upload costs one read buffer, not 500 MB.
 *
 * Built by hand rather than with FormData so that the file part's headers are exactly what Azure needs: it refuses a
 * file part without a `filename` in Content-Disposition or without its own `Content-Type` (same section).
 *
 * The boundary is not looked for in the file (a stream cannot be searched before it is sent): it is random, 128 bits
 * ({@link randomBoundary}), chosen after the file was written, so the file cannot have been made to contain it; the
 * chance that a file of n bytes holds it anyway is below n / 2^128 (about 10^-30 for 512 MB), negligible next to any
 * transmission error.
 */
import { randomBytes } from 'crypto';

import { StreamedBody, type ChunkSource } from '../../../shared/transport/streamedBody';

/** The file part's headers: its form name (`file`) and the file name and content type Azure requires. */
export interface FilePartHeaders {
	name: string;
	filename: string;
	contentType: string;
}

/** A multipart body around a file: the bytes before and after the file's content. */
export interface MultipartFrame {
	head: Buffer;
	tail: Buffer;
	/** Value for the request's Content-Type header: `multipart/form-data; boundary=…`. */
	contentType: string;
}

const CRLF = '\r\n';

/** A random boundary: `----n8nFormBoundary` and 32 hex digits (16 random bytes, 128 bits); 51 characters (RFC 2046 allows 70). */
export function randomBoundary(): string {
	return `----n8nFormBoundary${randomBytes(16).toString('hex')}`;
}

/**
 * Escapes a name or file name for a quoted Content-Disposition parameter the way browsers do (WHATWG HTML
 * "multipart/form-data encoding"): `"` → `%22`, CR → `%0D`, LF → `%0A`; other characters are sent as UTF-8.
 */
export function quoteDispositionValue(value: string): string {
	return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * The bytes around the file: the text parts in order, then the file part's headers (head); the closing boundary
 * (tail).
 *
 * @param fields text parts by name, in the order given, e.g. `{ purpose: 'fine-tune' }`.
 * @param makeBoundary boundary source (default {@link randomBoundary}).
 * @throws Error when the file part's content type is empty or has a line break (it would break the part headers).
 */
export function multipartFrame(
	fields: Record<string, string>,
	file: FilePartHeaders,
	makeBoundary: () => string = randomBoundary,
): MultipartFrame {
	if (!file.contentType.trim() || /[\r\n]/.test(file.contentType)) {
		throw new Error(`Invalid content type for the file part: ${JSON.stringify(file.contentType)}`);
	}
	const boundary = makeBoundary();
	const disposition = (name: string) =>
		`Content-Disposition: form-data; name="${quoteDispositionValue(name)}"`;
	const head =
		Object.entries(fields)
			.map(
				([name, value]) => `--${boundary}${CRLF}${disposition(name)}${CRLF}${CRLF}${value}${CRLF}`,
			)
			.join('') +
		`--${boundary}${CRLF}${disposition(file.name)}; filename="${quoteDispositionValue(file.filename)}"${CRLF}` +
		`Content-Type: ${file.contentType.trim()}${CRLF}${CRLF}`;
	return {
		head: Buffer.from(head, 'utf8'),
		tail: Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8'),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

/**
 * The whole body as a stream: head, the file's content as `content` yields it, tail.
 *
 * @param contentBytes the exact size of the content; the body's size is this plus head and tail
 * @param content opens the content (once per call of the body's `stream()`, i.e. once per attempt)
 */
export function multipartBody(
	frame: MultipartFrame,
	contentBytes: number,
	content: ChunkSource,
): StreamedBody {
	const { head, tail } = frame;
	return new StreamedBody(
		head.byteLength + contentBytes + tail.byteLength,
		frame.contentType,
		async function* () {
			yield head;
			yield* content();
			yield tail;
		},
	);
}
