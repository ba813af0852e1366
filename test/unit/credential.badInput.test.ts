/**
 * Credential rules added for the bad-input catalogue (test/engine/badInput.test.ts): an API key must be one line of
 * visible characters, a dated API version a real calendar date; the forms people really paste are still accepted.
 */
import { resolveApiTarget } from '../../nodes/shared/transport/endpoint';

const endpoint = 'https://res.openai.azure.com';
const resolve = (settings: Record<string, unknown>) =>
	resolveApiTarget({ endpoint, apiKey: '0123456789abcdef0123456789abcdef', ...settings }, '/files');

test.each([
	[
		'a key with a line break inside',
		{ apiKey: '0123456789abcdef\n0123456789abcdef' },
		/^API Key: must be one line/,
	],
	[
		'a key with a space inside',
		{ apiKey: '0123456789abcdef 0123456789abcdef' },
		/^API Key: must be one line/,
	],
	[
		'a key with a non-ASCII character',
		{ apiKey: '0123456789abcdef\u200b0123456789abcdef' },
		/^API Key: must be one line/,
	],
	[
		'month 13',
		{ apiVersion: 'dated', datedApiVersion: '2025-13-01' },
		/^Dated API Version: 2025-13-01 is not a date/,
	],
	[
		'29 February of a common year',
		{ apiVersion: 'dated', datedApiVersion: '2025-02-29-preview' },
		/^Dated API Version: 2025-02-29 is not a date/,
	],
])('refuses %s', (_, settings, message) => {
	expect(() => resolve(settings)).toThrow(message);
});

test.each([
	['a key pasted with a trailing line break', { apiKey: '0123456789abcdef0123456789abcdef\n' }],
	['a key with punctuation (newer key formats)', { apiKey: 'AbC1+/=_-.~0123456789' }],
	['29 February of a leap year', { apiVersion: 'dated', datedApiVersion: '2024-02-29' }],
	['a dated preview version', { apiVersion: 'dated', datedApiVersion: '2025-04-01-preview' }],
])('accepts %s', (_, settings) => {
	expect(resolve(settings).url).toMatch(/^https:\/\/res\.openai\.azure\.com\/openai\//);
});
