import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c, maskedCrc32c } from '../../../src/core/capture/crc32c';
import { halfToNumber } from '../../../src/core/capture/tf-event';
import { curve, workspace, type Workspace } from './helpers';

const RUN1 = 'tensorboard/run1';
const EVENTS1 = `${RUN1}/events.out.tfevents.1700000000.host.1.0`;
const BAD = 'tensorboard/badcrc';

describe('crc32c', () => {
  it('gives the standard check value for "123456789"', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  it('masks as TFRecord does: rotate right by 15 and add 0xa282ead8', () => {
    const c = 0xe3069283;
    assert.equal(maskedCrc32c(Buffer.from('123456789')), ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) % 2 ** 32);
  });
});

describe('halfToNumber', () => {
  it('decodes binary16 normal, subnormal and special values', () => {
    assert.deepEqual([0x3c00, 0x3e00, 0xc000, 0x0001, 0x7c00, 0xfc00].map(halfToNumber), [1, 1.5, -2, 2 ** -24, Infinity, -Infinity]);
    assert.ok(Number.isNaN(halfToNumber(0x7e00)));
  });
});

describe('tensorboard importer', () => {
  let ws: Workspace;
  beforeEach(() => { ws = workspace('tensorboard'); });
  afterEach(() => ws.close());

  it('reads simple_value scalars with their step and wall time', async () => {
    await ws.ingest();
    const r = ws.run('tensorboard', RUN1);
    assert.deepEqual(ws.reg.metricHistory(r.id, 'loss').map((p) => [p.step, p.ts, p.value]),
      [[0, 1700000001000, 1], [1, 1700000002000, 0.5], [2, 1700000003000, 0.25]]);
    assert.equal(r.startedAt, new Date(1700000000000).toISOString());
  });

  it('reads TF2 rank-0 tensors from tensor_content, float_val, double_val and half_val', async () => {
    await ws.ingest();
    const r = ws.run('tensorboard', RUN1);
    assert.deepEqual(curve(ws, r, 'acc'), [[0, 0.75], [1, 0.875]]);
    assert.deepEqual(ws.reg.metricHistory(r.id, 'acc')[0]!.ts, 1700000010500);
    assert.deepEqual(curve(ws, r, 'lr'), [[1, 0.001]]);
    assert.deepEqual(curve(ws, r, 'half'), [[1, 1.5]]);
  });

  it('keeps a scalar equal to zero and ignores a non-scalar tensor', async () => {
    await ws.ingest();
    const r = ws.run('tensorboard', RUN1);
    assert.deepEqual(curve(ws, r, 'zero'), [[2, 0]]);
    assert.equal(r.metrics.hist, undefined);
  });

  it('stops a file at a record with a bad CRC, naming the record, and keeps the points before it', async () => {
    const rep = await ws.ingest();
    const file = path.join(ws.root, BAD, 'events.out.tfevents.1700000000.host.2.0');
    assert.deepEqual(rep.errors.map((e) => [e.path, e.line]), [[file, 4]]);
    assert.match(rep.errors[0]!.message, /record 4 at byte \d+: data CRC mismatch/);
    assert.deepEqual(curve(ws, ws.run('tensorboard', BAD), 'loss'), [[0, 2], [1, 1.5]]);
  });

  it('waits for a record cut short at the end of the file, then imports it once complete', async () => {
    const file = path.join(ws.root, EVENTS1);
    const full = fs.readFileSync(file);
    // The last record is the "zero" scalar: cut its final 3 bytes (part of its data CRC).
    fs.writeFileSync(file, full.subarray(0, full.length - 3));
    const first = await ws.ingest();
    assert.equal(first.errors.length, 1, 'only the badcrc fixture reports');
    assert.equal(ws.run('tensorboard', RUN1).metrics.zero, undefined);
    fs.writeFileSync(file, full);
    const second = await ws.ingest();
    assert.equal(second.metricsAdded, 1);
    assert.deepEqual(curve(ws, ws.run('tensorboard', RUN1), 'zero'), [[2, 0]]);
  });

  it('imports a large file in several bounded steps without losing or repeating points', async () => {
    const rep = await ws.ingest({ maxPoints: 2 });
    assert.equal(rep.metricsAdded, 8 + 2);
    assert.equal(ws.run('tensorboard', RUN1).metrics.loss!.count, 3);
  });
});
