import { createHash } from 'node:crypto';
import protobuf from 'protobufjs/light';
import { MlopsError } from '../errors';
import descriptor from './onnx.proto.json';
import type { Dim, ModelInfo, ValueInfo } from './types';

/** TensorProto.DataType numbers (onnx.proto) as onnxruntime-node names its tensor types. */
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool',
  10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
  17: 'float8e4m3fn', 18: 'float8e4m3fnuz', 19: 'float8e5m2', 20: 'float8e5m2fnuz', 21: 'uint4', 22: 'int4', 23: 'float4e2m1',
};

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);
/** ONNX files are single protobuf messages, which cannot exceed 2 GiB; bigger weights live in external data. */
const MAX_PROTOBUF_BYTES = 2 ** 31 - 1;

// Decoded messages as protobufjs produces them with the subset in onnx.proto (keepCase field names);
// unset message fields read as null.
type Int64 = number | { toNumber(): number };
interface Dimension { dim_value?: Int64; dim_param?: string; value?: 'dim_value' | 'dim_param' }
interface TensorType { elem_type?: number; shape?: { dim?: Dimension[] } }
interface TypeProto {
  tensor_type?: TensorType;
  sparse_tensor_type?: TensorType;
  sequence_type?: { elem_type?: TypeProto };
  optional_type?: { elem_type?: TypeProto };
  map_type?: { key_type?: number; value_type?: TypeProto };
}
interface ValueInfoProto { name?: string; type?: TypeProto }
interface NodeProto { op_type?: string; domain?: string; attribute?: { g?: GraphProto; graphs?: GraphProto[] }[] }
interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: { name?: string }[];
  sparse_initializer?: { values?: { name?: string } }[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
}
interface ModelProto {
  ir_version?: Int64;
  opset_import?: { domain?: string; version?: Int64 }[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: Int64;
  doc_string?: string;
  graph?: GraphProto;
  metadata_props?: { key?: string; value?: string }[];
}

let modelType: protobuf.Type | undefined;
function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(descriptor).lookupType('onnx.ModelProto');
  return modelType;
}

/**
 * Reads what a model declares from its bytes: a file that is not a well-formed ONNX model is an error
 * naming the file and the reason, never a crash.
 */
export function parseModel(file: string, bytes: Buffer): ModelInfo {
  if (bytes.length === 0) throw new MlopsError('cannot read model', file, 'the file is empty');
  if (bytes.length > MAX_PROTOBUF_BYTES) throw new MlopsError('cannot read model', file, 'larger than 2 GiB, the protobuf limit (ONNX models this big keep weights in external data files)');
  let model: ModelProto;
  try {
    model = modelProto().decode(bytes) as unknown as ModelProto;
  } catch (err) {
    throw new MlopsError('cannot read model', file, decodeFailure(err, bytes));
  }
  const irVersion = toNumber(model.ir_version);
  if (!model.graph || irVersion <= 0) {
    const other = guessFormat(bytes);
    throw new MlopsError('cannot read model', file, `not an ONNX model: ${other || (!model.graph ? 'it has no graph' : 'it has no IR version')}`);
  }
  const graph = model.graph;
  const initializerNames = new Set([
    ...(graph.initializer ?? []).map((t) => t.name ?? ''),
    ...(graph.sparse_initializer ?? []).map((t) => t.values?.name ?? ''),
  ]);
  const ops: Record<string, number> = {};
  const nodeCount = countOps(graph, ops, 0);
  return {
    path: file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    irVersion,
    opset: (model.opset_import ?? []).map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) })),
    producer: model.producer_name ?? '',
    producerVersion: model.producer_version ?? '',
    domain: model.domain ?? '',
    modelVersion: toNumber(model.model_version),
    graphName: graph.name ?? '',
    docString: model.doc_string ?? '',
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name ?? '')).map(valueInfo),
    outputs: (graph.output ?? []).map(valueInfo),
    ops: Object.fromEntries(Object.entries(ops).sort(([a], [b]) => a.localeCompare(b))),
    nodeCount,
    initializers: initializerNames.size,
    metadata: Object.fromEntries((model.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

/** Subgraphs (If, Loop, Scan bodies) count too: they are ops the runtime has to support. */
function countOps(graph: GraphProto, ops: Record<string, number>, depth: number): number {
  // A hostile file could nest graphs without end; real models nest a few levels.
  if (depth > 64) return 0;
  let n = 0;
  for (const node of graph.node ?? []) {
    const domain = node.domain ?? '';
    const key = DEFAULT_DOMAINS.has(domain) ? node.op_type ?? '' : `${domain}.${node.op_type ?? ''}`;
    ops[key] = (ops[key] ?? 0) + 1;
    n++;
    for (const attr of node.attribute ?? []) {
      for (const sub of [attr.g, ...(attr.graphs ?? [])]) if (sub) n += countOps(sub, ops, depth + 1);
    }
  }
  return n;
}

function valueInfo(v: ValueInfoProto): ValueInfo {
  const t = v.type ?? {};
  return { name: v.name ?? '', type: typeName(t), shape: t.tensor_type ? shapeOf(t.tensor_type) : t.sparse_tensor_type ? shapeOf(t.sparse_tensor_type) : null, isTensor: Boolean(t.tensor_type) };
}

function typeName(t: TypeProto | undefined): string {
  if (!t) return 'unknown';
  if (t.tensor_type) return elementName(t.tensor_type.elem_type);
  if (t.sparse_tensor_type) return `sparse_tensor<${elementName(t.sparse_tensor_type.elem_type)}>`;
  if (t.sequence_type) return `sequence<${typeName(t.sequence_type.elem_type)}>`;
  if (t.optional_type) return `optional<${typeName(t.optional_type.elem_type)}>`;
  if (t.map_type) return `map<${elementName(t.map_type.key_type)},${typeName(t.map_type.value_type)}>`;
  return 'unknown';
}

function elementName(code: number | undefined): string {
  return ELEMENT_TYPES[code ?? 0] ?? `type${code ?? 0}`;
}

function shapeOf(t: TensorType): Dim[] | null {
  if (!t.shape) return null;
  return (t.shape.dim ?? []).map((d): Dim => {
    // Unset fields read as defaults (0, ''), so the oneof's case tells a set dim_value from a missing one.
    if (d.value === 'dim_param' && d.dim_param) return d.dim_param;
    if (d.value === 'dim_value') return toNumber(d.dim_value);
    return '?';
  });
}

function toNumber(v: Int64 | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

function decodeFailure(err: unknown, bytes: Buffer): string {
  const msg = err instanceof Error ? err.message : String(err);
  // protobufjs reports reads past the end as "index out of range[: <pos> + <len> > <size>]".
  const truncated = /^index out of range(?:: (\d+) \+ (\d+) > \d+)?/.exec(msg);
  const reason = !truncated ? msg
    : truncated[1] ? `truncated: a field at byte ${truncated[1]} needs ${truncated[2]} bytes, the file has ${bytes.length}`
      : `truncated: a message runs past the end of the file (${bytes.length} bytes)`;
  const other = guessFormat(bytes);
  return other ? `not an ONNX model: ${other} (protobuf parsing failed: ${reason})` : `protobuf parsing failed (${reason})`;
}

/** Names the usual suspects when a file handed over as a model is something else. */
function guessFormat(bytes: Buffer): string {
  const head = bytes.subarray(0, 8);
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'this is a zip archive (a PyTorch .pt or Keras .keras file?)';
  if (head[0] === 0x80 && (head[1] ?? 0) <= 5) return 'this is a Python pickle';
  if (head.subarray(0, 4).equals(Buffer.from('\x89HDF', 'latin1'))) return 'this is an HDF5 file (a Keras .h5 model?)';
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'this is a Parquet file';
  if (/^\s*[[{]/.test(head.toString('latin1'))) return 'this looks like JSON';
  if (bytes.subarray(0, 64).every((b) => b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f))) return 'this looks like a text file';
  return '';
}
