import { walkTree } from '../walk';

/** Every regular file under `root`, in walk order, skipping SKIPPED_DIRS and `exclude` globs (see walkTree). */
export function walkFiles(root: string, exclude: readonly string[] = [], signal?: AbortSignal): string[] {
  const out: string[] = [];
  walkTree(root, (e) => {
    if (e.kind === 'file') out.push(e.abs);
  }, { exclude, signal });
  return out;
}
