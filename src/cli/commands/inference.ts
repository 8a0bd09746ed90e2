import * as path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig, lineOfKey, type LensConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import { bench, DEFAULT_SLA_P95_MS, inferFile, inspect, type BenchResult, type InferResult, type ModelInfo, type Nested } from '../../core/inference';
import type { GlobalOptions } from '../context';
import { formatNumber, table } from '../../core/registry/format';
import { printJson } from '../output';

/** Rows of `infer` text output shown before "… more rows". */
const TEXT_ROWS = 20;

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

function formatInfo(i: ModelInfo): string {
  const io = (list: ModelInfo['inputs']) => table(list.map((v) => ['  ' + v.name, v.type, v.shape ? `[${v.shape.join(', ')}]` : '(shape not declared)'])).trimEnd().split('\n');
  const lines = [
    `model      ${i.path}  (${formatBytes(i.bytes)}, sha256 ${i.sha256.slice(0, 12)})`,
    `format     ONNX IR ${i.irVersion}, opset ${i.opset.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ') || '-'}`,
    `producer   ${[i.producer, i.producerVersion].filter(Boolean).join(' ') || '-'}`,
  ];
  if (i.domain || i.modelVersion) lines.push(`model id   ${[i.domain, i.modelVersion ? `version ${i.modelVersion}` : ''].filter(Boolean).join(' ')}`);
  if (i.docString) lines.push(`doc        ${i.docString.split('\n')[0]}`);
  lines.push('', 'inputs', ...(i.inputs.length ? io(i.inputs) : ['  (none)']), '', 'outputs', ...(i.outputs.length ? io(i.outputs) : ['  (none)']));
  const ops = Object.entries(i.ops).sort(([, a], [, b]) => b - a);
  lines.push('', `ops (${plural(i.nodeCount, 'node')}, ${plural(i.initializers, 'initializer')})`, ...table(ops.map(([k, n]) => ['  ' + k, String(n)])).trimEnd().split('\n').filter(Boolean));
  const meta = Object.entries(i.metadata);
  if (meta.length) lines.push('', 'metadata', ...table(meta.map(([k, v]) => ['  ' + k, v])).trimEnd().split('\n'));
  return lines.join('\n') + '\n';
}

/** One row per sample when every output starts with the same row count; each output as JSON otherwise. */
function formatOutputs(r: InferResult): string {
  const entries = Object.entries(r.outputs);
  const rows = entries.map(([, v]) => (Array.isArray(v) ? v.length : -1));
  if (entries.length === 0) return 'no outputs\n';
  if (rows.some((n) => n !== rows[0] || n < 0)) return entries.map(([k, v]) => `${k}\n  ${JSON.stringify(v)}\n`).join('');
  const n = rows[0]!;
  const header: string[] = ['ROW'];
  const cells: string[][] = Array.from({ length: Math.min(n, TEXT_ROWS) }, (_, k) => [String(k)]);
  for (const [name, value] of entries) {
    const sample = (value as Nested[]).map((row) => (Array.isArray(row) ? row.flat(Infinity as 1) : [row]) as Nested[]);
    const width = sample[0]?.length ?? 0;
    header.push(...(Array.isArray((value as Nested[])[0]) ? Array.from({ length: width }, (_, k) => `${name}[${k}]`) : [name]));
    cells.forEach((c, k) => c.push(...sample[k]!.map((x) => (typeof x === 'number' ? formatNumber(x) : String(x)))));
  }
  return table([header, ...cells]) + (n > TEXT_ROWS ? `… ${n - TEXT_ROWS} more rows (--json prints all)\n` : '');
}

function formatBench(r: BenchResult): string {
  const l = r.latencyMs;
  const lines = [
    `model        ${r.path}  (onnxruntime ${r.onnxruntime}, CPU)`,
    `latency      p50 ${formatMs(l.p50)}  p95 ${formatMs(l.p95)}  p99 ${formatMs(l.p99)}  (${r.iterations} single-row calls after ${r.warmup} warm-up)`,
    `baseline     p50 ${formatMs(r.baseline.latencyMs.p50)}  p95 ${formatMs(r.baseline.latencyMs.p95)}  (bare InferenceSession.run, same session)`,
    `overhead     ×${r.overheadRatio.toFixed(3)} at p50`,
    `end to end   p50 ${formatMs(r.endToEnd.latencyMs.p50)}  p95 ${formatMs(r.endToEnd.latencyMs.p95)}  (infer() from JSON arrays to JSON outputs)`,
    '',
    'throughput',
    ...table(r.throughput.map((t) => [`  batch ${t.batch}`, t.rowsPerSec === null ? `- (${t.note ?? 'not measured'})` : `${Math.round(t.rowsPerSec).toLocaleString('en-US')} rows/s`])).trimEnd().split('\n'),
    '',
    `SLA          p95 ${formatMs(r.sla.valueMs)} ${r.sla.pass ? '≤' : '>'} ${formatMs(r.sla.thresholdMs)}: ${r.sla.pass ? 'pass' : 'FAIL'}`,
  ];
  return lines.join('\n') + '\n';
}

function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(3)} ms`;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
