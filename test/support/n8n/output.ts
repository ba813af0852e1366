/**
 * What the harness reads and writes of n8n's output: logs written redacted to .artifacts/ (Redactor, LogFile) and the
 * run JSON `n8n execute --rawOutput` prints (parseRunOutput, nodeOutput).
 *
 * Secrets: everything we write under .artifacts goes through a Redactor. It also records where a secret showed up
 * in raw output, so a test can assert that n8n itself never printed it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class Redactor {
	private readonly secrets = new Set<string>();
	/** Where a secret appeared in raw output before redaction (log name). */
	readonly leaks: string[] = [];

	add(...secrets: Array<string | undefined>): this {
		for (const s of secrets) if (s && s.length >= 6) this.secrets.add(s);
		return this;
	}

	redact(text: string, where = 'unknown'): string {
		let out = text;
		for (const s of this.secrets) {
			if (out.includes(s)) {
				this.leaks.push(where);
				out = out.split(s).join('[REDACTED]');
			}
		}
		return out;
	}
}

/** Appends redacted, whole lines to a file (a secret split across two chunks is still caught). */
export class LogFile {
	private pending = '';
	constructor(
		readonly file: string,
		private readonly redactor: Redactor,
		private readonly onLine?: (line: string) => void,
	) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, '');
	}
	write(chunk: Buffer | string): void {
		this.pending += chunk.toString();
		const lines = this.pending.split('\n');
		this.pending = lines.pop() ?? '';
		for (const line of lines) this.emit(line);
	}
	end(): void {
		if (this.pending) this.emit(this.pending);
		this.pending = '';
	}
	private emit(line: string): void {
		const clean = this.redactor.redact(line, path.basename(this.file));
		fs.appendFileSync(this.file, clean + '\n');
		this.onLine?.(clean);
	}
}

/**
 * The run JSON of `n8n execute --rawOutput`. n8n 2.x prints it through the logger, after log lines; 1.x prints pure
 * JSON, or on failure a few "Execution was NOT successful" lines first. JSON.stringify(…, null, 2) always starts the
 * object with a line that is exactly "{" and ends it with a line that is exactly "}".
 */
export function parseRunOutput(stdout: string): ExecutionRun {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.trimEnd() === '{');
	if (start === -1) throw new Error(`no run JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end].trimEnd() !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionRun;
		} catch {
			/* try an earlier closing brace */
		}
	}
	throw new Error(`unparseable run JSON in n8n execute output:\n${stdout.slice(-2000)}`);
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [k: string]: unknown };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}
export interface ExecutionRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string; [k: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
	[k: string]: unknown;
}

/** The items (json only) a node produced on its first output, in the given run (default first). */
export function nodeOutput(
	run: ExecutionRun,
	nodeName: string,
	runIndex = 0,
): Array<Record<string, unknown>> {
	const nodeRun = run.data.resultData.runData[nodeName]?.[runIndex];
	if (!nodeRun)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	if (nodeRun.error)
		throw new Error(
			`node "${nodeName}" failed: ${nodeRun.error.message} ${nodeRun.error.description ?? ''}`,
		);
	return (nodeRun.data?.main[0] ?? []).map((i) => i.json);
}
