import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError, describeError, errnoCode } from '../errors';
import { sha256OfFile } from '../file-sha256';
import { HEAD_BYTES, checkSignature, formatOfName, type ModelFormat } from './format';

/**
 * The content store: `<registry folder>/models/<name>/<version>/<file>`, each file read-only. A copy is
 * made under a temporary name beside the version folders (a small file from the bytes that were hashed, a
 * large one read again and verified against the hash), synced, and renamed into its version folder only
 * once the version number is taken inside the write lock.
 */

export interface SourceFile {
  path: string;
  bytes: number;
  format: ModelFormat;
  sha256: string;
  /** The bytes that were hashed, kept for a small file: its copy is written from them, with no second read. */
  content?: Buffer;
}

/**
 * Files up to this size are read whole, hashed and copied from memory with synchronous calls (about a
 * millisecond from the page cache); larger ones are streamed, so a checkpoint of many GB neither fills the
 * heap nor holds up the backend.
 */
const IN_MEMORY_MAX = 4 << 20;
const CHANGED = 'the file changed while it was being registered; register it again once it is written';

/** Where a registry keeps its model copies: beside the registry file. */
export function storeRoot(registryFile: string): string {
  return path.join(path.dirname(registryFile), 'models');
}

/** The stored path as the registry records it: relative to the registry's folder, '/'-separated. */
export function storedRelative(name: string, version: number, fileName: string): string {
  return ['models', name, String(version), fileName].join('/');
}

export function storedAbsolute(registryFile: string, relative: string): string {
  return path.resolve(path.dirname(registryFile), relative);
}

/** Checks that `file` is a readable, non-empty model file of a known format, and hashes it. */
export async function readSource(file: string): Promise<SourceFile> {
  const abs = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    throw new MlopsError('cannot register model', abs, reason(err));
  }
  if (st.isDirectory()) throw new MlopsError('cannot register model', abs, 'this is a folder; register one model file');
  if (!st.isFile()) throw new MlopsError('cannot register model', abs, 'not a regular file');
  if (st.size === 0) throw new MlopsError('cannot register model', abs, 'the file is empty (zero bytes)');
  const format = formatOfName(abs);
  let fd: number;
  try {
    fd = fs.openSync(abs, 'r');
  } catch (err) {
    throw new MlopsError('cannot register model', abs, reason(err));
  }
  let content: Buffer | undefined;
  try {
    if (st.size <= IN_MEMORY_MAX) {
      content = readWhole(abs, fd, st.size);
      checkSignature(abs, format, content.subarray(0, HEAD_BYTES), fd, content.length);
    } else {
      const head = Buffer.alloc(HEAD_BYTES);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      checkSignature(abs, format, head.subarray(0, n), fd, st.size);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (content) return { path: abs, bytes: content.length, format, sha256: createHash('sha256').update(content).digest('hex'), content };
  try {
    return { path: abs, format, ...(await sha256OfFile(abs)) };
  } catch (err) {
    throw new MlopsError('cannot read model', abs, reason(err));
  }
}

/** All `size` bytes of the file; a file that is longer or shorter by now is still being written. */
function readWhole(file: string, fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size + 1);
  let n = 0;
  try {
    // One byte more than the size, to notice a file that grew since its size was read.
    while (n < buf.length) {
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
  } catch (err) {
    throw new MlopsError('cannot read model', file, reason(err));
  }
  if (n !== size) throw new MlopsError('cannot register model', file, CHANGED);
  return buf.subarray(0, n);
}

/**
 * Copies the source next to the model's version folders under a temporary name, makes it read-only and
 * syncs it. A small file is written from the bytes that were hashed; a large one is copied again from the
 * source, and must still have the hash it had when it was checked (it may be rewritten meanwhile).
 * Returns the temporary path for `placeCopy`.
 */
export async function stageCopy(registryFile: string, name: string, source: SourceFile): Promise<string> {
  const modelDir = path.join(storeRoot(registryFile), name);
  const tmp = path.join(modelDir, `.incoming-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    if (source.content) writeSynced(tmp, source.content, modelDir);
    else {
      fs.mkdirSync(modelDir, { recursive: true });
      if (await copyHashing(source.path, tmp) !== source.sha256) throw new MlopsError('cannot register model', source.path, CHANGED);
    }
    fs.chmodSync(tmp, 0o444);
    return tmp;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if (err instanceof MlopsError) throw err;
    throw new MlopsError('cannot copy model into the registry', modelDir, reason(err));
  }
}

/** Writes and syncs a new file in `dir`, making `dir` only when it is missing (a model's first version). */
function writeSynced(file: string, content: Buffer, dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(file, 'wx', 0o644);
  }
  try {
    for (let at = 0; at < content.length;) at += fs.writeSync(fd, content, at, content.length - at, at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies `from` to `to` in chunks, hashing the bytes as they are written, and syncs the copy: the hash
 * is the copy's own, from one read of the source instead of a copy and then a read of the copy.
 */
async function copyHashing(from: string, to: string): Promise<string> {
  const h = createHash('sha256');
  const src = await fs.promises.open(from, 'r');
  try {
    const dst = await fs.promises.open(to, 'wx', 0o644);
    try {
      const buf = Buffer.allocUnsafe(Math.max(1, Math.min((await src.stat()).size, 1 << 20)));
      for (let at = 0; ;) {
        const { bytesRead } = await src.read(buf, 0, buf.length, at);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        h.update(chunk);
        await dst.write(chunk, 0, bytesRead, at);
        at += bytesRead;
      }
      await dst.sync();
    } finally {
      await dst.close();
    }
  } finally {
    await src.close();
  }
  return h.digest('hex');
}

/**
 * Moves a staged copy into `<name>/<version>/<fileName>` (called inside the write transaction that takes
 * the version number). A folder left by a crash between this rename and the commit has no registry row
 * and is replaced.
 */
export function placeCopy(registryFile: string, tmp: string, relative: string): string {
  const target = storedAbsolute(registryFile, relative);
  const versionDir = path.dirname(target);
  try {
    fs.mkdirSync(versionDir);
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
    fs.rmSync(versionDir, { recursive: true, force: true });
    fs.mkdirSync(versionDir);
  }
  fs.renameSync(tmp, target);
  syncPath(versionDir);
  return target;
}

/** Undoes `placeCopy` when the transaction that placed it fails. */
export function removePlaced(target: string): void {
  fs.rmSync(path.dirname(target), { recursive: true, force: true });
}

function syncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    // Some file systems cannot fsync a folder; the file itself was synced before the rename.
    if (errnoCode(err) !== 'EISDIR' && errnoCode(err) !== 'EINVAL') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

function reason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT': return 'the file does not exist';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR': return 'a parent of this path is a file, not a folder';
    case 'EISDIR': return 'this is a folder; register one model file';
    case 'ENOSPC': return 'no space left on the device';
    default: return describeError(err);
  }
}
