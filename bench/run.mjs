#!/usr/bin/env node
/**
 * `npm run bench`: runs each `bench/<name>.bench.ts` (all of them, or the names given as arguments) in its
 * own `node --import tsx` process, so one benchmark's heap and native handles cannot skew the next.
 *
 * A benchmark module exports:
 *   - `async function run(): Promise<Record<string, unknown>>`: the figures, with a baseline measured in
 *     the same run and the ratio;
 *   - optionally `targets: Record<figure, { min?: number; max?: number }>`: checked here.
 * New benchmarks need no wiring: the activation benchmark (extension bundle `activate()` time and bundle
 * size, issue 2) goes in `bench/activation.bench.ts` with `targets` such as `{ activateMs: { max: 50 },
 * bundleKb: { max: 500 } }`.
 *
 * Prints one JSON object `{ <name>: figures }` on stdout and one line per target on stderr
 * (`target hit|missed ...`). Exits 1 if a benchmark failed, or with `--strict` if a target was missed.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SUFFIX = '.bench.ts';

if (process.argv[2] === '--child') {
  const mod = await import(pathToFileURL(process.argv[3]).href);
  const figures = await mod.run();
  process.stdout.write(JSON.stringify({ figures, targets: mod.targets ?? {} }));
} else {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const wanted = args.filter((a) => a !== '--strict');
  const available = fs.readdirSync(here).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
  const unknown = wanted.filter((n) => !available.includes(n));
  if (unknown.length) {
    process.stderr.write(`bench: no such benchmark: ${unknown.join(', ')} (have: ${available.join(', ')})\n`);
    process.exit(2);
  }
  const names = wanted.length ? wanted : available;
  const results = {};
  const lines = [];
  let failed = false;
  let missed = false;
  for (const name of names) {
    // Write back what the previous benchmark left dirty (the drift one writes hundreds of MB of CSV), or the
    // next one's fsyncs and checkpoints wait for it, and its figures say more about the order than the code.
    spawnSync('sync');
    const child = await runChild(path.join(here, name + SUFFIX));
    if (child.code !== 0) {
      failed = true;
      results[name] = { error: child.stderr.trim().split('\n').slice(-5).join('\n') || `exited with ${child.code}` };
      lines.push(`bench ${name} failed`);
      continue;
    }
    const { figures, targets } = JSON.parse(child.stdout);
    results[name] = figures;
    for (const [figure, t] of Object.entries(targets)) {
      // Dotted names reach into nested figures (`tensorboard.ratio`).
      const v = figure.split('.').reduce((o, k) => (o === null || typeof o !== 'object' ? undefined : o[k]), figures);
      const ok = typeof v === 'number' && (t.min === undefined || v >= t.min) && (t.max === undefined || v <= t.max);
      if (!ok) missed = true;
      const bound = [t.min !== undefined ? `>= ${t.min}` : '', t.max !== undefined ? `<= ${t.max}` : ''].filter(Boolean).join(' and ');
      lines.push(`target ${ok ? 'hit   ' : 'missed'} ${name}.${figure} = ${v} (want ${bound})`);
    }
  }
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  for (const l of lines) process.stderr.write(l + '\n');
  process.exit(failed || (strict && missed) ? 1 : 0);
}

function runChild(file) {
  return new Promise((resolve, reject) => {
    // The core runs in the backend, with the backend's V8 flags (src/protocol.ts, BACKEND_NODE_FLAGS).
    const flags = JSON.parse(fs.readFileSync(path.join(path.dirname(here), 'src', 'backend-node-flags.json'), 'utf8'));
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', file], {
      cwd: path.dirname(here),
      stdio: ['ignore', 'pipe', 'pipe'],
      // `npm run bench` has just built dist/: time the worker bundles the product ships (see worker-script.ts).
      env: { ...process.env, MLOPS_LENS_WORKER_BUNDLES: path.join(path.dirname(here), 'dist') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr += s; process.stderr.write(s); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
