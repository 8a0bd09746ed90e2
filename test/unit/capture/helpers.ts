import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ingest, type IngestOptions, type IngestReport } from '../../../src/core/capture/ingest';
import { Registry, type RunDetail } from '../../../src/core/registry';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/loggers');
export const HASHES = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected_hashes.json'), 'utf8')) as Record<string, string>;

/** Ten minutes after now: runs without an end marker whose files are older than the activity window read as finished. */
export const LATER = () => Date.now() + 10 * 60_000;

export interface Workspace {
  root: string;
  reg: Registry;
  ingest(options?: IngestOptions): Promise<IngestReport>;
  run(importer: string, runPath: string): RunDetail;
  close(): void;
}

/** A fresh temp dir holding a copy of fixture folders, and a registry outside it. */
export function workspace(...fixtureDirs: string[]): Workspace {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-capture-'));
  const root = path.join(tmp, 'ws');
  fs.mkdirSync(root);
  for (const d of fixtureDirs) fs.cpSync(path.join(FIXTURES, d), path.join(root, d), { recursive: true });
  const reg = Registry.open(path.join(tmp, 'registry.db'));
  return {
    root,
    reg,
    ingest: (options) => ingest(reg, root, { now: LATER, ...options }),
    run(importer, runPath) {
      const id = reg.runBySourceKey(`${importer}:${path.join(root, runPath)}`);
      if (!id) throw new Error(`no run for ${importer}:${runPath}`);
      return reg.getRun(id);
    },
    close() {
      reg.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A metric's full history as [step, value] pairs (ts left out), for comparing with hand-written lists. */
export function curve(ws: Workspace, run: RunDetail, key: string): [number, number][] {
  return ws.reg.metricHistory(run.id, key).map((p) => [p.step, p.value]);
}
