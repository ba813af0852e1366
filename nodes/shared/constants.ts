/** Name of the API key credential type both nodes use (their Authentication: API Key). */
export const CREDENTIAL_TYPE = 'azureAiFoundryApi';

/** Name of the Microsoft Entra ID credential type both nodes use (their Authentication: Microsoft Entra ID). */
export const ENTRA_CREDENTIAL_TYPE = 'azureAiFoundryEntraApi';
