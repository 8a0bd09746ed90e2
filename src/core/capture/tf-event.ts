import protobuf from 'protobufjs';

/**
 * The subset of TensorFlow's event.proto, summary.proto, tensor.proto and tensor_shape.proto a scalar
 * reader needs (field numbers as in tensorflow/core/{util/event.proto, framework/*.proto}). Fields not
 * listed (graphs, images, histograms, audio) are skipped by the decoder.
 */
const PROTO = `
syntax = "proto3";
package tensorflow;
message Event {
  double wall_time = 1;
  int64 step = 2;
  string file_version = 3;
  Summary summary = 5;
}
message Summary {
  repeated Value value = 1;
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      TensorProto tensor = 8;
    }
  }
}
message SummaryMetadata {
  PluginData plugin_data = 1;
  string display_name = 2;
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
}
message TensorShapeProto {
  repeated Dim dim = 2;
  bool unknown_rank = 3;
  message Dim {
    int64 size = 1;
    string name = 2;
  }
}
message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  bytes tensor_content = 4;
  repeated int32 half_val = 13 [packed = true];
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
}
`;

export interface TensorProto {
  dtype?: number;
  tensorShape?: { dim?: unknown[] };
  tensorContent?: Uint8Array;
  halfVal?: number[];
  floatVal?: number[];
  doubleVal?: number[];
}
export interface SummaryValue {
  tag?: string;
  simpleValue?: number;
  tensor?: TensorProto;
}
export interface TfEvent {
  wallTime?: number;
  step?: number | { toNumber(): number };
  summary?: { value?: SummaryValue[] };
}

const root = protobuf.parse(PROTO, { keepCase: false }).root;
const EventType = root.lookupType('tensorflow.Event');
export function decodeEvent(data: Uint8Array): TfEvent {
  return EventType.decode(data) as unknown as TfEvent;
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

/**
 * The number a summary value holds: `simple_value` (TF1, PyTorch's SummaryWriter) or a rank-0 float
 * tensor (TF2 `tf.summary.scalar`), from `float_val`/`double_val`/`half_val` or little-endian
 * `tensor_content`. Undefined for anything else (images, histograms, text, non-scalar tensors).
 */
export function scalarOf(v: SummaryValue): number | undefined {
  const t = v.tensor;
  // simple_value is in a oneof, so a 0 is on the wire and decodes as an own property.
  if (!t) return Object.prototype.hasOwnProperty.call(v, 'simpleValue') ? v.simpleValue : undefined;
  if ((t.tensorShape?.dim?.length ?? 0) !== 0) return undefined;
  const c = t.tensorContent;
  switch (t.dtype) {
    case DT_FLOAT:
      if (t.floatVal?.length) return t.floatVal[0];
      return c && c.length >= 4 ? Buffer.from(c.buffer, c.byteOffset, 4).readFloatLE(0) : undefined;
    case DT_DOUBLE:
      if (t.doubleVal?.length) return t.doubleVal[0];
      return c && c.length >= 8 ? Buffer.from(c.buffer, c.byteOffset, 8).readDoubleLE(0) : undefined;
    case DT_HALF:
      if (t.halfVal?.length) return halfToNumber(t.halfVal[0]!);
      return c && c.length >= 2 ? halfToNumber(c[0]! | (c[1]! << 8)) : undefined;
    case DT_BFLOAT16:
      if (t.halfVal?.length) return bfloat16ToNumber(t.halfVal[0]!);
      return c && c.length >= 2 ? bfloat16ToNumber(c[0]! | (c[1]! << 8)) : undefined;
    default:
      return undefined;
  }
}

/** IEEE 754 binary16 bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function bfloat16ToNumber(bits: number): number {
  const b = Buffer.alloc(4);
  b.writeUInt32LE((bits & 0xffff) << 16 >>> 0);
  return b.readFloatLE(0);
}
