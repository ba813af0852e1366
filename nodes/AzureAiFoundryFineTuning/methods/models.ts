/**
 * Base models Azure documents as fine-tunable, offered first in the Model picker (By ID always works for others),
 * with the fine-tuning methods each supports. The v1 `GET /models` has no reliable fine-tune flag, so this list is the
 * guide. Source: azure-ai-docs `articles/foundry/includes/fine-tune-supported-models.md` (ms.date 2026-03-05), as
 * tabled with its commit in docs/azure-api.md#models.
 */
import type { MethodType } from '../descriptions/method';

export interface DocumentedBaseModel {
	id: string;
	/** The methods Microsoft's table lists for the model. */
	methods: readonly MethodType[];
	note?: string;
}

export const DOCUMENTED_BASE_MODELS: readonly DocumentedBaseModel[] = [
	{ id: 'gpt-4.1-2025-04-14', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4.1-mini-2025-04-14', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4.1-nano-2025-04-14', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4o-2024-08-06', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4o-mini-2024-07-18', methods: ['supervised'] },
	{ id: 'o4-mini-2025-04-16', methods: ['reinforcement'] },
	{ id: 'gpt-5-2025-08-07', methods: ['reinforcement'], note: 'invitation only' },
	{ id: 'Ministral-3B', methods: ['supervised'], note: 'Global training only' },
	{ id: 'Qwen-32B', methods: ['supervised'], note: 'Global training only' },
	{ id: 'Llama-3.3-70B-Instruct', methods: ['supervised'], note: 'Global training only' },
	{ id: 'gpt-oss-20b', methods: ['supervised'], note: 'Global training only' },
];

const METHOD_LABELS: Record<MethodType, string> = {
	supervised: 'supervised',
	dpo: 'DPO',
	reinforcement: 'reinforcement',
};

/** The methods of a documented model as the picker shows them, e.g. `supervised, DPO`. */
export function methodsLabel(model: DocumentedBaseModel): string {
	return model.methods.map((method) => METHOD_LABELS[method]).join(', ');
}

/**
 * The documented base model named `model` (compared without regard to case: Azure answers `ministral-3b` as
 * `Ministral-3B`, docs/azure-api.md#azure-and-its-spec); undefined for any other name, such as a fine-tuned model
 * (`<base>.ft-…`), a checkpoint or a model newer than the table.
 */
export function documentedBaseModel(model: string): DocumentedBaseModel | undefined {
	const wanted = model.toLowerCase();
	return DOCUMENTED_BASE_MODELS.find((entry) => entry.id.toLowerCase() === wanted);
}

/**
 * Kinds of model that are not chat models (embeddings, speech, images, video, realtime), by the words Azure's model
 * names use for them: no fine-tuning method and no score-model grader takes them. `GET /models` says nothing about
 * fine-tuning (docs/azure-api.md#models), so the pickers leave these out by name; By ID still takes any name.
 */
const NOT_CHAT =
	/(^|[-_.])(embedding|embed|whisper|tts|transcribe|dall-e|gpt-image|sora|realtime|audio)([-_.]|$)/i;

/** True for a model name of a kind that is not a chat model, e.g. `text-embedding-3-small`. */
export function notAChatModel(model: string): boolean {
	return NOT_CHAT.test(model);
}
