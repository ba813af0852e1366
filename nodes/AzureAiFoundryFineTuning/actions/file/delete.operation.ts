/**
 * Delete File: `DELETE /files/{file_id}` (operation deleteFile; docs/azure-api.md#endpoints-and-api-versions).
 * Outputs `{id, object, deleted}`.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import { anyFileLocator, readFileId } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['delete'] } },
	[anyFileLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const fileId = readFileId(this, itemIndex);
	return [{ json: await apiRequest.call(this, { method: 'DELETE', path: `/files/${fileId}` }) }];
}
