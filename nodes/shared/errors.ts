/**
 * The error boundary of both nodes: whatever an operation or a poll throws reaches n8n as a NodeApiError or a
 * NodeOperationError through {@link toNodeError}; the action node's continue-on-fail item is {@link errorItem}.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError } from './validation';

/**
 * The API answered something the nodes cannot use: a list repeating itself (transport/pages.ts, the trigger's walk),
 * list cursors vanishing again and again, a job without an id.
 */
export class UnexpectedAnswerError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnexpectedAnswerError';
	}
}

/** What n8n is handed. */
export type NodeFailure = NodeApiError | NodeOperationError;

/**
 * The n8n error for `error`:
 * - FieldError (bad input, raised before any request): a NodeOperationError with the field's message and the
 *   description "Nothing was sent to Azure. Correct the field and run again." (for an input item) or "... Correct
 *   the field." (a trigger, which polls again by itself);
 * - NodeApiError / NodeOperationError (the transport's, with the API's code, param and status): passed on as it is;
 * - UnexpectedAnswerError: a NodeOperationError with its message;
 * - anything else: wrapped in a NodeOperationError keeping its message.
 *
 * @param itemIndex the input item being processed (action node); put on the error's context. Undefined for a poll.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeFailure {
	const onItem = itemIndex === undefined ? {} : { itemIndex };
	if (error instanceof FieldError) {
		return new NodeOperationError(node, error.message, {
			...onItem,
			description: `Nothing was sent to Azure. Correct the field${itemIndex === undefined ? '' : ' and run again'}.`,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof UnexpectedAnswerError)
		return new NodeOperationError(node, error.message, onItem);
	return new NodeOperationError(node, error as Error, onItem);
}

/**
 * The json of a failed item under continue-on-fail: `{ error: <message>, details: { description, code, param,
 * httpStatus } }` (details only as far as known; code, param and status from the transport's `context.apiError`).
 * Only the keys `error` and `details` are used, so that n8n sends the item to the error output when "On Error:
 * Continue (using error output)" is set.
 */
export function errorItem(error: NodeFailure): IDataObject {
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
