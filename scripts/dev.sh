#!/usr/bin/env bash
# `npm run dev`: everything a newcomer needs, from a fresh clone, in one command —
#   npm ci (if node_modules is missing) → npm run build → Node 24 + n8n into .cache/ (first run only, a few minutes)
#   → scripts/n8n-dev.ts: Azure emulator (auto-advancing jobs) + n8n at http://localhost:5678 with this package,
#     a credential "Azure AI Foundry (local emulator)", a sample workflow and an owner account.
# Ctrl+C stops n8n and the emulator. Re-running is safe: n8n data in .cache/dev-n8n is kept, the package refreshed.
# Env: N8N_PORT (5678), EMULATOR_PORT (8765), EMULATOR_AUTO_ADVANCE_MS (5000), N8N_LISTEN_ADDRESS, N8N_VERSION.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The banner's "in total" counts from here, installs included.
DEV_STARTED_AT_MS=$(date +%s%3N)
export DEV_STARTED_AT_MS

if [ ! -d node_modules ]; then
  echo "[dev] installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "[dev] building the package (npm run build)"
npm run --silent build
# Installs Node 24 and n8n into .cache/ the first time (minutes); instant afterwards. A subshell keeps this
# shell on the machine's Node: the dev script itself runs on it, and n8n gets Node 24 from the harness.
( source scripts/ensure-n8n.sh )
# One process (no tsx wrapper process) so Ctrl+C reaches the script that stops n8n and the emulator.
exec node --import tsx scripts/n8n-dev.ts
