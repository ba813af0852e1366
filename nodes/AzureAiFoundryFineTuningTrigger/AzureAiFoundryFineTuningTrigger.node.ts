import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { authenticationProperty, credentialTest } from '../shared/authentication';
import { toNodeError } from '../shared/errors';
import { searchJobs } from '../shared/search';
import { apiJobSource } from './apiSource';
import { readConfig, type TriggerConfig, type TriggerParameters } from './config';
import { DEFAULT_TRIGGER_VERSION, properties, TRIGGER_VERSIONS } from './description';
import { describeFilter, toItem } from './filters';
import { newestMatchingJob, type JobSource } from './observe';
import { pollOnce } from './poll';

/** Poll budget when the engine does not give one (n8n-core's own default): 5 minutes, in ms. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

function readParameters(ctx: IPollFunctions): TriggerParameters {
	const watch = ctx.getNodeParameter('watch', 'all');
	const triggerOn = ctx.getNodeParameter('triggerOn', 'anyChange');
	return {
		version: ctx.getNode().typeVersion,
		watch,
		jobId: watch === 'one' ? ctx.getNodeParameter('jobId', '', { extractValue: true }) : undefined,
		triggerOn,
		statuses: triggerOn === 'statuses' ? ctx.getNodeParameter('statuses', []) : undefined,
		filters:
			watch === 'all'
				? (ctx.getNodeParameter('filters', {}) as TriggerParameters['filters'])
				: undefined,
		options: ctx.getNodeParameter('options', {}) as TriggerParameters['options'],
	};
}

/**
 * Runs `work`; whatever it throws reaches n8n as a NodeApiError or NodeOperationError (`toNodeError` of
 * nodes/shared/errors.ts, without an item index).
 */
async function asNodeErrors<T>(ctx: IPollFunctions, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw toNodeError(ctx.getNode(), error);
	}
}

/**
 * "Fetch Test Event": the watched job (whatever its status), or on All Jobs the newest job that passes the
 * trigger's filters (Statuses, Suffix, Metadata; `newestMatchingJob` of observe.ts reads at most the newest
 * TEST_EVENT_PAGES × 100 jobs), shaped like a real event with `previous_status: null`. Reads no state and writes none.
 * @throws NodeOperationError when the account has no fine-tuning jobs, or when none of the jobs read passes the
 *   filters (the message names them); the API's error otherwise.
 */
async function testEvent(
	ctx: IPollFunctions,
	source: JobSource,
	config: TriggerConfig,
): Promise<IDataObject> {
	const { job, read } = config.jobId
		? { job: await source.get(config.jobId, true), read: 1 }
		: await newestMatchingJob(source, config.filter);
	if (job) return toItem({ job, previous: null });
	if (read === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'There are no fine-tuning jobs in this account yet',
			{
				description:
					'Create a fine-tuning job (for example with the Azure AI Foundry Fine-Tuning node), then fetch a test event again.',
			},
		);
	}
	throw new NodeOperationError(ctx.getNode(), 'No fine-tuning job matches the filters', {
		description: `None of the newest ${read} jobs passes ${describeFilter(config.filter)}. Change the filters, or fetch a test event again once a matching job exists.`,
	});
}

export class AzureAiFoundryFineTuningTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure AI Foundry Fine-Tuning Trigger',
		name: 'azureAiFoundryFineTuningTrigger',
		icon: { light: 'file:azureAiFoundry.svg', dark: 'file:azureAiFoundry.dark.svg' },
		group: ['trigger'],
		version: TRIGGER_VERSIONS,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		subtitle: '={{$parameter["watch"] === "one" ? "Status of one job" : "Status of all jobs"}}',
		// n8n's node panel shows the action node and this trigger as one entry, and gives that entry the trigger's
		// description (n8n-editor-ui's merge of a node `x` with its trigger `xTrigger`): so it speaks for both.
		description:
			'Fine-tune models on Azure AI Foundry: manage fine-tuning jobs, training files and deployments, and start workflows when a job changes status',
		defaults: { name: 'Azure AI Foundry Fine-Tuning Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'azureAiFoundryApi',
				required: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
			},
			{
				name: 'azureAiFoundryEntraApi',
				required: true,
				displayOptions: { show: { authentication: ['entraId'] } },
				testedBy: 'azureAiFoundryEntraApiTest',
			},
		],
		properties: [authenticationProperty, ...properties],
	};

	methods = {
		listSearch: { searchJobs },
		credentialTest,
	};

	/**
	 * One poll (poll.ts): read the jobs (observe.ts), detect the changes (statusChanges.ts), store the next state only
	 * once it is complete, and emit the changes that pass the filters, oldest job first. A failed read throws the
	 * API's error with the state untouched, so the next good poll catches up. Manual mode: {@link testEvent}.
	 */
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await asNodeErrors(this, async () => {
			const config = readConfig(readParameters(this));
			const source = apiJobSource(this);
			if (this.getMode() === 'manual')
				return [this.helpers.returnJsonArray([await testEvent(this, source, config)])];
			const budgetMs =
				typeof this.getPollBudgetMs === 'function'
					? this.getPollBudgetMs()
					: DEFAULT_POLL_BUDGET_MS;
			const items = await pollOnce(source, this.getWorkflowStaticData('node'), config, {
				now: () => Date.now(),
				budgetMs,
			});
			return items.length ? [this.helpers.returnJsonArray(items)] : null;
		});
	}
}
