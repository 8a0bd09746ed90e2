import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../errors';
import { readCsvTable, type CsvTableState } from '../csv-table';
import { yamlParamsFile } from '../params';
import { experimentOf, fileArtifact, isProblem, listFiles, sourceState, statOf, statusByActivity } from '../run-files';
import type { FoundArtifact, Importer, ReadResult } from './types';

interface UltralyticsState {
  table: CsvTableState | null;
}

/**
 * Ultralytics YOLO: `runs/<task>/<name>/results.csv`, one row per epoch (1-based). Before 8.1 the header
 * and cells were padded to 23 characters (`"%23s,"`); later versions write them bare and add a `time`
 * column (seconds since training started), kept here as a metric. `args.yaml` holds the arguments and
 * `weights/*.pt` the checkpoints (recorded by size and sha256, never loaded). The run is the folder.
 */
export const ultralytics: Importer = {
  name: 'ultralytics',
  detect(file, head) {
    if (path.basename(file) !== 'results.csv') return false;
    if (fs.existsSync(path.join(path.dirname(file), 'args.yaml'))) return true;
    const cols = head().split(/\r?\n/, 1)[0]!.split(',').map((c) => c.trim());
    return cols[0] === 'epoch' && cols.some((c) => c.startsWith('train/') || c.startsWith('metrics/'));
  },
  runPath: (file) => path.dirname(file),
  read(runPath, state, options): ReadResult {
    const prev = (state?.data as UltralyticsState | null) ?? { table: null };
    const file = path.join(runPath, 'results.csv');
    const table = readCsvTable(file, prev.table ?? undefined, { stepColumn: 'epoch' }, options.now);
    const args = yamlParamsFile(path.join(runPath, 'args.yaml'));
    const problems: Problem[] = [...(table?.problems ?? []), ...args.problems];
    if (!table) return { runs: [], nextState: state ?? sourceState(undefined, prev), problems, more: false };
    const artifacts: FoundArtifact[] = [];
    for (const rel of listFiles(path.join(runPath, 'weights'), (r) => r.endsWith('.pt'))) {
      const a = fileArtifact(path.join(runPath, 'weights', rel), 'model');
      if (isProblem(a)) problems.push(a);
      else artifacts.push(a);
    }
    const st = statOf(file);
    const latest = st?.mtimeMs ?? options.now;
    // The final plots are drawn once training ends; the epoch count is reached unless early stopping hit.
    const epochs = Number(args.params.epochs);
    const done = fs.existsSync(path.join(runPath, 'results.png')) || (table.state.tail.line - 1 >= epochs && epochs > 0);
    const status = done ? 'finished' : statusByActivity(latest, options.now);
    return {
      runs: [{
        runKey: runPath,
        experiment: experimentOf(runPath, 'ultralytics'),
        name: path.basename(runPath),
        status,
        startedAt: st ? st.birthtimeMs || st.mtimeMs : null,
        endedAt: status === 'running' ? null : latest,
        params: args.params,
        tags: {},
        points: table.points,
        replace: table.reset ? 'all' : undefined,
        artifacts,
      }],
      nextState: sourceState(table.state.tail, { table: table.state }),
      problems,
      more: !table.atEnd,
    };
  },
};
