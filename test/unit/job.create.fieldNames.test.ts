/**
 * Create Job's messages name each field by its path of display names, as the editor shows it: for every field of the
 * operation's description that a bad value can reach, the bad value is put into otherwise valid parameters (shown:
 * the fields its display options depend on are set to match), read as n8n hands them over (`readCreateJobInput`) and
 * built (`buildCreateJobBody`); the FieldError must name that field's path.
 *
 * The path: the display names from the top-level field down to the field, joined by ` › `. A `collection`'s name
 * (Additional Fields, Options, Score Model Options) and a fixedCollection group's name (the heading inside it) may be
 * left out, since the editor shows their fields as plain fields; inside a list (multiple values) an entry marker may
 * follow the group (`#2`, or the entry's key), and the last name may carry which entry in quotes (`Value ("team")`).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyCollection,
} from 'n8n-workflow';

import { description } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/create.operation';
import { readCreateJobInput } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/create.operation';
import { buildCreateJobBody } from '../../nodes/AzureAiFoundryFineTuning/actions/job/create/requestBody';
import { FieldError } from '../../nodes/shared/validation';

type Segment = { name: string; optional: boolean; entry?: boolean };

/** A field of the description with what it takes to reach it. */
interface Leaf {
	property: INodeProperties;
	/** Display names from the top level down to the field. */
	segments: Segment[];
	/** Where its value goes in the parameters: names, and 0 for the first entry of a list. */
	path: Array<string | 0>;
	/** Display conditions on the way: `show` of each level, with the path of the object its keys are in. */
	conditions: Array<{ at: Array<string | 0>; show: Record<string, unknown[]> }>;
}

const isCollection = (option: unknown): option is INodePropertyCollection =>
	typeof option === 'object' && option !== null && 'values' in option;

function leavesOf(
	properties: readonly INodeProperties[],
	segments: Segment[],
	at: Array<string | 0>,
	conditions: Leaf['conditions'],
): Leaf[] {
	return properties.flatMap((property) => {
		const show = property.displayOptions?.show as Record<string, unknown[]> | undefined;
		const here = show ? [...conditions, { at, show }] : conditions;
		const path = [...at, property.name];
		if (property.type === 'collection') {
			return leavesOf(
				(property.options ?? []) as INodeProperties[],
				[...segments, { name: property.displayName, optional: true }],
				path,
				here,
			);
		}
		if (property.type === 'fixedCollection') {
			const list = property.typeOptions?.multipleValues === true;
			return (property.options ?? [])
				.filter(isCollection)
				.flatMap((group) =>
					leavesOf(
						group.values,
						[
							...segments,
							{ name: property.displayName, optional: false },
							{ name: group.displayName, optional: true },
							...(list ? [{ name: '', optional: true, entry: true }] : []),
						],
						list ? [...path, group.name, 0] : [...path, group.name],
						here,
					),
				);
		}
		return [
			{
				property,
				segments: [...segments, { name: property.displayName, optional: false }],
				path,
				conditions: here,
			},
		];
	});
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The field names a message may use for a leaf (see the file comment). */
function pathPattern(segments: Segment[]): RegExp {
	const parts = segments.map((segment, index) => {
		const last = index === segments.length - 1;
		const name = segment.entry
			? '(?:#\\d+|[^›]+?)'
			: `${escape(segment.name)}${last ? '(?: \\("[^"]*"\\))?' : ''}`;
		const part = last ? name : `${name} › `;
		return segment.optional ? `(?:${part})?` : part;
	});
	return new RegExp(`^${parts.join('')}$`);
}

/** A valid string_check grader entry of a multi grader. */
const SUB_GRADER = {
	key: 'a',
	type: 'string_check',
	name: 'a',
	input: '{{sample.output_text}}',
	reference: '{{item.answer}}',
	operation: 'eq',
	evaluationMetric: 'fuzzy_match',
	model: 'o3-mini-2025-01-31',
	messages: { message: [{ role: 'user', content: 'Rate {{sample.output_text}}' }] },
	scoreOptions: { rangeMin: 0, rangeMax: 1 },
};

/** Valid parameters for every method and grader type at once (a fresh copy); display conditions pick which are read. */
function validParameters(): IDataObject {
	return structuredClone({
		model: 'gpt-4.1-mini-2025-04-14',
		trainingFile: 'file-train',
		validationFile: 'file-valid',
		methodType: 'supervised',
		graderType: 'string_check',
		graderName: 'g',
		graderInput: '{{sample.output_text}}',
		graderReference: '{{item.answer}}',
		graderOperation: 'eq',
		graderEvaluationMetric: 'fuzzy_match',
		graderModel: 'o3-mini-2025-01-31',
		graderMessages: { message: [{ role: 'user', content: 'Rate {{sample.output_text}}' }] },
		graderScoreOptions: { rangeMin: 0, rangeMax: 1 },
		graderSource: 'def grade(sample, item) -> float:\n    return 1.0\n',
		graderCalculateOutput: 'a',
		graderGraders: { grader: [{ ...SUB_GRADER }] },
		responseFormat: { jsonSchema: { name: 'answer', schema: '{"type":"object"}' } },
		additionalFields: {
			integrations: { wandb: [{ project: 'p' }] },
			metadata: { pairs: [{ key: 'team', value: 'search' }] },
		},
	});
}

/** The object at `path` in `parameters`, created on the way. */
function objectAt(parameters: IDataObject, path: Array<string | 0>): IDataObject {
	let current: IDataObject | IDataObject[] = parameters;
	for (const [index, step] of path.entries()) {
		const container = current as unknown as Record<string | number, unknown>;
		if (container[step] === undefined || container[step] === null)
			container[step] = typeof path[index + 1] === 'number' ? [] : {};
		current = container[step] as IDataObject;
	}
	return current as IDataObject;
}

/** A value each kind of field refuses (an object where text, a number or a choice is expected). */
function badValue(property: INodeProperties): unknown {
	if (property.type === 'json') return 42;
	if (property.type === 'number') return 'not a number';
	if (property.type === 'boolean') return 'not a boolean';
	return { not: 'text' };
}

/** What n8n's getNodeParameter gives for these parameters (resource locators already reduced to their value). */
function context(parameters: IDataObject): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _item: number, fallback?: unknown) =>
			parameters[name] ?? fallback,
	} as unknown as IExecuteFunctions;
}

/** The FieldError a leaf with a bad value ends in (undefined when the value is not refused). */
function refusal(leaf: Leaf): FieldError | undefined {
	const parameters = validParameters();
	for (const { at, show } of leaf.conditions) {
		const target = at.length ? objectAt(parameters, at) : parameters;
		for (const [key, values] of Object.entries(show)) {
			if (key === 'resource' || key === 'operation') continue;
			target[key] = values[0] as string;
		}
	}
	const last = leaf.path[leaf.path.length - 1] as string;
	objectAt(parameters, leaf.path.slice(0, -1))[last] = badValue(leaf.property) as string;
	try {
		buildCreateJobBody(readCreateJobInput(context(parameters), 0), { checkModelMethod: false });
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	return undefined;
}

const LEAVES = leavesOf(
	description.filter((property) => property.type !== 'notice'),
	[],
	[],
	[],
).filter((leaf) => !['options'].includes(String(leaf.path[0])));

test.each(LEAVES.map((leaf) => [leaf.segments.map((s) => s.name || '<entry>').join(' › '), leaf]))(
	'%s: a bad value is refused naming the field as the editor shows it',
	(_, leaf) => {
		const error = refusal(leaf);
		if (error) expect(error.field).toMatch(pathPattern(leaf.segments));
	},
);

test('the check reaches the fields of every part of Create Job', () => {
	const refused = LEAVES.filter((leaf) => refusal(leaf) !== undefined).map((leaf) =>
		String(leaf.path[0]),
	);
	expect(refused.length).toBeGreaterThanOrEqual(40);
	for (const part of [
		'model',
		'trainingFile',
		'graderOperation',
		'graderScoreOptions',
		'graderGraders',
		'graderMessages',
		'responseFormat',
		'additionalFields',
		'supervisedHyperparameters',
	])
		expect(refused).toContain(part);
});

test('the pattern: optional collection and group names, entry markers, an entry in quotes', () => {
	const pattern = pathPattern([
		{ name: 'Additional Fields', optional: true },
		{ name: 'Metadata', optional: false },
		{ name: 'Pair', optional: true },
		{ name: '', optional: true, entry: true },
		{ name: 'Value', optional: false },
	]);
	for (const field of [
		'Metadata › Value',
		'Metadata › Value ("team")',
		'Metadata › #2 › Value',
		'Additional Fields › Metadata › Pair › Value',
	])
		expect(field).toMatch(pattern);
	for (const field of ['Value', 'Grader Value', 'Metadata › Key', 'Metadata Value'])
		expect(field).not.toMatch(pattern);
});
