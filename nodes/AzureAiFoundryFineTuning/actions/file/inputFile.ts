/**
 * The incoming item's file (Upload, Check Training Data) and the training-data check both operations run on it
 * (checker: trainingData/index.ts; rules: docs/azure-api.md#files-and-training-data).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	checkTrainingDataStream,
	formatTrainingDataErrors,
	type TrainingDataReport,
	type TrainingMethod,
} from './trainingData';
import { checkBinaryProperty, readBinaryPropertyName } from './fields';

/** Bytes per chunk when the file is read: large enough for throughput, small enough to stay out of the way. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A file taken from an input item's binary property, read as often as needed (check, upload, each retry) without
 * being held in memory when n8n stores it outside (filesystem, S3, database binary data modes).
 */
export interface InputFile {
	/** Size in bytes. */
	bytes: number;
	/** The content from the start, in chunks of about {@link CHUNK_BYTES}; each call reads it anew. */
	chunks: () => AsyncIterable<Uint8Array>;
	/** File name the binary data carries (e.g. from Read/Write Files from Disk), if any. */
	fileName?: string;
	mimeType?: string;
}

/**
 * The file in the item's Input Binary Field. Stored by n8n outside the item (it has an `id`: filesystem, S3, database
 * modes), it is read as a stream (`getBinaryStream`, size from `getBinaryMetadata`), as n8n's own nodes read binary
 * data, so memory stays at one chunk. Held in the item (memory mode), it is decoded once (`getBinaryDataBuffer`) and
 * handed out in slices of that one Buffer.
 * @throws FieldError when the field name is empty, or the item has no binary field of that name (listing those it has).
 */
export async function readInputFile(ctx: IExecuteFunctions, itemIndex: number): Promise<InputFile> {
	const property = readBinaryPropertyName(ctx, itemIndex);
	checkBinaryProperty(property, Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {}));
	const meta = ctx.helpers.assertBinaryData(itemIndex, property);
	const named = { fileName: meta.fileName, mimeType: meta.mimeType };
	if (meta.id) {
		const id = meta.id;
		const { fileSize } = await ctx.helpers.getBinaryMetadata(id);
		if (Number.isSafeInteger(fileSize) && fileSize >= 0) {
			const chunks = async function* () {
				yield* await ctx.helpers.getBinaryStream(id, CHUNK_BYTES);
			};
			return { ...named, bytes: fileSize, chunks };
		}
	}
	const content = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const chunks = async function* () {
		for (let start = 0; start < content.byteLength; start += CHUNK_BYTES)
			yield content.subarray(start, start + CHUNK_BYTES);
	};
	return { ...named, bytes: content.byteLength, chunks };
}

/** Checks the file for `method`, reading it once from the start. @throws what reading the file throws. */
export async function checkInputFile(
	file: InputFile,
	method: TrainingMethod,
): Promise<TrainingDataReport> {
	return await checkTrainingDataStream(file.chunks(), { method }, file.bytes);
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
export async function requireValidTrainingData(
	ctx: IExecuteFunctions,
	file: InputFile,
	method: TrainingMethod,
): Promise<IDataObject> {
	const report = await checkInputFile(file, method);
	if (!report.valid) {
		throw new NodeOperationError(ctx.getNode(), formatTrainingDataErrors(report), {
			description:
				`Nothing was uploaded. The file was checked as ${method} training data (${report.examples} non-blank lines, each an example); line numbers count every line from 1, blank lines included. ` +
				'Fix the lines listed, or choose another Fine-Tuning Method, or turn off Options → Check Training Data First to let Azure decide.',
		});
	}
	return reportSummary(report);
}
