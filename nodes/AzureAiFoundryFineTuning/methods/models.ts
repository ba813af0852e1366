/**
 * Base models Azure documents as fine-tunable, offered first in the Model picker (By ID always works for others).
 * The v1 `GET /models` has no reliable fine-tune flag (spec/FINE_TUNING_API.md A5), so this list is the guide.
 * Source: azure-ai-docs `articles/foundry/includes/fine-tune-supported-models.md` (ms.date 2026-03-05), see
 * spec/FINE_TUNING_API.md A2. `methods` lists the fine-tuning methods each model supports there.
 */
export interface DocumentedBaseModel {
	id: string;
	methods: string;
	note?: string;
}

export const DOCUMENTED_BASE_MODELS: readonly DocumentedBaseModel[] = [
	{ id: 'gpt-4.1-2025-04-14', methods: 'supervised, DPO' },
	{ id: 'gpt-4.1-mini-2025-04-14', methods: 'supervised, DPO' },
	{ id: 'gpt-4.1-nano-2025-04-14', methods: 'supervised, DPO' },
	{ id: 'gpt-4o-2024-08-06', methods: 'supervised, DPO' },
	{ id: 'gpt-4o-mini-2024-07-18', methods: 'supervised' },
	{ id: 'o4-mini-2025-04-16', methods: 'reinforcement' },
	{ id: 'gpt-5-2025-08-07', methods: 'reinforcement', note: 'invitation only' },
	{ id: 'Ministral-3B', methods: 'supervised', note: 'Global training only' },
	{ id: 'Qwen-32B', methods: 'supervised', note: 'Global training only' },
	{ id: 'Llama-3.3-70B-Instruct', methods: 'supervised', note: 'Global training only' },
	{ id: 'gpt-oss-20b', methods: 'supervised', note: 'Global training only' },
];
