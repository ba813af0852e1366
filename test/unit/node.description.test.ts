/**
 * What n8n's editor makes of the nodes' descriptions: the canvas subtitle (evaluated by n8n-workflow's expression
 * engine, as the editor evaluates it), the order of the resources' actions in the node panel, and the description the
 * panel shows for the action node and its trigger, which n8n lists as one entry.
 */
import {
	Workflow,
	type INode,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { AzureAiFoundryFineTuning } from '../../nodes/AzureAiFoundryFineTuning/AzureAiFoundryFineTuning.node';
import { AzureAiFoundryFineTuningTrigger } from '../../nodes/AzureAiFoundryFineTuningTrigger/AzureAiFoundryFineTuningTrigger.node';
import { operationsOf } from '../support/outputSchemas/paths';

const action = new AzureAiFoundryFineTuning();
const trigger = new AzureAiFoundryFineTuningTrigger();

/** The subtitle n8n shows under a node with these parameters. */
function subtitleOf(type: INodeType, parameters: INode['parameters']): unknown {
	const node: INode = {
		id: 'n1',
		name: 'Node',
		type: 'test.node',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		type.description.subtitle as string,
		'internal',
		{},
	);
}

/** The `action` text of an operation option, as the node panel lists it. */
function actionName(resource: string, operation: string): string | undefined {
	const parameter = action.description.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	const option = (parameter?.options as INodePropertyOptions[]).find((o) => o.value === operation);
	return option?.action;
}

describe('canvas subtitle', () => {
	test('every action shows its name, not the raw "operation: resource" (a new action needs its entry)', () => {
		const operations = operationsOf(action.description, 1);
		expect(operations.length).toBeGreaterThan(10);
		for (const { resource, operation } of operations) {
			const name = actionName(resource, operation);
			expect(name).toEqual(expect.any(String));
			expect({
				resource,
				operation,
				subtitle: subtitleOf(action, { resource, operation }),
			}).toEqual({
				resource,
				operation,
				subtitle: name,
			});
		}
		expect(subtitleOf(action, { resource: 'job', operation: 'create' })).toBe('Create a job');
		expect(subtitleOf(action, { resource: 'file', operation: 'upload' })).toBe('Upload a file');
	});

	test('a pair the map does not know shows the raw operation value', () => {
		expect(subtitleOf(action, { resource: 'job', operation: 'someday' })).toBe('someday');
	});
});

describe('node panel', () => {
	test('Fine-Tuning Job actions come first: the Resource options start with job, then file', () => {
		const resource = action.description.properties.find((p) => p.name === 'resource');
		const values = (resource?.options as INodePropertyOptions[]).map((o) => o.value);
		expect(values.slice(0, 2)).toEqual(['job', 'file']);
		expect(resource?.default).toBe('job');
	});

	test('the entry n8n merges from both nodes shows the trigger’s description, which speaks for both', () => {
		// n8n merges `<x>Trigger` into `<x>` and gives the entry the trigger's description.
		expect(trigger.description.name.replace('Trigger', '')).toBe(action.description.name);
		const shown = trigger.description.description;
		expect(shown).toMatch(/^Fine-tune models on Azure AI Foundry/);
		expect(shown).toContain('fine-tuning jobs');
		expect(shown).toContain('start workflows when a job changes status');
		expect(shown).not.toMatch(/^Starts the workflow/);
	});
});
