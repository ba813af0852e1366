/**
 * Rules for chat messages, shared by every training method (docs/azure-api.md#files-and-training-data: supervised
 * format and tool calling).
 * Each check returns the first problem as a sentence that names the JSON path, e.g. `messages[2].weight must be 0 or 1, found 2`.
 */
import { type ExampleScope, isObject, type JsonObject, type Problem, show } from './scope';
import { checkImageUrl, VISION_LIMITS } from './vision';

/** Roles allowed in a conversation. `function` is the deprecated legacy role (accepted with a warning). */
export const CHAT_ROLES: ReadonlySet<string> = new Set([
	'system',
	'developer',
	'user',
	'assistant',
	'tool',
	'function',
]);

/** Roles allowed in DPO `preferred_output` / `non_preferred_output` (docs/azure-api.md#files-and-training-data). */
export const OUTPUT_ROLES: ReadonlySet<string> = new Set(['assistant', 'tool']);

/**
 * Checks that `list` is a non-empty array of valid messages whose roles are in `roles`, adding their text length
 * to `scope.chars`. `where` is the JSON path used in messages (`messages`, `input.messages`, `preferred_output`).
 */
export function checkMessages(
	list: unknown,
	where: string,
	roles: ReadonlySet<string>,
	scope: ExampleScope,
): Problem {
	if (list === undefined) return `"${where}" is missing`;
	if (!Array.isArray(list)) return `"${where}" must be an array of messages, found ${show(list)}`;
	if (list.length === 0) return `"${where}" is empty`;
	for (let i = 0; i < list.length; i++) {
		const problem = checkMessage(list[i], roles, scope);
		if (problem) return `${where}[${i}]${problem}`;
	}
	return undefined;
}

/** Checks an optional top-level `tools` array of `{type: "function", function: {name, …}}` definitions. */
export function checkTools(tools: unknown, where: string): Problem {
	if (tools === undefined) return undefined;
	if (!Array.isArray(tools)) return `"${where}" must be an array, found ${show(tools)}`;
	for (let i = 0; i < tools.length; i++) {
		const tool: unknown = tools[i];
		if (!isObject(tool)) return `${where}[${i}] must be an object, found ${show(tool)}`;
		if (tool.type !== 'function')
			return `${where}[${i}].type must be "function", found ${show(tool.type)}`;
		if (!isObject(tool.function) || !isName(tool.function.name)) {
			return `${where}[${i}].function.name must be a non-empty string`;
		}
	}
	return undefined;
}

/** Problems here start with the part of the path below the message (`.role …`), so callers prefix the index. */
function checkMessage(message: unknown, roles: ReadonlySet<string>, scope: ExampleScope): Problem {
	if (!isObject(message)) return ` must be an object, found ${show(message)}`;
	const role = message.role;
	if (typeof role !== 'string' || !roles.has(role)) {
		return `.role must be one of ${listRoles(roles)}, found ${show(role)}`;
	}
	if (role === 'function') scope.warn('legacyFunctionRole');
	const isAssistant = role === 'assistant';
	const hasCalls = message.tool_calls !== undefined || message.function_call !== undefined;
	if (hasCalls) {
		const problem = checkCalls(message, isAssistant, scope);
		if (problem) return problem;
	}
	const content = message.content;
	if (content === undefined || content === null) {
		if (!hasCalls)
			return `.content is missing (only an assistant message with "tool_calls" may omit it)`;
	} else {
		const problem = checkContent(content, scope, isAssistant);
		if (problem) return `.content${problem}`;
	}
	if (message.weight !== undefined) {
		if (!isAssistant) return `.weight is only allowed on assistant messages`;
		if (message.weight !== 0 && message.weight !== 1)
			return `.weight must be 0 or 1, found ${show(message.weight)}`;
	}
	if (role === 'tool' && !isName(message.tool_call_id))
		return `.tool_call_id must be a non-empty string`;
	return undefined;
}

/** `tool_calls` (and legacy `function_call`), of which the message has at least one: only on assistant messages. */
function checkCalls(message: JsonObject, isAssistant: boolean, scope: ExampleScope): Problem {
	const { tool_calls: toolCalls, function_call: functionCall } = message;
	if (!isAssistant)
		return `.${toolCalls !== undefined ? 'tool_calls' : 'function_call'} is only allowed on assistant messages`;
	if (functionCall !== undefined) {
		scope.warn('legacyFunctionCall');
		const problem = checkFunction(functionCall, scope);
		if (problem) return `.function_call${problem}`;
	}
	if (toolCalls === undefined) return undefined;
	if (!Array.isArray(toolCalls) || toolCalls.length === 0)
		return `.tool_calls must be a non-empty array, found ${show(toolCalls)}`;
	for (let i = 0; i < toolCalls.length; i++) {
		const problem = checkToolCall(toolCalls[i], scope);
		if (problem) return `.tool_calls[${i}]${problem}`;
	}
	return undefined;
}

function checkToolCall(call: unknown, scope: ExampleScope): Problem {
	if (!isObject(call)) return ` must be an object, found ${show(call)}`;
	if (!isName(call.id)) return `.id must be a non-empty string`;
	if (call.type !== 'function') return `.type must be "function", found ${show(call.type)}`;
	const problem = checkFunction(call.function, scope);
	return problem && `.function${problem}`;
}

/** `{name, arguments}` where `arguments` is the JSON-encoded argument object as a string. */
function checkFunction(fn: unknown, scope: ExampleScope): Problem {
	if (!isObject(fn)) return ` must be an object, found ${show(fn)}`;
	if (!isName(fn.name)) return `.name must be a non-empty string`;
	if (typeof fn.arguments !== 'string')
		return `.arguments must be a string (JSON-encoded), found ${show(fn.arguments)}`;
	scope.chars += fn.name.length + fn.arguments.length;
	return undefined;
}

/**
 * A string, or a non-empty array of `{type: "text", text}` / `{type: "image_url", image_url: {url, detail?}}` parts.
 * Image parts follow vision.ts's rules, are counted in `scope.images`, and are not allowed in assistant messages.
 */
function checkContent(content: unknown, scope: ExampleScope, isAssistant: boolean): Problem {
	if (typeof content === 'string') {
		scope.chars += content.length;
		return undefined;
	}
	if (!Array.isArray(content))
		return ` must be a string or an array of content parts, found ${show(content)}`;
	if (content.length === 0) return ` is empty`;
	for (let i = 0; i < content.length; i++) {
		const part: unknown = content[i];
		if (!isObject(part)) return `[${i}] must be an object, found ${show(part)}`;
		if (part.type === 'text') {
			if (typeof part.text !== 'string')
				return `[${i}].text must be a string, found ${show(part.text)}`;
			scope.chars += part.text.length;
		} else if (part.type === 'image_url') {
			if (!isObject(part.image_url)) return `[${i}].image_url.url must be a string`;
			if (isAssistant)
				return `[${i}] is an image; assistant messages cannot contain images (only the prompt can)`;
			const problem = countImage(scope);
			if (problem) return `[${i}]${problem}`;
			const urlProblem = checkImageUrl(part.image_url);
			if (urlProblem) return `[${i}]${urlProblem}`;
		} else {
			return `[${i}].type must be "text" or "image_url", found ${show(part.type)}`;
		}
	}
	return undefined;
}

/** Counts an image part against Azure's limits per example and per file (vision.ts). */
function countImage(scope: ExampleScope): Problem {
	const { imagesPerExample, examplesWithImages } = VISION_LIMITS;
	if (++scope.images > imagesPerExample)
		return ` is image ${scope.images} of this example; at most ${imagesPerExample} images are allowed per example`;
	if (scope.images === 1 && ++scope.examplesWithImages > examplesWithImages)
		return ` is an image in example ${scope.examplesWithImages.toLocaleString('en-US')} with images; a training file may have at most ${examplesWithImages.toLocaleString('en-US')} examples with images`;
	return undefined;
}

function isName(value: unknown): value is string {
	return typeof value === 'string' && value !== '';
}

function listRoles(roles: ReadonlySet<string>): string {
	return [...roles].filter((role) => role !== 'function').join(', ');
}
