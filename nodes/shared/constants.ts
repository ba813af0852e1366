/** Name of the credential type every node of this package uses. */
export const CREDENTIAL_TYPE = 'azureAiFoundryApi';
