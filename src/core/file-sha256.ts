import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { MlopsError, describeError, errnoCode } from './errors';

/** Read size: large enough that a multi-GB checkpoint costs few calls, small enough to stay off the heap's radar. */
const CHUNK = 1 << 20;

/**
 * sha256 and size of a file's bytes, read through one handle in chunks (data and model files can be many
 * GB). Errors are the file system's own, for the caller to word for its file (a dataset, a model).
 */
export async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min((await fh.stat()).size, CHUNK)));
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, bytes);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      bytes += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { sha256: h.digest('hex'), bytes };
}

/** The sha256 of a file as hex; a failure is `<failure>: <file>: <the file system's code>`. */
export async function sha256Hex(file: string, failure: string): Promise<string> {
  try {
    return (await sha256OfFile(file)).sha256;
  } catch (err) {
    throw new MlopsError(failure, file, errnoCode(err) ?? describeError(err));
  }
}
