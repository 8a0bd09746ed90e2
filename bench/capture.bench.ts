import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { maskedCrc32c } from '../src/core/capture/crc32c';
import { ingest } from '../src/core/capture/ingest';
import { Registry } from '../src/core/registry';
import { rawPointWriter } from './raw-points';

const ROWS = 1_000_000;

/** A Lightning metrics.csv of ROWS rows: epoch, step, train_loss (2 points a row). */
function writeLightning(dir: string): number {
  const run = path.join(dir, 'lightning_logs', 'version_0');
  fs.mkdirSync(run, { recursive: true });
  const fd = fs.openSync(path.join(run, 'metrics.csv'), 'w');
  fs.writeSync(fd, 'epoch,step,train_loss\r\n');
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    chunk += `${Math.floor(i / 1000)},${i},${(1 / (1 + i * 1e-4)).toPrecision(8)}\r\n`;
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  return ROWS * 2;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}

/** A TensorBoard event file of ROWS scalar events (`loss`, simple_value), framed and checksummed. */
function writeTensorboard(dir: string): number {
  const run = path.join(dir, 'tb', 'run');
  fs.mkdirSync(run, { recursive: true });
  const fd = fs.openSync(path.join(run, 'events.out.tfevents.1700000000.bench'), 'w');
  const tag = Buffer.from('loss');
  const parts: Buffer[] = [];
  let size = 0;
  for (let i = 0; i < ROWS; i++) {
    const value = Buffer.alloc(4);
    value.writeFloatLE(1 / (1 + i * 1e-4));
    const v = Buffer.from([0x0a, tag.length, ...tag, 0x15, ...value]);
    const summary = Buffer.from([0x0a, v.length, ...v]);
    const wall = Buffer.alloc(8);
    wall.writeDoubleLE(1700000000 + i * 0.01);
    const event = Buffer.from([0x09, ...wall, 0x10, ...varint(i), 0x2a, summary.length, ...summary]);
    const head = Buffer.alloc(12);
    head.writeUInt32LE(event.length, 0);
    head.writeUInt32LE(maskedCrc32c(head, 0, 8), 8);
    const tail = Buffer.alloc(4);
    tail.writeUInt32LE(maskedCrc32c(event));
    parts.push(head, event, tail);
    size += 16 + event.length;
    if (size > 1 << 22) { fs.writeSync(fd, Buffer.concat(parts)); parts.length = 0; size = 0; }
  }
  fs.writeSync(fd, Buffer.concat(parts));
  fs.closeSync(fd);
  return ROWS;
}

/** The registry's raw batch insert of the same number of points: one prepared INSERT, one transaction. */
function rawInsert(dbFile: string, points: number): number {
  const reg = Registry.open(dbFile);
  try {
    const runId = reg.startRun({ experiment: 'bench', sourceKind: 'cli' });
    const t0 = performance.now();
    reg.db.transaction(() => {
      const insert = rawPointWriter(reg);
      for (let i = 0; i < points; i++) insert(runId, 'loss', i, 1700000000000 + i, 1 / (1 + i * 1e-4));
    }).immediate();
    return (performance.now() - t0) / 1000;
  } finally {
    reg.close();
  }
}

async function measure(dir: string, name: string, write: (d: string) => number) {
  const src = path.join(dir, name);
  const points = write(src);
  const reg = Registry.open(path.join(dir, `${name}.db`));
  try {
    const t0 = performance.now();
    const rep = await ingest(reg, src);
    const seconds = (performance.now() - t0) / 1000;
    if (rep.metricsAdded !== points || rep.errors.length) throw new Error(`${name}: imported ${rep.metricsAdded}/${points} points, ${rep.errors.length} errors`);
    const raw = rawInsert(path.join(dir, `${name}-raw.db`), points);
    return { points, seconds: round(seconds), pointsPerSecond: Math.round(points / seconds), rawInsertSeconds: round(raw), rawPointsPerSecond: Math.round(points / raw), ratio: round(raw / seconds) };
  }
  finally {
    reg.close();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export const targets = { 'lightningCsv.ratio': { min: 0.3 }, 'tensorboard.ratio': { min: 0.3 } };

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-capture-bench-'));
  try {
    return {
      lightningCsv: await measure(dir, 'lightning', writeLightning),
      tensorboard: await measure(dir, 'tensorboard', writeTensorboard),
      target: 'ratio >= 0.3 (import points/s over raw batch insert points/s)',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
