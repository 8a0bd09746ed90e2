import { MlopsError } from '../errors';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Field kinds in a record: plain bytes, quoted bytes, quoted bytes holding `""` escapes. */
const PLAIN = 0;
const QUOTED = 1;
const ESCAPED = 2;

/** The fields of one record as byte ranges into the chunk being parsed (reused between records). */
export class Fields {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  count = 0;

  push(start: number, end: number, kind: number): void {
    if (this.count === this.starts.length) {
      const n = this.count * 2;
      const s = new Int32Array(n); s.set(this.starts); this.starts = s;
      const e = new Int32Array(n); e.set(this.ends); this.ends = e;
      const k = new Uint8Array(n); k.set(this.kinds); this.kinds = k;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.kinds[this.count] = kind;
    this.count++;
  }

  /** Whether field `i` holds `""` escapes (its bytes are not its value). */
  escaped(i: number): boolean {
    return this.kinds[i] === ESCAPED;
  }

  /** Field `i` as a string, quotes removed and `""` unescaped. */
  text(buf: Buffer, i: number): string {
    const s = buf.toString('utf8', this.starts[i]!, this.ends[i]!);
    return this.kinds[i] === ESCAPED ? s.replaceAll('""', '"') : s;
  }
}

export type RecordSink = (buf: Buffer, fields: Fields, line: number) => void;

/**
 * RFC 4180 records from a stream of chunks: quoted fields may hold delimiters, line breaks and
 * doubled quotes; records end at LF, CRLF or a lone CR; blank lines are skipped (as pandas does).
 * A record is handed to the sink only once it is complete, so a record cut by a chunk boundary is
 * parsed again from its start with the next chunk. `line` is the physical line a record starts on.
 */
export class CsvTokenizer {
  private carry: Buffer | null = null;
  private line = 1;
  private readonly fields = new Fields();
  private first = true;

  constructor(private readonly file: string, private readonly delimiter: number, private readonly sink: RecordSink) {}

  /** Parses the complete records in `chunk` (after any carried tail); returns the byte range that was consumed. */
  push(chunk: Buffer, final = false): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    if (this.first && (buf.length >= 3 || final)) this.first = false;
    const len = buf.length;
    const delim = this.delimiter;
    const fields = this.fields;
    let pos = 0;
    while (pos < len) {
      const recStart = pos;
      let breaks = 0;
      fields.count = 0;
      let complete = false;
      for (;;) {
        if (pos < len && buf[pos] === QUOTE) {
          const contentStart = ++pos;
          let escaped = false;
          let closed = false;
          while (pos < len) {
            const c = buf[pos]!;
            if (c === QUOTE) {
              if (pos + 1 < len && buf[pos + 1] === QUOTE) {
                escaped = true;
                pos += 2;
                continue;
              }
              if (pos + 1 >= len && !final) break;
              closed = true;
              break;
            }
            if (c === LF) breaks++;
            pos++;
          }
          if (!closed) {
            if (final) throw new MlopsError('malformed CSV', `${this.file}:${this.line}`, 'a quoted field is not closed before the end of the file');
            break;
          }
          fields.push(contentStart, pos, escaped ? ESCAPED : QUOTED);
          pos++;
          const after = pos < len ? buf[pos]! : -1;
          if (after !== delim && after !== LF && after !== CR && after !== -1) {
            throw new MlopsError('malformed CSV', `${this.file}:${this.line + breaks}`, `unexpected character after the closing quote of field ${fields.count}`);
          }
        } else {
          const s = pos;
          while (pos < len) {
            const c = buf[pos]!;
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          fields.push(s, pos, PLAIN);
        }
        if (pos >= len) {
          complete = final;
          break;
        }
        const c = buf[pos]!;
        if (c === delim) {
          pos++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 >= len && !final) break;
          pos += buf[pos + 1] === LF ? 2 : 1;
        } else {
          pos++;
        }
        complete = true;
        break;
      }
      if (!complete) {
        this.carry = Buffer.from(buf.subarray(recStart));
        return;
      }
      const blank = fields.count === 1 && fields.kinds[0] === PLAIN && fields.starts[0] === fields.ends[0];
      if (!blank) this.sink(buf, fields, this.line);
      this.line += 1 + breaks;
    }
  }

  end(): void {
    if (this.carry) this.push(Buffer.alloc(0), true);
  }
}
