#!/usr/bin/env bash
# npm run editor: the sample workspace (a copy of examples/) in code-server on 127.0.0.1 with the extension
# installed; open the printed URL in a browser. Runs until Ctrl-C. MLOPS_LENS_EDITOR_PORT picks the port.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
bash test/editor/setup.sh
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlops-lens-editor-serve.XXXXXX")
serve_pid=
finish() {
  trap - EXIT INT TERM
  [ -n "$serve_pid" ] && { kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; } || true
  end_recorded_processes "$WORK"
  rm -rf "$WORK"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stage_extension "$WORK/ext"
node --import tsx test/editor/serve.ts "$WORK" "$WORK/ext" "${MLOPS_LENS_EDITOR_PORT:-8080}" &
serve_pid=$!
wait "$serve_pid"
