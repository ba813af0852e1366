/**
 * The Azure emulator in this process (test/emulator), for the scripts, which import test code only from test/support
 * (eslint.config.mjs). The emulator as a child process, next to a real n8n, is test/support/n8n/emulatorProcess.ts.
 */
export { DEFAULT_ARM, DEFAULT_ENTRA_APP, startEmulator } from '../emulator';
export type * from '../emulator/types';
