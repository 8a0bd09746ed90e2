import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { readDelimited, readTable } from '../../../src/core/inference/table';
import { cleanup, fixture, tempDir } from './helpers';

function values(text: string, sep = ','): Record<string, number[]> {
  const t = readDelimited('t.csv', text, sep);
  return Object.fromEntries(t.columns.map((c) => [c.name, [...c.values]]));
}

function throwsAt(text: string, where: string, why: string): void {
  assert.throws(() => readDelimited('t.csv', text, ','), (err: unknown) => err instanceof MlopsError && err.message.includes(where) && err.message.includes(why));
}

describe('inference: input tables', () => {
  afterEach(cleanup);

  it('reads numbers, empty cells as NaN, and nan/inf spellings', () => {
    assert.deepEqual(values('a,b,c\n1,,nan\n-2.5e3,inf,-Infinity\n'), { a: [1, -2500], b: [NaN, Infinity], c: [NaN, -Infinity] });
  });

  it('handles CRLF line ends, a byte-order mark and no final newline', () => {
    assert.deepEqual(values('\ufeffx,y\r\n1,2\r\n3,4'), { x: [1, 3], y: [2, 4] });
  });

  it('reads quoted fields holding separators, doubled quotes and line breaks', () => {
    const t = readDelimited('t.csv', 'name,v\n"a, ""b""\nc",1\n', ',');
    assert.equal(t.rows, 1);
    assert.deepEqual(t.columns[0]!.nonNumeric, { row: 1, text: 'a, "b"\nc' });
    assert.deepEqual([...t.columns[1]!.values], [1]);
  });

  it('marks the first text cell of a column, counting hex literals as text', () => {
    const t = readDelimited('t.csv', 'a,b\n1,0x10\n2,3\n', ',');
    assert.equal(t.columns[0]!.nonNumeric, undefined);
    assert.deepEqual(t.columns[1]!.nonNumeric, { row: 1, text: '0x10' });
  });

  it('reads tab-separated text', () => {
    assert.deepEqual(values('a\tb\n1\t2\n', '\t'), { a: [1], b: [2] });
  });

  it('names the line of a row with the wrong number of fields', () => {
    throwsAt('a,b\n1,2\n3\n', 't.csv:3', '1 fields where the header has 2');
  });

  it('refuses a repeated column name, an empty file and an unclosed quote', () => {
    throwsAt('a,a\n1,2\n', 't.csv:1', 'column "a" appears twice');
    throwsAt('', 't.csv', 'no header row');
    throwsAt('a\n"1\n', 't.csv:3', 'a quoted field is not closed');
  });

  it('reads a Parquet file written without hyparquet', async () => {
    const t = await readTable(fixture('classifier_input.parquet'));
    assert.equal(t.rows, 5);
    assert.deepEqual(t.columns.map((c) => c.name), ['id', 'f2', 'f0', 'f1', 'f3', 'target']);
    assert.deepEqual([...t.columns[2]!.values], [1, -0.5, 0, 3, -1.5]);
    assert.deepEqual(t.columns[0]!.nonNumeric, { row: 1, text: 'row0' });
  });

  it('refuses an unknown extension and names a damaged Parquet file', async () => {
    await assert.rejects(readTable('data.xlsx'), /unsupported input file: data\.xlsx/);
    await assert.rejects(readTable(fixture('classifier.onnx').replace('classifier.onnx', 'missing.parquet')), /cannot read input: .*missing\.parquet: ENOENT/);
    const damaged = path.join(tempDir(), 'cut.parquet');
    fs.writeFileSync(damaged, fs.readFileSync(fixture('classifier_input.parquet')).subarray(0, 300));
    await assert.rejects(readTable(damaged), (e: unknown) => e instanceof MlopsError && e.message.startsWith(`cannot read input: ${damaged}: Parquet: `));
  });
});
