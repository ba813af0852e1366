/**
 * Pure: cuts a JSONL file that arrives in chunks (a stream, or one Buffer as a single chunk) into lines of bytes with
 * their 1-based line numbers, the way docs/azure-api.md#files-and-training-data reads a training file: lines end at
 * `\n`, a `\r` before it belongs to the line end, and a UTF-8 byte order mark may open the file.
 *
 * Lines inside a chunk are handed on as views of the chunk (no copy). Only a line that spans chunks is copied: its
 * start is kept until its end arrives, so memory is one chunk plus the longest line, whatever the file size. A line
 * end, a BOM or a multi-byte UTF-8 character split across two chunks reads exactly as when the file is one chunk.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Receives each line: its 1-based number and its bytes without the line end (and, on line 1, without a BOM). */
export type LineHandler = (line: number, bytes: Buffer) => void;

/** A line splitter for one file: {@link push} its chunks in order, then {@link end} once. */
export class LineSplitter {
	private line = 0;
	/** Start of a line that is not ended yet, in pieces copied from earlier chunks. */
	private pending: Buffer[] = [];

	constructor(private readonly onLine: LineHandler) {}

	/** Takes the next chunk; calls the handler for every line it ends. The chunk is not kept after the call. */
	push(chunk: Uint8Array): void {
		const data = Buffer.isBuffer(chunk)
			? chunk
			: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		const length = data.byteLength;
		let start = 0;
		if (this.pending.length > 0) {
			const end = data.indexOf(NEWLINE);
			if (end === -1) {
				this.pending.push(Buffer.from(data));
				return;
			}
			this.pending.push(data.subarray(0, end));
			const joined = Buffer.concat(this.pending);
			this.pending = [];
			this.emit(joined);
			start = end + 1;
		}
		while (start < length) {
			const end = data.indexOf(NEWLINE, start);
			if (end === -1) {
				this.pending.push(Buffer.from(data.subarray(start)));
				return;
			}
			this.emit(data.subarray(start, end));
			start = end + 1;
		}
	}

	/** The file is complete: hands on its last line when the file does not end with a line end. */
	end(): void {
		if (this.pending.length === 0) return;
		const last = Buffer.concat(this.pending);
		this.pending = [];
		this.emit(last);
	}

	private emit(raw: Buffer): void {
		const line = ++this.line;
		let bytes = raw;
		if (line === 1 && hasBom(bytes)) bytes = bytes.subarray(3);
		const last = bytes.byteLength - 1;
		if (last >= 0 && bytes[last] === CARRIAGE_RETURN) bytes = bytes.subarray(0, last);
		this.onLine(line, bytes);
	}
}

function hasBom(data: Uint8Array): boolean {
	return data.byteLength >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
}
