/**
 * Drift of 1,000,000 rows × 20 numeric columns (reference vs current CSV, generated in a temp dir):
 * end to end, read stage, statistics stage and reading speed, against a baseline of
 * `fs.readFileSync` + splitting the same file into lines and cells measured in the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareColumns, readDataset, runDrift } from '../src/core/drift';

const ROWS = Number(process.env.DRIFT_BENCH_ROWS ?? 1_000_000);
const COLUMNS = 20;

export const targets = { endToEndMs: { max: 10000 }, statsMs: { max: 3000 } };

/** Deterministic normal-ish values with 6 decimals, the shape of a typical feature export. */
function writeDataset(file: string, shift: number, seed: number): void {
  let s = seed;
  const rand = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  const fd = fs.openSync(file, 'w');
  const header = Array.from({ length: COLUMNS }, (_, c) => `f${c}`).join(',') + '\n';
  fs.writeSync(fd, header);
  const batch: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    const cells = new Array<string>(COLUMNS);
    for (let c = 0; c < COLUMNS; c++) {
      const v = (rand() + rand() + rand() - 1.5) * (1 + c / 10) + (c % 4 === 0 ? shift : 0);
      cells[c] = v.toFixed(6);
    }
    batch.push(cells.join(','));
    if (batch.length === 10000) {
      fs.writeSync(fd, batch.join('\n') + '\n');
      batch.length = 0;
    }
  }
  if (batch.length) fs.writeSync(fd, batch.join('\n') + '\n');
  fs.closeSync(fd);
}

/** The least a reader must do: read the bytes, split lines and cells, convert each cell with Number(). */
function baselineRead(file: string): number {
  const text = fs.readFileSync(file, 'latin1');
  let sum = 0;
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    for (const cell of text.slice(start, end).split(',')) sum += Number(cell);
    start = end + 1;
  }
  return sum;
}

/** The read and statistics stages timed apart; the datasets are released before the end-to-end run. */
async function measureStages(ref: string, cur: string): Promise<{ readMs: number; statsMs: number }> {
  let t = performance.now();
  const a = await readDataset(ref);
  const b = await readDataset(cur);
  const readMs = performance.now() - t;
  t = performance.now();
  await compareColumns(a, b);
  return { readMs, statsMs: performance.now() - t };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drift-bench-'));
  try {
    const ref = path.join(dir, 'reference.csv');
    const cur = path.join(dir, 'current.csv');
    writeDataset(ref, 0, 12345);
    writeDataset(cur, 0.05, 67890);
    const bytes = fs.statSync(ref).size + fs.statSync(cur).size;

    let t = performance.now();
    baselineRead(ref);
    baselineRead(cur);
    const baselineMs = performance.now() - t;

    const stages = await measureStages(ref, cur);

    t = performance.now();
    const report = await runDrift(ref, cur);
    const endToEndMs = performance.now() - t;

    const mb = bytes / 1e6;
    return {
      rows: ROWS, columns: COLUMNS, megabytes: Number(mb.toFixed(1)), cores: os.availableParallelism(),
      endToEndMs: Math.round(endToEndMs), readMs: Math.round(stages.readMs), statsMs: Math.round(stages.statsMs),
      readMBps: Number((mb / (stages.readMs / 1000)).toFixed(1)),
      baseline: { readSplitMs: Math.round(baselineMs), readSplitMBps: Number((mb / (baselineMs / 1000)).toFixed(1)) },
      readRatio: Number((stages.readMs / baselineMs).toFixed(2)),
      driftedColumns: report.driftedColumns, testedColumns: report.columns.filter((c) => c.drifted !== null).length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
