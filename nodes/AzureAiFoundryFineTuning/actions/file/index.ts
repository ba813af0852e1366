/** Resource "File": training data and other files of the resource, and their operations' fields. */
import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as del from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as upload from './upload.operation';

/** Operations by their `operation` value, for the router. */
export const operations = { upload, check, list, get, delete: del, download };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		default: 'upload',
		options: [
			{
				name: 'Check Training Data',
				value: 'check',
				action: 'Check training data',
				description:
					'Check a JSONL training file from a previous node line by line, without uploading it',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a file',
				description: 'Delete a file from the Azure resource',
			},
			{
				name: 'Download Content',
				value: 'download',
				action: 'Download a file',
				description:
					"Download a file's content, e.g. a job's results.csv, as binary data or as one item per row",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a file',
				description: "Get a file's name, size, purpose and status",
			},
			{
				name: 'List',
				value: 'list',
				action: 'List files',
				description: 'List the files of the Azure resource, newest first',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload a file',
				description:
					'Upload a file from a previous node, e.g. JSONL training data for a fine-tuning job',
			},
		],
	},
	...upload.description,
	...check.description,
	...list.description,
	...get.description,
	...del.description,
	...download.description,
];
