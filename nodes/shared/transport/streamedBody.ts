/**
 * A request body that is sent as a stream of known length (Content-Length), so that an upload of hundreds of MB never
 * sits in memory: the transport (index.ts) takes a factory of these and makes a fresh one for every attempt.
 *
 * Why Blob-shaped: n8n's HTTP client (axios on Node) sends a Blob by reading its `stream()` as the data arrive, with
 * Content-Length = `size` and Content-Type = `type`; a Node Readable would do as well, but n8n's community-node rules
 * allow no import of Node's `stream` module. It carries only what sending needs (`size`, `type`, `stream()`), not the
 * rest of the Blob interface.
 *
 * Memory stays at a chunk or two only because the transport does not follow redirects (`API_REQUEST_OPTIONS`,
 * endpoint.ts): n8n's redirect-following layer keeps every byte of a request body to send it again after a redirect.
 */

/** Where the bytes come from: called once per attempt, yields them in order. */
export type ChunkSource = () => AsyncIterable<Uint8Array>;

export class StreamedBody {
	/** Why reading the source failed or gave the wrong length, once it did (the transport reports this, not a network error). */
	failure?: Error;

	/**
	 * @param size the exact number of bytes `source` yields; a source that yields more or fewer fails the request
	 *   before a wrong body is completed
	 * @param type the Content-Type header value, e.g. `multipart/form-data; boundary=…`
	 */
	constructor(
		readonly size: number,
		readonly type: string,
		private readonly source: ChunkSource,
	) {}

	/** What n8n's HTTP client checks (`Object.prototype.toString`) to treat the body as a Blob. */
	get [Symbol.toStringTag](): string {
		return 'Blob';
	}

	/** The bytes as a web ReadableStream, pulled one chunk at a time (nothing is read ahead). */
	stream(): ReadableStream<Uint8Array> {
		const chunks = this.checkedChunks()[Symbol.asyncIterator]();
		return new ReadableStream<Uint8Array>(
			{
				pull: async (controller) => {
					try {
						const next = await chunks.next();
						if (next.done) controller.close();
						else controller.enqueue(next.value);
					} catch (error) {
						this.failure = error instanceof Error ? error : new Error(String(error));
						controller.error(this.failure);
					}
				},
				cancel: async () => {
					await chunks.return?.(undefined);
				},
			},
			{ highWaterMark: 0 },
		);
	}

	/** The source's bytes, failing as soon as they cannot add up to `size`. */
	private async *checkedChunks(): AsyncGenerator<Uint8Array> {
		let read = 0;
		for await (const chunk of this.source()) {
			read += chunk.byteLength;
			if (read > this.size) throw new Error(lengthMismatch(this.size, `more than ${this.size}`));
			if (chunk.byteLength > 0) yield chunk;
		}
		if (read !== this.size) throw new Error(lengthMismatch(this.size, String(read)));
	}
}

function lengthMismatch(expected: number, read: string): string {
	return `the body was to have ${expected} bytes but ${read} were read (did the file change while it was sent?)`;
}
