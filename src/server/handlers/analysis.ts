import * as path from 'node:path';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { loadConfig } from '../../core/config';
import { datasetInfo, driftConfigFrom, modelFileSha, modelVersionIdBySha, runDrift, saveDriftReport } from '../../core/drift';
import { bench, inferFile, inspect } from '../../core/inference';
import * as P from '../../protocol';
import { withProgress } from '../progress';
import type { RegistryHost } from '../registry-host';
import { userErrors } from '../user-errors';

/**
 * Inference and drift for the editor's commands. They load models into onnxruntime (native code parsing the
 * file), so they run only in a trusted workspace; the work happens here, off the extension host.
 */
export function registerAnalysisHandlers(connection: Connection, host: RegistryHost, root: string | null, trusted: boolean): void {
  const needTrust = (what: string) => {
    if (!trusted) throw new ResponseError(ErrorCodes.InvalidRequest, `${what} needs a trusted workspace (restricted mode loads no models and reads no data)`);
  };
  const configDir = (file: string) => root ?? path.dirname(file);
  const inferenceColumns = (dir: string): string[] | undefined => {
    const cols = (loadConfig(dir).raw.inference as { columns?: unknown } | undefined)?.columns;
    return Array.isArray(cols) && cols.every((c) => typeof c === 'string') ? cols : undefined;
  };

  connection.onRequest(P.inspectModel, ({ path: file }) => userErrors(() => inspect(file)));
  connection.onRequest(P.inferFile, ({ model, input, columns }) => userErrors(() => {
    needTrust('running a model');
    return inferFile(model, input, { columns: columns ?? inferenceColumns(configDir(model)) });
  }));
  connection.onRequest(P.benchModel, ({ path: file, iterations }, token) => userErrors(() => {
    needTrust('benchmarking a model');
    return withProgress(connection, 'MLOps Lens: benchmarking the model', token, (signal, report) =>
      bench(file, { iterations, signal, onProgress: (done: number, total: number) => report(done, total) }));
  }));
  connection.onRequest(P.checkDrift, ({ reference, current, model }, token) => userErrors(async () => {
    needTrust('checking drift');
    const dir = configDir(reference);
    const config = driftConfigFrom(loadConfig(dir));
    const report = await withProgress(connection, 'MLOps Lens: checking drift', token, (signal, progress) =>
      runDrift(reference, current, {
        config, hash: true, signal,
        model: model ? { path: model, features: inferenceColumns(dir) } : undefined,
        onProgress: (done, total, stage) => progress(done, total, stage === 'read' ? 'reading' : `comparing ${done}/${total} columns`),
      }));
    const reg = host.current;
    let reportId: number | null = null;
    if (reg) {
      const stored = (p: string) => (root && !path.relative(root, p).startsWith('..') ? path.relative(root, p) : p);
      const [refInfo, curInfo] = await Promise.all([
        datasetInfo(report.reference, reference, stored(reference), report.columns),
        datasetInfo(report.current, current, stored(current), report.columns),
      ]);
      const versionId = model ? modelVersionIdBySha(reg, await modelFileSha(model)) : null;
      reportId = saveDriftReport(reg, report, refInfo, curInfo, versionId);
    }
    return { ...report, reportId };
  }));
}
