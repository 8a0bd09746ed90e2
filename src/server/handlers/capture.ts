import * as path from 'node:path';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { loadConfig } from '../../core/config';
import { ingest } from '../../core/capture/ingest';
import * as P from '../../protocol';
import { withProgress } from '../progress';
import type { RegistryHost } from '../registry-host';
import { responseError } from '../user-errors';

/** Imports logger output into the registry on request (the "Import Runs from Logger Files" command). */
export function registerCaptureHandlers(connection: Connection, host: RegistryHost, root: string | null, trusted: boolean): void {
  connection.onRequest(P.ingest, async ({ dir }, token) => {
    if (!trusted) throw new ResponseError(ErrorCodes.InvalidRequest, 'importing runs needs a trusted workspace (restricted mode only reads)');
    const reg = host.current;
    if (!reg) throw new ResponseError(ErrorCodes.InvalidRequest, host.error ?? 'no registry in this workspace');
    const folder = dir ?? root;
    if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, 'no folder to import from');
    try {
      const exclude = loadConfig(folder).exclude;
      const report = await withProgress(connection, 'MLOps Lens: importing runs', token, (signal, report) =>
        ingest(reg, folder, { exclude, signal, onProgress: (p) => report(p.done, p.total, path.relative(folder, p.path)) }));
      if (report.runsCreated + report.runsUpdated > 0) void connection.sendNotification(P.registryChanged, { what: ['runs', 'status'] });
      return { runsCreated: report.runsCreated, runsUpdated: report.runsUpdated, metricsAdded: report.metricsAdded, errors: report.errors };
    } catch (err) {
      throw responseError(err);
    }
  });
}
