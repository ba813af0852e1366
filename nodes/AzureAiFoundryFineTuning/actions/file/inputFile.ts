/**
 * The incoming item's file (Upload, Check Training Data) and the training-data check both operations run on it
 * (checker: shared/trainingData.ts, spec §6 and A7).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	checkTrainingData,
	formatTrainingDataErrors,
	type TrainingDataReport,
	type TrainingMethod,
} from './trainingData';
import { readBinaryPropertyName } from './fields';

/** A file taken from an input item's binary property. */
export interface InputFile {
	content: Buffer;
	/** File name the binary data carries (e.g. from Read/Write Files from Disk), if any. */
	fileName?: string;
	mimeType?: string;
}

/**
 * Reads the file in the item's Input Binary Field through `getBinaryDataBuffer`, so it works in every n8n binary
 * data mode (memory, filesystem, S3, database).
 * @throws FieldError when the field name is empty; n8n's NodeOperationError when the item has no such binary.
 */
export async function readInputFile(ctx: IExecuteFunctions, itemIndex: number): Promise<InputFile> {
	const property = readBinaryPropertyName(ctx, itemIndex);
	const meta = ctx.helpers.assertBinaryData(itemIndex, property);
	const content = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	return { content, fileName: meta.fileName, mimeType: meta.mimeType };
}

/**
 * What Check Training Data outputs and Upload attaches as `trainingDataCheck`: the checker's report plus `message`,
 * one sentence listing the first problems (empty when valid).
 */
export function reportSummary(report: TrainingDataReport): IDataObject {
	return {
		valid: report.valid,
		message: report.valid ? '' : formatTrainingDataErrors(report),
		examples: report.examples,
		errorCount: report.errorCount,
		errors: report.errors.map((error) => ({ ...error })),
		warnings: report.warnings,
		estimatedTokens: { ...report.estimatedTokens },
		tokenEstimate: report.tokenEstimate,
		bytes: report.bytes,
	};
}

/**
 * Checks the file for `method` and refuses it when it has problems, before anything is uploaded.
 * @returns the report's summary (valid; may carry warnings).
 * @throws NodeOperationError with the first problems and their line numbers, the total count, and what to do.
 */
export function requireValidTrainingData(
	ctx: IExecuteFunctions,
	file: InputFile,
	method: TrainingMethod,
): IDataObject {
	const report = checkTrainingData(file.content, { method });
	if (!report.valid) {
		throw new NodeOperationError(ctx.getNode(), formatTrainingDataErrors(report), {
			description:
				`Nothing was uploaded. The file was checked as ${method} training data (${report.examples} non-blank lines, each an example); line numbers count every line from 1, blank lines included. ` +
				'Fix the lines listed, or choose another Fine-Tuning Method, or turn off Options → Check Training Data First to let Azure decide.',
		});
	}
	return reportSummary(report);
}
