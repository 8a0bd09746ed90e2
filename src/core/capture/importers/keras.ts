import * as path from 'node:path';
import { parseNumber, sniffSeparator, splitCsv } from '../csv';
import { readCsvTable, type CsvTableState } from '../csv-table';
import { experimentOf, sourceState, statOf, statusByActivity } from '../run-files';
import type { Importer, ReadResult } from './types';

const EXTENSIONS = new Set(['.csv', '.tsv', '.log', '.txt']);

/**
 * Keras' `CSVLogger(filename, separator=',', append=False)`: a header `epoch,<sorted log keys>` and one
 * row per epoch (0-based), "NA" for a key missing that epoch. The file name is the user's choice (the
 * Keras docs use `training.log`), so it is recognised by its content: first column `epoch`, and a first
 * row of numbers. The run is the file.
 */
export const keras: Importer = {
  name: 'keras',
  detect(file, head) {
    if (!EXTENSIONS.has(path.extname(file).toLowerCase())) return false;
    const [header, first] = head().split(/\r?\n/, 2);
    if (!header) return false;
    const sep = sniffSeparator(header);
    const cols = splitCsv(header, sep).map((c) => c.trim());
    if (cols[0] !== 'epoch' || cols.length < 2 || cols.includes('step')) return false;
    if (first === undefined || first.trim() === '') return true;
    return splitCsv(first, sep).every((c) => c.trim() === 'NA' || c.trim() === '' || parseNumber(c) !== undefined);
  },
  runPath: (file) => file,
  read(file, state, options): ReadResult {
    const prev = state?.data as CsvTableState | undefined;
    const table = readCsvTable(file, prev, { stepColumn: 'epoch', missing: ['NA'] }, options.now);
    if (!table) return { runs: [], nextState: state ?? sourceState(undefined, null), problems: [], more: false };
    const st = statOf(file);
    const latest = st?.mtimeMs ?? options.now;
    const status = statusByActivity(latest, options.now);
    return {
      runs: [{
        runKey: file,
        experiment: experimentOf(file, 'keras'),
        name: path.basename(file, path.extname(file)),
        status,
        startedAt: st ? st.birthtimeMs || st.mtimeMs : null,
        endedAt: status === 'running' ? null : latest,
        params: {},
        tags: {},
        points: table.points,
        replace: table.reset ? 'all' : undefined,
        artifacts: [],
      }],
      nextState: sourceState(table.state.tail, table.state),
      problems: table.problems,
      more: !table.atEnd,
    };
  },
};
