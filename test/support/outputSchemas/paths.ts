/**
 * Where n8n looks for a node's output schemas, and which ones a node description calls for.
 *
 * The editor asks `GET /schemas/<node type>/<version>/<resource>/<operation>.json`, the version padded to three parts
 * (`1` → `1.0.0`), resource and operation left out when the node has none (n8n-editor-ui's schema preview store). The
 * server answers with `<folder of the node's .node.js>/__schema__/v<version>/<resource>/<operation>.json`: n8n 1.x
 * joins `__schema__`, `v` + the requested version, resource and operation (load-nodes-and-credentials.ts
 * `resolveSchema`); n8n 2.x pads the version the same way (n8n-core's output-schema-resolver.ts), and for a node
 * without resource and operation (a trigger; the editor asks for none of those, "Trigger nodes do not have schema
 * previews") also reads `__schema__/v<version>/output.json`, the file n8n's own Webhook node ships.
 * n8n's node CLI copies `**\/__schema__/**\/*.json` next to the compiled nodes; gulpfile.js does the same here.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/** `1` → `1.0.0`, `1.1` → `1.1.0`: the version as the editor requests it. */
export function paddedVersion(version: number): string {
	return String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
}

/** The schema file of one version (and operation) of a node, relative to the node's folder. */
export function schemaPath(version: number, operation?: { resource: string; operation: string }) {
	const dir = `__schema__/v${paddedVersion(version)}`;
	return operation
		? `${dir}/${operation.resource}/${operation.operation}.json`
		: `${dir}/output.json`;
}

/** The `@version` condition of a parameter, when it is a plain list of versions. */
function shownInVersion(property: INodeProperties, version: number): boolean {
	const versions = property.displayOptions?.show?.['@version'];
	return !Array.isArray(versions) || versions.some((v) => typeof v !== 'number' || v === version);
}

/** The versions of a node (`version` may be one number or a list). */
export function versionsOf(description: Pick<INodeTypeDescription, 'version'>): number[] {
	return Array.isArray(description.version) ? description.version : [description.version];
}

/**
 * The resource/operation pairs of one version of a node, as n8n's node panel lists them: each option of the
 * `resource` parameter, with the options of the `operation` parameter shown for it. Empty for a node without a
 * resource parameter.
 */
export function operationsOf(
	description: Pick<INodeTypeDescription, 'properties'>,
	version: number,
): Array<{ resource: string; operation: string }> {
	const properties = description.properties.filter((p) => shownInVersion(p, version));
	const resources = properties.find((p) => p.name === 'resource')?.options ?? [];
	return resources.flatMap((resourceOption) => {
		const resource = String((resourceOption as { value: unknown }).value);
		const operations = properties.filter(
			(p) =>
				p.name === 'operation' &&
				(p.displayOptions?.show?.resource ?? []).map(String).includes(resource),
		);
		return operations.flatMap((p) =>
			(p.options ?? []).map((o) => ({
				resource,
				operation: String((o as { value: unknown }).value),
			})),
		);
	});
}

/**
 * Every schema file a node should ship, relative to its folder: one per version and operation, or one `output.json`
 * per version for a node without operations.
 */
export function expectedSchemaPaths(
	description: Pick<INodeTypeDescription, 'version' | 'properties'>,
): string[] {
	return versionsOf(description).flatMap((version) => {
		const operations = operationsOf(description, version);
		return operations.length
			? operations.map((operation) => schemaPath(version, operation))
			: [schemaPath(version)];
	});
}
