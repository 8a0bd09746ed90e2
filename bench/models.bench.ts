/**
 * Model registry benchmarks (issue 5): registering 200 small model files against the bare work of
 * copying and hashing the same files (with and without an fsync per file, as registration syncs each
 * copy), and gate evaluation against reading the run the gates look at. Baselines run in the same process.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseGate, planPromotion, registerModel, type GatesConfig } from '../src/core/models';
import { Registry } from '../src/core/registry';

const FILES = 200;
const GATE_REPEATS = 200;
const ROUNDS = 3;

export const targets = {
  'registration.registerFilesPerSecond': { min: 40 },
  'registration.registerToCopyHashFsyncRatio': { max: 3 },
  'gates.gateMedianMs': { max: 5 },
};

/** Pickle-like files (first byte 0x80) of 4 to 64 KiB, each distinct. */
function makeFiles(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: FILES }, (_, i) => {
    const file = path.join(dir, `model_${i}.pkl`);
    const body = randomBytes(4096 * (1 + (i % 16)));
    body[0] = 0x80;
    fs.writeFileSync(file, body);
    return file;
  });
}

function copyAndHash(files: string[], out: string, fsync: boolean): number {
  fs.mkdirSync(out, { recursive: true });
  const t = performance.now();
  for (const f of files) {
    const target = path.join(out, path.basename(f));
    fs.copyFileSync(f, target);
    createHash('sha256').update(fs.readFileSync(target)).digest('hex');
    if (fsync) {
      const fd = fs.openSync(target, 'r');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
  }
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function registration(dir: string): Promise<Record<string, number>> {
  const files = makeFiles(path.join(dir, 'src'));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  // Warm the page cache for every contender alike, and write back the files just made: an fsync can wait for
  // other files' data, which would charge their writes to whoever syncs first.
  for (const f of files) fs.readFileSync(f);
  execFileSync('sync');
  // Three interleaved rounds, the best of each side, so a burst of load on the host falls on both or neither.
  const best = { plain: Infinity, synced: Infinity, ours: Infinity, dedupe: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    best.plain = Math.min(best.plain, copyAndHash(files, path.join(dir, `plain-${round}`), false));
    best.synced = Math.min(best.synced, copyAndHash(files, path.join(dir, `synced-${round}`), true));
    const reg = Registry.open(path.join(dir, `ws-${round}`, '.mlops', 'registry.db'));
    const t = performance.now();
    for (const [i, f] of files.entries()) await registerModel(reg, { name: `m${i % 10}`, file: f });
    best.ours = Math.min(best.ours, performance.now() - t);
    const t2 = performance.now();
    for (const [i, f] of files.entries()) await registerModel(reg, { name: `m${i % 10}`, file: f });
    best.dedupe = Math.min(best.dedupe, performance.now() - t2);
    reg.close();
  }
  const { plain, synced, ours, dedupe } = best;
  return {
    files: FILES,
    megabytes: bytes / 1e6,
    registerMs: ours,
    registerFilesPerSecond: (FILES * 1000) / ours,
    baselineCopyHashMs: plain,
    baselineCopyHashFsyncMs: synced,
    registerToCopyHashRatio: ours / plain,
    registerToCopyHashFsyncRatio: ours / synced,
    reRegisterSameContentMs: dedupe,
  };
}

async function gates(dir: string): Promise<Record<string, number>> {
  const reg = Registry.open(path.join(dir, 'gates', '.mlops', 'registry.db'));
  const file = path.join(dir, 'gates', 'model.pkl');
  fs.writeFileSync(file, Buffer.from([0x80, 0x04, 0x4e, 0x2e]));
  const run = reg.startRun({ experiment: 'bench', sourceKind: 'cli', git: { commit: 'a'.repeat(40), branch: 'main', dirty: false } });
  reg.setParams(run, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, String(i)])));
  reg.logMetrics(run, Array.from({ length: 5000 }, (_, i) => ({ key: `k${i % 20}`, step: i, ts: null, value: i })));
  reg.logMetrics(run, [{ key: 'accuracy', step: 0, ts: null, value: 0.9 }, { key: 'val_loss', step: 0, ts: null, value: 0.3 }]);
  reg.linkInput(run, reg.addDataset({ path: 'data/train.csv', sha256: 'b'.repeat(64) }));
  await registerModel(reg, { name: 'm', file, run });
  const config: GatesConfig = {
    targets: new Map([['production', ['accuracy >= 0.85', 'val_loss <= 0.4', 'require_git_clean', 'require_dataset', 'not_worse_than_current: accuracy 0.01'].map(parseGate)]]),
    reference: null, current: null, file: null,
  };
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < GATE_REPEATS; i++) {
    let t = performance.now();
    await planPromotion(reg, { name: 'm', version: 1, to: 'production', gates: config });
    ours.push(performance.now() - t);
    t = performance.now();
    reg.getRun(run);
    base.push(performance.now() - t);
  }
  reg.close();
  return { gateMedianMs: median(ours), baselineGetRunMedianMs: median(base), gateToGetRunRatio: median(ours) / median(base) };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-bench-models-'));
  try {
    return { registration: await registration(dir), gates: await gates(dir) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
