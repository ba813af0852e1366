import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchJobs } from '../shared/search';
import { FieldError } from '../shared/validation';
import { apiJobSource } from './apiSource';
import { readConfig, type TriggerConfig, type TriggerParameters } from './config';
import { properties } from './description';
import { toItem } from './filters';
import { UnexpectedAnswerError, type JobSource } from './observe';
import { pollOnce } from './poll';

/** Poll budget when the engine does not give one (n8n-core's own default): 5 minutes, in ms. */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

function readParameters(ctx: IPollFunctions): TriggerParameters {
	const watch = ctx.getNodeParameter('watch', 'all');
	const triggerOn = ctx.getNodeParameter('triggerOn', 'anyChange');
	return {
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

/** The error to throw for `error`: input and answer-shape errors become NodeOperationErrors; node errors pass as they are. */
function toNodeError(ctx: IPollFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof FieldError) {
		return new NodeOperationError(ctx.getNode(), error.message, {
			description: 'Nothing was sent to Azure. Correct the field.',
		});
	}
	if (error instanceof UnexpectedAnswerError)
		return new NodeOperationError(ctx.getNode(), error.message);
	return new NodeOperationError(ctx.getNode(), error as Error);
}

/** Runs `work`; whatever it throws reaches n8n as a NodeApiError or NodeOperationError ({@link toNodeError}). */
async function asNodeErrors<T>(ctx: IPollFunctions, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw toNodeError(ctx, error);
	}
}

/**
 * "Fetch Test Event": the watched job, or the most recent job (`GET /fine_tuning/jobs?limit=1`), shaped like a
 * real event with `previous_status: null`. Reads no state and writes none.
 * @throws NodeOperationError when the account has no fine-tuning jobs; the API's error otherwise.
 */
async function testEvent(
	ctx: IPollFunctions,
	source: JobSource,
	config: TriggerConfig,
): Promise<IDataObject> {
	const job = config.jobId
		? await source.get(config.jobId, true)
		: (await source.list(undefined, 1)).data[0];
	if (!job) {
		throw new NodeOperationError(
			ctx.getNode(),
			'There are no fine-tuning jobs in this account yet',
			{
				description:
					'Create a fine-tuning job (for example with the Azure AI Foundry Fine-Tuning node), then fetch a test event again.',
			},
		);
	}
	return toItem({ job, previous: null });
}

export class AzureAiFoundryFineTuningTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure AI Foundry Fine-Tuning Trigger',
		name: 'azureAiFoundryFineTuningTrigger',
		icon: { light: 'file:azureAiFoundry.svg', dark: 'file:azureAiFoundry.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["watch"] === "one" ? "Status of one job" : "Status of all jobs"}}',
		description:
			'Starts the workflow when an Azure AI Foundry fine-tuning job changes status (or a new job appears)',
		defaults: { name: 'Azure AI Foundry Fine-Tuning Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'azureAiFoundryApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchJobs },
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
