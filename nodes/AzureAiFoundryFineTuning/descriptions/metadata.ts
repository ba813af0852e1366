/** The Metadata key-value pairs field (a fixedCollection `metadata` with values under `pairs`). */
import type { INodeProperties } from 'n8n-workflow';

/**
 * @param description what the pairs do in this place (e.g. stored with the job, or jobs must have them).
 * @returns the field; n8n hands its value over as `{ pairs: [{ key, value }] }`.
 */
export function metadataPairsField(description: string): INodeProperties {
	return {
		displayName: 'Metadata',
		name: 'metadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Pair',
		default: {},
		description,
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	};
}
