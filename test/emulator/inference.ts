/**
 * A minimal inference endpoint, so a deployment can be probed: `POST /openai/v1/chat/completions` with `model` = the
 * deployment's name (the v1 API names the deployment in `model`). It answers a tiny `chat.completion` once the
 * deployment serves; before that (unknown, still provisioning, or inside its serving delay) Azure's 404
 * `DeploymentNotFound`, and 423 while paused (arm/deployments.ts `serve`).
 *
 * The vendored spec has no chat operations, so the request is checked by hand: `model` a non-empty string and
 * `messages` a non-empty array, both required (as in `CreateChatCompletionRequest`); 400 `invalidPayload` naming the
 * field otherwise.
 */
import type { ArmState } from './arm/deployments';
import { invalidPayload } from './errors';
import { V1_ROOT } from './spec';
import { randomHex } from './util';

/** Path of the inference endpoint. */
export const CHAT_COMPLETIONS_PATH = `${V1_ROOT}/chat/completions`;

/**
 * Answers one chat completion request.
 * @param now emulator clock (unix seconds), for `created`.
 * @throws ApiError 400 `invalidPayload`; 404 `DeploymentNotFound`; 423 while the deployment is paused.
 */
export function chatCompletion(arm: ArmState, body: unknown, now: number): Record<string, unknown> {
	const request = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	if (typeof request.model !== 'string' || !request.model)
		throw invalidPayload("Invalid 'model': must be the name of a deployment.", 'model');
	if (!Array.isArray(request.messages) || !request.messages.length)
		throw invalidPayload("Invalid 'messages': must be a non-empty array.", 'messages');
	const deployment = arm.serve(request.model) as {
		name: string;
		properties: { model: { name: string } };
	};
	const content = `Hello from ${deployment.name}.`;
	const promptTokens = JSON.stringify(request.messages).split(/\s+/).length;
	const completionTokens = content.split(' ').length;
	return {
		id: `chatcmpl-${randomHex(12)}`,
		object: 'chat.completion',
		created: now,
		model: deployment.properties.model.name,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content, refusal: null },
				finish_reason: 'stop',
				logprobs: null,
			},
		],
		usage: {
			prompt_tokens: promptTokens,
			completion_tokens: completionTokens,
			total_tokens: promptTokens + completionTokens,
		},
	};
}
