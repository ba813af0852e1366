/**
 * Pure: the training-example fields a reinforcement grader reads. Grader templates refer to a field of the example
 * as `{{item.<field>}}` (docs/azure-api.md#graders, "Templates"); a line without that field cannot be graded.
 */

/** `{{ item.a }}`, `{{item.a.b}}`: the path after `item.` (identifiers joined by dots); spaces inside the braces allowed. */
const ITEM_REFERENCE = /\{\{\s*item\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}/g;

/** Keys of a grader whose text is code, not a template (a Python grader's `source`). */
const NOT_TEMPLATES: ReadonlySet<string> = new Set(['source']);

/**
 * Every `item.<path>` the templates of a grader refer to, each once, in the order first seen, e.g.
 * `['reference_answer', 'meta.id']`.
 * @param grader the grader as sent (`method.reinforcement.grader`): every string in it is read as a template, at any
 *   depth (input messages, a multi grader's sub-graders), except code ({@link NOT_TEMPLATES}).
 */
export function graderItemFields(grader: unknown): string[] {
	const fields = new Set<string>();
	const visit = (value: unknown): void => {
		if (typeof value === 'string') {
			for (const match of value.matchAll(ITEM_REFERENCE)) fields.add(match[1]);
		} else if (Array.isArray(value)) {
			value.forEach(visit);
		} else if (typeof value === 'object' && value !== null) {
			for (const [key, entry] of Object.entries(value)) if (!NOT_TEMPLATES.has(key)) visit(entry);
		}
	};
	visit(grader);
	return [...fields];
}
