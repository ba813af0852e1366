/** Fields and readers shared by several File operations. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { METHOD_TYPES, type MethodType } from '../../descriptions/method';
import { checkPathId, FieldError, requireText, show } from '../../../shared/validation';
import { fileLocator } from '../../../shared/locators';
import { methodOptions } from '../../descriptions/method';

/** Display name of the File locator (the name its errors use). */
export const FILE_FIELD = 'File';

/**
 * The File field of Get, Delete and Download Content: a resource locator whose list shows files of every purpose
 * (training files, result files, batch files ...), newest first (list search `searchFiles`).
 */
export function anyFileLocator(): INodeProperties {
	return fileLocator(
		'fileId',
		FILE_FIELD,
		{ required: true, description: 'The file (file_id), of any purpose' },
		'searchFiles',
	);
}

/** Reads the File locator of an item and checks the ID can go into a URL path. @throws FieldError naming "File". */
export function readFileId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkPathId(
		FILE_FIELD,
		ctx.getNodeParameter('fileId', itemIndex, '', { extractValue: true }),
		'file',
	);
}

export const BINARY_FIELD = 'Input Binary Field';

/** The name of the incoming item's binary property that holds the file. */
export const inputBinaryField: INodeProperties = {
	displayName: BINARY_FIELD,
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	placeholder: 'e.g. data',
	hint: 'The name of the input binary field containing the file',
	description:
		'Binary field of the incoming item that holds the JSONL file, e.g. "data" from Read/Write Files from Disk, HTTP Request or Convert to File',
};

export const METHOD_FIELD = 'Fine-Tuning Method';

/** The fine-tuning method whose training-data format the check expects. */
export const trainingMethodField: INodeProperties = {
	displayName: METHOD_FIELD,
	name: 'trainingMethod',
	type: 'options',
	default: 'supervised',
	description: 'The method the file is for: decides which line format the check expects',
	options: methodOptions({
		supervised: 'Chat examples: {"messages": [...]} with at least one assistant message',
		dpo: 'Preference pairs: {"input": {"messages": [...]}, "preferred_output": [...], "non_preferred_output": [...]}',
		reinforcement:
			'Prompts for a grader: {"messages": [...ending with a user message]} plus the reference fields the grader reads',
	}),
};

/** Reads the Binary field name of an item. @throws FieldError when it is empty. */
export function readBinaryPropertyName(ctx: IExecuteFunctions, itemIndex: number): string {
	return requireText(BINARY_FIELD, ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
}

/**
 * Pure: checks that the item has a binary field named `property`; `available` are the names of the binary fields it
 * has (in the item's order).
 * @throws FieldError naming Input Binary Field: the name that is missing and the names there are, or, for an item
 *   without binary data, where such data comes from.
 */
export function checkBinaryProperty(property: string, available: string[]): void {
	if (available.includes(property)) return;
	const missing = `the input item has no binary field ${show(property)}`;
	throw new FieldError(
		BINARY_FIELD,
		available.length
			? `${missing}; its binary fields: ${available.map((name) => show(name)).join(', ')}`
			: `${missing}, nor any other binary data: connect a node that outputs the file, e.g. Read/Write Files from Disk or HTTP Request`,
	);
}

/** Reads the Fine-Tuning Method of an item. @throws FieldError for a value that is not a method. */
export function readTrainingMethod(ctx: IExecuteFunctions, itemIndex: number): MethodType {
	const value = ctx.getNodeParameter('trainingMethod', itemIndex, 'supervised');
	const method = METHOD_TYPES.find((type) => type === value);
	if (!method)
		throw new FieldError(
			METHOD_FIELD,
			`must be one of ${METHOD_TYPES.join(', ')} (got ${show(value)})`,
		);
	return method;
}
