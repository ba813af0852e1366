/**
 * Runs the chosen operation for every input item: pairs each output item with its input item, and with
 * continue-on-fail turns a failure into an output item carrying the error (n8n routes it to the error output
 * when "On Error: Continue (using error output)" is set).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from '../../shared/validation';
import * as file from './file';
import * as job from './job';

type Operation = {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
};

const resources: Record<string, Record<string, Operation>> = {
	job: job.operations,
	file: file.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await handler.execute.call(this, itemIndex);
			output.push(...results.map((result) => ({ ...result, pairedItem: { item: itemIndex } })));
		} catch (caught) {
			const error = toNodeError(this, caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			output.push({ json: errorItem(error), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}

/** Input errors become NodeOperationErrors naming the field; API errors keep their code, param and status. */
function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof FieldError) {
		return new NodeOperationError(ctx.getNode(), error.message, {
			itemIndex,
			description: 'Nothing was sent to Azure. Correct the field and run again.',
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * The json of a failed item: `{ error: <message>, details: { description, code, param, httpStatus } }` (details
 * only as far as known). Only the keys `error` and `details` are used, so that n8n sends the item to the error
 * output when "On Error: Continue (using error output)" is set.
 */
function errorItem(error: NodeApiError | NodeOperationError): IDataObject {
	const apiError = (error.context.apiError ?? {}) as IDataObject;
	const details = Object.fromEntries(
		Object.entries({
			description: error.description,
			code: apiError.code,
			param: apiError.param,
			httpStatus: apiError.status,
		}).filter(([, value]) => value !== undefined && value !== null),
	) as IDataObject;
	return { error: error.message, details };
}
