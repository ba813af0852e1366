/** The text_similarity stand-ins (similarity.ts): known values and the bounds every metric keeps. */
import fc from 'fast-check';
import { similarity, type SimilarityMetric } from './similarity';

const METRICS: SimilarityMetric[] = [
	'fuzzy_match',
	'bleu',
	'gleu',
	'meteor',
	'rouge_1',
	'rouge_2',
	'rouge_3',
	'rouge_4',
	'rouge_5',
	'rouge_l',
];

describe('similarity', () => {
	it.each<[SimilarityMetric, string, string, number]>([
		['fuzzy_match', 'kitten', 'sitting', 8 / 13],
		['fuzzy_match', '', '', 1],
		['fuzzy_match', 'abc', '', 0],
		// 3 of 5 candidate unigrams (the, cat, on; "mats" is not "mat") and 3 of 6 reference unigrams
		[
			'rouge_1',
			'the cat was on mats',
			'the cat sat on the mat',
			(2 * (3 / 5) * (3 / 6)) / (3 / 5 + 3 / 6),
		],
		// bigrams: "the cat" shared; 4 candidate, 5 reference
		[
			'rouge_2',
			'the cat was on mats',
			'the cat sat on the mat',
			(2 * (1 / 4) * (1 / 5)) / (1 / 4 + 1 / 5),
		],
		// LCS of tokens: the cat on (3)
		[
			'rouge_l',
			'the cat was on mats',
			'the cat sat on the mat',
			(2 * (3 / 5) * (3 / 6)) / (3 / 5 + 3 / 6),
		],
		// all 1–4-grams: candidate 5+4+3+2 = 14, reference 6+5+4+3 = 18, shared 3+1 = 4
		['gleu', 'the cat was on mats', 'the cat sat on the mat', 4 / 18],
		['bleu', 'a b c d', 'a b c d', 1],
		['bleu', 'x y', 'a b', 0],
	])('%s(%j, %j) = %d', (metric, input, reference, expected) => {
		expect(similarity(metric, input, reference)).toBeCloseTo(expected, 12);
	});

	it('compares words case-insensitively, ignoring punctuation', () => {
		expect(similarity('rouge_1', 'The CAT, sat!', 'the cat sat')).toBe(1);
	});

	it('keeps every metric in [0, 1], gives 0 when no word is shared (word metrics), and is deterministic', () => {
		const words = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 12 });
		fc.assert(
			fc.property(fc.constantFrom(...METRICS), words, words, (metric, a, b) => {
				const score = similarity(metric, a.join(' '), b.join(' '));
				expect(score).toBeGreaterThanOrEqual(0);
				expect(score).toBeLessThanOrEqual(1 + 1e-12);
				expect(similarity(metric, a.join(' '), b.join(' '))).toBe(score);
				// Word metrics only: fuzzy_match compares characters, spaces included.
				if (metric !== 'fuzzy_match' && !a.some((word) => b.includes(word))) expect(score).toBe(0);
			}),
		);
	});
});
