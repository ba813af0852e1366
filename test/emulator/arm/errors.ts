/**
 * ARM's error answers: the common `ErrorResponse` shape `{"error": {"code", "message", "target"?}}` of every ARM
 * operation (spec definition `ErrorResponse`), with the codes and texts ARM and the Cognitive Services provider
 * use. Codes the reference does not give are the emulator's choice; README.md lists which.
 */
import { ApiError } from '../errors';
import type { TokenProblem } from '../entra';

/** An ARM error answer. */
export function armError(
	status: number,
	code: string,
	message: string,
	target?: string,
	headers: Record<string, string> = {},
): ApiError {
	return new ApiError(
		status,
		{ error: { code, message, ...(target === undefined ? {} : { target }) } },
		headers,
	);
}

/** The audiences ARM's wrong-audience message lists as allowed. */
const ARM_AUDIENCES_TEXT = [
	'https://management.core.windows.net/',
	'https://management.core.windows.net',
	'https://management.azure.com/',
	'https://management.azure.com',
]
	.map((audience) => `'${audience}'`)
	.join(',');

const ARM_TIME = (unixSeconds: number) =>
	new Date(unixSeconds * 1000)
		.toISOString()
		.replace(/\.\d+Z$/, '')
		.replace('T', ' ');

/**
 * ARM's 401 for a refused bearer token, with its `WWW-Authenticate` challenge naming the authority to ask.
 * @param detail what the problem needs: the token's audience, issuer tenant, expiry and the current time.
 */
export function armUnauthorized(
	problem: TokenProblem,
	detail: {
		audience?: string;
		tokenTenant?: string;
		tenantId: string;
		expiresAt?: number;
		now: number;
		authorityUrl: string;
	},
): ApiError {
	const [code, message] = ((): [string, string] => {
		switch (problem) {
			case 'missing':
				return [
					'AuthenticationFailed',
					"Authentication failed. The 'Authorization' header is missing.",
				];
			case 'malformed':
				return [
					'AuthenticationFailed',
					"Authentication failed. The 'Authorization' header is provided in an invalid format.",
				];
			case 'expired':
				return [
					'ExpiredAuthenticationToken',
					`The access token expiry UTC time '${ARM_TIME(detail.expiresAt ?? 0)}' is earlier than current UTC time '${ARM_TIME(detail.now)}'.`,
				];
			case 'audience':
				return [
					'InvalidAuthenticationTokenAudience',
					`The access token has been obtained for wrong audience or resource '${detail.audience}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES_TEXT}.`,
				];
			case 'tenant':
				return [
					'InvalidAuthenticationTokenTenant',
					`The access token is from the wrong issuer 'https://sts.windows.net/${detail.tokenTenant}/'. It must match the tenant 'https://sts.windows.net/${detail.tenantId}/' associated with this subscription.`,
				];
			case 'unknown':
				return ['InvalidAuthenticationToken', 'The access token is invalid.'];
		}
	})();
	const challenge = `Bearer authorization_uri="${detail.authorityUrl}/${detail.tenantId}", error="invalid_token", error_description="${message.replaceAll('"', "'")}"`;
	return armError(401, code, message, undefined, { 'www-authenticate': challenge });
}

/** 404 for a resource that does not exist (ARM's text, with its help link). */
export function resourceNotFound(type: string, resourceGroup: string): ApiError {
	return armError(
		404,
		'ResourceNotFound',
		`The Resource '${type}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
	);
}
