/**
 * Which credential a request uses, and how it is authenticated. A node's Authentication parameter picks the API key
 * credential (`api-key` header) or the Microsoft Entra ID credential (`Authorization: Bearer <token>`, the token of
 * the data plane's or Azure Resource Manager's audience from the process's token cache, entra.ts). Either way the
 * header is set by the credential's own `authenticate`, through n8n's request helper.
 */
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, type JsonObject } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../constants';
import { toNodeError } from '../errors';
import { apiVersionOf, CredentialSettingError } from './endpoint';
import {
	ACCESS_TOKEN_FIELD,
	ENTRA_CREDENTIAL_TYPE,
	ENTRA_TOKENS,
	EntraSignInError,
	readEntraSettings,
	requestEntraToken,
	tokenKey,
	type Audience,
	type EntraSettings,
	type HttpAnswer,
	type HttpExchange,
} from './entra';

/** Contexts that may call the API: node execution, polling trigger, resource-locator search. */
type Context = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** Values of the nodes' Authentication parameter. */
export const AUTHENTICATION = { apiKey: 'apiKey', entraId: 'entraId' } as const;
export type Authentication = (typeof AUTHENTICATION)[keyof typeof AUTHENTICATION];

/**
 * The Authentication of a node: `entraId` when its parameter says so, else `apiKey` (the default, also for
 * workflows saved before the parameter existed).
 */
export function authenticationOf(node: INode): Authentication {
	return node.parameters?.authentication === AUTHENTICATION.entraId
		? AUTHENTICATION.entraId
		: AUTHENTICATION.apiKey;
}

/** The credential a node uses, read once per request. */
export interface NodeCredential {
	type: typeof CREDENTIAL_TYPE | typeof ENTRA_CREDENTIAL_TYPE;
	data: ICredentialDataDecryptedObject;
	/** The credential's id and name as the node references it. */
	reference: { id: string; name: string };
	/** The Entra sign-in settings (Entra credential only). */
	entra?: EntraSettings;
}

/**
 * The node's credential of its Authentication.
 * @throws NodeOperationError when the Entra credential's sign-in fields are unusable (nothing is sent).
 */
export async function readCredential(ctx: Context): Promise<NodeCredential> {
	const entraId = authenticationOf(ctx.getNode()) === AUTHENTICATION.entraId;
	const type = entraId ? ENTRA_CREDENTIAL_TYPE : CREDENTIAL_TYPE;
	const data = await ctx.getCredentials(type);
	const reference = ctx.getNode().credentials?.[type];
	let entra: EntraSettings | undefined;
	if (entraId) {
		try {
			entra = readEntraSettings(data);
		} catch (error) {
			throw unusableCredential(ctx.getNode(), error);
		}
	}
	return {
		type,
		data,
		reference: { id: reference?.id ?? '', name: reference?.name ?? '' },
		...(entra ? { entra } : {}),
	};
}

/**
 * The error for a credential field that cannot be used (a CredentialSettingError of endpoint.ts or entra.ts): names
 * the field, says nothing was sent.
 */
export function unusableCredential(node: INode, error: unknown): NodeOperationError {
	const field = error instanceof CredentialSettingError ? error.field : 'Endpoint';
	return new NodeOperationError(node, `Credential "${field}" is not usable`, {
		description: `${(error as Error).message}. Nothing was sent to Azure.`,
	});
}

/**
 * n8n's request helper of `ctx` as an {@link HttpExchange}: the full answer for every status, the body as bytes.
 * Used for the token endpoint, which takes no credential of n8n's (the client secret goes in the form).
 */
export function contextExchange(ctx: Context): HttpExchange {
	return async (options: IHttpRequestOptions) =>
		(await ctx.helpers.httpRequest({
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'arraybuffer',
		})) as HttpAnswer;
}

/** A request's answer was a 401: with a cached token, the token is dropped and the request made once more. */
class Unauthorized<T> {
	constructor(readonly outcome: T) {}
}

/**
 * Runs `attempt` (one HTTP attempt through `httpRequestWithAuthentication`) with the credential data n8n hands the
 * credential's `authenticate`:
 * - API key: the credential as stored;
 * - Entra ID: plus the access token of `audience` ({@link ACCESS_TOKEN_FIELD}), from the process's cache; when the
 *   attempt's outcome is a 401 (`isUnauthorized`) and the token came from the cache, the token is dropped and the
 *   attempt runs once more with a new one (entraToken.ts `withToken`).
 * @throws NodeApiError when Entra refuses the sign-in or cannot be reached (message: which audience and why).
 */
export async function authorized<T>(
	ctx: Context,
	credential: NodeCredential,
	audience: Audience,
	attempt: (options: IAdditionalCredentialOptions) => Promise<T>,
	isUnauthorized: (outcome: T) => boolean,
): Promise<T> {
	const decrypted = (data: ICredentialDataDecryptedObject): IAdditionalCredentialOptions => ({
		credentialsDecrypted: { ...credential.reference, type: credential.type, data },
	});
	const { entra } = credential;
	if (!entra) return await attempt(decrypted(credential.data));
	const exchange = contextExchange(ctx);
	try {
		return await ENTRA_TOKENS.withToken(
			tokenKey(entra, audience),
			async () => await requestEntraToken(exchange, entra, audience),
			async (token) => {
				const outcome = await attempt(
					decrypted({ ...credential.data, [ACCESS_TOKEN_FIELD]: token }),
				);
				if (isUnauthorized(outcome)) throw new Unauthorized(outcome);
				return outcome;
			},
			(error) => error instanceof Unauthorized,
		);
	} catch (error) {
		if (error instanceof Unauthorized) return error.outcome as T;
		if (error instanceof EntraSignInError) throw signInError(ctx.getNode(), error);
		throw toNodeError(ctx.getNode(), error);
	}
}

/** An EntraSignInError as n8n shows it (message, description, HTTP status). */
export function signInError(node: INode, error: EntraSignInError): NodeApiError {
	const failure = new NodeApiError(
		node,
		{
			message: error.message,
			...(error.aadsts ? { code: `AADSTS${error.aadsts}` } : {}),
		} as JsonObject,
		{
			message: error.message,
			description: error.description,
			...(error.status ? { httpCode: String(error.status) } : {}),
		},
	);
	failure.message = error.message;
	failure.context.apiError = {
		...(error.aadsts ? { code: `AADSTS${error.aadsts}` } : {}),
		message: error.message,
		...(error.status ? { status: error.status } : {}),
	};
	return failure;
}

/**
 * The `api-version` the node's data-plane requests carry (endpoint.ts `apiVersionOf`: undefined for v1, `preview`, or
 * a dated version), or undefined when the credential cannot be used: the transport then refuses it, naming the
 * field, before anything is sent.
 */
export async function dataPlaneApiVersion(ctx: Context): Promise<string | undefined> {
	try {
		return apiVersionOf((await readCredential(ctx)).data);
	} catch {
		return undefined;
	}
}
