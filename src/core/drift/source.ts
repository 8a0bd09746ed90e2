import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { MlopsError, describeError, errnoCode } from '../errors';
import { sha256Hex } from '../file-sha256';

export interface SourceOptions {
  /** Compute the sha256 of the file's bytes while reading. */
  hash?: boolean;
  signal?: AbortSignal;
  /** Bytes of the file read so far. */
  onBytes?: (bytes: number) => void;
}

const CHUNK = 4 * 1024 * 1024;

/** The size of a regular, non-empty file, or an error naming it. */
export function checkFile(file: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = errnoCode(err);
    throw new MlopsError('cannot read dataset', file, code === 'ENOENT' ? 'no such file' : code === 'ELOOP' ? 'too many levels of symbolic links' : code ?? describeError(err));
  }
  if (st.isDirectory()) throw new MlopsError('cannot read dataset', file, 'is a directory');
  if (!st.isFile()) throw new MlopsError('cannot read dataset', file, 'not a regular file');
  if (st.size === 0) throw new MlopsError('empty dataset', file, 'the file has no bytes');
  return st.size;
}

/**
 * The decoded bytes of a text dataset, chunk by chunk (gunzipped for `.gz`), each chunk checked
 * to be UTF-8 across chunk boundaries. Returns the sha256 of the file's bytes when asked.
 */
export async function readChunks(file: string, onChunk: (chunk: Buffer) => void, opts: SourceOptions): Promise<string | null> {
  const raw = fs.createReadStream(file, { highWaterMark: CHUNK });
  const hash: Hash | null = opts.hash ? createHash('sha256') : null;
  const gz = file.endsWith('.gz');
  // A gzip file is hashed as stored, so the raw stream feeds the hash; a plain one is hashed chunk by chunk.
  if (hash && gz) raw.on('data', (c) => hash.update(c as Buffer));
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => stream.destroy(err));
  const checker = new Utf8Checker(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      opts.signal?.throwIfAborted();
      if (hash && !gz) hash.update(chunk);
      checker.check(chunk);
      onChunk(chunk);
      opts.onBytes?.(raw.bytesRead);
    }
  } catch (err) {
    raw.destroy();
    if (err instanceof MlopsError || (err instanceof Error && err.name === 'AbortError')) throw err;
    throw new MlopsError('cannot read dataset', file, errnoCode(err) ?? describeError(err));
  }
  checker.end();
  return hash ? hash.digest('hex') : null;
}

/** Validates UTF-8 chunk by chunk; a sequence cut by a chunk boundary is checked with the next chunk. */
class Utf8Checker {
  private tail = Buffer.alloc(0);
  private offset = 0;
  private lines = 1;

  constructor(private readonly file: string) {}

  check(chunk: Buffer): void {
    const cut = chunk.length - incompleteTail(chunk);
    const head = this.tail.length ? Buffer.concat([this.tail, chunk.subarray(0, cut)]) : chunk.subarray(0, cut);
    if (!isUtf8(head)) this.fail(head);
    this.lines += countLf(head);
    this.offset += head.length;
    this.tail = Buffer.from(chunk.subarray(cut));
  }

  end(): void {
    if (this.tail.length) this.fail(this.tail);
  }

  private fail(bytes: Buffer): never {
    const at = firstInvalid(bytes);
    const line = this.lines + countLf(bytes.subarray(0, at));
    throw new MlopsError('invalid UTF-8', `${this.file}:${line}`, `byte ${this.offset + at} is not valid UTF-8 text`);
  }
}

function countLf(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Bytes at the end of `b` that start a multi-byte sequence the chunk does not finish. */
function incompleteTail(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back]!;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function firstInvalid(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (need === 0 || i + need > b.length) return i;
    if (!isUtf8(b.subarray(i, i + need))) return i;
    i += need;
  }
  return b.length;
}

/** sha256 of a dataset's bytes. */
export function hashFile(file: string): Promise<string> {
  return sha256Hex(file, 'cannot read dataset');
}
