import { CellClassifier } from './cell';
import type { ColumnData, ColumnType } from './types';

/**
 * Accumulates one column's cells. An undeclared column stays a bare Float64Array while every cell
 * is a number or missing (the common case costs 8 bytes a row); the first text cell turns it into
 * codes over a dictionary, keeping the numbers too when there were any, so a numeric column with
 * stray text can still be compared as numbers.
 */
export class ColumnBuilder {
  private numbers: Float64Array | null;
  private codes: Int32Array | null = null;
  private readonly dict = new Map<string, number>();
  private readonly categories: string[] = [];
  private length = 0;
  private missing = 0;
  private text = 0;
  private firstText: { value: string; line: number } | null = null;
  private numbersSeen = 0;
  private readonly cell = new CellClassifier();

  constructor(readonly name: string, private readonly declared: ColumnType | null = null, capacity = 1024) {
    this.numbers = declared === 'categorical' ? null : sharedNumbers(capacity);
    if (declared === 'categorical') this.codes = new Int32Array(capacity);
  }

  get rows(): number {
    return this.length;
  }

  /** Makes room for `rows` cells in total, to avoid regrowing when the row count can be estimated. */
  reserve(rows: number): void {
    if (this.numbers && this.numbers.length < rows) this.numbers = grow(this.numbers, rows);
    if (this.codes && this.codes.length < rows) this.codes = grow(this.codes, rows);
  }

  /** A cell from a text format: `buf[start, end)` is its raw (unquoted, unescaped) bytes. */
  addBytes(buf: Buffer, start: number, end: number, line: number): void {
    if (this.declared === 'categorical') {
      this.addCategory(buf.toString('utf8', start, end), line, true);
      return;
    }
    const v = this.cell.classifyBytes(buf, start, end);
    if (this.cell.kind === 'number') this.addNumber(v);
    else if (this.cell.kind === 'missing') this.addMissing();
    else this.addText(buf.toString('utf8', start, end), line);
  }

  /** A cell already decoded to a string (JSON string values, CSV fields with escaped quotes). */
  addString(s: string, line: number): void {
    if (this.declared === 'categorical') {
      this.addCategory(s, line, true);
      return;
    }
    const v = this.cell.classifyString(s);
    if (this.cell.kind === 'number') this.addNumber(v);
    else if (this.cell.kind === 'missing') this.addMissing();
    else this.addText(s, line);
  }

  addNumber(v: number): void {
    if (Number.isNaN(v)) {
      this.addMissing();
      return;
    }
    if (this.declared === 'categorical') {
      this.addCategory(String(v), 0, false);
      return;
    }
    this.numbersSeen++;
    if (this.numbers === null) this.startNumbers();
    this.pushNumber(v);
    if (this.codes) this.pushCode(this.code(String(v)));
    this.length++;
  }

  addMissing(): void {
    this.missing++;
    if (this.numbers) this.pushNumber(Number.NaN);
    if (this.codes) this.pushCode(-1);
    this.length++;
  }

  /** A value that is text whatever it looks like (a Parquet string, a JSON boolean). */
  addText(s: string, line: number): void {
    this.text++;
    if (this.firstText === null) this.firstText = { value: s, line };
    if (this.declared === 'numeric') {
      this.pushNumber(Number.NaN);
      this.length++;
      return;
    }
    if (this.codes === null) this.startCodes();
    if (this.numbers) this.pushNumber(Number.NaN);
    this.pushCode(this.code(s));
    this.length++;
  }

  private addCategory(s: string, line: number, fromText: boolean): void {
    this.cell.classifyString(s);
    if (this.cell.kind === 'missing') {
      this.addMissing();
      return;
    }
    if (fromText && this.firstText === null) this.firstText = { value: s, line };
    this.pushCode(this.code(s));
    this.length++;
  }

  /** First text cell in a column of numbers: key the numbers seen so far by their canonical text. */
  private startCodes(): void {
    const codes = new Int32Array(Math.max(1024, this.numbers?.length ?? 0));
    if (this.numbers && this.numbersSeen > 0) {
      for (let i = 0; i < this.length; i++) {
        const v = this.numbers[i]!;
        codes[i] = Number.isNaN(v) ? -1 : this.code(String(v));
      }
    } else {
      codes.fill(-1, 0, this.length);
      this.numbers = null;
    }
    this.codes = codes;
  }

  /** First number in a column that so far held only text. */
  private startNumbers(): void {
    this.numbers = sharedNumbers(Math.max(1024, this.codes?.length ?? 0)).fill(Number.NaN, 0, this.length);
  }

  private code(s: string): number {
    let c = this.dict.get(s);
    if (c === undefined) {
      c = this.categories.length;
      this.categories.push(s);
      this.dict.set(s, c);
    }
    return c;
  }

  private pushNumber(v: number): void {
    if (this.length >= this.numbers!.length) this.numbers = grow(this.numbers!, this.length + 1);
    this.numbers![this.length] = v;
  }

  private pushCode(c: number): void {
    if (this.length >= this.codes!.length) this.codes = grow(this.codes!, this.length + 1);
    this.codes![this.length] = c;
  }

  finish(): ColumnData {
    return {
      name: this.name,
      numbers: this.numbers ? fit(this.numbers, this.length) : null,
      codes: this.codes ? fit(this.codes, this.length) : null,
      categories: this.categories,
      missing: this.missing,
      text: this.text,
      firstText: this.firstText,
      declared: this.declared,
      unsupported: null,
    };
  }
}

/**
 * Numbers are kept in shared memory: drift's worker threads then read a column where it is, where an
 * ordinary buffer would cost a copy of every column.
 */
function sharedNumbers(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

/** A larger copy of `a`. */
function grow<T extends Float64Array | Int32Array>(a: T, min: number): T {
  const next = like(a, Math.max(min, Math.ceil(a.length * 1.5), 1024));
  next.set(a);
  return next;
}

/** The first `n` values, copied only when the spare capacity is worth giving back. */
function fit<T extends Float64Array | Int32Array>(a: T, n: number): T {
  if (a.length === n) return a;
  if (a.length - n <= n / 8) return a.subarray(0, n) as T;
  const out = like(a, n);
  out.set(a.subarray(0, n));
  return out;
}

/** A zeroed array of `n` values of the same type as `a`, in the same kind of memory (shared or not). */
function like<T extends Float64Array | Int32Array>(a: T, n: number): T {
  const Memory = a.buffer instanceof SharedArrayBuffer ? SharedArrayBuffer : ArrayBuffer;
  return new (a.constructor as new (buffer: ArrayBufferLike) => T)(new Memory(n * a.BYTES_PER_ELEMENT));
}
