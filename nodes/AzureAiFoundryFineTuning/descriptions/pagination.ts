/** The Return All / Limit pair every list operation shows, and reading it. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toBoolean, toNumber } from '../../shared/validation';

/** @param what plural noun for the description, e.g. `fine-tuning jobs`. */
export function returnAllOrLimit(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			hint: `Return All reads every page of ${what}`,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/**
 * Pure: the number of items Return All / Limit asks for.
 * @returns `undefined` for Return All, else Limit as an integer ≥ 1.
 * @throws FieldError `Return All` when it is not true or false; `Limit` when it is not an integer ≥ 1 (e.g. an
 *   expression yielding 0 or `"ten"`).
 */
export function toMaxItems(returnAll: unknown, limit: unknown): number | undefined {
	if (toBoolean('Return All', returnAll)) return undefined;
	return toNumber('Limit', limit, { integer: true, min: 1 });
}

/** Reads the Return All / Limit fields ({@link returnAllOrLimit}) of an item. @throws as {@link toMaxItems}. */
export function readMaxItems(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	return toMaxItems(
		ctx.getNodeParameter('returnAll', itemIndex, false),
		ctx.getNodeParameter('limit', itemIndex, 50),
	);
}
