import type { Registry } from '../registry';

/**
 * How a terminal run and the logger runs its command wrote are tied together. Importers own the runs
 * they read (their status, times and points come from the logger's files, re-read on every ingest), so a
 * logger run stays its own run; the link is recorded on both sides:
 * - the logger run gets the tag `mlops_lens.terminal_run` = the terminal run's id;
 * - the terminal run gets an artifact of kind 'logger' at the logger run's path, and the tag
 *   `mlops_lens.logger_runs` = the logger runs' ids, comma-separated and sorted.
 * The Experiments view shows the logger runs under the terminal run ("Logged by") and the command on each
 * logger run ("Started by"); `runs show` lists the tags.
 */
export const TERMINAL_RUN_TAG = 'mlops_lens.terminal_run';
export const LOGGER_RUNS_TAG = 'mlops_lens.logger_runs';
export const LOGGER_ARTIFACT_KIND = 'logger';

/** Links each logger run to the terminal run that wrote it, in one transaction; already linked runs are left as they are. */
export function linkLoggerRuns(reg: Registry, terminalRunId: string, runs: readonly { id: string; path: string }[]): void {
  const others = runs.filter((r) => r.id !== terminalRunId);
  if (others.length === 0) return;
  reg.write(() => {
    const ids = new Set(loggerRunsOf(reg, terminalRunId));
    const before = ids.size;
    for (const r of others) {
      if (ids.has(r.id)) continue;
      ids.add(r.id);
      reg.setTags(r.id, { [TERMINAL_RUN_TAG]: terminalRunId });
      reg.addArtifact(terminalRunId, { path: r.path, kind: LOGGER_ARTIFACT_KIND });
    }
    if (ids.size !== before) reg.setTags(terminalRunId, { [LOGGER_RUNS_TAG]: [...ids].sort().join(',') });
  });
}

/** The logger runs linked to a terminal run. */
function loggerRunsOf(reg: Registry, terminalRunId: string): string[] {
  const row = reg.statements.get('SELECT value FROM tags WHERE run_id = ? AND key = ?').get(terminalRunId, LOGGER_RUNS_TAG) as { value: string } | undefined;
  return loggerRunIds({ [LOGGER_RUNS_TAG]: row?.value });
}

/** The logger run ids a run's tags name (none for a run that is not a terminal run with logger runs). */
export function loggerRunIds(tags: Record<string, string | undefined>): string[] {
  return (tags[LOGGER_RUNS_TAG] ?? '').split(',').filter(Boolean);
}
