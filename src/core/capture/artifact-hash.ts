import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { describeError, type Problem } from '../errors';
import type { ArtifactInput, Registry } from '../registry';
import { hashFile } from './hash';
import type { FoundArtifact } from './importers/types';
import { listFiles } from './run-files';

/**
 * The sha256 of an artifact an importer found: a file's as `sha256sum` gives it; a folder's is the hash of
 * its `sha256sum` listing (sorted lines "<sha256>  <relative path>"), so any changed file changes it. Files
 * are streamed (a checkpoint can be many GB) and cached by path, size and mtime, so a re-import reads only
 * what changed.
 */
export async function hashArtifact(reg: Registry, a: FoundArtifact): Promise<ArtifactInput | Problem> {
  try {
    if (a.hash === 'file') {
      const h = await hashFile(reg, a.path);
      return { path: a.path, kind: a.kind, bytes: h.bytes, sha256: h.sha256 };
    }
    let bytes = 0;
    const listing: string[] = [];
    for (const rel of listFiles(a.path)) {
      const h = await hashFile(reg, path.join(a.path, rel));
      bytes += h.bytes;
      listing.push(`${h.sha256}  ${rel}\n`);
    }
    return { path: a.path, kind: a.kind, bytes, sha256: createHash('sha256').update(listing.join('')).digest('hex') };
  } catch (err) {
    return { path: a.path, line: null, message: `cannot hash artifact: ${describeError(err)}` };
  }
}
