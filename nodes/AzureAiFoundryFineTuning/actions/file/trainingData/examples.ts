/**
 * Rules for one training example (one JSONL line, already parsed) per fine-tuning method
 * (docs/azure-api.md#files-and-training-data).
 */
import { CHAT_ROLES, checkMessages, checkTools, OUTPUT_ROLES } from './messages';
import { type ExampleScope, isObject, type JsonObject, type Problem } from './scope';

/**
 * The fine-tuning methods whose training files can be checked (`method.type` of a job;
 * docs/azure-api.md#methods-and-hyperparameters).
 */
export type TrainingMethod = 'supervised' | 'dpo' | 'reinforcement';

type ExampleCheck = (example: JsonObject, scope: ExampleScope) => Problem;

/** Fields of a reinforcement example that are part of the prompt rather than data for the grader. */
const RFT_PROMPT_FIELDS: ReadonlySet<string> = new Set(['messages', 'tools']);

/**
 * SFT (chat format): `{messages, tools?}` with at least one assistant message. A last message that is not from the
 * assistant is only a warning: the documented format ends each example with one, but no source says the service
 * rejects such a line, and earlier assistant turns are still trained on.
 */
function checkSupervised(example: JsonObject, scope: ExampleScope): Problem {
	const problem =
		checkMessages(example.messages, 'messages', CHAT_ROLES, scope) ??
		checkTools(example.tools, 'tools');
	if (problem) return problem;
	const messages = example.messages as JsonObject[];
	if (!messages.some((message) => message.role === 'assistant'))
		return `"messages" has no assistant message to train on`;
	if (messages[messages.length - 1].role !== 'assistant') scope.warn('lastNotAssistant');
	if (example.functions !== undefined) scope.warn('legacyFunctions');
	return undefined;
}

/** DPO: `{input: {messages, tools?}, preferred_output, non_preferred_output}`; outputs hold assistant/tool messages. */
function checkDpo(example: JsonObject, scope: ExampleScope): Problem {
	const input = example.input;
	if (!isObject(input)) return `"input" must be an object with "messages"`;
	return (
		checkMessages(input.messages, 'input.messages', CHAT_ROLES, scope) ??
		checkTools(input.tools, 'input.tools') ??
		checkMessages(example.preferred_output, 'preferred_output', OUTPUT_ROLES, scope) ??
		checkMessages(example.non_preferred_output, 'non_preferred_output', OUTPUT_ROLES, scope)
	);
}

/**
 * RFT: `{messages, …}` whose last message is from the user (the model's answer is sampled and graded). Any other
 * field is data for the grader (`{{item.<field>}}`); having none is only a warning.
 */
function checkReinforcement(example: JsonObject, scope: ExampleScope): Problem {
	const problem =
		checkMessages(example.messages, 'messages', CHAT_ROLES, scope) ??
		checkTools(example.tools, 'tools');
	if (problem) return problem;
	const messages = example.messages as JsonObject[];
	const lastRole = messages[messages.length - 1].role;
	if (lastRole !== 'user')
		return `the last message must be from the user (the answer is sampled and graded), found "${String(lastRole)}"`;
	if (!Object.keys(example).some((key) => !RFT_PROMPT_FIELDS.has(key))) scope.warn('noGraderField');
	return undefined;
}

/** The example rules of each method. */
export const EXAMPLE_CHECKS: Readonly<Record<TrainingMethod, ExampleCheck>> = {
	supervised: checkSupervised,
	dpo: checkDpo,
	reinforcement: checkReinforcement,
};
