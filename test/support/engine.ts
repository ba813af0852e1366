/**
 * Runs our nodes through n8n-core's own execution code, in process: WorkflowExecute for the regular node,
 * PollContext for the trigger, LoadOptionsContext for resource-locator searches, CredentialTestContext for the
 * credential test. HTTP is real (n8n-core's outbound client) and authentication goes through the credential's own
 * `authenticate`, as the n8n CLI's CredentialsHelper does it.
 *
 * Every run is scanned for the credential's api-key and the canary key (test/secrets/guard.ts): its result or thrown
 * error, what n8n logged meanwhile and the emulator's request log. A find fails the test.
 */
import {
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type ITriggerFunctions,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { AzureAiFoundryApi } from '../../credentials/AzureAiFoundryApi.credentials';
import { AzureAiFoundryEntraApi } from '../../credentials/AzureAiFoundryEntraApi.credentials';
import { ENTRA_CREDENTIAL_TEST } from '../../nodes/shared/authentication';
import { ENTRA_CREDENTIAL_TYPE } from '../../nodes/shared/transport/entra';
import { AzureAiFoundryFineTuning } from '../../nodes/AzureAiFoundryFineTuning/AzureAiFoundryFineTuning.node';
import { CREDENTIAL_TYPE } from '../../nodes/shared/constants';
import { scanned } from '../secrets/guard';

/** Stands in for n8n-nodes-base.manualTrigger: emits the given items once. */
class Start implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	} as unknown as INodeType['description'];

	async trigger(this: ITriggerFunctions) {
		const items = JSON.parse(this.getNodeParameter('items') as string) as IDataObject[];
		return { manualTriggerFunction: async () => this.emit([this.helpers.returnJsonArray(items)]) };
	}
}

const credentialType = new AzureAiFoundryApi();

/** Both credential types, by name. */
const credentialTypes: Record<string, ICredentialType> = {
	[CREDENTIAL_TYPE]: credentialType,
	[ENTRA_CREDENTIAL_TYPE]: new AzureAiFoundryEntraApi(),
};

/** Node types by the names the test workflows use. Other node types (the trigger) can be registered. */
export const nodeTypeMap: Record<string, INodeType> = {
	'test.start': new Start(),
	'azure.fineTuning': new AzureAiFoundryFineTuning(),
};

const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeMap[type],
	getByNameAndVersion: (type) => nodeTypeMap[type],
	getKnownTypes: () => ({}),
};

/** Decrypted credentials from a map; `authenticate` applied like n8n CLI's CredentialsHelper (function form). */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: ICredentialDataDecryptedObject) {
		super();
	}
	async getDecrypted() {
		return this.credentials;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		request: IHttpRequestOptions,
	) {
		const auth = (credentialTypes[typeName] ?? ({} as ICredentialType)).authenticate;
		if (typeof auth !== 'function') throw new Error(`No function authenticate for ${typeName}`);
		return await auth(credentials, request);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	getCredentialsProperties(type: string) {
		return credentialTypes[type]?.properties ?? [];
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
}

/**
 * Credential data as the Azure AI Foundry API credential stores it (endpoint, apiKey, apiVersion, datedApiVersion), or
 * as the Microsoft Entra ID credential does (endpoint, tenantId, clientId, clientSecret, cloud, …). The harness hands
 * the same data to whichever of the two types the node asks for (its Authentication parameter).
 */
export type CredentialData = ICredentialDataDecryptedObject & { endpoint: string } & (
		{ apiKey: string } | { clientSecret: string }
	);

let executions = 0;

function additionalData(
	credentials: CredentialData,
	hooks?: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		hooks,
		executionId: String(++executions),
		variables: {},
		currentNodeParameters: undefined,
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
	} as unknown as IWorkflowExecuteAdditionalData;
}

const CREDENTIAL_REF = {
	[CREDENTIAL_TYPE]: { id: 'cred-1', name: 'Azure AI Foundry (emulator)' },
	[ENTRA_CREDENTIAL_TYPE]: { id: 'cred-2', name: 'Azure AI Foundry Entra ID (emulator)' },
};

export interface RunOptions {
	/** Input items of the node (the Start node emits them). Default: one empty item. */
	items?: IDataObject[];
	/** n8n's node setting "On Error". */
	onError?: INode['onError'];
}

export interface NodeRun {
	run: IRun;
	/** json of each output item, by output index (0 = main, 1 = error output when enabled). */
	outputs: IDataObject[][];
	/** Full output items (with pairedItem), by output index. */
	items: INodeExecutionData[][];
	/** The node's error when the run failed. */
	error?: IRun['data']['resultData']['error'];
}

/**
 * Runs Start → Azure AI Foundry Fine-Tuning (with `parameters`) through WorkflowExecute.
 * @returns the run and the node's output items.
 * @throws Error `Secret leak: …` when the api-key shows up in the run, its logs or the emulator's request log.
 */
export async function runNode(
	parameters: INodeParameters,
	credentials: CredentialData,
	options: RunOptions = {},
): Promise<NodeRun> {
	return await scanned(
		`${String(parameters.resource)}.${String(parameters.operation)}`,
		credentials,
		async () => await executeNode(parameters, credentials, options),
	);
}

async function executeNode(
	parameters: INodeParameters,
	credentials: CredentialData,
	options: RunOptions,
): Promise<NodeRun> {
	const workflow = new Workflow({
		id: 'wf-engine',
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'n1',
				name: 'Start',
				type: 'test.start',
				typeVersion: 1,
				position: [0, 0],
				parameters: { items: JSON.stringify(options.items ?? [{}]) },
			},
			{
				id: 'n2',
				name: 'Fine-Tuning',
				type: 'azure.fineTuning',
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials: CREDENTIAL_REF,
				...(options.onError ? { onError: options.onError } : {}),
			},
		],
		connections: { Start: { main: [[{ node: 'Fine-Tuning', type: 'main', index: 0 }]] } },
	});
	const hooks = new ExecutionLifecycleHooks('manual', '1', {
		id: 'wf-engine',
		name: 'engine',
		nodes: [],
		connections: {},
	} as never);
	const done = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{ node: workflow.getStartNode()!, data: { main: [[{ json: {} }]] }, source: null },
			],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	};
	const run = await new WorkflowExecute(
		additionalData(credentials, hooks),
		'manual',
		runExecutionData as never,
	).processRunExecutionData(workflow);
	await done;
	const taskData = run.data.resultData.runData['Fine-Tuning']?.[0];
	const items = (taskData?.data?.main ?? []).map((output) => output ?? []);
	return {
		run,
		items,
		outputs: items.map((output) => output.map((item) => item.json)),
		error: run.data.resultData.error,
	};
}

/** A node instance for contexts that need one (searches, polls), of `typeVersion` (default 1). */
export function makeNode(type: string, parameters: INodeParameters = {}, typeVersion = 1): INode {
	return {
		id: 'n-ctx',
		name: 'Node',
		type,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: CREDENTIAL_REF,
	};
}

/**
 * Runs a resource-locator search method of the regular node (e.g. `searchJobs`) through LoadOptionsContext, for a
 * node with `parameters` (the editor's current values: the deployment searches read the account fields).
 */
export async function runListSearch(
	method: string,
	credentials: CredentialData,
	filter?: string,
	paginationToken?: string,
	parameters: INodeParameters = {},
): Promise<INodeListSearchResult> {
	const node = makeNode('azure.fineTuning', parameters);
	const workflow = new Workflow({
		id: 'wf-search',
		active: false,
		nodeTypes,
		nodes: [node],
		connections: {},
	});
	// The editor hands a search the node's current parameters, defaults filled in (what getCurrentNodeParameter
	// reads, and what decides which credential the node shows).
	const data = {
		...additionalData(credentials),
		currentNodeParameters: workflow.getNode(node.name)!.parameters,
	};
	const context = new LoadOptionsContext(workflow, node, data, '');
	const search = nodeTypeMap['azure.fineTuning'].methods!.listSearch![method];
	return await scanned(
		`search ${method}`,
		credentials,
		async () => await search.call(context, filter, paginationToken),
	);
}

/**
 * Runs the credential's declarative test the way n8n's CredentialsTester does (n8n CLI,
 * `services/credentials-tester.service.ts`): a throwaway node whose only property routes the test request, run by
 * n8n-core's RoutingNode with the credential, so the request goes through `authenticate`. Failures map as n8n maps
 * them: a matching `responseCode` rule's message, else the HTTP status text; without an HTTP answer the network
 * code alone (`ENOTFOUND`), else the error's message.
 * (The real n8n end-to-end tests run n8n's own tester through its REST API.)
 */
export async function runCredentialTest(
	credentials: CredentialData,
): Promise<INodeCredentialTestResult> {
	const { test } = credentialType;
	const probe = {
		description: {
			...nodeTypeMap['test.start'].description,
			name: 'credentialTestProbe',
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test!.request },
				},
			],
		},
	} as unknown as INodeType;
	nodeTypeMap['test.credentialTestProbe'] = probe;
	const node = { ...makeNode('test.credentialTestProbe'), name: 'Temp-Node' };
	const workflow = new Workflow({
		id: 'wf-credential-test',
		active: false,
		nodeTypes,
		nodes: [node],
		connections: {},
	});
	const runData = { resultData: { runData: {} } } as never;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData(credentials),
		'internal',
		runData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const decrypted = { id: 'cred-1', name: 'test', type: CREDENTIAL_TYPE, data: credentials };
	return await scanned('credential test', credentials, async () => {
		try {
			await new RoutingNode(context, probe, decrypted).runNode();
			return { status: 'OK', message: 'Connection successful!' };
		} catch (caught) {
			const error = caught as {
				message: string;
				cause?: { code?: string; response?: { status: number; statusText?: string } };
			};
			const response = error.cause?.response;
			if (!response) return { status: 'Error', message: error.cause?.code ?? error.message };
			const rule = test!.rules?.find(
				(r) => r.type === 'responseCode' && r.properties.value === response.status,
			);
			return {
				status: 'Error',
				message:
					rule?.properties.message ??
					(response.statusText || `Received HTTP status code: ${response.status}`),
			};
		}
	});
}

export interface PollRunner {
	/** One poll as n8n runs it (`trigger` mode by default, `manual` for "Fetch Test Event"). */
	poll(mode?: WorkflowExecuteMode): Promise<INodeExecutionData[][] | null>;
	/** The node's workflow static data (what n8n persists between polls). */
	staticData(): IDataObject;
	workflow: Workflow;
}

/**
 * Prepares polls of a polling trigger node registered in {@link nodeTypeMap} under `type`, with real PollContext
 * and workflow static data that persists between polls (optionally seeded, e.g. after a JSON round trip). The node
 * has `typeVersion` (default 1); n8n's Workflow fills in the parameter defaults of that version. `budgetMs` is what
 * the context's `getPollBudgetMs()` answers (default: n8n-core's own, 5 minutes).
 */
export function pollRunner(
	type: string,
	parameters: INodeParameters,
	credentials: CredentialData,
	staticData: IDataObject = {},
	typeVersion = 1,
	budgetMs?: number,
): PollRunner {
	const node: INode = { ...makeNode(type, parameters, typeVersion), name: 'Trigger' };
	const workflow = new Workflow({
		id: 'wf-poll',
		active: true,
		nodeTypes,
		nodes: [node],
		connections: {},
		staticData,
	});
	return {
		workflow,
		poll: async (mode: WorkflowExecuteMode = 'trigger') =>
			await scanned(
				`poll ${type}`,
				credentials,
				async () =>
					await nodeTypeMap[type].poll!.call(
						new PollContext(
							workflow,
							node,
							additionalData(credentials),
							mode,
							'init',
							undefined,
							undefined,
							undefined,
							undefined,
							undefined,
							budgetMs === undefined ? undefined : () => budgetMs,
						),
					),
			),
		staticData: () => workflow.getStaticData('node', node),
	};
}

/**
 * Runs the Microsoft Entra ID credential's test the way n8n's CredentialsTester does for a credential a node tests
 * (`testedBy`): the node's `credentialTest` method, called with n8n-core's CredentialTestContext (whose only HTTP is
 * its request helper) and the decrypted credential.
 */
export async function runEntraCredentialTest(
	credentials: CredentialData,
): Promise<INodeCredentialTestResult> {
	const test = nodeTypeMap['azure.fineTuning'].methods!.credentialTest![ENTRA_CREDENTIAL_TEST];
	const decrypted = { id: 'cred-2', name: 'test', type: ENTRA_CREDENTIAL_TYPE, data: credentials };
	return await scanned(
		'Entra credential test',
		credentials,
		async () => await test.call(new CredentialTestContext(additionalData(credentials)), decrypted),
	);
}
