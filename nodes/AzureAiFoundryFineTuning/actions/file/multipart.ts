/**
 * Pure: builds a `multipart/form-data` body (RFC 7578) as one Buffer, for `POST /files` (spec §6, operation
 * createFile: parts `file`, `purpose`, optional `expires_after[...]`).
 *
 * Built by hand rather than with FormData so that the file part's headers are exactly what Azure needs: it refuses a
 * file part without a `filename` in Content-Disposition or without its own `Content-Type` (spec A7 / §6 notes). The
 * same Buffer can be sent again on a retry.
 */
import { randomBytes } from 'crypto';

/** The file part: its form name (`file`), the file name and content type Azure requires, and the bytes. */
export interface FilePart {
	name: string;
	filename: string;
	contentType: string;
	content: Buffer | Uint8Array;
}

export interface MultipartBody {
	body: Buffer;
	/** Value for the request's Content-Type header: `multipart/form-data; boundary=…`. */
	contentType: string;
}

const CRLF = '\r\n';

/** A random boundary: `----n8nFormBoundary` and 32 hex digits (16 random bytes). */
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
 * Builds the body: the text parts in order, then the file part, then the closing boundary.
 *
 * @param fields text parts by name, in the order given, e.g. `{ purpose: 'fine-tune' }`.
 * @param makeBoundary boundary source (default {@link randomBoundary}); a boundary that occurs in any part's content
 *   is drawn again, up to 8 times.
 * @returns the body bytes (the file content is copied once) and the Content-Type header value.
 * @throws Error when the file part's content type is empty or has a line break (it would break the part headers),
 *   or when no boundary absent from the content was found.
 */
export function buildMultipart(
	fields: Record<string, string>,
	file: FilePart,
	makeBoundary: () => string = randomBoundary,
): MultipartBody {
	if (!file.contentType.trim() || /[\r\n]/.test(file.contentType)) {
		throw new Error(`Invalid content type for the file part: ${JSON.stringify(file.contentType)}`);
	}
	const content = Buffer.isBuffer(file.content)
		? file.content
		: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength);
	const texts = Object.entries(fields);
	const boundary = pickBoundary(makeBoundary, [
		content,
		...texts.map(([, value]) => Buffer.from(value, 'utf8')),
	]);
	const disposition = (name: string) =>
		`Content-Disposition: form-data; name="${quoteDispositionValue(name)}"`;
	const head =
		texts
			.map(
				([name, value]) => `--${boundary}${CRLF}${disposition(name)}${CRLF}${CRLF}${value}${CRLF}`,
			)
			.join('') +
		`--${boundary}${CRLF}${disposition(file.name)}; filename="${quoteDispositionValue(file.filename)}"${CRLF}` +
		`Content-Type: ${file.contentType.trim()}${CRLF}${CRLF}`;
	const tail = `${CRLF}--${boundary}--${CRLF}`;
	return {
		body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(tail, 'utf8')]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

const MAX_BOUNDARY_DRAWS = 8;

function pickBoundary(makeBoundary: () => string, contents: Buffer[]): string {
	for (let draw = 0; draw < MAX_BOUNDARY_DRAWS; draw++) {
		const boundary = makeBoundary();
		if (!contents.some((content) => content.includes(boundary))) return boundary;
	}
	throw new Error('Could not find a multipart boundary that does not occur in the file');
}
