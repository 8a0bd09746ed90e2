import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../errors';

/**
 * Model file formats, told apart by extension and confirmed by the file's first bytes. Nothing here
 * parses or loads model content beyond a signature (and the safetensors JSON header, which is data).
 */
export type ModelFormat = 'onnx' | 'safetensors' | 'pytorch' | 'pickle' | 'joblib' | 'keras' | 'hdf5';

export const MODEL_EXTENSIONS: Readonly<Record<string, ModelFormat>> = {
  '.onnx': 'onnx',
  '.safetensors': 'safetensors',
  '.pt': 'pytorch',
  '.pth': 'pytorch',
  '.ckpt': 'pytorch',
  '.pkl': 'pickle',
  '.pickle': 'pickle',
  '.joblib': 'joblib',
  '.keras': 'keras',
  '.h5': 'hdf5',
  '.hdf5': 'hdf5',
};

/** Bytes read from the start of a file for sniffing (HDF5 may sit after a user block of up to 2 KiB). */
export const HEAD_BYTES = 4096;

/** The safetensors format caps its JSON header at 100 MB. */
const SAFETENSORS_MAX_HEADER = 100_000_000;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const HDF5 = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const PICKLE_PROTO = 0x80;
/** Compressed joblib dumps: zlib, gzip, bz2, xz, lz4 frames, and joblib's own old zlib container. */
const JOBLIB_COMPRESSED: readonly Buffer[] = [
  Buffer.from([0x78, 0x01]), Buffer.from([0x78, 0x5e]), Buffer.from([0x78, 0x9c]), Buffer.from([0x78, 0xda]),
  Buffer.from([0x1f, 0x8b]), Buffer.from('BZh', 'latin1'), Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
  Buffer.from([0x04, 0x22, 0x4d, 0x18]), Buffer.from('ZF', 'latin1'),
];

const startsWith = (head: Buffer, sig: Buffer, at = 0) => head.length >= at + sig.length && head.subarray(at, at + sig.length).equals(sig);
const hex = (head: Buffer) => (head.length === 0 ? 'nothing' : `bytes ${[...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);

/** The format a file name claims, or an error listing the supported extensions. */
export function formatOfName(file: string): ModelFormat {
  const ext = path.extname(file).toLowerCase();
  const format = MODEL_EXTENSIONS[ext];
  if (!format) {
    throw new MlopsError('unsupported model format', file, `expected one of ${Object.keys(MODEL_EXTENSIONS).join(' ')} (got ${ext === '' ? 'no extension' : ext})`);
  }
  return format;
}

/**
 * Confirms the claimed format from the first bytes (`head`) and, for safetensors, the header read through
 * `fd`. Throws an MlopsError naming what was expected and what was found.
 */
export function checkSignature(file: string, format: ModelFormat, head: Buffer, fd: number, size: number): void {
  const fail = (expected: string): never => {
    throw new MlopsError(`not a valid ${LABEL[format]} file`, file, `expected ${expected}, found ${hex(head)}`);
  };
  switch (format) {
    case 'onnx':
      // An ONNX file is a bare protobuf message with no signature: the extension is all there is.
      return;
    case 'keras':
      if (!startsWith(head, ZIP)) fail('a ZIP archive (Keras 3 .keras)');
      return;
    case 'pytorch':
      // torch.save writes a ZIP archive since PyTorch 1.6 and a bare pickle stream before.
      if (!startsWith(head, ZIP) && head[0] !== PICKLE_PROTO) fail('a ZIP archive (torch.save, PyTorch ≥ 1.6) or a pickle stream (older torch.save)');
      return;
    case 'pickle':
      if (head[0] !== PICKLE_PROTO) fail('a pickle stream of protocol 2 or later (first byte 0x80)');
      return;
    case 'joblib':
      if (head[0] !== PICKLE_PROTO && !JOBLIB_COMPRESSED.some((sig) => startsWith(head, sig))) {
        fail('a pickle stream (first byte 0x80) or a compressed joblib dump (zlib, gzip, bz2, xz, lz4)');
      }
      return;
    case 'hdf5':
      if (![0, 512, 1024, 2048].some((at) => startsWith(head, HDF5, at))) fail('the HDF5 signature (89 48 44 46 0d 0a 1a 0a)');
      return;
    case 'safetensors':
      checkSafetensors(file, head, fd, size);
  }
}

const LABEL: Record<ModelFormat, string> = {
  onnx: 'ONNX', safetensors: 'safetensors', pytorch: 'PyTorch', pickle: 'pickle', joblib: 'joblib', keras: 'Keras', hdf5: 'HDF5',
};

/** 8 bytes of little-endian header length, then that many bytes of a JSON object. */
function checkSafetensors(file: string, head: Buffer, fd: number, size: number): void {
  if (head.length < 8) throw new MlopsError('not a valid safetensors file', file, `the file is ${size} bytes, shorter than the 8-byte header length`);
  const n = head.readBigUInt64LE(0);
  if (n < 2n || n > BigInt(SAFETENSORS_MAX_HEADER) || Number(n) > size - 8) {
    throw new MlopsError('not a valid safetensors file', file, `header length ${n} does not fit a ${size}-byte file (limit ${SAFETENSORS_MAX_HEADER})`);
  }
  const buf = Buffer.alloc(Number(n));
  const read = fs.readSync(fd, buf, 0, buf.length, 8);
  let header: unknown;
  try {
    header = JSON.parse(buf.subarray(0, read).toString('utf8'));
  } catch (err) {
    throw new MlopsError('not a valid safetensors file', file, `the ${n}-byte header is not JSON (${(err as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new MlopsError('not a valid safetensors file', file, 'the header is not a JSON object');
  }
}
