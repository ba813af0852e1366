/**
 * Secret scanning for tests: finds where a secret (the api-key) occurs in anything a run leaves behind — output
 * items, errors (message, description, stack, context, cause), log entries, recorded requests, saved executions,
 * database rows. Used by the engine harness on every run and reusable by the real-n8n checks.
 *
 * ```ts
 * expect(findSecret({ run, logs }, CANARY_API_KEY)).toEqual([]);
 * ```
 */

/** The api-key the secret checks run with: unlikely to occur anywhere by chance, easy to grep for. */
export const CANARY_API_KEY = 'canary-7f3a9c1e-do-not-leak';

/** Error properties that are not enumerable (so `JSON.stringify` and `Object.keys` miss them) but are shown or saved. */
const ERROR_KEYS = [
	'name',
	'message',
	'stack',
	'description',
	'cause',
	'context',
	'messages',
	'errorResponse',
];

/**
 * The base64 text of `bytes` wherever they stand in a longer base64 text: one form per alignment (0, 1 or 2 bytes
 * before them), without the edge characters that also encode the unknown neighbouring bytes.
 */
function base64Forms(bytes: Buffer): string[] {
	return [0, 1, 2].map((before) => {
		const text = Buffer.concat([Buffer.alloc(before), bytes])
			.toString('base64')
			.replace(/=+$/, '');
		const end = (before + bytes.length) % 3 === 0 ? text.length : text.length - 1;
		return text.slice([0, 2, 3][before], end);
	});
}

/**
 * The spellings under which `secret` may end up in text: as is, URL-encoded, JSON-escaped, base64 at any alignment
 * (e.g. inside a Basic authorization header or a base64 binary) and hex.
 */
export function secretForms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms = [
		secret,
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
		...base64Forms(bytes),
		bytes.toString('hex'),
	];
	return [...new Set(forms)];
}

/**
 * Every place in `haystack` where `secret` occurs (in any of its {@link secretForms}), as paths such as
 * `$.run.data.resultData.error.stack` or `$.logs[3].meta.error.message`.
 *
 * Walks strings, numbers, arrays, plain and class objects (own enumerable keys), Errors (also their non-enumerable
 * `message`, `stack`, `cause`, ... and n8n's `description`/`context`), Maps, Sets, Buffers and typed arrays (read as
 * UTF-8 text), and object keys. Cycles are followed once.
 *
 * @param secret must not be empty (an empty secret would be found everywhere).
 * @returns the paths, in walk order; empty when the secret occurs nowhere.
 */
export function findSecret(haystack: unknown, secret: string): string[] {
	if (!secret) throw new Error('findSecret: the secret must not be empty');
	const forms = secretForms(secret);
	const contains = (text: string) => forms.some((form) => text.includes(form));
	const found: string[] = [];
	const seen = new Set<object>();
	const visit = (value: unknown, path: string): void => {
		if (typeof value === 'string') {
			if (contains(value)) found.push(path);
			return;
		}
		if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'symbol') {
			if (contains(String(value))) found.push(path);
			return;
		}
		if (
			typeof value === 'function' ||
			typeof value !== 'object' ||
			value === null ||
			seen.has(value)
		)
			return;
		seen.add(value);
		if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) {
			const view = value as ArrayBufferView;
			visit(Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('utf8'), path);
			return;
		}
		if (value instanceof Map) {
			for (const [key, entry] of value) {
				visit(key, `${path}.<key>`);
				visit(entry, `${path}[${JSON.stringify(String(key))}]`);
			}
			return;
		}
		if (value instanceof Set) {
			[...value].forEach((entry, index) => visit(entry, `${path}[${index}]`));
			return;
		}
		const keys = new Set(Object.keys(value));
		if (value instanceof Error) for (const key of ERROR_KEYS) if (key in value) keys.add(key);
		for (const key of keys) {
			if (contains(key)) found.push(`${path}.<key ${JSON.stringify(key)}>`);
			const child = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
			let entry: unknown;
			try {
				entry = (value as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			visit(entry, child);
		}
	};
	visit(haystack, '$');
	return found;
}

/**
 * Throws when `secret` occurs in `haystack`, naming the paths (the secret itself is not repeated in the message).
 * @param what names the haystack in the message, e.g. `the run of "job.create"`.
 */
export function assertNoSecret(haystack: unknown, secret: string, what: string): void {
	const paths = findSecret(haystack, secret);
	if (paths.length) {
		throw new Error(
			`Secret leak: the api-key occurs in ${what} at ${paths.slice(0, 10).join(', ')}${paths.length > 10 ? ` (+${paths.length - 10} more)` : ''}`,
		);
	}
}
