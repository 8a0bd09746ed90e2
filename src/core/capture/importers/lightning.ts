import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCsvTable, type CsvTableState } from '../csv-table';
import { yamlParamsFile } from '../params';
import { experimentOf, sourceState, statOf, statusByActivity } from '../run-files';
import type { Importer, ReadResult } from './types';

/**
 * PyTorch Lightning's CSVLogger: `<save_dir>/<name>/version_N/metrics.csv` (one row per log call, sparse:
 * a row holds only the keys logged at that step; when a new key appears the logger rewrites the whole
 * file with the wider, sorted header) and `hparams.yaml` beside it. The run is the version folder.
 */
export const lightning: Importer = {
  name: 'lightning',
  detect(file, head) {
    if (path.basename(file) !== 'metrics.csv') return false;
    const dir = path.dirname(file);
    if (/^version_\d+$/.test(path.basename(dir)) || fs.existsSync(path.join(dir, 'hparams.yaml'))) return true;
    return head().split(/\r?\n/, 1)[0]!.split(',').map((h) => h.trim()).includes('step');
  },
  runPath: (file) => path.dirname(file),
  read(runPath, state, options): ReadResult {
    const file = path.join(runPath, 'metrics.csv');
    const prev = state?.data as CsvTableState | undefined;
    const table = readCsvTable(file, prev, { stepColumn: 'step' }, options.now);
    const hparams = yamlParamsFile(path.join(runPath, 'hparams.yaml'));
    const problems = [...(table?.problems ?? []), ...hparams.problems];
    if (!table) return { runs: [], nextState: state ?? sourceState(undefined, null), problems, more: false };
    const st = statOf(file);
    const hp = statOf(path.join(runPath, 'hparams.yaml'));
    const latest = Math.max(st?.mtimeMs ?? 0, hp?.mtimeMs ?? 0);
    const started = Math.min(st?.birthtimeMs || st?.mtimeMs || 0, hp?.mtimeMs ?? Infinity);
    const status = statusByActivity(latest, options.now);
    return {
      runs: [{
        runKey: runPath,
        experiment: experimentOf(runPath, 'lightning_logs'),
        name: path.basename(runPath),
        status,
        startedAt: started || null,
        endedAt: status === 'running' ? null : latest,
        params: hparams.params,
        tags: {},
        points: table.points,
        replace: table.reset ? 'all' : undefined,
        artifacts: [],
      }],
      nextState: sourceState(table.state.tail, table.state),
      problems,
      more: !table.atEnd,
    };
  },
};
