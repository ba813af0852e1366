/**
 * The other host a `redirect` fault points to: a second listener on 127.0.0.1 (its own port, so another origin) that
 * records every request it receives as it came — headers and body unredacted, because anything secret arriving here
 * is exactly the leak a redirect fault tests for (the secret scan, test/secrets/guard.ts, looks through this log) —
 * and answers 200 with a job-shaped JSON object, so that a client which followed the redirect would visibly output
 * this host's answer instead of failing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the redirect target received, unredacted. */
export interface RedirectedRequest {
	method: string;
	/** Path and query as received, e.g. `/openai/v1/fine_tuning/jobs?limit=1`. */
	url: string;
	/** Lower-case header names with their values as received (an `api-key` here is a leak). */
	headers: Record<string, string>;
	/** The body as text (empty when there was none). */
	body: string;
}

/** What the target answers: a job that does not exist on the emulator. */
export const REDIRECTED_ANSWER = {
	id: 'ftjob-from-the-redirect-target',
	object: 'fine_tuning.job',
	status: 'succeeded',
};

export interface RedirectTarget {
	/** `http://127.0.0.1:<port>`. */
	url: string;
	/** Every request received, in arrival order (live array). */
	requests: RedirectedRequest[];
	close(): Promise<void>;
}

/** Starts the target (resolves once it listens). */
export async function startRedirectTarget(): Promise<RedirectTarget> {
	const requests: RedirectedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			requests.push({
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: Object.fromEntries(
					Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
				),
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res
				.writeHead(200, { 'content-type': 'application/json' })
				.end(JSON.stringify(REDIRECTED_ANSWER));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	let closing: Promise<void> | undefined;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			(closing ??= new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			})),
	};
}
