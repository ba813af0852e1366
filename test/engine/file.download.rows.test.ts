/**
 * Download Content (One Item per Row) on a large results.csv, run by n8n-core's engine against the emulator: every row
 * becomes an item, however many there are (hundreds of thousands of items once overflowed the call stack when the
 * router handed them on in one spread; Get Metrics goes through the same router).
 */
import { startEmulator, type Emulator } from '../emulator';
import { runNode, type CredentialData } from '../support/engine';

let emulator: Emulator;
let credentials: CredentialData;

const ROWS = 300_000;

beforeAll(async () => {
	emulator = await startEmulator();
	credentials = { endpoint: emulator.url, apiKey: emulator.apiKey, apiVersion: 'v1' };
});
afterAll(async () => await emulator.close());

test(`a results.csv of ${ROWS.toLocaleString('en')} rows: one item per row, first and last as written`, async () => {
	const lines = ['step,train_loss'];
	for (let step = 1; step <= ROWS; step++) lines.push(`${step},${(1 / step).toFixed(4)}`);
	const form = new FormData();
	form.append('purpose', 'assistants');
	form.append('file', new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }), 'results.csv');
	const created = await fetch(`${emulator.url}/openai/v1/files`, {
		method: 'POST',
		headers: { 'api-key': emulator.apiKey },
		body: form,
	});
	const fileId = ((await created.json()) as { id: string }).id;

	const rows = await runNode(
		{
			resource: 'file',
			operation: 'download',
			fileId: { __rl: true, mode: 'id', value: fileId },
			output: 'rows',
		},
		credentials,
	);
	expect(rows.error).toBeUndefined();
	expect(rows.outputs[0]).toHaveLength(ROWS);
	expect(rows.outputs[0][0]).toEqual({ step: 1, train_loss: 1 });
	expect(rows.outputs[0][ROWS - 1]).toEqual({ step: ROWS, train_loss: 0 });
}, 120_000);
