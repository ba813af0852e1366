/** The Return All / Limit pair every list operation shows. */
import type { INodeProperties } from 'n8n-workflow';

/**
 * @param what plural noun for the descriptions, e.g. `fine-tuning jobs`.
 * @param defaultLimit default of Limit (the API's own page default where it has one).
 */
export function returnAllOrLimit(what: string, defaultLimit = 50): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: `Whether to return all ${what} or only up to a given limit`,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: defaultLimit,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}
