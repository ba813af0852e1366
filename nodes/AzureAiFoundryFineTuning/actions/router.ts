/**
 * Runs the chosen operation for every input item: pairs each output item with its input item, and with
 * continue-on-fail turns a failure into an output item carrying the error (n8n routes it to the error output
 * when "On Error: Continue (using error output)" is set). Failures become n8n errors in nodes/shared/errors.ts.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorItem, toNodeError } from '../../shared/errors';
import * as deployment from './deployment';
import * as file from './file';
import * as grader from './grader';
import * as job from './job';

type Operation = {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
};

const resources: Record<string, Record<string, Operation>> = {
	job: job.operations,
	file: file.operations,
	deployment: deployment.operations,
	grader: grader.operations,
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
			// One by one, not push(...results): spreading hundreds of thousands of rows (a large results.csv)
			// overflows the call stack.
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = toNodeError(this.getNode(), caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			output.push({ json: errorItem(error), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
