/**
 * Pure: parses a fine-tuning job's `results.csv` result file into one record per training step.
 *
 * Azure's results file has a header row and one row per step, with columns such as `step`, `train_loss`,
 * `train_mean_token_accuracy`, `valid_loss`, `validation_mean_token_accuracy`, `full_valid_loss`,
 * `full_valid_mean_token_accuracy` (docs/azure-api.md#the-job-object, from Azure's "Analyze your customized model").
 * Numbers become numbers; an empty cell (a metric not computed at that step) becomes `null`; any other text
 * stays text, so new columns Azure may add are kept as they come.
 */

export type MetricRow = Record<string, number | string | null>;

/**
 * @param csv the file content (UTF-8 text, `\n` or `\r\n` line ends, optional BOM).
 * @returns one object per data row, keyed by the header's column names.
 * @throws Error when the header is missing or a row has more cells than the header.
 */
export function parseResultsCsv(csv: string): MetricRow[] {
	const lines = csv
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '');
	if (!lines.length) throw new Error('The results file is empty (no header row)');
	const columns = lines[0].split(',').map((name) => name.trim());
	if (columns.some((name) => !name))
		throw new Error(`The results file's header has an empty column name: "${lines[0]}"`);
	return lines.slice(1).map((line, index) => {
		const cells = line.split(',');
		if (cells.length > columns.length) {
			throw new Error(
				`Row ${index + 2} of the results file has ${cells.length} cells but the header has ${columns.length}`,
			);
		}
		const row: MetricRow = {};
		columns.forEach((name, column) => {
			row[name] = toCell(cells[column]);
		});
		return row;
	});
}

function toCell(raw: string | undefined): number | string | null {
	const text = (raw ?? '').trim();
	if (text === '') return null;
	const number = Number(text);
	return Number.isFinite(number) ? number : text;
}
