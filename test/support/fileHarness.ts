/**
 * Binary input for the engine harness (engine.ts): a Start node whose items may carry a file, stored through n8n's
 * own binary data service (so in filesystem binary mode the file lands on disk and the item holds only its id), and a
 * switch to n8n's filesystem binary mode. Used by the File resource's engine tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeType, ITriggerFunctions } from 'n8n-workflow';

import { nodeTypeMap } from './engine';

/** One input item: JSON plus optionally a file put into binary property `property` (default `data`). */
export interface FileItemSpec extends IDataObject {
	json: IDataObject;
	property: string;
	file: { base64: string; fileName?: string; mimeType?: string } | null;
}

/**
 * An input item carrying `content` as binary data (file name default `train.jsonl`, `null` for none; no MIME type
 * unless given). Pass a list of these as `runNode`'s `items`.
 */
export function fileItem(
	content: string | Buffer,
	options: { fileName?: string | null; mimeType?: string; property?: string } = {},
): FileItemSpec {
	const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
	const fileName = options.fileName === undefined ? 'train.jsonl' : options.fileName;
	const file = {
		base64: bytes.toString('base64'),
		...(fileName ? { fileName } : {}),
		...(options.mimeType ? { mimeType: options.mimeType } : {}),
	};
	return { json: {}, property: options.property ?? 'data', file };
}

/**
 * Like the harness's Start, but stores each item's `file` as binary data with n8n's `setBinaryDataBuffer` (what
 * `prepareBinaryData` ends in; called directly so that the MIME type is exactly as given, possibly empty).
 */
class BinaryStart implements INodeType {
	description = {
		...nodeTypeMap['test.start'].description,
		description: 'Emits test items with binary data',
	};

	async trigger(this: ITriggerFunctions) {
		const specs = JSON.parse(this.getNodeParameter('items') as string) as Array<
			Partial<FileItemSpec>
		>;
		const toItem = async (spec: Partial<FileItemSpec>): Promise<INodeExecutionData> => {
			if (!spec.file) return { json: spec.json ?? spec };
			const { base64, fileName, mimeType } = spec.file;
			const binary = await this.helpers.setBinaryDataBuffer(
				{ data: '', mimeType: mimeType ?? '', ...(fileName ? { fileName } : {}) },
				Buffer.from(base64, 'base64'),
			);
			return { json: spec.json ?? {}, binary: { [spec.property ?? 'data']: binary } };
		};
		return { manualTriggerFunction: async () => this.emit([await Promise.all(specs.map(toItem))]) };
	}
}

/** Makes `runNode` use the binary-capable Start for the rest of this test file. */
export function useBinaryStart(): void {
	nodeTypeMap['test.start'] = new BinaryStart();
}

/**
 * Switches n8n-core to filesystem binary mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem) with a fresh storage folder,
 * as an n8n instance started with that setting has it. Call in `beforeAll`, before any binary data is stored in
 * this test file.
 * @returns the storage folder, and `cleanUp` (for `afterAll`) that removes it and the settings.
 */
export async function useFilesystemBinaryMode(): Promise<{
	storagePath: string;
	cleanUp: () => void;
}> {
	const storagePath = mkdtempSync(join(tmpdir(), 'n8n-binary-'));
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH = storagePath;
	await Container.get(BinaryDataService).init();
	const cleanUp = () => {
		delete process.env.N8N_DEFAULT_BINARY_DATA_MODE;
		delete process.env.N8N_BINARY_DATA_STORAGE_PATH;
		rmSync(storagePath, { recursive: true, force: true });
	};
	return { storagePath, cleanUp };
}
