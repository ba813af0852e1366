/**
 * Secret hygiene: the api-key never shows up anywhere. The harness scans every run for the api-key
 * (test/secrets/guard.ts); here: the scanner finds the key in every form and place it could hide, the harness fails a
 * run that leaks it (through output, error stack, description, log, or a request to the host a redirect points to),
 * and a canary key run through every fault kind is found nowhere — not in outputs, errors, stacks, what n8n logged,
 * the emulator's request log, nor what the redirect target received.
 */
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { authenticationProperty } from '../../nodes/shared/authentication';
import { CREDENTIAL_TYPE } from '../../nodes/shared/constants';
import { byId, startBench, RUN_TIMEOUT_MS, type Bench } from '../support/faultRun';
import type { Fault } from '../emulator/types';
import { checkRequestLog, scanStats } from '../secrets/guard';
import { captureLogs } from '../secrets/logs';
import { CANARY_API_KEY, findSecret } from '../secrets/scan';
import { nodeTypeMap, runNode } from '../support/engine';

describe('findSecret', () => {
	const KEY = CANARY_API_KEY;

	test('finds the key in nested values, keys, Maps, Sets and Buffers, with paths', () => {
		const haystack = {
			items: [{ json: { ok: 'fine' } }, { json: { header: `api-key: ${KEY}` } }],
			[`by-${KEY}`]: 1,
			map: new Map([['k', { deep: [KEY] }]]),
			set: new Set(['a', `x${KEY}`]),
			bytes: Buffer.from(`line\n${KEY}\n`),
		};
		expect(findSecret(haystack, KEY)).toEqual([
			'$.items[1].json.header',
			`$.<key "by-${KEY}">`,
			'$.map["k"].deep[0]',
			'$.set[1]',
			'$.bytes',
		]);
	});

	test("finds it in an Error's non-enumerable message and stack, its cause and n8n's description and context", () => {
		const cause = new Error(`upstream said ${KEY}`);
		const error = Object.assign(new Error(`request with ${KEY} failed`, { cause }), {
			description: `sent ${KEY}`,
			context: { headers: { 'api-key': KEY } },
		});
		expect(findSecret({ error }, KEY)).toEqual([
			'$.error.description',
			'$.error.context.headers.api-key',
			'$.error.message',
			'$.error.stack',
			'$.error.cause.message',
			'$.error.cause.stack',
		]);
	});

	test('finds it URL-encoded, JSON-escaped, and base64-encoded at any offset (e.g. a Basic authorization header)', () => {
		const secret = 'k3y/with "quotes"+plus';
		for (const prefix of ['', 'u:', 'us:', 'use:']) {
			expect(
				findSecret(
					{ auth: `Basic ${Buffer.from(`${prefix}${secret}`).toString('base64')}` },
					secret,
				),
			).toEqual(['$.auth']);
		}
		expect(findSecret({ url: `https://x/?key=${encodeURIComponent(secret)}` }, secret)).toEqual([
			'$.url',
		]);
		expect(findSecret({ json: JSON.stringify({ secret }) }, secret)).toEqual(['$.json']);
	});

	test('clean input, cycles and an empty secret', () => {
		const cyclic: Record<string, unknown> = { name: 'no key here' };
		cyclic.self = cyclic;
		expect(findSecret(cyclic, KEY)).toEqual([]);
		expect(() => findSecret(cyclic, '')).toThrow('must not be empty');
	});

	test('the request-log check refuses an unredacted api-key header', () => {
		const record = {
			method: 'GET',
			path: '/openai/v1/files',
			query: {},
			headers: { 'api-key': 'abc' },
			body: undefined,
			status: 200,
		};
		expect(() => checkRequestLog([record], [KEY])).toThrow(
			'recorded header api-key of request 0 (GET /openai/v1/files) unredacted',
		);
		expect(() =>
			checkRequestLog(
				[{ ...record, headers: { 'api-key': '<redacted>' }, body: { note: KEY } }],
				[KEY],
			),
		).toThrow('Secret leak: the api-key occurs in the emulator request log at $[0].body.note');
	});
});

let bench: Bench;
beforeAll(async () => {
	bench = await startBench();
});
afterAll(async () => {
	console.log(
		`Secret scan (canary api-key, this file): ${scanStats.runs} runs, ${scanStats.thrownErrors} thrown errors, ${scanStats.logEntries} log entries, ` +
			`${scanStats.recordedRequests} emulator request records, ${scanStats.redirectedRequests} requests at the redirect target; every one scanned, leaks found only where planted`,
	);
	await bench.close();
});
beforeEach(() => {
	bench.emu.clearRequests();
	bench.emu.clearFaults();
});

describe('the harness fails a run that leaks the key', () => {
	/** A node that puts the credential's api-key where `where` says. */
	class LeakyNode implements INodeType {
		description = {
			...nodeTypeMap['azure.fineTuning'].description,
			properties: [
				authenticationProperty,
				{ displayName: 'Where', name: 'where', type: 'string', default: '' },
			],
		} as INodeTypeDescription;

		async execute(this: IExecuteFunctions) {
			const apiKey = String((await this.getCredentials(CREDENTIAL_TYPE)).apiKey);
			const where = this.getNodeParameter('where', 0) as string;
			if (where.startsWith('http'))
				await this.helpers.httpRequest({ url: where, headers: { 'api-key': apiKey } });
			if (where === 'log') this.logger.debug('calling Azure', { headers: { 'api-key': apiKey } });
			if (where === 'stack') {
				const error = new NodeOperationError(this.getNode(), 'request failed');
				error.stack = `${error.stack}\n    request header api-key=${apiKey}`;
				throw error;
			}
			if (where === 'description')
				throw new NodeOperationError(this.getNode(), 'request failed', {
					description: `sent key ${apiKey}`,
				});
			return [[{ json: where === 'output' ? { sent: { 'api-key': apiKey } } : {} }]];
		}
	}

	const leak = async (where: string) => {
		const real = nodeTypeMap['azure.fineTuning'];
		nodeTypeMap['azure.fineTuning'] = new LeakyNode();
		try {
			return await runNode({ where }, bench.credentials);
		} finally {
			nodeTypeMap['azure.fineTuning'] = real;
		}
	};

	test.each([
		[
			'output',
			/^Secret leak: the api-key occurs in the result of undefined\.undefined at .*\.sent\.api-key/,
		],
		['stack', /^Secret leak: the api-key occurs in the result of .* at \$\.run\..*error\.stack/],
		[
			'description',
			/^Secret leak: the api-key occurs in the result of .* at \$\.run\..*error\.description/,
		],
		[
			'log',
			/^Secret leak: the api-key occurs in the log entries of .* at \$\[\d+\]\.meta\.headers\.api-key/,
		],
	])('in the %s', async (where, message) => {
		await expect(leak(where)).rejects.toThrow(message);
	});

	test('to the host a redirect points to (what a client that follows redirects would do)', async () => {
		await expect(leak(`${bench.emu.redirectTargetUrl}/openai/v1/files`)).rejects.toThrow(
			/^Secret leak: the api-key occurs in what the redirect target received at \$\[0\]\.headers\.api-key/,
		);
	});

	test('and passes the same node when it leaks nothing', async () => {
		await expect(leak('nowhere')).resolves.toMatchObject({ outputs: [[{}]] });
	});
});

describe('the canary key appears nowhere, whatever the fault', () => {
	const FAULTS: Fault[] = [
		{
			kind: 'status',
			status: 401,
			code: '401',
			message: 'Access denied due to invalid subscription key.',
		},
		{ kind: 'status', status: 429, code: 'daily_rate_limit_exceeded', retryAfter: 86_400 },
		{ kind: 'status', status: 500, times: 10 },
		{ kind: 'html', status: 502, times: 10 },
		{ kind: 'reset', times: 10 },
		{ kind: 'delay', ms: RUN_TIMEOUT_MS + 100, times: 10 },
		{ kind: 'truncated', times: 10 },
		{ kind: 'lost-response', times: 10 },
		{ kind: 'truncated', bytes: 0, times: 10 },
		{ kind: 'redirect', times: 10 },
	];

	test.each(
		FAULTS.map(
			(fault) =>
				[
					fault.kind === 'status'
						? `${fault.kind} ${fault.status}`
						: fault.kind === 'truncated' && fault.bytes === 0
							? 'empty body'
							: fault.kind,
					fault,
				] as const,
		),
	)(
		'%s: failed runs (plain and continue-on-fail) are scanned, and what n8n logged too',
		async (_, fault) => {
			const logs = captureLogs();
			const firstLog = logs.length;
			const [job] = bench.emu.seedJobs(1);
			const parameters = { resource: 'job', operation: 'get', jobId: byId(job.id) };
			bench.emu.injectFault(fault);
			const failed = await runNode(parameters, bench.credentials);
			bench.emu.injectFault(fault);
			const continued = await runNode(parameters, bench.credentials, {
				onError: 'continueRegularOutput',
			});
			expect(failed.error).toBeDefined();
			expect(continued.outputs[0][0].error).toEqual(failed.error?.message);
			expect(logs.length).toBeGreaterThan(firstLog);
			const written = logs.slice(firstLog);
			expect(findSecret(written, failed.error!.message)).not.toEqual([]);
			expect(
				findSecret({ failed, continued, written, requests: bench.emu.requests }, CANARY_API_KEY),
			).toEqual([]);
			expect(
				bench.emu.requests.every((request) => request.headers['api-key'] === '<redacted>'),
			).toBe(true);
			expect(bench.emu.redirected()).toEqual([]);
			while (
				bench.emu.requests.some((request) => request.fault === 'delay' && request.status === 0)
			)
				await new Promise((resolve) => setTimeout(resolve, 10));
		},
	);
});
