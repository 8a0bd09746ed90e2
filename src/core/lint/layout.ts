/**
 * The top-level statements of a Python text, found by a lexer pass (strings, f-string fields, comments,
 * brackets, backslash continuations, indentation) without parsing. The linter parses only the statements its
 * rules can draw on (prune.ts), so the boundaries must be the ones the parser would find: whenever the text is
 * not plainly well formed (an unterminated string or bracket, an indented line with no block to belong to,
 * a block header with no body, a form feed or a lone carriage return, a non-ASCII character outside strings and
 * comments) there is no layout and the whole text is parsed.
 */
export interface Statement {
  /** Index of the first character of the statement's first line. */
  start: number;
  /** Index where the next statement starts (its trailing blank and comment lines included), or the text's end. */
  end: number;
  /** Row of `start`. */
  row: number;
  /** The first line starts with `import`/`from` (an import), or with a string literal (a docstring). */
  head: 'import' | 'string' | 'other';
}

export interface Layout {
  statements: Statement[];
  /** [start, end) of every logical line (nested ones too) holding `import`, in code or not. */
  importLines: [number, number][];
}

/** Keywords that continue the compound statement above them at the same indentation. */
const CONTINUATION = /(?:else|elif|except|finally)(?![A-Za-z0-9_])/y;
const IMPORT_HEAD = /(?:import|from)(?![A-Za-z0-9_])/y;
const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;
/** Runs of characters with nothing to track, skipped in one step: most of the text. */
const CODE_RUN = /[^"'#\\\n\r()[\]{}:\u0080-\uffff]+/y;
/**
 * The ASCII characters CODE_RUN stops at, looked up first: in code they come every few characters, and a regex
 * call costs more than the lookup.
 */
const CODE_STOP = new Uint8Array(128);
for (const ch of '"\'#\\\n\r()[]{}:') CODE_STOP[ch.charCodeAt(0)] = 1;
const STRING_RUN = { 34: /[^"\\\n\r]+/y, 39: /[^'\\\n\r]+/y };
const F_STRING_RUN = { 34: /[^"\\\n\r{}]+/y, 39: /[^'\\\n\r{}]+/y };

/**
 * Where the lexer is: in code (in an f-string's field when `field`), or in a string (`run` set). One shape for
 * both, so that the lexer's property reads stay monomorphic.
 */
interface Frame { run: RegExp | null; depth: number; field: boolean; quote: number; triple: boolean; f: boolean; spec: boolean }

const code = (field: boolean): Frame => ({ run: null, depth: 0, field, quote: 0, triple: false, f: false, spec: false });
const string = (quote: number, triple: boolean, f: boolean, spec: boolean): Frame =>
  ({ run: (f ? F_STRING_RUN : STRING_RUN)[quote as 34 | 39], depth: 0, field: false, quote, triple, f, spec });

export function layout(text: string): Layout | null {
  // Characters Python reads as line or indentation breaks where this lexer would not.
  if (/[\f\v]|\r(?!\n)/.test(text)) return null;
  const statements: Statement[] = [];
  const importLines: [number, number][] = [];
  const n = text.length;
  const stack: Frame[] = [code(false)];
  let row = 0;
  let i = 0;
  let lastCode = 0;
  let nextImport = text.indexOf('import');
  // What the last logical line allows next: an indented line needs a block header (or a block) before it.
  let prev: 'none' | 'header' | 'block' | 'simple' | 'decorator' = 'none';
  const newline = () => {
    row++;
    i++;
  };
  while (i < n) {
    // A physical line outside brackets and strings: blank, comment-only, or the start of a logical line.
    const begin = i;
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 35) {
      i = text.indexOf('\n', i);
      if (i === -1) break;
      newline();
      continue;
    }
    const indented = i > begin;
    if (indented) {
      if (prev !== 'header' && prev !== 'block') return null;
    } else {
      if (prev === 'header') return null;
      CONTINUATION.lastIndex = i;
      if (prev !== 'decorator' && !CONTINUATION.test(text)) {
        if (statements.length > 0) statements[statements.length - 1]!.end = begin;
        IMPORT_HEAD.lastIndex = i;
        const head = IMPORT_HEAD.test(text) ? 'import' : isStringStart(text, i) ? 'string' : 'other';
        statements.push({ start: begin, end: n, row, head });
      }
    }
    if (statements.length === 0) return null;
    lastCode = 0;
    const end = readLogicalLine();
    if (end === null) return null;
    if (nextImport !== -1 && nextImport < begin) nextImport = text.indexOf('import', begin);
    if (nextImport !== -1 && nextImport < end) importLines.push([begin, end]);
    prev = indented ? 'block' : lastCode === 58 ? 'header' : c === 64 ? 'decorator' : 'simple';
  }
  if (prev === 'header' || prev === 'decorator') return null;
  return { statements, importLines };

  /** Reads code and strings to the newline that ends the logical line; returns the index after it, null on malformed text. */
  function readLogicalLine(): number | null {
    while (i < n) {
      const top = stack[stack.length - 1]!;
      const c = text.charCodeAt(i);
      const run = top.run;
      if (run) {
        run.lastIndex = i;
        if (run.test(text)) {
          i = run.lastIndex;
          continue;
        }
        if (c === 92) {
          i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
          if (text.charCodeAt(i - 1) === 10) row++;
        } else if (c === top.quote && (!top.triple || (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c))) {
          i += top.triple ? 3 : 1;
          stack.pop();
          lastCode = c;
        } else if (c === 10) {
          if (!top.triple) return null;
          newline();
        } else if (c === 13 && text.charCodeAt(i + 1) !== 10) return null;
        else if (top.f && c === 123) {
          if (text.charCodeAt(i + 1) === 123 && !top.spec) i += 2;
          else {
            i++;
            stack.push(code(true));
          }
        } else if (top.f && c === 125 && top.spec) {
          // The end of a format spec closes its replacement field too.
          i++;
          stack.pop();
          stack.pop();
        } else i++;
        continue;
      }
      // Code.
      if (c < 128 && !CODE_STOP[c]) {
        CODE_RUN.lastIndex = i;
        CODE_RUN.test(text);
        const end = CODE_RUN.lastIndex;
        let last = end - 1;
        while (last >= i && (text.charCodeAt(last) === 32 || text.charCodeAt(last) === 9)) last--;
        if (last >= i) lastCode = text.charCodeAt(last);
        i = end;
        continue;
      }
      if (c === 10) {
        if (top.field || top.depth > 0 || stack.length > 1) newline();
        else {
          newline();
          return i;
        }
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) !== 10) return null;
        i++;
      } else if (c === 35) {
        // A comment in an f-string's field is new in Python 3.12 and rare: not worth lexing.
        if (top.field) return null;
        i = text.indexOf('\n', i);
        if (i === -1) i = n;
      } else if (c === 92) {
        const next = text.charCodeAt(i + 1) === 13 ? i + 2 : i + 1;
        if (text.charCodeAt(next) !== 10) return null;
        i = next;
        newline();
      } else if (c === 34 || c === 39) {
        const prefix = wordBefore(i);
        const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
        stack.push(string(c, triple, STRING_PREFIX.test(prefix) && /[fFtT]/.test(prefix), false));
        i += triple ? 3 : 1;
      } else if (c === 40 || c === 91 || c === 123) {
        top.depth++;
        lastCode = c;
        i++;
      } else if (c === 41 || c === 93 || c === 125) {
        if (top.depth > 0) top.depth--;
        else if (top.field && c === 125) stack.pop();
        else return null;
        lastCode = c;
        i++;
      } else if (c === 58 && top.field && top.depth === 0) {
        // A format spec: string text in which `{...}` fields nest.
        const owner = stack[stack.length - 2]!;
        stack.push(string(owner.quote, owner.triple, true, true));
        i++;
      } else if (c > 127) return null;
      else {
        lastCode = c;
        i++;
      }
    }
    // End of text: inside a string or bracket it is unterminated.
    if (stack.length > 1 || stack[0]!.depth > 0) return null;
    return n;
  }

  /** The identifier characters just before `at` (a string prefix, when a quote follows). */
  function wordBefore(at: number): string {
    let s = at;
    while (s > 0 && isWordChar(text.charCodeAt(s - 1))) s--;
    return text.slice(s, at);
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isStringStart(text: string, at: number): boolean {
  let j = at;
  while (j < at + 2 && isWordChar(text.charCodeAt(j))) j++;
  const q = text.charCodeAt(j);
  return (q === 34 || q === 39) && (j === at || STRING_PREFIX.test(text.slice(at, j)));
}
