import * as fs from 'node:fs';
import { maskedCrc32c } from './crc32c';
import { readFully } from './text-tail';

/** One step through a TFRecord file: `u64 length, u32 masked crc(length), data, u32 masked crc(data)`. */
export type RecordStep =
  | { kind: 'record'; data: Uint8Array; offset: number; next: number }
  /** The file ends inside a record: a writer is still appending it (or died); read again later. */
  | { kind: 'incomplete' }
  | { kind: 'bad'; offset: number; message: string };

const CHUNK = 16 << 20;
const MAX_RECORD = 256 << 20;

/** Reads records from `offset` on, refilling a buffer in chunks, so a 100 MB event file is never read whole. */
export class TfRecordReader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;

  constructor(private readonly fd: number, private readonly size: number) {}

  next(offset: number): RecordStep {
    if (offset + 12 > this.size) return { kind: 'incomplete' };
    let b = this.window(offset, 12);
    const lenLo = b.readUInt32LE(offset - this.bufStart);
    const lenHi = b.readUInt32LE(offset - this.bufStart + 4);
    const lenCrc = b.readUInt32LE(offset - this.bufStart + 8);
    if (maskedCrc32c(b, offset - this.bufStart, offset - this.bufStart + 8) !== lenCrc) {
      return { kind: 'bad', offset, message: 'length CRC mismatch' };
    }
    const length = lenHi * 2 ** 32 + lenLo;
    if (length > MAX_RECORD) return { kind: 'bad', offset, message: `record length ${length} is implausible` };
    const end = offset + 12 + length + 4;
    if (end > this.size) return { kind: 'incomplete' };
    b = this.window(offset, 12 + length + 4);
    const d0 = offset + 12 - this.bufStart;
    const dataCrc = b.readUInt32LE(d0 + length);
    if (maskedCrc32c(b, d0, d0 + length) !== dataCrc) return { kind: 'bad', offset, message: 'data CRC mismatch' };
    return { kind: 'record', data: b.subarray(d0, d0 + length), offset, next: end };
  }

  /** A buffer holding bytes [from, from + n) of the file at index `from - bufStart`. */
  private window(from: number, n: number): Buffer {
    if (from >= this.bufStart && from + n <= this.bufStart + this.buf.length) return this.buf;
    const len = Math.min(Math.max(n, CHUNK), this.size - from);
    this.buf = Buffer.alloc(len);
    readFully(this.fd, this.buf, from);
    this.bufStart = from;
    return this.buf;
  }
}

export function openRecords(file: string): { reader: TfRecordReader; fd: number; stat: fs.Stats } {
  const fd = fs.openSync(file, 'r');
  const stat = fs.fstatSync(fd);
  return { reader: new TfRecordReader(fd, stat.size), fd, stat };
}
