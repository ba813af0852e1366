/** Small helpers shared by the emulator modules: ids and cursor pagination. */
import { randomBytes } from 'node:crypto';

/** Lower-case hex of `bytes` random bytes. */
export function randomHex(bytes = 16): string {
	return randomBytes(bytes).toString('hex');
}

/** A new id in Azure's style: `ftjob-<32 hex>`, `file-<32 hex>`, `ftevent-…`, `ftchkpt-…`. */
export function newId(prefix: 'ftjob' | 'file' | 'ftevent' | 'ftchkpt'): string {
	return `${prefix}-${randomHex()}`;
}

/** One page of a list answer. */
export interface Page<T> {
	data: T[];
	has_more: boolean;
}

/**
 * Cursor pagination over items already in list order: the items after the one whose id is `after` (all when
 * `after` is absent; none when it is unknown, so a client's loop ends), at most `limit` of them.
 */
export function paginate<T extends { id: string }>(
	items: T[],
	after: string | undefined,
	limit: number,
): Page<T> {
	const start =
		after === undefined ? 0 : items.findIndex((item) => item.id === after) + 1 || items.length;
	const data = items.slice(start, start + limit);
	return { data, has_more: start + data.length < items.length };
}
