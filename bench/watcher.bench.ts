/**
 * The live watcher on a generated 50,000-file workspace: time until it is ready (watching and the
 * catch-up import done), the process's resident memory once ready, and the latency from appending a row
 * to a Lightning metrics.csv until the new point is in the registry (about 50 appends, one at a time).
 * Baseline, in the same run: a plain recursive `fs.readdirSync` walk of the same tree. `watchOnlyMs` is
 * the ready time without the catch-up import (which reads every file name through the importers' detect).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startWatcher } from '../src/core/capture/watcher';
import { Registry } from '../src/core/registry';

const FILES = 50_000;
const PER_DIR = 100;
const APPENDS = 50;

export const targets = { readyMs: { max: 10_000 }, rssMb: { max: 200 }, appendP95Ms: { max: 1000 } };

/** A source-tree-like workspace: nested folders of small files, and one Lightning run. */
function generate(root: string): string {
  const dirs = FILES / PER_DIR;
  for (let d = 0; d < dirs; d++) {
    const dir = path.join(root, `pkg${d % 10}`, `mod${Math.floor(d / 10) % 10}`, `part${d}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < PER_DIR; f++) fs.writeFileSync(path.join(dir, `file${f}.py`), `x = ${f}\n`);
  }
  const run = path.join(root, 'lightning_logs', 'version_0');
  fs.mkdirSync(run, { recursive: true });
  fs.writeFileSync(path.join(run, 'metrics.csv'), 'epoch,step,loss\n0,0,1.0\n');
  return path.join(run, 'metrics.csv');
}

function walk(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += walk(path.join(dir, e.name));
    else n++;
  }
  return n;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

/**
 * Where the tree goes: tmpfs when there is one, as writing and deleting 50,000 files on a busy disk takes
 * minutes; inotify behaves the same there, and the baseline walk reads the same tree.
 */
function scratchDir(): string {
  for (const dir of [process.env.BENCH_TMPDIR, '/dev/shm', os.tmpdir()]) {
    if (!dir) continue;
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // Not writable here: try the next.
    }
  }
  return os.tmpdir();
}

export async function run(): Promise<Record<string, unknown>> {
  const root = fs.mkdtempSync(path.join(scratchDir(), 'watch-bench-'));
  try {
    const g0 = performance.now();
    const csv = generate(root);
    const generateMs = performance.now() - g0;
    const reg = Registry.open(path.join(root, '.mlops', 'registry.db'));
    const countOf = () => reg.listRuns()[0]?.metrics.loss?.count ?? 0;

    const w0 = performance.now();
    const walked = walk(root);
    const walkMs = performance.now() - w0;

    // Watching alone, without the catch-up import, to show where the ready time goes.
    const s0 = performance.now();
    const bare = startWatcher(reg, root, { catchUp: false });
    await bare.ready;
    const watchOnlyMs = performance.now() - s0;
    await bare.close();

    global.gc?.();
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    let wake: (() => void) | undefined;
    const problems: string[] = [];
    const t0 = performance.now();
    const watcher = startWatcher(reg, root, { onIngest: () => wake?.(), onProblem: (p) => problems.push(p.message) });
    await watcher.ready;
    const readyMs = performance.now() - t0;
    global.gc?.();
    const rssMb = process.memoryUsage().rss / 2 ** 20;

    const latencies: number[] = [];
    for (let i = 1; i <= APPENDS; i++) {
      const want = countOf() + 1;
      const got = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`append ${i} not in the registry after 5 s`)), 5000);
        wake = () => {
          if (countOf() >= want) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
      const a0 = performance.now();
      fs.appendFileSync(csv, `0,${i},${(1 / (i + 1)).toFixed(6)}\n`);
      await got;
      latencies.push(performance.now() - a0);
    }
    await watcher.close();
    reg.close();

    const round = (x: number) => Number(x.toFixed(1));
    return {
      files: walked,
      tree: path.dirname(root),
      generateMs: round(generateMs),
      readyMs: round(readyMs),
      watchOnlyMs: round(watchOnlyMs),
      baselineWalkMs: round(walkMs),
      readyToWalkRatio: round(readyMs / walkMs),
      watchOnlyToWalkRatio: round(watchOnlyMs / walkMs),
      rssMb: round(rssMb),
      rssBeforeWatchMb: round(rssBeforeMb),
      appends: latencies.length,
      appendP50Ms: round(quantile(latencies, 0.5)),
      appendP95Ms: round(quantile(latencies, 0.95)),
      appendMaxMs: round(Math.max(...latencies)),
      mode: watcher.mode,
      problems,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
