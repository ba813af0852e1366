// Lint of the package's source with n8n's rules: the n8n Cloud-eligible community-node rules
// (@n8n/eslint-plugin-community-nodes, recommended) and eslint-plugin-n8n-nodes-base's node and credential rules.
import { configs as communityNodes } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

export default [
	{
		ignores: ['dist/**', 'node_modules/**', '.cache/**', '.artifacts/**', '*.js', '*.mjs'],
	},
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{ files: ['package.json'], languageOptions: { parser: jsoncParser } },
	// The layout: nodes/shared holds what both nodes use and imports neither node; neither node imports the other.
	...[
		['nodes/shared/**/*.ts', ['AzureAiFoundryFineTuning', 'AzureAiFoundryFineTuningTrigger']],
		['credentials/**/*.ts', ['AzureAiFoundryFineTuning', 'AzureAiFoundryFineTuningTrigger']],
		['nodes/AzureAiFoundryFineTuning/**/*.ts', ['AzureAiFoundryFineTuningTrigger']],
		['nodes/AzureAiFoundryFineTuningTrigger/**/*.ts', ['AzureAiFoundryFineTuning']],
	].map(([files, forbidden]) => ({
		files: [files],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: forbidden.map((folder) => ({
						group: [`**/${folder}/**`, `**/${folder}`],
						message: `${files.split('/**')[0]} may not import nodes/${folder}: code both nodes use belongs in nodes/shared.`,
					})),
				},
			],
		},
	})),

	// Tests and scripts get only the import rules below (with the TypeScript parser above), none of n8n's node rules:
	// scripts reach test code only through test/support (the harnesses), and nothing under test/ imports scripts/.
	// The same rule for the lazy require() calls (fault run, benchmarks), which no-restricted-imports does not see.
	...[
		[
			'scripts/**/*.ts',
			String.raw`^(\.\./)+test(/(?!support(/|$))|$)`,
			'scripts import test code only from test/support (re-export what a script needs there).',
		],
		[
			'test/**/*.ts',
			String.raw`^(\.\./)+scripts(/|$)`,
			'nothing under test/ imports scripts/: shared code belongs in test/support.',
		],
	].map(([files, regex, message]) => ({
		files: [files],
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
			'no-restricted-syntax': [
				'error',
				{
					selector: `CallExpression[callee.name='require'] > Literal[value=/${regex.replaceAll('/', '\\x2f')}/]`,
					message,
				},
			],
		},
	})),

	{
		...communityNodes.recommended,
		files: ['**/*.ts', 'package.json'],
		ignores: ['test/**', 'scripts/**'],
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Applies only to nodes in n8n's own repository (its docs say so): community credentials link a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two want the literal ['main'], which contradicts @n8n/community-nodes/node-connection-type-literal
			// (NodeConnectionTypes.Main); the community rule is the newer convention.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-trigger-node': 'off',
			// Its sentence case turns the service's own term "fine-tuning" into "fine tuning".
			'n8n-nodes-base/node-param-operation-option-action-miscased': 'off',
		},
	},
];
