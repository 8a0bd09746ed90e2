import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { MlopsError, describeError, errnoCode } from '../errors';
import { loadModel, runtimeReason, type LoadedModel } from './runtime';
import { readTable, type TableColumn } from './table';
import { formatShape, fromColumns, fromNested, toNested, type Bindings, type FeedData } from './tensors';
import type { InferResult, Nested, ValueInfo } from './types';

/** Rows per run when feeding columns: about a million elements, so memory stays flat on big files. */
const CHUNK_ELEMENTS = 1 << 20;

/** Runs the model on `{inputName: nested array}`; `where` names the source in error messages. */
export async function infer(modelPath: string, inputs: unknown, where = 'inputs'): Promise<InferResult> {
  const model = await loadModel(modelPath);
  const { info } = model;
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new MlopsError('invalid inputs', where, 'expected a JSON object of the form {"inputName": nested array}');
  }
  const given = inputs as Record<string, unknown>;
  const names = info.inputs.map((i) => i.name);
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) throw new MlopsError('unknown input', `${where}: "${key}"`, `the model's inputs are ${names.map((n) => `"${n}"`).join(', ')}`);
  }
  const bindings: Bindings = new Map();
  const feeds: Record<string, Tensor> = {};
  for (const input of info.inputs) {
    if (!Object.hasOwn(given, input.name)) throw new MlopsError('missing input', `${where}: "${input.name}"`, `the model expects ${describeInput(input)}`);
    feeds[input.name] = tensor(model, fromNested(input, given[input.name], where, bindings));
  }
  const fetches = tensorOutputs(model);
  const result = await run(model, feeds, fetches, modelPath);
  return withSkipped(model, Object.fromEntries(fetches.map((name) => [name, toNested(result[name]!)])));
}

export interface InferFileOptions {
  /** Table columns feeding the model's single 2-D input, in feature order. */
  columns?: string[];
}

/** Runs the model on a file: JSON as for `infer`, or a CSV/TSV/Parquet table whose rows are samples. */
export async function inferFile(modelPath: string, file: string, options: InferFileOptions = {}): Promise<InferResult> {
  if (path.extname(file).toLowerCase() === '.json') {
    if (options.columns) throw new MlopsError('invalid option', '--columns', 'applies to CSV and Parquet inputs, not JSON');
    return infer(modelPath, readJson(file), file);
  }
  const [model, table] = await Promise.all([loadModel(modelPath), readTable(file)]);
  const plan = planColumns(model.info.inputs, table.columns, options.columns, file);
  const outputs = await runColumns(model, plan, table.rows, file, modelPath);
  return withSkipped(model, Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, toNested(t)])));
}

export interface PredictOptions {
  /** The columns feeding the model, in feature order (default: as for a table without a column list). */
  features?: string[];
}

/**
 * The model's outputs over a table, as columns for prediction drift: an output of shape [N] is one column
 * named after it; [N, K] gives K columns `<output>[<i>]` (one per class probability). Integer and bool
 * outputs become doubles; string outputs are left out.
 */
export async function predictColumns(modelPath: string, columns: Record<string, Float64Array>, options: PredictOptions = {}): Promise<Record<string, Float64Array>> {
  const model = await loadModel(modelPath);
  const available = Object.entries(columns).map(([name, values]): TableColumn => ({ name, values }));
  const rows = available[0]?.values.length ?? 0;
  for (const c of available) {
    if (c.values.length !== rows) throw new MlopsError('columns differ in length', `column "${c.name}"`, `${c.values.length} rows where "${available[0]!.name}" has ${rows}`);
  }
  const plan = planColumns(model.info.inputs, available, options.features, 'columns');
  const outputs = await runColumns(model, plan, rows, 'columns', modelPath);
  const result: Record<string, Float64Array> = {};
  for (const [name, t] of Object.entries(outputs)) {
    if (t.type === 'string') continue;
    const data = t.data as ArrayLike<number | bigint>;
    const width = t.dims.slice(1).reduce((a, b) => a * b, 1);
    const n = t.dims[0] ?? 1;
    for (let k = 0; k < width; k++) {
      const col = new Float64Array(n);
      for (let r = 0; r < n; r++) col[r] = Number(data[r * width + k]!);
      result[t.dims.length <= 1 ? name : `${name}[${k}]`] = col;
    }
  }
  return result;
}

interface ColumnPlan {
  input: ValueInfo;
  columns: TableColumn[];
}

/**
 * Which columns feed which input: a model with one input per column (as sklearn-onnx makes for column
 * transformers) takes them by name; otherwise the single 2-D input takes the requested columns, or, when
 * none are requested, every numeric column if their count is the number of features it declares.
 */
function planColumns(inputs: ValueInfo[], available: TableColumn[], requested: string[] | undefined, where: string): ColumnPlan[] {
  const byName = new Map(available.map((c) => [c.name, c]));
  const pick = (name: string, input: ValueInfo): TableColumn => {
    const col = byName.get(name);
    if (!col) throw new MlopsError('missing column', `${where}: "${name}"`, `the columns are ${available.map((c) => `"${c.name}"`).join(', ') || 'none'}`);
    if (col.nonNumeric) throw new MlopsError('non-numeric column', `${where}: column "${name}", ${col.nonNumeric.where}`, `"${col.nonNumeric.text}" cannot be fed to input "${input.name}" (${input.type})`);
    return col;
  };
  const oneColumnEach = inputs.length > 0 && inputs.every((i) => byName.has(i.name) && (i.shape === null || i.shape.length === 1 || (i.shape.length === 2 && i.shape[1] !== undefined && [1, '?'].includes(i.shape[1]))));
  if (!requested && oneColumnEach) return inputs.map((input) => ({ input, columns: [pick(input.name, input)] }));
  if (inputs.length !== 1) {
    throw new MlopsError('cannot map columns to the model', where, `the model has ${inputs.length} inputs (${inputs.map((i) => `"${i.name}"`).join(', ')}); a table feeds either one 2-D input or one input per column, named after it`);
  }
  const input = inputs[0]!;
  const shape = input.shape;
  if (shape && shape.length !== 2 && !(shape.length === 1 && (requested?.length ?? 1) === 1)) {
    throw new MlopsError('cannot map columns to the model', `${where}: input "${input.name}"`, `its shape is ${formatShape(shape)}; a table feeds a [rows, features] input`);
  }
  const features = shape?.length === 2 ? shape[1] : 1;
  const names = requested ?? available.filter((c) => !c.nonNumeric).map((c) => c.name);
  if (typeof features === 'number' && features >= 0 && names.length !== features) {
    throw new MlopsError('cannot map columns to the model', `${where}: input "${input.name}"`,
      `it takes ${features} features (${formatShape(shape ?? [])}) and ${requested ? 'the columns named are' : 'the numeric columns are'} ${names.map((n) => `"${n}"`).join(', ') || 'none'} (${names.length}); name the ${features} columns to use`);
  }
  if (!requested && typeof features !== 'number') {
    throw new MlopsError('cannot map columns to the model', `${where}: input "${input.name}"`, `its feature count is not fixed (${formatShape(shape ?? ['?'])}); name the columns to use`);
  }
  return [{ input, columns: names.map((n) => pick(n, input)) }];
}

type OutputData = Pick<Tensor, 'type' | 'dims' | 'data'>;

/** Feeds the planned columns in chunks of rows and joins the outputs along their first dimension. */
async function runColumns(model: LoadedModel, plan: ColumnPlan[], rows: number, where: string, modelPath: string): Promise<Record<string, OutputData>> {
  if (rows === 0) throw new MlopsError('no rows to run', where);
  const width = plan.reduce((a, p) => a + p.columns.length, 0);
  const fixed = plan.map((p) => p.input.shape?.[0]).find((d): d is number => typeof d === 'number' && d > 0);
  const chunk = fixed ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / width));
  if (fixed !== undefined && rows % fixed !== 0) {
    throw new MlopsError('input does not match the model', where, `the model takes batches of exactly ${fixed} rows and the table has ${rows}`);
  }
  const fetches = tensorOutputs(model);
  const parts: Record<string, OutputData[]> = Object.fromEntries(fetches.map((f) => [f, []]));
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const bindings: Bindings = new Map();
    const feeds = Object.fromEntries(plan.map((p) => [p.input.name, tensor(model, fromColumns(p.input, p.columns, start, n, where, bindings))]));
    const out = await run(model, feeds, fetches, modelPath);
    for (const name of fetches) {
      const t = out[name]!;
      if (rows > n && t.dims[0] !== n) throw new MlopsError('cannot split the run in batches', `${modelPath}: output "${name}"`, `its shape ${formatShape(t.dims)} does not start with the ${n} rows fed; run fewer than ${chunk} rows`);
      parts[name]!.push({ type: t.type, dims: t.dims, data: t.data });
    }
  }
  return Object.fromEntries(fetches.map((name) => [name, concatRows(parts[name]!)]));
}

function concatRows(parts: OutputData[]): OutputData {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const dims = [parts.reduce((a, p) => a + (p.dims[0] ?? 0), 0), ...first.dims.slice(1)];
  if (Array.isArray(first.data)) return { type: first.type, dims, data: parts.flatMap((p) => p.data as string[]) };
  const Ctor = (first.data as Float32Array).constructor as new (n: number) => Float32Array;
  const data = new Ctor(parts.reduce((a, p) => a + (p.data as Float32Array).length, 0));
  let offset = 0;
  for (const p of parts) {
    data.set(p.data as Float32Array, offset);
    offset += (p.data as Float32Array).length;
  }
  return { type: first.type, dims, data };
}

export function tensor(model: LoadedModel, feed: FeedData): Tensor {
  return new model.ort.Tensor(feed.type as 'float32', feed.data as Float32Array, feed.dims);
}

/** Outputs that are not plain tensors (sklearn's ZipMap maps, sequences) cannot cross into JavaScript. */
export function tensorOutputs(model: LoadedModel): string[] {
  const declared = new Map(model.info.outputs.map((o) => [o.name, o]));
  return model.session.outputNames.filter((n) => declared.get(n)?.isTensor ?? true);
}

function withSkipped(model: LoadedModel, outputs: Record<string, Nested>): InferResult {
  const skipped = model.info.outputs.filter((o) => !(o.name in outputs)).map((o) => ({ name: o.name, type: o.type }));
  return skipped.length ? { outputs, skipped } : { outputs };
}

/** One session run; the runtime's failures become errors naming the model. */
export async function run(model: LoadedModel, feeds: InferenceSession.FeedsType, fetches: string[], modelPath: string): Promise<InferenceSession.ReturnType> {
  try {
    return await model.session.run(feeds, fetches);
  } catch (err) {
    throw new MlopsError('inference failed', modelPath, `onnxruntime: ${runtimeReason(err)}`);
  }
}

function describeInput(input: ValueInfo): string {
  return `${input.type} ${input.shape ? formatShape(input.shape) : '(any shape)'}`;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new MlopsError('cannot read input', file, errnoCode(err) ?? describeError(err));
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MlopsError('cannot read input', file, `invalid JSON: ${describeError(err)}`);
  }
}
