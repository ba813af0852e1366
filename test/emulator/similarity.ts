/**
 * Deterministic stand-ins for the `text_similarity` grader's metrics (docs/azure-api.md#graders). Azure computes them
 * with RapidFuzz, NLTK-style BLEU/GLEU/METEOR and the `rouge-score` package; these are small re-implementations of
 * the same ideas, good enough to give tests stable, ordered scores in [0, 1] — not the service's exact numbers:
 * - `fuzzy_match`: RapidFuzz's `ratio` idea, 2·LCS / (|a| + |b|) over characters (1 for two empty strings);
 * - `bleu`: sentence BLEU over 1–4-grams with uniform weights, add-one smoothing for n > 1 and the brevity penalty;
 * - `gleu`: Google BLEU, min(precision, recall) over all 1–4-grams;
 * - `meteor`: exact unigram matches only, F-mean (recall weighted 9:1) times (1 − 0.5·(chunks/matches)³);
 * - `rouge_1` … `rouge_5`: F1 of n-gram overlap; `rouge_l`: F1 of the longest common token subsequence.
 * Words are lower-cased runs of letters and digits.
 */

/** The metrics of `OpenAI.GraderTextSimilarity.evaluation_metric`. */
export type SimilarityMetric =
	| 'fuzzy_match'
	| 'bleu'
	| 'gleu'
	| 'meteor'
	| 'rouge_1'
	| 'rouge_2'
	| 'rouge_3'
	| 'rouge_4'
	| 'rouge_5'
	| 'rouge_l';

/** Score in [0, 1] of `input` against `reference` with `metric` (see the module comment). */
export function similarity(metric: SimilarityMetric, input: string, reference: string): number {
	if (metric === 'fuzzy_match') return fuzzyRatio(input, reference);
	const candidate = words(input);
	const expected = words(reference);
	switch (metric) {
		case 'bleu':
			return bleu(candidate, expected);
		case 'gleu':
			return gleu(candidate, expected);
		case 'meteor':
			return meteor(candidate, expected);
		case 'rouge_l':
			return f1(lcsLength(candidate, expected), candidate.length, expected.length);
		default: {
			const n = Number(metric.slice('rouge_'.length));
			const overlap = ngramOverlap(candidate, expected, n);
			return f1(overlap.matches, overlap.candidate, overlap.reference);
		}
	}
}

function words(text: string): string[] {
	return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function fuzzyRatio(input: string, reference: string): number {
	const a = [...input];
	const b = [...reference];
	if (!a.length && !b.length) return 1;
	return (2 * lcsLength(a, b)) / (a.length + b.length);
}

/** Length of the longest common subsequence (two rows of the usual table). */
function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
	let previous = new Array<number>(b.length + 1).fill(0);
	let current = new Array<number>(b.length + 1).fill(0);
	for (const x of a) {
		for (let j = 1; j <= b.length; j++)
			current[j] = x === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
		[previous, current] = [current, previous];
	}
	return previous[b.length];
}

function counts(tokens: readonly string[], n: number): Map<string, number> {
	const result = new Map<string, number>();
	for (let i = 0; i + n <= tokens.length; i++) {
		const gram = tokens.slice(i, i + n).join('\u0000');
		result.set(gram, (result.get(gram) ?? 0) + 1);
	}
	return result;
}

/** Clipped n-gram matches and the n-gram totals of both sides. */
function ngramOverlap(candidate: readonly string[], reference: readonly string[], n: number) {
	const expected = counts(reference, n);
	let matches = 0;
	for (const [gram, count] of counts(candidate, n))
		matches += Math.min(count, expected.get(gram) ?? 0);
	return {
		matches,
		candidate: Math.max(candidate.length - n + 1, 0),
		reference: Math.max(reference.length - n + 1, 0),
	};
}

function f1(matches: number, candidateTotal: number, referenceTotal: number): number {
	if (!matches) return 0;
	const precision = matches / candidateTotal;
	const recall = matches / referenceTotal;
	return (2 * precision * recall) / (precision + recall);
}

function bleu(candidate: readonly string[], reference: readonly string[]): number {
	if (!candidate.length || !reference.length) return 0;
	let logSum = 0;
	for (let n = 1; n <= 4; n++) {
		const { matches, candidate: total } = ngramOverlap(candidate, reference, n);
		if (n === 1 && !matches) return 0;
		const smoothing = n > 1 ? 1 : 0;
		logSum += Math.log((matches + smoothing) / (total + smoothing));
	}
	const brevity =
		candidate.length > reference.length ? 1 : Math.exp(1 - reference.length / candidate.length);
	return brevity * Math.exp(logSum / 4);
}

function gleu(candidate: readonly string[], reference: readonly string[]): number {
	let matches = 0;
	let candidateTotal = 0;
	let referenceTotal = 0;
	for (let n = 1; n <= 4; n++) {
		const overlap = ngramOverlap(candidate, reference, n);
		matches += overlap.matches;
		candidateTotal += overlap.candidate;
		referenceTotal += overlap.reference;
	}
	if (!candidateTotal || !referenceTotal) return 0;
	return Math.min(matches / candidateTotal, matches / referenceTotal);
}

function meteor(candidate: readonly string[], reference: readonly string[]): number {
	const used = new Set<number>();
	const aligned: number[] = []; // reference position of each matched candidate word, in candidate order
	for (const word of candidate) {
		const at = reference.findIndex((other, j) => other === word && !used.has(j));
		if (at >= 0) {
			used.add(at);
			aligned.push(at);
		} else aligned.push(-1);
	}
	const matched = aligned.filter((at) => at >= 0);
	if (!matched.length) return 0;
	const precision = matched.length / candidate.length;
	const recall = matched.length / reference.length;
	const fMean = (10 * precision * recall) / (recall + 9 * precision);
	let chunks = 0;
	aligned.forEach((at, i) => {
		if (at >= 0 && !(i > 0 && aligned[i - 1] >= 0 && aligned[i - 1] === at - 1)) chunks++;
	});
	return fMean * (1 - 0.5 * (chunks / matched.length) ** 3);
}
