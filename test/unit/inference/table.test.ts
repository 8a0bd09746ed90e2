import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MlopsError } from '../../../src/core/errors';
import { readTable, type Table } from '../../../src/core/inference/table';
import { cleanup, fixture, tempDir } from './helpers';

async function table(text: string | Buffer, name = 't.csv'): Promise<Table> {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return readTable(file);
}

async function values(text: string, name?: string): Promise<Record<string, number[]>> {
  const t = await table(text, name);
  return Object.fromEntries(t.columns.map((c) => [c.name, [...c.values]]));
}

async function rejectsWith(text: string, where: RegExp, why: string): Promise<void> {
  await assert.rejects(table(text), (err: unknown) => err instanceof MlopsError && where.test(err.message) && err.message.includes(why));
}

describe('inference: input tables', () => {
  afterEach(cleanup);

  it('reads numbers, empty cells and missing markers as NaN, and infinities', async () => {
    assert.deepEqual(await values('a,b,c\n1,,nan\n-2.5e3,inf,-Infinity\n4,NA,null\n'), { a: [1, -2500, 4], b: [NaN, Infinity, NaN], c: [NaN, -Infinity, NaN] });
  });

  it('handles CRLF line ends, a byte-order mark and no final newline', async () => {
    assert.deepEqual(await values('\ufeffx,y\r\n1,2\r\n3,4'), { x: [1, 3], y: [2, 4] });
  });

  it('reads quoted fields holding separators, doubled quotes and line breaks, and names the line of the first text cell', async () => {
    const t = await table('name,v\n"a, ""b""\nc",1\n');
    assert.equal(t.rows, 1);
    assert.deepEqual(t.columns[0]!.nonNumeric, { where: 'line 2', text: 'a, "b"\nc' });
    assert.deepEqual([...t.columns[1]!.values], [1]);
  });

  it('marks the first text cell of a column, counting hex literals as text', async () => {
    const t = await table('a,b\n1,0x10\n2,3\n');
    assert.equal(t.columns[0]!.nonNumeric, undefined);
    assert.deepEqual(t.columns[1]!.nonNumeric, { where: 'line 2', text: '0x10' });
  });

  it('reads tab-separated and gzip-compressed text', async () => {
    assert.deepEqual(await values('a\tb\n1\t2\n', 't.tsv'), { a: [1], b: [2] });
    const t = await table(gzipSync('a,b\n1,2\n3,4\n'), 't.csv.gz');
    assert.deepEqual(t.columns.map((c) => [...c.values]), [[1, 3], [2, 4]]);
  });

  it('makes a repeated column name unique as pandas does', async () => {
    assert.deepEqual(Object.keys(await values('a,a,b\n1,2,3\n')), ['a', 'a.1', 'b']);
  });

  it('names the line of a row with the wrong number of fields, an empty file and an unclosed quote', async () => {
    await rejectsWith('a,b\n1,2\n3\n', /t\.csv:3/, 'expected 2 fields as in the header, found 1');
    await rejectsWith('', /t\.csv/, 'no bytes');
    await rejectsWith('a\n"1\n', /t\.csv:2/, 'quote');
  });

  it('reads a Parquet file written without hyparquet, naming the row of the first text cell', async () => {
    const t = await readTable(fixture('classifier_input.parquet'));
    assert.equal(t.rows, 5);
    assert.deepEqual(t.columns.map((c) => c.name), ['id', 'f2', 'f0', 'f1', 'f3', 'target']);
    assert.deepEqual([...t.columns[2]!.values], [1, -0.5, 0, 3, -1.5]);
    assert.deepEqual(t.columns[0]!.nonNumeric, { where: 'row 1', text: 'row0' });
  });

  it('refuses an unknown extension and names a missing or damaged Parquet file', async () => {
    await assert.rejects(readTable('data.xlsx'), /unsupported input file: data\.xlsx/);
    await assert.rejects(readTable(fixture('classifier.onnx').replace('classifier.onnx', 'missing.parquet')), /missing\.parquet: no such file/);
    const damaged = path.join(tempDir(), 'cut.parquet');
    fs.writeFileSync(damaged, fs.readFileSync(fixture('classifier_input.parquet')).subarray(0, 300));
    await assert.rejects(readTable(damaged), (e: unknown) => e instanceof MlopsError && e.message.includes(damaged));
  });
});
