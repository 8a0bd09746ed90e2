import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDataset, type ColumnData, type ColumnSet } from '../../../src/core/drift';
import { FIXTURES, rejectsWith, tempDir, writeFile } from './helpers';

const col = (s: ColumnSet, name: string): ColumnData => {
  const c = s.columns.find((x) => x.name === name);
  assert.ok(c, `column ${name}`);
  return c;
};
const nums = (c: ColumnData) => [...c.numbers!].map((v) => (Number.isNaN(v) ? null : v));
const texts = (c: ColumnData) => [...c.codes!].map((k) => (k < 0 ? null : c.categories[k]));

describe('drift readers: CSV', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', async () => {
    const file = writeFile(tempDir(), 'q.csv', 'id,text\n1,"a,b"\n2,"say ""hi"""\n3,"two\nlines"\n');
    const s = await readDataset(file);
    assert.equal(s.rows, 3);
    assert.deepEqual(texts(col(s, 'text')), ['a,b', 'say "hi"', 'two\nlines']);
  });

  it('accepts CRLF, a lone CR, a byte-order mark and a missing final newline', async () => {
    const file = writeFile(tempDir(), 'crlf.csv', '\ufeffa,b\r\n1,2\r3,4\r\n5,6');
    const s = await readDataset(file);
    assert.deepEqual(s.columns.map((c) => c.name), ['a', 'b']);
    assert.deepEqual(nums(col(s, 'b')), [2, 4, 6]);
  });

  it('skips blank lines as pandas does', async () => {
    const s = await readDataset(writeFile(tempDir(), 'b.csv', 'a\n1\n\n2\n\n'));
    assert.deepEqual(nums(col(s, 'a')), [1, 2]);
  });

  it('treats empty cells and pandas missing markers as missing, and reads nan/inf words', async () => {
    const cells = ['', 'NA', 'N/A', 'null', 'NULL', 'None', 'nan', 'NaN', '-nan', '#N/A', '<NA>', '-1.#IND', '1.#QNAN', 'inf', '-inf', 'Infinity', '-Infinity', '+inf', '1.5'];
    const s = await readDataset(writeFile(tempDir(), 'na.csv', 'v\n' + cells.map((c) => (c === '' ? '""' : c)).join('\n') + '\n'));
    const v = col(s, 'v');
    assert.equal(v.text, 0);
    assert.equal(v.missing, 13);
    assert.deepEqual(nums(v).slice(13), [Infinity, -Infinity, Infinity, -Infinity, Infinity, 1.5]);
  });

  it('parses numbers to the same doubles as Number(), and leaves non-numbers as text', async () => {
    const good = ['0.1', '1e-7', '-0.000123', '123456789012345678', '1.7976931348623157e308', '5e-324', '.5', '5.', '+3', '1E+05', ' 7 ', '0.30000000000000004', '9007199254740993', '2.2250738585072011e-308', '1e400'];
    const bad = ['1.2.3', 'e5', '1e', '--1', '0x10', '1_000', '1,5', 'abc'];
    const s = await readDataset(writeFile(tempDir(), 'n.csv', 'g\n' + good.join('\n') + '\n'));
    assert.deepEqual(nums(col(s, 'g')), good.map(Number));
    for (const b of bad) {
      const t = await readDataset(writeFile(tempDir(), 'b.csv', `v\n"${b}"\n`));
      assert.equal(col(t, 'v').text, 1, `${b} is text`);
    }
  });

  it('infers numeric and categorical columns and keeps numbers of a column with stray text', async () => {
    const s = await readDataset(writeFile(tempDir(), 'm.csv', 'n,c,mixed\n1,red,1\n2,blue,oops\n3,red,3\n'));
    assert.equal(col(s, 'n').codes, null);
    assert.equal(col(s, 'c').numbers, null);
    const mixed = col(s, 'mixed');
    assert.deepEqual(nums(mixed), [1, null, 3]);
    assert.deepEqual(texts(mixed), ['1', 'oops', '3']);
    assert.deepEqual(mixed.firstText, { value: 'oops', line: 3 });
  });

  it('lets a type override make a numeric-looking column categorical', async () => {
    const s = await readDataset(writeFile(tempDir(), 'z.csv', 'zip\n01000\n1000\n'), { types: { zip: 'categorical' } });
    assert.deepEqual(texts(col(s, 'zip')), ['01000', '1000']);
  });

  it('names empty and repeated header cells as pandas does', async () => {
    const s = await readDataset(writeFile(tempDir(), 'h.csv', 'a,,a,a\n1,2,3,4\n'));
    assert.deepEqual(s.columns.map((c) => c.name), ['a', 'Unnamed: 1', 'a.1', 'a.2']);
  });

  it('reads records cut by the 4 MB chunk boundary, including a multi-byte character', async () => {
    const dir = tempDir();
    const row = 'é,"x\ny",1\n';
    const head = 'c,q,n\n';
    const count = Math.ceil((4 * 1024 * 1024) / Buffer.byteLength(row)) + 10;
    const file = writeFile(dir, 'big.csv', head + row.repeat(count));
    const s = await readDataset(file);
    assert.equal(s.rows, count);
    const c = col(s, 'c');
    assert.deepEqual(c.categories, ['é']);
    assert.deepEqual(col(s, 'q').categories, ['x\ny']);
    assert.equal(nums(col(s, 'n')).every((v) => v === 1), true);
  });

  it('reports a ragged row with the file and line', async () => {
    const file = writeFile(tempDir(), 'r.csv', 'a,b\n1,2\n"x\ny",2\n3\n');
    await rejectsWith(readDataset(file), new RegExp(`malformed CSV: ${file}:5: expected 2 fields as in the header, found 1`));
  });

  it('reports an unclosed quote with the line where the record starts', async () => {
    const file = writeFile(tempDir(), 'u.csv', 'a,b\n1,2\n3,"open\n');
    await rejectsWith(readDataset(file), new RegExp(`malformed CSV: ${file}:3: a quoted field is not closed`));
  });

  it('reports text after a closing quote', async () => {
    const file = writeFile(tempDir(), 'x.csv', 'a\n"ab"c\n');
    await rejectsWith(readDataset(file), new RegExp(`${file}:2: unexpected character after the closing quote`));
  });

  it('reports bad UTF-8 with its line', async () => {
    const file = writeFile(tempDir(), 'bad.csv', Buffer.concat([Buffer.from('a,b\n1,ok\n2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    await rejectsWith(readDataset(file), new RegExp(`invalid UTF-8: ${file}:3:`));
  });

  it('reports an empty file, a header-less file, a missing file and a directory', async () => {
    const dir = tempDir();
    await rejectsWith(readDataset(writeFile(dir, 'e.csv', '')), /empty dataset: .*e\.csv: the file has no bytes/);
    await rejectsWith(readDataset(writeFile(dir, 'n.csv', '\n\n')), /empty dataset: .*n\.csv: no header row/);
    await rejectsWith(readDataset(path.join(dir, 'nope.csv')), /cannot read dataset: .*nope\.csv: no such file/);
    fs.mkdirSync(path.join(dir, 'd.csv'));
    await rejectsWith(readDataset(path.join(dir, 'd.csv')), /cannot read dataset: .*d\.csv: is a directory/);
  });

  it('reads a header-only file as zero rows', async () => {
    const s = await readDataset(writeFile(tempDir(), 'h.csv', 'a,b\n'));
    assert.equal(s.rows, 0);
    assert.equal(s.columns.length, 2);
  });

  it('reads gzip-compressed CSV and hashes the stored bytes', async () => {
    const { gzipSync } = await import('node:zlib');
    const { createHash } = await import('node:crypto');
    const bytes = gzipSync(Buffer.from('a\n1\n2\n'));
    const s = await readDataset(writeFile(tempDir(), 'z.csv.gz', bytes), { hash: true });
    assert.deepEqual(nums(col(s, 'a')), [1, 2]);
    assert.equal(s.sha256, createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('drift readers: JSON Lines and Parquet', () => {
  it('reads objects with absent keys as missing and types values', async () => {
    const file = writeFile(tempDir(), 'd.jsonl', '{"a": 1, "b": "x"}\n\n{"a": null, "c": true}\n{"a": NaN, "b": "NA"}\n');
    const s = await readDataset(file);
    assert.equal(s.rows, 3);
    assert.deepEqual(nums(col(s, 'a')), [1, null, null]);
    assert.deepEqual(texts(col(s, 'b')), ['x', null, null]);
    assert.deepEqual(texts(col(s, 'c')), [null, 'true', null]);
  });

  it('reports a line that is not a JSON object, with its line number', async () => {
    const file = writeFile(tempDir(), 'bad.jsonl', '{"a": 1}\n[1, 2]\n');
    await rejectsWith(readDataset(file), new RegExp(`invalid JSON Lines: ${file}:2: expected one JSON object per line`));
    const broken = writeFile(tempDir(), 'broken.jsonl', '{"a": 1}\n\n{"a": \n');
    await rejectsWith(readDataset(broken), new RegExp(`invalid JSON Lines: ${broken}:3:`));
  });

  it('reports a truncated Parquet file as unreadable', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'small_ref.parquet'));
    const file = writeFile(tempDir(), 't.parquet', bytes.subarray(0, bytes.length - 20));
    await rejectsWith(readDataset(file), new RegExp(`cannot read Parquet: ${file}:`));
  });

  it('detects the format from the first bytes when the name does not tell', async () => {
    const dir = tempDir();
    const pq = writeFile(dir, 'data.bin', fs.readFileSync(path.join(FIXTURES, 'small_ref.parquet')));
    assert.equal((await readDataset(pq)).format, 'parquet');
    assert.equal((await readDataset(writeFile(dir, 'data', '{"a": 1}\n'))).format, 'jsonl');
  });
});
