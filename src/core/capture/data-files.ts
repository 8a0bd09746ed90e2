import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, errnoCode, type Problem } from '../errors';

/** A configured data folder with more files than this is linked by its first files only (and says so). */
export const MAX_DATA_FILES = 10_000;

/**
 * The files of a configured data entry (a file or a folder, walked without following symbolic links and
 * skipping hidden entries), sorted. A missing entry or a folder over the limit is reported, not thrown.
 */
export function listDataFolder(entry: string, report: (p: Problem) => void, limit = MAX_DATA_FILES): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(entry);
  } catch (err) {
    report({ path: entry, line: null, message: `configured data path cannot be read: ${errnoCode(err) ?? describeError(err)}` });
    return [];
  }
  if (st.isFile()) return [entry];
  const out: string[] = [];
  const stack = [entry];
  while (stack.length > 0 && out.length <= limit) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      report({ path: dir, line: null, message: `data folder cannot be read: ${errnoCode(err) ?? describeError(err)}` });
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(abs);
      else if (e.isFile()) out.push(abs);
    }
  }
  out.sort();
  if (out.length > limit) {
    report({ path: entry, line: null, message: `data folder has more than ${limit} files: only ${limit} of them are linked as inputs` });
    return out.slice(0, limit);
  }
  return out;
}
