import { contentTypeFor } from '../../nodes/AzureAiFoundryFineTuning/actions/file/mimeType';
import { newestFirst } from '../../nodes/AzureAiFoundryFineTuning/actions/file/list.operation';
import { fileNotReady } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/filesReady';
import { uploadTimeoutMs } from '../../nodes/AzureAiFoundryFineTuning/actions/file/upload.operation';
import {
	CLOCK_SKEW_SECONDS,
	findUploadedFile,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/uploadRecovery';

describe('findUploadedFile (upload recovery after a lost answer)', () => {
	const startedAtMs = 1_800_000_000_000;
	const now = startedAtMs / 1000;
	const sent = { filename: 'train.jsonl', bytes: 2048, purpose: 'fine-tune', startedAtMs };
	const file = (id: string, extra: Record<string, unknown> = {}) => ({
		id,
		filename: 'train.jsonl',
		bytes: 2048,
		purpose: 'fine-tune',
		created_at: now + 1,
		...extra,
	});

	test('takes the newest file with the same name, size and purpose created since the upload started', () => {
		const files = [
			file('file-old', { created_at: now - CLOCK_SKEW_SECONDS - 1 }),
			file('file-a', { created_at: now + 1 }),
			file('file-b', { created_at: now + 2 }),
		];
		expect(findUploadedFile(files, sent)?.id).toBe('file-b');
	});

	test("allows Azure's clock to be behind by up to the skew allowance", () => {
		expect(
			findUploadedFile([file('file-a', { created_at: now - CLOCK_SKEW_SECONDS })], sent)?.id,
		).toBe('file-a');
	});

	test('another name, size or purpose, or an older file, is not the upload: undefined (send again)', () => {
		const others = [
			file('x1', { filename: 'other.jsonl' }),
			file('x2', { bytes: 2047 }),
			file('x3', { purpose: 'batch' }),
			file('x4', { created_at: now - CLOCK_SKEW_SECONDS - 1 }),
		];
		expect(findUploadedFile(others, sent)).toBeUndefined();
		expect(findUploadedFile([], sent)).toBeUndefined();
	});
});

describe('small pure helpers of the File resource', () => {
	test("contentTypeFor: the input's type when usable, else by extension, never empty", () => {
		expect(contentTypeFor('train.jsonl', 'application/x-ndjson')).toBe('application/x-ndjson');
		expect(contentTypeFor('train.jsonl', '')).toBe('application/jsonl');
		expect(contentTypeFor('train.JSONL')).toBe('application/jsonl');
		expect(contentTypeFor('results.csv')).toBe('text/csv');
		expect(contentTypeFor('a.bin', 'bad\r\nvalue')).toBe('application/octet-stream');
		expect(contentTypeFor('file.constructor')).toBe('application/octet-stream');
		expect(contentTypeFor('noextension')).toBe('application/octet-stream');
	});

	test('uploadTimeoutMs: 60 s plus 1 s per 512 KiB', () => {
		expect(uploadTimeoutMs(0)).toBe(60_000);
		expect(uploadTimeoutMs(1)).toBe(61_000);
		expect(uploadTimeoutMs(512 * 1024 * 1024)).toBe(60_000 + 1024 * 1000);
	});

	test('newestFirst sorts by created_at descending without changing the input', () => {
		const files = [
			{ id: 'a', created_at: 1 },
			{ id: 'b', created_at: 3 },
			{ id: 'c', created_at: 2 },
		];
		expect(newestFirst(files).map((f) => f.id)).toEqual(['b', 'c', 'a']);
		expect(files[0].id).toBe('a');
	});

	test('fileNotReady names the field, the file, its status and purpose, and says what to do', () => {
		expect(
			fileNotReady('Training File', { id: 'file-1', status: 'processed', purpose: 'fine-tune' }),
		).toBeUndefined();
		const pending = fileNotReady('Training File', {
			id: 'file-1',
			filename: 't.jsonl',
			status: 'pending',
			purpose: 'fine-tune',
		})!;
		expect(pending.message).toBe(
			'Training File: file "t.jsonl" (file-1) has status "pending" and purpose "fine-tune"; a fine-tuning job needs a file with purpose "fine-tune" and status "processed"',
		);
		expect(pending.description).toContain('Wait Until Processed');
		const assistants = fileNotReady('Validation File', {
			id: 'file-2',
			status: 'processed',
			purpose: 'assistants',
		})!;
		expect(assistants.message).toContain(
			'Validation File: file file-2 has status "processed" and purpose "assistants"',
		);
		expect(assistants.description).toContain('Purpose: Fine-Tune');
		const failed = fileNotReady('Training File', {
			id: 'file-3',
			status: 'error',
			purpose: 'fine-tune',
			status_details: 'Line 3 is bad.',
		})!;
		expect(failed.description).toContain('Line 3 is bad.');
	});
});
