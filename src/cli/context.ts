import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry, defaultRegistryPath } from '../core/registry';

/** Options every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  registry?: string;
  verbose?: boolean;
}

/**
 * The workspace a command works on: the nearest ancestor of `start` holding `.mlops/`, else `.git`,
 * else `start` itself (so a first `ingest` creates the registry where the user stands).
 */
export function findWorkspaceRoot(start: string): string {
  const abs = path.resolve(start);
  for (const marker of ['.mlops', '.git']) {
    for (let dir = abs; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, marker))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return abs;
}

export function registryPath(opts: GlobalOptions, start = process.cwd()): string {
  return opts.registry ? path.resolve(opts.registry) : defaultRegistryPath(findWorkspaceRoot(start));
}

/** Opens the registry for the duration of `fn` and always closes it. */
export async function withRegistry<T>(opts: GlobalOptions, fn: (r: Registry) => T | Promise<T>, start?: string): Promise<T> {
  const reg = Registry.open(registryPath(opts, start));
  try {
    return await fn(reg);
  } finally {
    reg.close();
  }
}
