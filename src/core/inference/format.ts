import { formatNumber, table } from '../registry/format';
import type { BenchResult, InferResult, ModelInfo, Nested } from './types';

/** Rows of `infer` text output shown before "… more rows". */
const TEXT_ROWS = 20;

/** Model facts as people read them (`mlops-lens inspect`, the editor's model document). */
export function formatInfo(i: ModelInfo): string {
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
export function formatOutputs(r: InferResult): string {
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

export function formatBench(r: BenchResult): string {
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

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(3)} ms`;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
