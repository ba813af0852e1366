/** The emulator's import check of an uploaded `fine-tune` file (what decides `processed` versus `error`). */

/** Azure's minimum number of training examples. */
export const MIN_EXAMPLES = 10;

/**
 * Checks that `content` is UTF-8 JSONL (an optional BOM allowed) with at least `MIN_EXAMPLES` non-blank lines,
 * each a JSON object.
 *
 * @returns the reason it is not, for `status_details` (naming the 1-based line), or `undefined` when it is valid.
 */
export function fineTuneFileProblem(content: Buffer): string | undefined {
	const lines = content
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/);
	let examples = 0;
	for (const [index, line] of lines.entries()) {
		if (!line.trim()) continue;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch {
			return `Invalid file format. Line ${index + 1} is not valid JSON.`;
		}
		if (!value || typeof value !== 'object' || Array.isArray(value)) {
			return `Invalid file format. Line ${index + 1} is not a JSON object.`;
		}
		examples++;
	}
	if (examples < MIN_EXAMPLES) {
		return `Invalid file format. The file has ${examples} examples; at least ${MIN_EXAMPLES} are required.`;
	}
	return undefined;
}
