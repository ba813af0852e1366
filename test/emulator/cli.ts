/**
 * Runs the emulator as a process (for a real n8n and `npm run dev`):
 *
 *   npx tsx test/emulator/cli.ts [--port 8765] [--api-key <key>] [--auto-advance-ms 5000] [--self-check]
 *     [--disable-local-auth] [--token-lifetime-seconds 3600]
 *
 * Prints `Emulator listening on http://127.0.0.1:<port>` once ready and runs until SIGTERM/SIGINT.
 * The Entra app that gets tokens is `DEFAULT_ENTRA_APP`; ARM serves `DEFAULT_ARM`'s account (see arm/index.ts).
 * Control it over HTTP under `/__emulator/` (see admin.ts).
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '0' },
			'api-key': { type: 'string' },
			'auto-advance-ms': { type: 'string', default: '0' },
			'self-check': { type: 'boolean', default: false },
			'disable-local-auth': { type: 'boolean', default: false },
			'token-lifetime-seconds': { type: 'string' },
		},
	});
	const port = Number(values.port);
	const autoAdvanceMs = Number(values['auto-advance-ms']);
	if (!Number.isInteger(port) || port < 0)
		throw new Error(`--port must be an integer >= 0 (got ${values.port})`);
	if (!Number.isFinite(autoAdvanceMs) || autoAdvanceMs < 0)
		throw new Error(`--auto-advance-ms must be >= 0 (got ${values['auto-advance-ms']})`);
	const emulator = await startEmulator({
		port,
		apiKey: values['api-key'],
		autoAdvanceMs,
		selfCheck: values['self-check'],
		disableLocalAuth: values['disable-local-auth'],
		entra:
			values['token-lifetime-seconds'] === undefined
				? undefined
				: { tokenLifetimeSeconds: Number(values['token-lifetime-seconds']) },
	});
	console.log(`Emulator listening on ${emulator.url}`);
	const stop = () => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
