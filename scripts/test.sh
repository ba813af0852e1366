#!/usr/bin/env bash
# `npm test`: every check, from a fresh clone. Installs what is missing (node_modules; Node 24 + n8n into .cache/),
# then: lint, type check, unit + engine tests (n8n-core's execution engine in process, against the local Azure
# emulator), and the end-to-end tests in a real n8n process.
# Env: TEST_SKIP_E2E=1 runs everything but the real-n8n tests (a quick loop while developing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }

if [ ! -d node_modules ]; then
  step "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
step "lint (n8n community-node rules)"
npm run --silent lint
step "type check"
npx tsc -p tsconfig.test.json --noEmit
step "unit, emulator and engine tests"
npx jest
if [ "${TEST_SKIP_E2E:-}" = "1" ]; then
  step "real-n8n tests skipped (TEST_SKIP_E2E=1)"
  exit 0
fi
step "end-to-end tests in real n8n ${N8N_VERSION:-2.41.1}"
npm run --silent test:e2e
