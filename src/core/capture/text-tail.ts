import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { describeError, errnoCode, type Problem } from '../errors';

/** How far a line-oriented log file has been read. */
export interface TailState {
  offset: number;
  bytes: number;
  mtimeMs: number;
  /** Fingerprint of the bytes before `offset` (see `fingerprint`): a change means the file was rewritten. */
  head: string;
  /** Lines consumed so far, for 1-based line numbers in problems. */
  line: number;
}

export interface Tail {
  /** The file was rewritten or truncated since the saved state: `lines` start again at line 1. */
  reset: boolean;
  /** Line texts (without the end of line); null for a line that is not UTF-8 (a problem says so). */
  lines: (string | null)[];
  /** 1-based number of `lines[0]`. */
  firstLine: number;
  state: TailState;
  problems: Problem[];
  /** False when the chunk limit stopped the read before the end of the file. */
  atEnd: boolean;
  /** Nothing changed since the saved state. */
  unchanged: boolean;
}

/** A last line without a newline is taken only once the file has been quiet this long (it may be mid-write). */
export const QUIET_MS = 10_000;
const CHUNK = 8 << 20;
const WINDOW = 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A cheap identity of the first `offset` bytes: their first and last KiB. Loggers append, so these
 * bytes never change unless the file was rewritten (Lightning's new header, a new run in the same file).
 */
export function fingerprint(fd: number, offset: number): string {
  const h = createHash('sha256');
  const headLen = Math.min(offset, WINDOW);
  const head = Buffer.alloc(headLen);
  readFully(fd, head, 0);
  h.update(head);
  if (offset > WINDOW) {
    const tail = Buffer.alloc(Math.min(WINDOW, offset - WINDOW));
    readFully(fd, tail, offset - tail.length);
    h.update(tail);
  }
  return h.digest('hex');
}

export function readFully(fd: number, buf: Buffer, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = fs.readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Reads the complete lines added to `file` since `prev` (all of them when there is no state or the
 * file was rewritten), at most one chunk per call. Returns undefined when the file does not exist.
 */
export function readTail(file: string, prev: TailState | undefined, now: number): Tail | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    return { reset: false, lines: [], firstLine: 1, state: prev ?? emptyState(), problems: [{ path: file, line: null, message: `cannot read: ${errnoCode(err) ?? describeError(err)}` }], atEnd: true, unchanged: true };
  }
  try {
    const st = fs.fstatSync(fd);
    const size = st.size;
    if (prev && prev.offset === size && prev.bytes === size && prev.mtimeMs === st.mtimeMs) {
      return { reset: false, lines: [], firstLine: prev.line + 1, state: prev, problems: [], atEnd: true, unchanged: true };
    }
    const reset = prev !== undefined && (size < prev.offset || fingerprint(fd, prev.offset) !== prev.head);
    const from = prev && !reset ? prev : emptyState();
    const length = Math.min(CHUNK, size - from.offset);
    const buf = Buffer.alloc(length);
    const got = readFully(fd, buf, from.offset);
    const reachedEnd = from.offset + got >= size;
    let end = buf.lastIndexOf(10, got - 1) + 1;
    const quiet = reachedEnd && now - st.mtimeMs >= QUIET_MS;
    if (end === 0 && got > 0 && !reachedEnd) {
      // One line fills a whole chunk: no logger writes that; skip it rather than hold it in memory.
      const state: TailState = { offset: from.offset + got, bytes: size, mtimeMs: st.mtimeMs, head: fingerprint(fd, from.offset + got), line: from.line + 1 };
      const problems = [{ path: file, line: from.line + 1, message: `line longer than ${CHUNK >> 20} MiB; skipped` }];
      return { reset, lines: [], firstLine: from.line + 1, state, problems, atEnd: false, unchanged: false };
    }
    if (end < got && quiet) end = got;
    const problems: Problem[] = [];
    const lines = end === 0 ? [] : decodeLines(buf.subarray(0, end), file, from.line + 1, from.offset === 0, problems);
    const offset = from.offset + end;
    const state: TailState = { offset, bytes: size, mtimeMs: st.mtimeMs, head: fingerprint(fd, offset), line: from.line + lines.length };
    return { reset, lines, firstLine: from.line + 1, state, problems, atEnd: reachedEnd, unchanged: false };
  } finally {
    fs.closeSync(fd);
  }
}

function emptyState(): TailState {
  return { offset: 0, bytes: 0, mtimeMs: 0, head: '', line: 0 };
}

/** Splits at '\n' (dropping a '\r' before it); a line that is not UTF-8 becomes null with a problem. */
function decodeLines(buf: Buffer, file: string, firstLine: number, atStart: boolean, problems: Problem[]): (string | null)[] {
  let text: string | undefined;
  try {
    text = utf8.decode(buf);
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    if (atStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
    }
    return lines;
  }
  // Slow path, only for a chunk with bad bytes: find which lines they are on.
  const out: (string | null)[] = [];
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    try {
      let l = utf8.decode(buf.subarray(start, nl));
      if (start === 0 && atStart && l.charCodeAt(0) === 0xfeff) l = l.slice(1);
      out.push(l.endsWith('\r') ? l.slice(0, -1) : l);
    } catch {
      problems.push({ path: file, line: firstLine + out.length, message: 'not valid UTF-8; line skipped' });
      out.push(null);
    }
    start = nl + 1;
  }
  return out;
}
