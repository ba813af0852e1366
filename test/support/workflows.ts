/**
 * The workflow fixtures (test/fixtures/workflows) for the scripts, which import test code only from test/support
 * (eslint.config.mjs): `npm run dev` imports a sample workflow, the benchmarks run theirs.
 */
export * from '../fixtures/workflows';
