import * as path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig, lineOfKey, type LensConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import { bench, DEFAULT_SLA_P95_MS, inferFile, inspect, type BenchResult } from '../../core/inference';
import type { GlobalOptions } from '../context';
import { formatBench, formatInfo, formatMs, formatOutputs } from '../../core/inference/format';
import { printJson } from '../output';

export function registerInference(program: Command, globals: () => GlobalOptions): void {
  program
    .command('inspect')
    .description('show what an ONNX model declares: inputs, outputs, opsets, producer, ops and metadata')
    .argument('<model>', 'ONNX model file')
    .action(async (model: string) => {
      const info = await inspect(model);
      if (globals().json) return printJson(info);
      process.stdout.write(formatInfo(info));
    });

  program
    .command('infer')
    .description('run an ONNX model on a JSON, CSV or Parquet file (CPU)')
    .argument('<model>', 'ONNX model file')
    .requiredOption('-i, --input <file>', 'JSON {"input": nested array}, or a CSV/TSV/Parquet table with one row per sample')
    .option('-c, --columns <names>', 'table columns feeding the model, in feature order (comma-separated)', (v) => splitList(v, '--columns'))
    .action(async (model: string, o: { input: string; columns?: string[] }) => {
      const settings = inferenceSettings(model);
      const columns = o.columns ?? (path.extname(o.input).toLowerCase() === '.json' ? undefined : settings.columns);
      const result = await inferFile(model, o.input, { columns });
      for (const s of result.skipped ?? []) process.stderr.write(`mlops-lens: note: output "${s.name}" (${s.type}) is not a tensor and is left out\n`);
      if (globals().json) return printJson({ outputs: result.outputs });
      process.stdout.write(formatOutputs(result));
    });

  program
    .command('bench')
    .description('measure single-row latency (p50/p95/p99), throughput per batch size and the overhead over bare onnxruntime')
    .argument('<model>', 'ONNX model file')
    .option('-n, --iterations <n>', 'timed single-row calls (each for ours and the baseline)', (v) => wholeNumber(v, '--iterations', 1), 1000)
    .option('--warmup <n>', 'untimed calls first', (v) => wholeNumber(v, '--warmup', 0), 50)
    .option('--batches <sizes>', 'batch sizes for throughput (comma-separated)', (v) => splitList(v, '--batches').map((s) => wholeNumber(s, '--batches', 1)), [1, 32, 1024])
    .option('--sla-ms <ms>', `p95 latency limit in ms (default: latency_p95_ms from the config, else ${DEFAULT_SLA_P95_MS})`, positiveNumber)
    .action(async (model: string, o: { iterations: number; warmup: number; batches: number[]; slaMs?: number }) => {
      const slaP95Ms = o.slaMs ?? inferenceSettings(model).latencyP95Ms;
      const progress = progressLine();
      let result: BenchResult;
      try {
        result = await bench(model, { iterations: o.iterations, warmup: o.warmup, batches: o.batches, slaP95Ms, onProgress: progress.update });
      } finally {
        progress.done();
      }
      if (globals().json) printJson(result);
      else process.stdout.write(formatBench(result));
      if (!result.sla.pass) {
        throw new MlopsError('latency SLA failed', model, `p95 ${formatMs(result.sla.valueMs)} is over ${formatMs(result.sla.thresholdMs)}`, 'check');
      }
    });
}

interface InferenceSettings {
  columns?: string[];
  latencyP95Ms?: number;
}

/** `[tool.mlops-lens.inference]`: `columns` (table columns in feature order) and `latency_p95_ms`. */
function inferenceSettings(model: string): InferenceSettings {
  const config: LensConfig = loadConfig(path.dirname(path.resolve(model)));
  const section = config.raw.inference;
  if (section === undefined) return {};
  const where = (key: string) => `${config.file}:${(config.text && lineOfKey(config.text, key)) ?? 1}`;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) throw new MlopsError('invalid configuration', where('inference'), '"inference" must be a table');
  const s = section as Record<string, unknown>;
  const out: InferenceSettings = {};
  if (s.columns !== undefined) {
    if (!Array.isArray(s.columns) || s.columns.length === 0 || s.columns.some((c) => typeof c !== 'string')) throw new MlopsError('invalid configuration', where('columns'), '"columns" must be a non-empty list of column names');
    out.columns = s.columns as string[];
  }
  if (s.latency_p95_ms !== undefined) {
    if (typeof s.latency_p95_ms !== 'number' || !(s.latency_p95_ms > 0) || !Number.isFinite(s.latency_p95_ms)) throw new MlopsError('invalid configuration', where('latency_p95_ms'), '"latency_p95_ms" must be a positive number of milliseconds');
    out.latencyP95Ms = s.latency_p95_ms;
  }
  return out;
}

function splitList(v: string, flag: string): string[] {
  const items = v.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError(`${flag} expects a comma-separated list without empty items, got "${v}"`);
  return items;
}

function wholeNumber(v: string, flag: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new InvalidArgumentError(`${flag} expects a whole number ≥ ${min}, got "${v}"`);
  return Number(v);
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`--sla-ms expects a positive number of milliseconds, got "${v}"`);
  return n;
}

/** A percentage on stderr, only for people watching a terminal and only once the bench has run a second. */
function progressLine(): { update: (done: number, total: number) => void; done: () => void } {
  const show = Boolean(process.stdout.isTTY && process.stderr.isTTY);
  const start = Date.now();
  let shown = -1;
  return {
    update: (done, total) => {
      const pct = Math.floor((100 * done) / total);
      if (!show || pct === shown || Date.now() - start < 1000) return;
      shown = pct;
      process.stderr.write(`\rbench: ${pct}%`);
    },
    done: () => {
      if (shown >= 0) process.stderr.write('\r\x1b[K');
    },
  };
}
