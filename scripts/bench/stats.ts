/** Small statistics shared by the benchmark scripts. */

/** The median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs `count` rounds of one measurement per key, rotating the order every round (two keys: a, b then b, a; three:
 * a, b, c then b, c, a then c, a, b) so that each key runs in each position equally often over a multiple of the key
 * count, and none always runs first (warm caches, a load spike). Returns the samples per key, in round order.
 */
export async function alternate<K extends string, T>(
	count: number,
	keys: readonly K[],
	measure: (key: K, round: number) => Promise<T>,
): Promise<Record<K, T[]>> {
	const samples = Object.fromEntries(keys.map((key) => [key, [] as T[]])) as Record<K, T[]>;
	for (let round = 0; round < count; round++) {
		const shift = round % keys.length;
		for (const key of [...keys.slice(shift), ...keys.slice(0, shift)])
			samples[key].push(await measure(key, round));
	}
	return samples;
}
