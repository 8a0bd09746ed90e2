import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { Registry, type MetricPoint } from '../../../src/core/registry';
import { REPO_ROOT, tempDir, tsxLoader, type ChildResult } from '../registry/helpers';

export { cleanup, startTs, tempDir, waitForLine, REPO_ROOT } from '../registry/helpers';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/models/files');
/** sha256 and size of every fixture, computed by hashlib when the fixtures were generated. */
export const EXPECTED = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/models/expected.json'), 'utf8')) as Record<string, { sha256: string; bytes: number }>;

/** Opens a registry in `<workspace>/.mlops/`. */
export function openRegistry(workspace: string): Registry {
  return Registry.open(path.join(workspace, '.mlops', 'registry.db'));
}

/** A fresh workspace with a registry; `file(name)` copies a fixture into the workspace. */
export function workspace(): { dir: string; reg: Registry; file(name: string, as?: string): string } {
  const dir = tempDir();
  const reg = openRegistry(dir);
  return {
    dir, reg,
    file(name, as = name) {
      const target = path.join(dir, as);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(FIXTURES, name), target);
      return target;
    },
  };
}

export const sha256Of = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export async function rejectsWith(p: Promise<unknown> | (() => unknown), what: RegExp): Promise<MlopsError> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof MlopsError, `expected an MlopsError, got ${String(caught)}`);
  assert.match(caught.message, what);
  return caught;
}

export interface RunSpec {
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  git?: { commit: string; branch: string | null; dirty: boolean | null } | null;
  datasets?: { path: string; sha256: string }[];
  artifacts?: { path: string; kind: string; sha256?: string }[];
}

/** A finished run made through the Registry API, with its metrics logged as one last point each. */
export function makeRun(reg: Registry, spec: RunSpec = {}): string {
  const id = reg.startRun({ experiment: 'train', name: 'run', sourceKind: 'cli', git: spec.git ?? null, startedAt: Date.now() });
  if (spec.params) reg.setParams(id, spec.params);
  const points: MetricPoint[] = Object.entries(spec.metrics ?? {}).map(([key, value]) => ({ key, step: 1, ts: Date.now(), value }));
  reg.logMetrics(id, points);
  for (const d of spec.datasets ?? []) reg.linkInput(id, reg.addDataset({ path: d.path, sha256: d.sha256 }));
  for (const a of spec.artifacts ?? []) reg.addArtifact(id, { path: a.path, kind: a.kind, sha256: a.sha256 ?? null });
  reg.endRun(id, { status: 'finished', exitCode: 0 });
  return id;
}

/** Runs a TypeScript file in a Node process as another user (`uid`/`gid`), to the end. */
export function runTsAs(script: string, args: string[], user: { uid?: number; gid?: number }): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', tsxLoader(), script, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...user });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
