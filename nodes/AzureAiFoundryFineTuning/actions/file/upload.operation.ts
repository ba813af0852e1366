/**
 * Upload: `POST /files` (operation createFile; docs/azure-api.md#files-and-training-data), multipart `file` +
 * `purpose`, from a binary field of the incoming item. Optionally checks the training data first (nothing is uploaded
 * when it has problems) and waits until Azure has imported the file.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { multipartBody, multipartFrame } from './multipart';
import { apiRequest } from '../../../shared/transport';
import { listAllFiles } from '../../../shared/transport/pages';
import { settings } from '../../../shared/transport/settings';
import {
	FieldError,
	isBlank,
	requireText,
	show,
	toOptionalBoolean,
	toNumber,
} from '../../../shared/validation';
import { inputBinaryField, readTrainingMethod, trainingMethodField } from './fields';
import { readInputFile, requireValidTrainingData, type InputFile } from './inputFile';
import { contentTypeFor } from './mimeType';
import { findUploadedFile, type SentUpload } from './uploadRecovery';
import { waitUntilProcessed } from './waitUntilProcessed';

/**
 * Purposes an upload may have (component `AzureCreateFileRequestMultiPart.purpose`;
 * docs/azure-api.md#files-and-training-data).
 */
export const UPLOAD_PURPOSES = ['fine-tune', 'assistants', 'batch', 'evals'] as const;

const MAX_WAIT_FIELD = 'Max Wait (Seconds)';
const MAX_WAIT_RULE = { integer: true, min: 1, max: 7_200 };

const properties: INodeProperties[] = [
	inputBinaryField,
	{
		displayName: 'Purpose',
		name: 'purpose',
		type: 'options',
		default: 'fine-tune',
		description: 'What the file is for (purpose)',
		options: [
			{ name: 'Assistants', value: 'assistants', description: 'A file for assistants and agents' },
			{ name: 'Batch', value: 'batch', description: 'Requests for a batch job' },
			{ name: 'Evals', value: 'evals', description: 'A data set for evaluations' },
			{
				name: 'Fine-Tune',
				value: 'fine-tune',
				description: 'Training or validation data for a fine-tuning job',
			},
		],
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. train.jsonl',
		description: 'Name the file gets on Azure. Leave empty to use the name of the input file.',
	},
	{ ...trainingMethodField, displayOptions: { show: { purpose: ['fine-tune'] } } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		// Shown with what the node does when they are not added, so the behaviour is in sight: checks fine-tune
		// data, does not wait. A saved workflow without Options gets these same values.
		default: { checkTrainingData: true, waitUntilProcessed: false },
		options: [
			{
				displayName: 'Check Training Data First',
				name: 'checkTrainingData',
				type: 'boolean',
				default: true,
				displayOptions: { show: { '/purpose': ['fine-tune'] } },
				description:
					'Whether to check the JSONL lines for the Fine-Tuning Method before uploading, and upload nothing when a line has a problem. On for fine-tune unless turned off here.',
			},
			{
				displayName: 'Wait Until Processed',
				name: 'waitUntilProcessed',
				type: 'boolean',
				default: true,
				description:
					"Whether to wait until Azure has imported the file (status processed) before going on, so the next node can start a job with it. Fails with Azure's reason when the import fails. Off unless switched on here.",
			},
			{
				displayName: MAX_WAIT_FIELD,
				name: 'maxWaitSeconds',
				type: 'number',
				default: 600,
				description:
					'With Wait Until Processed: how long to wait at most before failing (1 to 7200 seconds)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['upload'] } },
	properties,
);

/** Per-attempt timeout of an upload, in ms: the default (60 s) plus 1 s per 512 KiB (at least ~0.5 MB/s). */
export function uploadTimeoutMs(bytes: number): number {
	return settings.timeouts.requestMs + Math.ceil(bytes / (512 * 1024)) * 1000;
}

interface UploadInput {
	purpose: (typeof UPLOAD_PURPOSES)[number];
	checkTrainingData: boolean;
	maxWaitMs?: number;
}

/** Reads and checks the parameters that need no input file. @throws FieldError naming the field. */
function readUploadInput(ctx: IExecuteFunctions, itemIndex: number): UploadInput {
	const value = ctx.getNodeParameter('purpose', itemIndex, 'fine-tune');
	const purpose = UPLOAD_PURPOSES.find((allowed) => allowed === value);
	if (!purpose)
		throw new FieldError(
			'Purpose',
			`must be one of ${UPLOAD_PURPOSES.join(', ')} (got ${show(value)})`,
		);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Options not added are off (Wait Until Processed) or on (Check Training Data); added ones are read strictly.
	const wait = toOptionalBoolean('Wait Until Processed', options.waitUntilProcessed, false);
	return {
		purpose,
		checkTrainingData:
			purpose === 'fine-tune' &&
			toOptionalBoolean('Check Training Data First', options.checkTrainingData, true),
		maxWaitMs: wait
			? toNumber(MAX_WAIT_FIELD, options.maxWaitSeconds ?? 600, MAX_WAIT_RULE) * 1000
			: undefined,
	};
}

/** File Name, or the input file's own name. @throws FieldError when both are empty or the name has control characters. */
function readFileName(ctx: IExecuteFunctions, itemIndex: number, file: InputFile): string {
	const typed = ctx.getNodeParameter('fileName', itemIndex, '');
	if (isBlank(typed) && !file.fileName) {
		throw new FieldError(
			'File Name',
			'is required because the input binary has no file name; enter one such as train.jsonl',
		);
	}
	return requireText('File Name', isBlank(typed) ? file.fileName : typed, { maxLength: 255 });
}

/**
 * Sends the upload as a stream (multipart.ts): each attempt reads the file again from the start, so memory stays at one
 * chunk whatever the size. Not safe to repeat: after a lost answer the transport calls `recover`, which looks for the
 * file this upload created on every page of the files list (same file name, size and purpose, created since the upload
 * started; see uploadRecovery.ts) and returns it instead of uploading a second copy.
 */
async function sendUpload(
	ctx: IExecuteFunctions,
	file: InputFile,
	filename: string,
	purpose: string,
): Promise<IDataObject> {
	const frame = multipartFrame(
		{ purpose },
		{ name: 'file', filename, contentType: contentTypeFor(filename, file.mimeType) },
	);
	const body = () => multipartBody(frame, file.bytes, file.chunks);
	const sent: SentUpload = {
		filename,
		bytes: file.bytes,
		purpose,
		startedAtMs: Date.now(),
	};
	return await apiRequest.call(ctx, {
		method: 'POST',
		path: '/files',
		body,
		timeoutMs: uploadTimeoutMs(frame.head.byteLength + file.bytes + frame.tail.byteLength),
		recover: async () => findUploadedFile(await listAllFiles.call(ctx, purpose), sent),
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = readUploadInput(this, itemIndex);
	const method = input.checkTrainingData ? readTrainingMethod(this, itemIndex) : undefined;
	const file = await readInputFile(this, itemIndex);
	const filename = readFileName(this, itemIndex, file);
	// Checked first, in a pass of its own over the file, and only then uploaded (a second pass): memory stays bounded.
	const check = method ? await requireValidTrainingData(this, file, method) : undefined;
	let uploaded = await sendUpload(this, file, filename, input.purpose);
	if (input.maxWaitMs !== undefined)
		uploaded = await waitUntilProcessed(this, uploaded, input.maxWaitMs);
	return [{ json: check ? { ...uploaded, trainingDataCheck: check } : uploaded }];
}
