import type { Connection } from 'vscode-languageserver/node';
import type { Registry } from '../../core/registry';
import { VERSION } from '../../version';
import * as P from '../../protocol';
import type { RegistryHost } from '../registry-host';
import { ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import { userErrorsSync } from '../user-errors';

/** Requests that read the registry: status, experiments, runs and models. */
export function registerRegistryHandlers(connection: Connection, host: RegistryHost, root: string | null, trusted: boolean, onReopen: () => void): void {
  const status = (): P.StatusResult => {
    const reg = host.current;
    return {
      version: VERSION,
      state: host.state,
      registry: host.file,
      schemaVersion: reg?.schemaVersion ?? null,
      counts: reg ? reg.counts() : null,
      error: host.error,
      trusted,
      pid: process.pid,
      workspaceRoot: root,
    };
  };
  connection.onRequest(P.status, status);
  connection.onRequest(P.reopenRegistry, () => {
    host.open();
    // The watcher and the terminal tracker hold the old connection: restart them on the new one.
    onReopen();
    void connection.sendNotification(P.registryChanged, { what: ['status', 'runs', 'models'] });
    return status();
  });
  connection.onRequest(P.listExperiments, () => withRegistry(host, [], (reg) => reg.listExperiments().map((e) => ({ name: e.name, runs: e.runs }))));
  connection.onRequest(P.listRuns, (filter) => withRegistry(host, [], (reg) => reg.listRuns(filter)));
  connection.onRequest(P.getRun, ({ id }) => {
    const reg = host.current;
    if (!reg) throw new ResponseError(ErrorCodes.InvalidRequest, host.error ?? 'no registry in this workspace');
    return userErrorsSync(() => reg.getRun(id));
  });
  connection.onRequest(P.deleteRun, ({ id }) => {
    if (!trusted) throw new ResponseError(ErrorCodes.InvalidRequest, 'deleting runs needs a trusted workspace (restricted mode only reads)');
    const reg = host.current;
    if (!reg) throw new ResponseError(ErrorCodes.InvalidRequest, host.error ?? 'no registry in this workspace');
    userErrorsSync(() => reg.deleteRun(reg.resolveRunId(id)));
    void connection.sendNotification(P.registryChanged, { what: ['runs', 'status'] });
  });
  connection.onRequest(P.compareRuns, ({ ids }) => {
    const reg = host.current;
    if (!reg) throw new ResponseError(ErrorCodes.InvalidRequest, host.error ?? 'no registry in this workspace');
    return userErrorsSync(() => compare(reg, ids));
  });
}

function compare(reg: Registry, ids: string[]): P.CompareResult {
  const runs = ids.map((id) => reg.getRun(id));
  const series: P.CompareResult['series'] = {};
  for (const run of runs) {
    const byKey: Record<string, P.MetricSeries> = {};
    for (const key of Object.keys(run.metrics)) {
      const points = reg.metricHistory(run.id, key);
      byKey[key] = {
        steps: points.map((p) => p.step),
        times: points.map((p) => p.ts),
        values: points.map((p) => (Number.isFinite(p.value) ? p.value : null)),
      };
    }
    series[run.id] = byKey;
  }
  return { runs, series };
}

/** Reads through the registry when there is one; an absent registry is an empty one for the views. */
function withRegistry<T>(host: RegistryHost, empty: T, fn: (reg: Registry) => T): T {
  const reg = host.current;
  return reg ? userErrorsSync(() => fn(reg)) : empty;
}
