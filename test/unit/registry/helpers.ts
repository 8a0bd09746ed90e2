import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { MlopsError } from '../../../src/core/errors';
import { Registry, type StartRunInput } from '../../../src/core/registry';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** A fresh folder per test; `cleanup` removes every folder made since the last call. */
const made: string[] = [];
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-lens-test-'));
  made.push(dir);
  return dir;
}
export function cleanup(): void {
  for (const dir of made.splice(0)) {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A new registry in a fresh folder, where the workspace would keep it. */
export function openFresh(): Registry {
  return Registry.open(path.join(tempDir(), '.mlops', 'registry.db'));
}

export function start(reg: Registry, over: Partial<StartRunInput> = {}): string {
  return reg.startRun({ experiment: 'exp', sourceKind: 'cli', ...over });
}

/** Runs `fn`, expecting an MlopsError whose message matches `what`. */
export function assertMlopsError(fn: () => unknown, what: RegExp): MlopsError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof MlopsError, `expected an MlopsError, got ${String(caught)}`);
  assert.match(caught.message, what);
  return caught;
}

/** tsx's loader as an absolute URL, so child processes can start from any working folder. */
export function tsxLoader(): string {
  const pkgFile = require.resolve('tsx/package.json', { paths: [REPO_ROOT] });
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { exports: { '.': string } };
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['.'])).href;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts a TypeScript file in its own Node process; `child` lets the caller talk to it before it ends. */
export function startTs(script: string, args: string[], cwd = REPO_ROOT) {
  const child = spawn(process.execPath, ['--import', tsxLoader(), script, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Resolves with the first stdout line of `child` that satisfies `match`. */
export function waitForLine(child: ReturnType<typeof startTs>['child'], match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onClose = () => reject(new Error('child ended before printing the expected line'));
    const onData = (s: Buffer | string) => {
      buf += s.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      const hit = lines.find(match);
      if (hit !== undefined) {
        child.stdout!.off('data', onData);
        child.off('close', onClose);
        resolve(hit);
      }
    };
    child.stdout!.on('data', onData);
    child.once('close', onClose);
  });
}

/** A small deterministic generator (mulberry32) so random inputs are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
