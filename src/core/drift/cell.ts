/**
 * Classifying one text cell as a number, a missing value or text, from bytes without building a
 * string for the common numeric case. Missing markers are pandas' read_csv defaults (so a file
 * reads the same here as in the notebook that wrote it); `nan`/`inf`/`infinity` are recognised in
 * any case with an optional sign, as Python's float() does.
 */

export type CellKind = 'number' | 'missing' | 'text';

const NA_MARKERS = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'None', 'n/a', 'null']);
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_FAST_DIGITS = 15;

const isSpace = (c: number) => c === 32 || c === 9;

/**
 * One classifier per column: `kind` holds the kind of the last cell classified, so the hot path
 * returns a bare number and allocates nothing.
 */
export class CellClassifier {
  kind: CellKind = 'number';

  /** Returns the value of a numeric cell; otherwise NaN with `kind` set to missing or text. */
  classifyBytes(buf: Buffer, start: number, end: number): number {
    while (start < end && isSpace(buf[start]!)) start++;
    while (end > start && isSpace(buf[end - 1]!)) end--;
    if (start === end) {
      this.kind = 'missing';
      return Number.NaN;
    }
    let i = start;
    let c = buf[i]!;
    const negative = c === 45;
    if (negative || c === 43) {
      i++;
      c = i < end ? buf[i]! : 0;
    }
    if ((c >= 48 && c <= 57) || c === 46) {
      const v = this.parseDecimal(buf, i, end);
      if (this.kind === 'number') return negative ? -v : v;
    }
    return this.classifyWord(buf.toString('latin1', start, end));
  }

  /** The same classification for a cell already decoded (JSON strings, CSV cells with escaped quotes). */
  classifyString(s: string): number {
    const t = s.trim();
    if (t.length === 0 || NA_MARKERS.has(t)) {
      this.kind = 'missing';
      return Number.NaN;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
      this.kind = 'number';
      return Number(t);
    }
    return this.classifyWord(t);
  }

  private classifyWord(t: string): number {
    if (NA_MARKERS.has(t)) {
      this.kind = 'missing';
      return Number.NaN;
    }
    if (t.length <= 9) {
      const lower = t.toLowerCase();
      const sign = lower[0] === '-' ? -1 : 1;
      const word = lower[0] === '-' || lower[0] === '+' ? lower.slice(1) : lower;
      if (word === 'nan') {
        this.kind = 'missing';
        return Number.NaN;
      }
      if (word === 'inf' || word === 'infinity') {
        this.kind = 'number';
        return sign * Infinity;
      }
    }
    this.kind = 'text';
    return Number.NaN;
  }

  /**
   * Unsigned decimal with optional fraction and exponent. Up to 15 significant digits and a power of
   * ten within ±22 the result is one correctly rounded operation on exact values (Clinger's fast
   * path); anything else goes through Number(), which rounds correctly.
   */
  private parseDecimal(buf: Buffer, i: number, end: number): number {
    const numStart = i;
    let mant = 0;
    let digits = 0;
    let exp10 = 0;
    let sawDigit = false;
    let exact = true;
    let c = buf[i]!;
    while (c >= 48 && c <= 57) {
      sawDigit = true;
      if (digits < MAX_FAST_DIGITS) {
        if (mant !== 0 || c !== 48) {
          mant = mant * 10 + (c - 48);
          digits++;
        }
      } else {
        exact = false;
      }
      c = ++i < end ? buf[i]! : 0;
    }
    if (c === 46) {
      c = ++i < end ? buf[i]! : 0;
      while (c >= 48 && c <= 57) {
        sawDigit = true;
        if (digits < MAX_FAST_DIGITS) {
          if (mant !== 0 || c !== 48) {
            mant = mant * 10 + (c - 48);
            digits++;
          }
          exp10--;
        } else {
          exact = false;
        }
        c = ++i < end ? buf[i]! : 0;
      }
    }
    if (!sawDigit) {
      this.kind = 'text';
      return Number.NaN;
    }
    if (c === 101 || c === 69) {
      c = ++i < end ? buf[i]! : 0;
      let expSign = 1;
      if (c === 45 || c === 43) {
        if (c === 45) expSign = -1;
        c = ++i < end ? buf[i]! : 0;
      }
      if (!(c >= 48 && c <= 57)) {
        this.kind = 'text';
        return Number.NaN;
      }
      let e = 0;
      while (c >= 48 && c <= 57) {
        if (e < 100000) e = e * 10 + (c - 48);
        c = ++i < end ? buf[i]! : 0;
      }
      exp10 += expSign * e;
    }
    if (i !== end) {
      this.kind = 'text';
      return Number.NaN;
    }
    this.kind = 'number';
    if (exact) {
      if (exp10 === 0 || mant === 0) return mant;
      if (exp10 > 0 && exp10 <= 22) return mant * POW10[exp10]!;
      if (exp10 < 0 && exp10 >= -22) return mant / POW10[-exp10]!;
    }
    return Number(buf.toString('latin1', numStart, end));
  }
}
