import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { datasetInfo, defaultDriftConfig, listDriftReports, runDrift, saveDriftReport } from '../../../src/core/drift';
import { Registry } from '../../../src/core/registry';
import { tempDir, writeFile } from './helpers';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function reportFor(dir: string, hash: boolean) {
  const ref = writeFile(dir, 'ref.csv', 'a,c\n1,x\n2,y\n3,x\n');
  const cur = writeFile(dir, 'cur.csv', 'a,c\n2,x\n3,y\n9,y\n');
  const report = await runDrift(ref, cur, { hash, config: defaultDriftConfig() });
  return { ref, cur, report };
}

describe('drift reports in the registry', () => {
  it('stores both datasets by content hash and the report in drift_reports', async () => {
    const dir = tempDir();
    const { ref, cur, report } = await reportFor(dir, true);
    assert.equal(report.reference.sha256, sha(ref));
    const reg = Registry.open(path.join(dir, '.mlops', 'registry.db'));
    try {
      const refInfo = await datasetInfo(report.reference, ref, 'ref.csv', report.columns);
      const curInfo = await datasetInfo(report.current, cur, 'cur.csv', report.columns);
      const id = saveDriftReport(reg, report, refInfo, curInfo);
      const datasets = reg.db.prepare('SELECT id, path, sha256, bytes, rows, schema_json FROM datasets ORDER BY path').all() as { id: number; path: string; sha256: string; bytes: number; rows: number; schema_json: string }[];
      assert.deepEqual(datasets.map((d) => [d.path, d.sha256, d.bytes, d.rows]), [
        ['cur.csv', sha(cur), fs.statSync(cur).size, 3], ['ref.csv', sha(ref), fs.statSync(ref).size, 3],
      ]);
      assert.deepEqual(JSON.parse(datasets[1]!.schema_json), { columns: [{ name: 'a', type: 'numeric' }, { name: 'c', type: 'categorical' }] });
      const row = reg.db.prepare('SELECT reference_id, current_id, model_version_id, report_json FROM drift_reports WHERE id = ?').get(id) as { reference_id: number; current_id: number; model_version_id: number | null; report_json: string };
      assert.equal(row.reference_id, datasets[1]!.id);
      assert.equal(row.current_id, datasets[0]!.id);
      assert.equal(row.model_version_id, null);
      assert.deepEqual(JSON.parse(row.report_json), report);
    } finally {
      reg.close();
    }
  });

  it('hashes the files when the report was read without hashing, and reuses a known dataset', async () => {
    const dir = tempDir();
    const { ref, cur, report } = await reportFor(dir, false);
    assert.equal(report.reference.sha256, null);
    const reg = Registry.open(path.join(dir, 'r.db'));
    try {
      const refInfo = await datasetInfo(report.reference, ref, 'ref.csv', report.columns);
      assert.equal(refInfo.sha256, sha(ref));
      const curInfo = await datasetInfo(report.current, cur, 'cur.csv', report.columns);
      saveDriftReport(reg, report, refInfo, curInfo);
      saveDriftReport(reg, report, refInfo, curInfo);
      assert.equal((reg.db.prepare('SELECT count(*) AS n FROM datasets').get() as { n: number }).n, 2);
      const stored = listDriftReports(reg);
      assert.equal(stored.length, 2);
      assert.equal(stored[0]!.referenceId, stored[1]!.referenceId);
      assert.deepEqual(stored[0]!.report.columns, report.columns);
    } finally {
      reg.close();
    }
  });

  it('writes nothing when a dataset hash is invalid', async () => {
    const dir = tempDir();
    const { report } = await reportFor(dir, false);
    const reg = Registry.open(path.join(dir, 'r.db'));
    try {
      const good = { path: 'ref.csv', sha256: 'a'.repeat(64), bytes: 1, rows: 1 };
      assert.throws(() => saveDriftReport(reg, report, good, { ...good, path: 'cur.csv', sha256: 'nope' }), /invalid dataset hash/);
      assert.equal((reg.db.prepare('SELECT count(*) AS n FROM datasets').get() as { n: number }).n, 0);
      assert.equal((reg.db.prepare('SELECT count(*) AS n FROM drift_reports').get() as { n: number }).n, 0);
    } finally {
      reg.close();
    }
  });
});
