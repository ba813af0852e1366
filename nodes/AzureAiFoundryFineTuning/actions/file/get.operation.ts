/**
 * Get File: `GET /files/{file_id}` (operation retrieveFile; docs/azure-api.md#files-and-training-data): the file's
 * name, size, purpose and status.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { anyFileLocator, readFileId } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['get'] } },
	[anyFileLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const fileId = readFileId(this, itemIndex);
	return [{ json: await apiRequest.call(this, { method: 'GET', path: `/files/${fileId}` }) }];
}
