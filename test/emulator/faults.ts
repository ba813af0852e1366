/**
 * Scripted faults: a queue of `Fault`s matched against each API request in order, and the answers of the faults
 * that replace processing (`status`, `html`). See `Fault` in types.ts for the format.
 */
import { STATUS_CODES } from 'node:http';
import type { Fault, FaultKind } from './types';

const KINDS: FaultKind[] = [
	'status',
	'reset',
	'delay',
	'html',
	'truncated',
	'lost-response',
	'redirect',
];

/** Faults that answer (or drop the connection) without processing the request. */
export const IMMEDIATE_FAULTS = new Set<FaultKind>(['status', 'reset', 'html', 'redirect']);

interface Entry {
	fault: Fault;
	pattern?: RegExp;
	remaining: number;
}

/** The pending faults, in injection order. */
export class FaultQueue {
	private entries: Entry[] = [];

	/** Adds a fault. @throws Error for an unknown kind, a bad `path` regex, a bad `times` or missing `status`/`ms`. */
	add(fault: Fault): void {
		if (!KINDS.includes(fault?.kind))
			throw new Error(
				`Unknown fault kind ${JSON.stringify(fault?.kind)}; expected one of ${KINDS.join(', ')}`,
			);
		if (fault.kind === 'status' && !Number.isInteger(fault.status))
			throw new Error("A 'status' fault needs an integer 'status'");
		if (fault.kind === 'delay' && !(typeof fault.ms === 'number' && fault.ms >= 0))
			throw new Error("A 'delay' fault needs 'ms' >= 0");
		if (
			fault.kind === 'redirect' &&
			fault.status !== undefined &&
			!(Number.isInteger(fault.status) && fault.status >= 300 && fault.status <= 399)
		)
			throw new Error("A 'redirect' fault's 'status' must be a 3xx code");
		if (
			fault.kind === 'truncated' &&
			fault.bytes !== undefined &&
			!(Number.isInteger(fault.bytes) && fault.bytes >= 0)
		)
			throw new Error("A 'truncated' fault's 'bytes' must be an integer >= 0");
		if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1))
			throw new Error("'times' must be an integer >= 1");
		const pattern = fault.path === undefined ? undefined : new RegExp(fault.path);
		this.entries.push({ fault: { ...fault }, pattern, remaining: fault.times ?? 1 });
	}

	/** Takes (uses up once) the first fault matching the request, if any. */
	take(method: string, path: string): Fault | undefined {
		const entry = this.entries.find(
			(e) =>
				(!e.fault.method || e.fault.method.toUpperCase() === method.toUpperCase()) &&
				(!e.pattern || e.pattern.test(path)),
		);
		if (!entry) return undefined;
		entry.remaining--;
		if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
		return entry.fault;
	}

	/** Faults not used up yet (with what is left of `times`). */
	pending(): Fault[] {
		return this.entries.map((e) => ({ ...e.fault, path: e.pattern?.source, times: e.remaining }));
	}

	clear(): void {
		this.entries = [];
	}
}

/** An answer a fault produces instead of the real one. */
export interface FaultAnswer {
	status: number;
	contentType: string;
	body: string;
	headers: Record<string, string>;
	error?: unknown;
}

const DEFAULT_MESSAGES: Record<number, string> = {
	429: 'Rate limit is exceeded. Try again later.',
	500: 'The server had an error while processing your request. Sorry about that!',
	502: 'Bad gateway.',
	503: 'The service is temporarily unable to process your request. Please try again later.',
};

/**
 * The answer of a `redirect` fault to `method`: `Location` is `location` (the redirect target at the request's path
 * and query), with a short HTML body as servers send.
 */
export function redirectAnswer(
	fault: Extract<Fault, { kind: 'redirect' }>,
	method: string,
	location: string,
): FaultAnswer {
	const status = fault.status ?? (['GET', 'HEAD'].includes(method.toUpperCase()) ? 302 : 307);
	return {
		status,
		contentType: 'text/html',
		body: `<html><body>Moved to <a href="${location}">${location}</a></body></html>`,
		headers: { location },
	};
}

/** The answer of a `status` or `html` fault. */
export function faultAnswer(fault: Extract<Fault, { kind: 'status' | 'html' }>): FaultAnswer {
	if (fault.kind === 'html') {
		const status = fault.status ?? 502;
		const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
		const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n</body>\r\n</html>\r\n`;
		return { status, contentType: 'text/html', body, headers: {} };
	}
	const error = {
		code: fault.code ?? String(fault.status),
		message:
			fault.message ?? DEFAULT_MESSAGES[fault.status] ?? STATUS_CODES[fault.status] ?? 'Error',
		...(fault.param !== undefined ? { param: fault.param } : {}),
		...(fault.type !== undefined ? { type: fault.type } : {}),
	};
	const headers: Record<string, string> = {};
	if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
	if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
	return {
		status: fault.status,
		contentType: 'application/json',
		body: JSON.stringify({ error }),
		headers,
		error,
	};
}
