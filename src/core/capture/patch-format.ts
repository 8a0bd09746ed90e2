import * as fs from 'node:fs';
import { describeError, errnoCode } from '../errors';

/** git's own test for binary content: a NUL byte in the first 8000 bytes. */
const BINARY_PROBE = 8000;

/**
 * A `git diff`-format section that creates the untracked file `rel` with its current content, so
 * `git apply` recreates it. Returns the reason instead when the file cannot be carried by a text patch.
 */
export function untrackedSection(abs: string, rel: string, maxBytes: number): Buffer | string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (err) {
    return `unreadable: ${errnoCode(err) ?? describeError(err)}`;
  }
  if (st.isSymbolicLink()) return 'symbolic link';
  if (!st.isFile()) return 'not a regular file';
  if (st.size > maxBytes) return `larger than ${maxBytes} bytes`;
  let data: Buffer;
  try {
    data = fs.readFileSync(abs);
  } catch (err) {
    return `unreadable: ${errnoCode(err) ?? describeError(err)}`;
  }
  if (data.subarray(0, BINARY_PROBE).includes(0)) return 'binary file';
  const mode = st.mode & 0o111 ? '100755' : '100644';
  const a = quotePath(`a/${rel}`);
  const b = quotePath(`b/${rel}`);
  const header = `diff --git ${a} ${b}\nnew file mode ${mode}\n`;
  // As git writes it: a name with a space ends with a tab on the +++ line, so `git apply` finds its end.
  const plus = `+++ ${b}${b.includes(' ') ? '\t' : ''}\n`;
  if (data.length === 0) return Buffer.from(header);
  // latin1 maps bytes to characters one to one, so non-UTF-8 text comes through unchanged.
  const text = data.toString('latin1');
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const body = lines.map((l) => `+${l}`).join('\n') + '\n' + (endsWithNewline ? '' : '\\ No newline at end of file\n');
  const count = lines.length === 1 ? '' : `,${lines.length}`;
  return Buffer.concat([Buffer.from(`${header}--- /dev/null\n${plus}@@ -0,0 +1${count} @@\n`), Buffer.from(body, 'latin1')]);
}

/**
 * Quotes a path as git does (core.quotePath): in double quotes with C escapes when it holds a quote, a
 * backslash, a control character or a non-ASCII byte; otherwise as is.
 */
export function quotePath(p: string): string {
  const bytes = Buffer.from(p, 'utf8');
  if (!bytes.some((c) => c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f)) return p;
  const named: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };
  let out = '"';
  for (const c of bytes) {
    if (named[c]) out += named[c];
    else if (c < 0x20 || c >= 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else out += String.fromCharCode(c);
  }
  return out + '"';
}
