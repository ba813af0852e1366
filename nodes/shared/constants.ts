/** Name of the credential type every node of this package uses. */
export const CREDENTIAL_TYPE = 'azureAiFoundryApi';

/** Name of the credential test function (`methods.credentialTest`) both nodes register. */
export const CREDENTIAL_TEST = 'azureAiFoundryApiTest';
