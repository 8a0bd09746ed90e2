import type { Tensor } from 'onnxruntime-node';
import { MlopsError } from '../errors';
import type { Dim, Nested, ValueInfo } from './types';

export type FeedArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array;

/** A tensor's payload before it becomes an onnxruntime Tensor. */
export interface FeedData {
  type: string;
  data: FeedArray;
  dims: number[];
}

interface ElementKind {
  make(n: number): FeedArray;
  /** Converts one JSON value; undefined when it does not fit the type. */
  fromJson(v: unknown): number | bigint | undefined;
  /** Converts one column value (a double); undefined when it does not fit the type. */
  fromDouble(v: number): number | bigint | undefined;
}

const NAMED_NUMBERS: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function float(make: (n: number) => FeedArray): ElementKind {
  return {
    make,
    // null and the strings printJson writes for NaN and ±Infinity are accepted: JSON has no literal for them.
    fromJson: (v) => (typeof v === 'number' ? v : v === null ? NaN : typeof v === 'string' ? NAMED_NUMBERS[v.toLowerCase()] : undefined),
    fromDouble: (v) => v,
  };
}

function integer(make: (n: number) => FeedArray, min: number, max: number): ElementKind {
  const fits = (v: number) => Number.isInteger(v) && v >= min && v <= max;
  return { make, fromJson: (v) => (typeof v === 'number' && fits(v) ? v : undefined), fromDouble: (v) => (fits(v) ? v : undefined) };
}

const KINDS: Record<string, ElementKind> = {
  float32: float((n) => new Float32Array(n)),
  float64: float((n) => new Float64Array(n)),
  int32: integer((n) => new Int32Array(n), -(2 ** 31), 2 ** 31 - 1),
  int16: integer((n) => new Int16Array(n), -(2 ** 15), 2 ** 15 - 1),
  int8: integer((n) => new Int8Array(n), -128, 127),
  uint32: integer((n) => new Uint32Array(n), 0, 2 ** 32 - 1),
  uint16: integer((n) => new Uint16Array(n), 0, 2 ** 16 - 1),
  uint8: integer((n) => new Uint8Array(n), 0, 255),
  int64: {
    make: (n) => new BigInt64Array(n),
    // Values beyond 2^53 cannot be JSON numbers without losing digits, so they come as decimal strings.
    fromJson: (v) => {
      if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
      if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return undefined;
      const b = BigInt(v);
      return b >= INT64_MIN && b <= INT64_MAX ? b : undefined;
    },
    fromDouble: (v) => (Number.isSafeInteger(v) ? BigInt(v) : undefined),
  },
  bool: {
    make: (n) => new Uint8Array(n),
    fromJson: (v) => (v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : undefined),
    fromDouble: (v) => (v === 1 ? 1 : v === 0 ? 0 : undefined),
  },
};

export const SUPPORTED_INPUT_TYPES = Object.keys(KINDS);

function kindOf(input: ValueInfo, where: string): ElementKind {
  const kind = input.isTensor ? KINDS[input.type] : undefined;
  if (!kind) throw new MlopsError('unsupported model input', `${where}: input "${input.name}"`, `its type is ${input.type}; supported: ${SUPPORTED_INPUT_TYPES.join(', ')}`);
  return kind;
}

/** Binds symbolic dims across the inputs of one call: two inputs sharing "batch" must agree on it. */
export type Bindings = Map<string, { size: number; input: string }>;

function checkShape(input: ValueInfo, dims: number[], where: string, bindings: Bindings): void {
  const declared = input.shape;
  if (!declared) return;
  const mismatch = (why: string) => new MlopsError('input does not match the model', `${where}: input "${input.name}"`,
    `expected shape ${formatShape(declared)} (${input.type}), given ${formatShape(dims)}${why ? `: ${why}` : ''}`);
  if (declared.length !== dims.length) throw mismatch(`rank ${dims.length} instead of ${declared.length}`);
  declared.forEach((d, i) => {
    const given = dims[i]!;
    if (typeof d === 'number') {
      if (d >= 0 && d !== given) throw mismatch(`dimension ${i} is ${given} instead of ${d}`);
      return;
    }
    if (d === '?') return;
    const bound = bindings.get(d);
    if (!bound) bindings.set(d, { size: given, input: input.name });
    else if (bound.size !== given) throw mismatch(`"${d}" is ${given} here but ${bound.size} in input "${bound.input}"`);
  });
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}

/** A nested JSON array (or a scalar for rank 0) as a typed array, checked against the declared input. */
export function fromNested(input: ValueInfo, value: unknown, where: string, bindings: Bindings): FeedData {
  const kind = kindOf(input, where);
  const dims = nestedDims(input, value, where);
  checkShape(input, dims, where, bindings);
  const data = kind.make(dims.reduce((a, b) => a * b, 1));
  let i = 0;
  const fill = (v: unknown, depth: number, index: number[]) => {
    if (depth === dims.length) {
      const x = kind.fromJson(v);
      if (x === undefined) throw new MlopsError('input does not match the model', `${where}: input "${input.name}"`, `element ${index.map((k) => `[${k}]`).join('')} is ${JSON.stringify(v)}, which does not fit ${input.type}`);
      data[i++] = x as never;
      return;
    }
    const arr = v as unknown[];
    for (let k = 0; k < arr.length; k++) fill(arr[k], depth + 1, [...index, k]);
  };
  fill(value, 0, []);
  return { type: input.type, data, dims };
}

/** The shape of a nested array; a ragged one is an error pointing at the first short or long row. */
function nestedDims(input: ValueInfo, value: unknown, where: string): number[] {
  const dims: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) dims.push(v.length);
  const check = (v: unknown, depth: number, index: number[]) => {
    if (depth === dims.length) {
      if (Array.isArray(v)) throw ragged(index, `is an array where a ${input.type} value is expected`);
      return;
    }
    if (!Array.isArray(v)) throw ragged(index, `is ${JSON.stringify(v)} where an array of ${dims[depth]} is expected`);
    if (v.length !== dims[depth]) throw ragged(index, `has ${v.length} elements where ${dims[depth]} are expected`);
    for (let k = 0; k < v.length; k++) check(v[k], depth + 1, [...index, k]);
  };
  const ragged = (index: number[], why: string) => new MlopsError('input does not match the model', `${where}: input "${input.name}"`,
    `ragged array: ${index.length ? `element ${index.map((k) => `[${k}]`).join('')}` : 'the value'} ${why}`);
  check(value, 0, []);
  return dims;
}

/**
 * Rows [start, start + rows) of the given columns as one row-major [rows, columns] tensor (or [rows] when
 * the input has rank 1, for one column).
 */
export function fromColumns(input: ValueInfo, columns: readonly { name: string; values: Float64Array }[], start: number, rows: number, where: string, bindings: Bindings): FeedData {
  const kind = kindOf(input, where);
  const width = columns.length;
  const dims = input.shape?.length === 1 ? [rows] : [rows, width];
  checkShape(input, dims, where, bindings);
  const data = kind.make(rows * width);
  for (let c = 0; c < width; c++) {
    const { name, values } = columns[c]!;
    for (let r = 0; r < rows; r++) {
      const v = values[start + r]!;
      const x = kind.fromDouble(v);
      if (x === undefined) {
        throw new MlopsError('input does not match the model', `${where}: column "${name}", row ${start + r + 1}`,
          `${Number.isNaN(v) ? 'a missing value' : String(v)} cannot be fed to input "${input.name}" (${input.type})`);
      }
      data[r * width + c] = x as never;
    }
  }
  return { type: input.type, data, dims };
}

/** The shortest decimal that reads back as the same float32, as numpy prints it (0.1, not 0.10000000149011612). */
export function shortestFloat32(v: number): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  for (let p = 6; p < 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return Number(v.toPrecision(9));
}

/** A result tensor as JSON: float32 in shortest form, int64 beyond ±2^53 as decimal strings, bool as true/false. */
export function toNested(tensor: Pick<Tensor, 'type' | 'dims' | 'data'>): Nested {
  const data = tensor.data as ArrayLike<number | bigint | string>;
  const dims = tensor.dims;
  const element = tensor.type === 'bool'
    ? (i: number): Nested => data[i] !== 0
    : tensor.type === 'float32' ? (i: number): Nested => shortestFloat32(data[i] as number)
    : (i: number): Nested => {
      const v = data[i]!;
      if (typeof v !== 'bigint') return v;
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : v.toString();
    };
  let i = 0;
  const build = (depth: number): Nested => {
    if (depth === dims.length) return element(i++);
    const out: Nested[] = new Array<Nested>(dims[depth]!);
    for (let k = 0; k < dims[depth]!; k++) out[k] = build(depth + 1);
    return out;
  };
  return build(0);
}
