#!/usr/bin/env bash
# `npm test`: every check, from a fresh clone. Installs what is missing (node_modules; Node 24 + n8n 2.x and n8n 1.x
# into .cache/; as root, Debian's chromium and redis-server when absent), then: lint, type check, unit + engine tests
# (n8n-core's execution engine in process, against the local Azure emulator), the published-tarball checks (n8n's
# community-package scanner), and the end-to-end tests in a real n8n 2.x and 1.x (CLI, server, polling trigger,
# editor in Chromium, queue mode with Redis and a worker).
# Env: TEST_SKIP_E2E=1 stops before the real-n8n tests (a quick loop while developing); TEST_SKIP_N8N1=1 skips n8n 1.x.
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
step "published-tarball checks (n8n's community-package scanner, restricted globals and imports, icons, codex, contents)"
npm run --silent check:package
if [ "${TEST_SKIP_E2E:-}" = "1" ]; then
  step "real-n8n tests skipped (TEST_SKIP_E2E=1)"
  exit 0
fi
step "end-to-end tests in real n8n ${N8N_VERSION:-2.41.1}"
npm run --silent test:e2e
if [ "${TEST_SKIP_N8N1:-}" != "1" ]; then
  step "end-to-end tests in real n8n 1.123.81 (the same tests)"
  N8N_VERSION=1.123.81 npm run --silent test:e2e
fi
