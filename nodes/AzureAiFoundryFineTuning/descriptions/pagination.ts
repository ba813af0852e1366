/** The Return All / Limit pair every list operation shows. */
import type { INodeProperties } from 'n8n-workflow';

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
