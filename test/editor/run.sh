#!/usr/bin/env bash
# npm run test:editor: the extension in a real VS Code (code-server) and a real browser (Debian Chromium).
# Sets up what is missing (setup.sh), builds, stages the extension with Node 24 native modules, runs the
# integration suites inside the extension host and the Playwright UI tests, ends every process it started,
# and prints `N passed, N failed` (both kinds together) as its last line. Logs of a failed run are kept.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
if [ ! -d node_modules/esbuild ] || [ ! -d node_modules/playwright-core ]; then
  echo "mlops-lens: editor tests: $REPO_ROOT/node_modules: missing; run npm ci first" >&2
  exit 2
fi

bash test/editor/setup.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlops-lens-editor.XXXXXX")
main_pid=
finish() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$main_pid" ] && { kill "$main_pid" 2>/dev/null; wait "$main_pid" 2>/dev/null; } || true
  end_recorded_processes "$WORK"
  local line="0 passed, 1 failed"
  [ -f "$WORK/summary" ] && line=$(cat "$WORK/summary")
  if [ $rc = 0 ] && [ -z "${MLOPS_LENS_KEEP_LOGS:-}" ]; then rm -rf "$WORK"; else echo "logs kept in $WORK" >&2; fi
  echo "$line"
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

editor_log "build"
node esbuild.mjs
stage_extension "$WORK/ext"
node test/integration/build.mjs "$WORK/ext" >/dev/null
editor_log "extension staged in $WORK/ext"
# In the background so a signal reaches the trap at once rather than after the tests.
node --import tsx test/editor/main.ts "$WORK" "$WORK/ext" &
main_pid=$!
wait "$main_pid"
main_pid=
editor_log "done"
