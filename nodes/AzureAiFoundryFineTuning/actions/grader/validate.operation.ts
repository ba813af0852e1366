/**
 * Validate Grader: `POST /fine_tuning/alpha/graders/validate` (operation validateGrader; docs/azure-api.md#graders).
 * Azure checks the grader built from the Grader fields without running it and answers `{grader}`, the grader echoed
 * (request.ts `validateGrader`, which Create Job's Validate Grader First calls too).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { GRADER_TYPE_LABEL } from './fields';
import { readGrader, validateGrader } from './request';

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const grader = readGrader(this, itemIndex);
	return [{ json: await validateGrader(this, grader, GRADER_TYPE_LABEL) }];
}
