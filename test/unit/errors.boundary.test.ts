/** The error boundary both nodes use (nodes/shared/errors.ts). */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorItem, toNodeError, UnexpectedAnswerError } from '../../nodes/shared/errors';
import { FieldError } from '../../nodes/shared/validation';

const node: INode = {
	id: 'n',
	name: 'Node',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('toNodeError', () => {
	test('a FieldError names the field and says nothing was sent; an item run says to run again', () => {
		const onItem = toNodeError(node, new FieldError('Suffix', 'is too long'), 2);
		expect(onItem).toBeInstanceOf(NodeOperationError);
		expect(onItem.message).toBe('Suffix: is too long');
		expect(onItem.description).toBe('Nothing was sent to Azure. Correct the field and run again.');
		expect(onItem.context.itemIndex).toBe(2);
		const onPoll = toNodeError(node, new FieldError('Statuses', 'is empty'));
		expect(onPoll.description).toBe('Nothing was sent to Azure. Correct the field.');
		expect(onPoll.context.itemIndex).toBeUndefined();
	});

	test("the transport's NodeApiError passes as it is, with the item index when given", () => {
		const apiError = new NodeApiError(node, { message: 'x' } as JsonObject, { message: 'Gone' });
		expect(toNodeError(node, apiError)).toBe(apiError);
		expect(apiError.context.itemIndex).toBeUndefined();
		expect(toNodeError(node, apiError, 1)).toBe(apiError);
		expect(apiError.context.itemIndex).toBe(1);
	});

	test('an UnexpectedAnswerError and any other error become NodeOperationErrors with their message', () => {
		const unexpected = toNodeError(node, new UnexpectedAnswerError('The list repeated itself'), 0);
		expect(unexpected).toBeInstanceOf(NodeOperationError);
		expect(unexpected.message).toBe('The list repeated itself');
		expect(unexpected.context.itemIndex).toBe(0);
		expect(toNodeError(node, new Error('socket closed')).message).toBe('socket closed');
	});
});

describe('errorItem (continue-on-fail)', () => {
	test('error and details only, details as far as known', () => {
		const apiError = new NodeApiError(node, {} as JsonObject, {
			message: 'Invalid suffix',
			description: 'Code: invalidPayload · HTTP 400',
		});
		apiError.context.apiError = { code: 'invalidPayload', param: 'suffix', status: 400 };
		expect(errorItem(apiError)).toEqual({
			error: 'Invalid suffix',
			details: {
				description: 'Code: invalidPayload · HTTP 400',
				code: 'invalidPayload',
				param: 'suffix',
				httpStatus: 400,
			},
		});
		expect(errorItem(new NodeOperationError(node, 'Plain'))).toEqual({
			error: 'Plain',
			details: {},
		});
	});
});
