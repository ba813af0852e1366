/**
 * Comments point into the repository: every `docs/<file>.md#<anchor>` reference in nodes/, credentials/, test/,
 * scripts/ and README.md names a file that exists and a heading it has (GitHub's anchor rules), the docs' own
 * `](#anchor)` links resolve, and no comment in nodes/ or credentials/ cites something a reader cannot open: a
 * numbered section or appendix of a research note, DESIGN.md, a file outside the repository or an issue number.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['nodes', 'credentials', 'test', 'scripts', 'README.md'];
const COMMENTS_CHECKED = ['nodes', 'credentials'];
const TEXT_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.md', '.sh']);

/** GitHub's anchor for a heading: lower case, punctuation dropped (`-` and `_` kept), each space a `-`. */
export function githubAnchor(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** The anchors of a Markdown text's headings (outside code fences); repeated headings get `-1`, `-2`, … as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const counts = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split(/\r?\n/)) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const base = githubAnchor(heading[1]);
		const seen = counts.get(base) ?? 0;
		counts.set(base, seen + 1);
		anchors.add(seen ? `${base}-${seen}` : base);
	}
	return anchors;
}

/** A `docs/<file>.md` reference, with its anchor when it has one. */
export interface DocReference {
	file: string;
	anchor?: string;
	line: number;
}

/** The `docs/<file>.md[#anchor]` references in a text (not inside URLs such as `…/docs/x.md`). */
export function docReferences(text: string): DocReference[] {
	const found: DocReference[] = [];
	text.split(/\r?\n/).forEach((line, index) => {
		for (const match of line.matchAll(/(?<![\w/.-])docs\/([\w.-]+\.md)(?:#([\w-]+))?/g)) {
			found.push({ file: match[1], anchor: match[2], line: index + 1 });
		}
	});
	return found;
}

/**
 * Problems with `references`: a file missing from docs/ or an anchor none of its headings has.
 * @param readDoc the text of `docs/<file>`, or undefined when there is no such file.
 */
export function brokenReferences(
	references: readonly DocReference[],
	readDoc: (file: string) => string | undefined,
): string[] {
	const anchorsOf = new Map<string, Set<string> | undefined>();
	const problems: string[] = [];
	for (const ref of references) {
		if (!anchorsOf.has(ref.file)) {
			const text = readDoc(ref.file);
			anchorsOf.set(ref.file, text === undefined ? undefined : headingAnchors(text));
		}
		const anchors = anchorsOf.get(ref.file);
		const where = `line ${ref.line}: docs/${ref.file}${ref.anchor ? `#${ref.anchor}` : ''}`;
		if (!anchors) problems.push(`${where}: no such file`);
		else if (ref.anchor && !anchors.has(ref.anchor)) problems.push(`${where}: no such heading`);
	}
	return problems;
}

/** Citations a reader of the repository cannot follow. */
export const FORBIDDEN_CITATIONS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
	{
		pattern: /(?<!RFC \d+ )§\s*\d/,
		what: 'a numbered section (§N) of a note outside the repository',
	},
	{
		pattern: /\bAppendix\b|\bA[1-9]\b/,
		what: 'an appendix (A1…A9) of a note outside the repository',
	},
	{
		pattern: /FINE_TUNING_API|VALIDATING_REQUESTS|\bspec\/[\w.-]+\.md/,
		what: 'a file outside the repository',
	},
	{ pattern: /DESIGN\.md/, what: 'DESIGN.md, which is not in the repository' },
	{ pattern: /\bissues?\s*#?\d+|\(#\d+\)|\bPR\s*#\d+/i, what: 'an issue number' },
];

/** The comments of a TypeScript source, each with its 1-based first line. */
export function commentsOf(fileName: string, text: string): Array<{ text: string; line: number }> {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
	const ranges = new Map<number, ts.CommentRange>();
	const collect = (found: ts.CommentRange[] | undefined) =>
		found?.forEach((range) => ranges.set(range.pos, range));
	const visit = (node: ts.Node) => {
		// Every comment is trivia in front of (or, on the same line, behind) some token, so walking all tokens finds all.
		collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
		collect(ts.getTrailingCommentRanges(text, node.getEnd()));
		node.getChildren(source).forEach(visit);
	};
	visit(source);
	return [...ranges.values()]
		.sort((a, b) => a.pos - b.pos)
		.map((range) => ({
			text: text.slice(range.pos, range.end),
			line: source.getLineAndCharacterOfPosition(range.pos).line + 1,
		}));
}

/** Forbidden citations in the comments of `text`, as `line N: <what> ("<excerpt>")`. */
export function forbiddenCitations(fileName: string, text: string): string[] {
	const problems: string[] = [];
	for (const comment of commentsOf(fileName, text)) {
		comment.text.split('\n').forEach((line, offset) => {
			for (const { pattern, what } of FORBIDDEN_CITATIONS) {
				const match = pattern.exec(line);
				if (match) problems.push(`line ${comment.line + offset}: ${what} ("${match[0]}")`);
			}
		});
	}
	return problems;
}

function filesUnder(relative: string): string[] {
	const full = path.join(REPO_ROOT, relative);
	if (!fs.statSync(full).isDirectory()) return [relative];
	return fs
		.readdirSync(full, { withFileTypes: true })
		.flatMap((entry) =>
			entry.isDirectory()
				? filesUnder(path.join(relative, entry.name))
				: TEXT_EXTENSIONS.has(path.extname(entry.name))
					? [path.join(relative, entry.name)]
					: [],
		);
}

function readRepoDoc(file: string): string | undefined {
	const full = path.join(REPO_ROOT, 'docs', file);
	return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
}

describe('GitHub anchors', () => {
	it.each([
		['Azure and its spec', 'azure-and-its-spec'],
		['Endpoints and API versions', 'endpoints-and-api-versions'],
		['The job object', 'the-job-object'],
		['Errors & retries (HTTP 429)', 'errors--retries-http-429'],
		['`trainingType`: values', 'trainingtype-values'],
		['snake_case and dash-case', 'snake_case-and-dash-case'],
	])('%s → #%s', (heading, anchor) => {
		expect(githubAnchor(heading)).toBe(anchor);
	});

	it('numbers repeated headings and ignores code fences', () => {
		const anchors = headingAnchors('# Title\n## Notes\n```\n## Not a heading\n```\n## Notes\n');
		expect([...anchors]).toEqual(['title', 'notes', 'notes-1']);
	});
});

describe('the checker', () => {
	// Built with DOCS so that this file's own examples are not references the repository scan checks.
	const DOCS = 'docs/';
	const docs: Record<string, string> = { 'api.md': '# API\n## Job statuses\n' };
	const read = (file: string) => docs[file];

	it('accepts a reference to an existing file and heading', () => {
		const refs = docReferences(`// see ${DOCS}api.md#job-statuses and ${DOCS}api.md`);
		expect(refs).toHaveLength(2);
		expect(brokenReferences(refs, read)).toEqual([]);
	});

	it('reports a missing heading and a missing file, with the line', () => {
		const refs = docReferences(`x\n// ${DOCS}api.md#job-status\n/* ${DOCS}gone.md#x */`);
		expect(brokenReferences(refs, read)).toEqual([
			`line 2: ${DOCS}api.md#job-status: no such heading`,
			`line 3: ${DOCS}gone.md#x: no such file`,
		]);
	});

	it('does not take a URL path for a reference', () => {
		expect(docReferences('https://example.com/docs/guide.md#x')).toEqual([]);
	});

	it('finds forbidden citations in comments only', () => {
		const code = [
			'/** Statuses (spec §5, Appendix A3). */',
			'const label = "issue #3 in a string is not a comment";',
			'// see DESIGN.md (#12)',
			'const sum = 1; // nothing to see',
		].join('\n');
		expect(forbiddenCitations('x.ts', code)).toEqual([
			'line 1: a numbered section (§N) of a note outside the repository ("§5")',
			'line 1: an appendix (A1…A9) of a note outside the repository ("Appendix")',
			'line 3: DESIGN.md, which is not in the repository ("DESIGN.md")',
			'line 3: an issue number ("(#12)")',
		]);
	});
});

describe('the repository', () => {
	it('has every docs/ file and heading that nodes/, credentials/, test/, scripts/ and README.md name', () => {
		const files = SCANNED.flatMap(filesUnder);
		const problems = files.flatMap((file) =>
			brokenReferences(
				docReferences(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')),
				readRepoDoc,
			).map((problem) => `${file} ${problem}`),
		);
		expect(problems).toEqual([]);
		// The scan reaches the files that cite the docs (a scan that found nothing would pass vacuously).
		expect(files).toContain(path.join('nodes', 'shared', 'jobs.ts'));
	});

	it("resolves the docs' own links to their headings", () => {
		const problems = fs
			.readdirSync(path.join(REPO_ROOT, 'docs'))
			.filter((file) => file.endsWith('.md'))
			.flatMap((file) => {
				const text = readRepoDoc(file) ?? '';
				const anchors = headingAnchors(text);
				return [...text.matchAll(/\]\(#([^)\s]+)\)/g)]
					.filter((match) => !anchors.has(match[1]))
					.map((match) => `docs/${file}: no heading for #${match[1]}`);
			});
		expect(problems).toEqual([]);
	});

	it('cites nothing a reader cannot open in the comments of nodes/ and credentials/', () => {
		const problems = COMMENTS_CHECKED.flatMap(filesUnder)
			.filter((file) => file.endsWith('.ts'))
			.flatMap((file) =>
				forbiddenCitations(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')).map(
					(problem) => `${file} ${problem}`,
				),
			);
		expect(problems).toEqual([]);
	});
});
