/**
 * `multipart/form-data` uploads, read with Node's built-in `Request#formData()` (undici). undici reports a file part
 * without `Content-Type` as `text/plain`, so the part headers of the `file` part are also read from the raw body to
 * tell whether the client really sent a filename and a content type (Azure refuses a part without them).
 */

/** The `file` part of an upload. */
export interface UploadedFile {
	/** `filename` of the part's Content-Disposition; null when absent (undici then treats the part as text). */
	filename: string | null;
	/** The part's own `Content-Type` header; null when absent. */
	contentType: string | null;
	content: Buffer;
}

/** A parsed upload: text fields as sent, and the `file` part if there is one. */
export interface MultipartBody {
	fields: Record<string, string>;
	file: UploadedFile | null;
}

/** Name of the form part that carries the file. */
const FILE_PART = 'file';

/** @throws Error when the body is not valid multipart for its boundary. */
export async function parseMultipart(contentType: string, raw: Buffer): Promise<MultipartBody> {
	const form = await new Request('http://emulator.local', {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: raw,
	}).formData();
	const fields: Record<string, string> = {};
	let file: UploadedFile | null = null;
	for (const [name, value] of form) {
		if (name === FILE_PART && !file) {
			const headers = partHeaders(contentType, raw, FILE_PART);
			const content =
				typeof value === 'string'
					? Buffer.from(value, 'utf8')
					: Buffer.from(await value.arrayBuffer());
			file = {
				filename: typeof value === 'string' ? null : value.name,
				contentType: headers.contentType,
				content,
			};
		} else if (typeof value === 'string') {
			fields[name] = value;
		}
	}
	return { fields, file };
}

/** The `Content-Type` header of the named part, read from the raw body (latin1, headers only). */
function partHeaders(
	contentType: string,
	raw: Buffer,
	name: string,
): { contentType: string | null } {
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	const delimiter = `--${boundary?.[1] ?? boundary?.[2]}`;
	for (const part of raw.toString('latin1').split(delimiter)) {
		const end = part.indexOf('\r\n\r\n');
		const head = end < 0 ? part : part.slice(0, end);
		const disposition = /^content-disposition:(.*)$/im.exec(head)?.[1] ?? '';
		if (!new RegExp(`\\bname="${name}"`).test(disposition)) continue;
		return { contentType: /^content-type:\s*(.*?)\s*$/im.exec(head)?.[1] || null };
	}
	return { contentType: null };
}

/**
 * The upload as the spec's schema sees it: bracketed fields nested (`expires_after[seconds]` →
 * `expires_after.seconds`), digit-only values as numbers, and `file` as its filename (the schema's `format: binary`).
 */
export function schemaView(body: MultipartBody): Record<string, unknown> {
	const view: Record<string, any> = {};
	for (const [key, raw] of Object.entries(body.fields)) {
		const value = /^\d+$/.test(raw) ? Number(raw) : raw;
		const nested = /^(\w+)\[(\w+)\]$/.exec(key);
		if (nested) (view[nested[1]] ??= {})[nested[2]] = value;
		else view[key] = value;
	}
	if (body.file) view[FILE_PART] = body.file.filename ?? body.file.content.toString('utf8');
	return view;
}

/** How a multipart upload is recorded in `requests`: fields as sent and the file's name, type and size. */
export function recordedView(body: MultipartBody): unknown {
	const file = body.file && {
		filename: body.file.filename,
		contentType: body.file.contentType,
		bytes: body.file.content.length,
	};
	return { fields: { ...body.fields }, file };
}
