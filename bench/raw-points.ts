import type { Registry } from '../src/core/registry';

export type RawPointWriter = (runId: string, key: string, step: number, ts: number | null, value: number) => void;

/**
 * The baseline for ingest figures: points written into the registry's own point table with one plain
 * prepared INSERT each, run and key handles looked up once and kept in memory, no summaries. Whatever an
 * ingest path adds on top of this is its overhead. Call inside one transaction.
 */
export function rawPointWriter(reg: Registry): RawPointWriter {
  const insert = reg.db.prepare('INSERT INTO metric_points (run, key, step, seq, ts, value) VALUES (?, ?, ?, ?, ?, ?)');
  const runNum = reg.db.prepare('SELECT num FROM runs WHERE id = ?').pluck();
  const keyId = reg.db.prepare('INSERT INTO metric_keys (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = name RETURNING id').pluck();
  const runs = new Map<string, number>();
  const keys = new Map<string, number>();
  // One counter for every series: still increasing within each, which is all `seq` needs, at no lookup cost.
  let seq = 0;
  return (runId, key, step, ts, value) => {
    let run = runs.get(runId);
    if (run === undefined) runs.set(runId, (run = runNum.get(runId) as number));
    let k = keys.get(key);
    if (k === undefined) keys.set(key, (k = keyId.get(key) as number));
    insert.run(run, k, step, seq++, ts, value);
  };
}
