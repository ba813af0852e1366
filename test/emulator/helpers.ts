/** Helpers for the emulator's own tests: HTTP calls with the key, uploads and ready-made jobs. */
import type { Emulator, FileObject, Job } from './';

/** An answer as the tests look at it. */
export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body (undefined when the body is not JSON). */
	json: any;
}

/** Options of `call`. */
export interface CallOptions {
	json?: unknown;
	body?: string | FormData | Buffer;
	headers?: Record<string, string>;
	/** The api-key to send; `null` sends none. Default the emulator's key. */
	apiKey?: string | null;
}

/** Calls `path` (e.g. `/openai/v1/fine_tuning/jobs`) on the emulator. */
export async function call(
	emulator: Emulator,
	method: string,
	path: string,
	options: CallOptions = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...options.headers };
	const apiKey = options.apiKey === undefined ? emulator.apiKey : options.apiKey;
	if (apiKey !== null) headers['api-key'] = apiKey;
	let body = options.body;
	if (options.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.json);
	}
	const res = await fetch(`${emulator.url}${path}`, {
		method,
		headers,
		body: body as BodyInitLike,
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

type BodyInitLike = NonNullable<Parameters<typeof fetch>[1]>['body'];

/** `lines` valid chat-format JSONL examples. */
export function trainingJsonl(lines = 10): string {
	const example = {
		messages: [
			{ role: 'user', content: 'Hi' },
			{ role: 'assistant', content: 'Hello!' },
		],
	};
	return `${Array.from({ length: lines }, () => JSON.stringify(example)).join('\n')}\n`;
}

/** Uploads `content` as `purpose=fine-tune` and returns the answer. */
export async function upload(
	emulator: Emulator,
	content = trainingJsonl(),
	filename = 'train.jsonl',
): Promise<Reply> {
	const form = new FormData();
	form.append('purpose', 'fine-tune');
	form.append('file', new Blob([content], { type: 'application/jsonl' }), filename);
	return call(emulator, 'POST', '/openai/v1/files', { body: form });
}

/** Uploads a valid training file and steps the clock once, so it is `processed`. */
export async function processedFile(emulator: Emulator): Promise<FileObject> {
	const reply = await upload(emulator);
	expect(reply.status).toBe(200);
	emulator.step();
	return emulator.files().find((f) => f.id === reply.json.id)!;
}

/** Creates a job on a fresh processed training file (extra body fields merged in) and returns it. */
export async function createJob(
	emulator: Emulator,
	extra: Record<string, unknown> = {},
): Promise<Job> {
	const file = await processedFile(emulator);
	const reply = await call(emulator, 'POST', '/openai/v1/fine_tuning/jobs', {
		json: { model: 'gpt-4.1-mini-2025-04-14', training_file: file.id, ...extra },
	});
	expect(reply.status).toBe(200);
	return reply.json as Job;
}

/** A raw multipart body whose `file` part has exactly the given headers. */
export function rawMultipart(
	fileHeaders: string,
	content = trainingJsonl(),
): { body: string; headers: Record<string, string> } {
	const boundary = 'emulatorTestBoundary';
	const body = [
		`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n`,
		`--${boundary}\r\n${fileHeaders}\r\n\r\n${content}\r\n`,
		`--${boundary}--\r\n`,
	].join('');
	return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
