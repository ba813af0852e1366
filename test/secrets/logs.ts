/**
 * Captures what n8n logs in process, so tests can scan it: every call on n8n-core's `Logger` (what a node's
 * `this.logger`, the ErrorReporter and other services use, through the DI container) and on n8n-workflow's
 * `LoggerProxy` (what WorkflowExecute uses), at every level — including the levels below the configured one, which
 * the real logger drops. Each call is still passed on to the real logger.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

/** One log call as made. */
export interface LogEntry {
	level: (typeof LEVELS)[number];
	message: unknown;
	meta?: unknown;
}

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;

let entries: LogEntry[] | undefined;

/** A logger that records each call into `into` and passes it on to `real`; its scoped loggers record too. */
function recording(real: Logger, into: LogEntry[]): Logger {
	const logger = Object.create(real) as Logger;
	for (const level of LEVELS) {
		Object.defineProperty(logger, level, {
			value: (message: string, meta?: Parameters<Logger['error']>[1]) => {
				into.push({ level, message, meta });
				real[level](message, meta);
			},
		});
	}
	Object.defineProperty(logger, 'scoped', {
		value: (scopes: Parameters<Logger['scoped']>[0]) => recording(real.scoped(scopes), into),
	});
	return logger;
}

/**
 * Starts capturing (once per module registry, i.e. once per jest test file) and returns the live list of entries.
 * Later calls return the same list.
 */
export function captureLogs(): LogEntry[] {
	if (entries) return entries;
	const captured: LogEntry[] = [];
	const logger = recording(Container.get(Logger), captured);
	Container.set(Logger, logger);
	LoggerProxy.init(logger);
	entries = captured;
	return captured;
}
