import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as P from '../../../src/protocol';
import type { RunDetail, RunRecord } from '../../../src/core/registry';
import { BackendUnderTest } from './backend-client';

function nextRegistryChange(b: BackendUnderTest): Promise<void> {
  return new Promise((resolve) => {
    const sub = b.connection.onNotification(P.registryChanged.method, () => {
      sub.dispose();
      resolve();
    });
  });
}

/** Writes a Lightning log as a command would, and returns the command's run once a logger run is linked to it (or after 10 s). */
async function writeLoggedRun(b: BackendUnderTest, dir: string, runId: string, version: string): Promise<RunDetail> {
  fs.mkdirSync(path.join(dir, 'lightning_logs', version), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lightning_logs', version, 'metrics.csv'), 'epoch,step,loss\n0,0,1\n');
  for (const until = Date.now() + 10_000; ;) {
    const detail = await b.connection.sendRequest(P.getRun.method, { id: runId }) as RunDetail;
    if (detail.tags['mlops_lens.logger_runs'] || Date.now() > until) return detail;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('backend live capture (LSP over stdio)', () => {
  let dir: string;
  let backend: BackendUnderTest | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-live-'));
  });
  afterEach(async () => {
    if (backend) await backend.stop();
    backend = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('turns a training command from the terminal into a run with its arguments as params and its exit status', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const started = await backend.connection.sendRequest(P.terminalExecutionStarted.method, { commandLine: 'python train.py --lr 0.01 --epochs=3 model=resnet', cwd: dir, startedAt: Date.now() }) as { runId: string };
    assert.ok(started.runId);
    await backend.connection.sendRequest(P.terminalExecutionEnded.method, { runId: started.runId, exitCode: 0, endedAt: Date.now() });
    const run = await backend.connection.sendRequest(P.getRun.method, { id: started.runId }) as RunDetail;
    assert.equal(run.status, 'finished');
    assert.equal(run.source.kind, 'terminal');
    assert.equal(run.command, 'python train.py --lr 0.01 --epochs=3 model=resnet');
    assert.deepEqual(run.params, { epochs: '3', lr: '0.01', model: 'resnet' });
  });

  it('ignores commands that do not train', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const r = await backend.connection.sendRequest(P.terminalExecutionStarted.method, { commandLine: 'ls -la', cwd: dir, startedAt: Date.now() }) as { runId: string | null };
    assert.equal(r.runId, null);
  });

  it('ends a run whose exit code is unknown as killed', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const { runId } = await backend.connection.sendRequest(P.terminalExecutionStarted.method, { commandLine: 'torchrun --nproc_per_node 2 train.py', cwd: dir, startedAt: Date.now() }) as { runId: string };
    await backend.connection.sendRequest(P.terminalExecutionEnded.method, { runId, exitCode: null, endedAt: Date.now() });
    const run = await backend.connection.sendRequest(P.getRun.method, { id: runId }) as RunDetail;
    assert.equal(run.status, 'killed');
  });

  it('imports a logger file written while it runs, and sees it grow', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    await backend.connection.sendRequest(P.status.method);
    const logs = path.join(dir, 'lightning_logs', 'version_0');
    fs.mkdirSync(logs, { recursive: true });
    const file = path.join(logs, 'metrics.csv');
    let changed = nextRegistryChange(backend);
    fs.writeFileSync(file, 'epoch,step,train_loss\n0,9,0.9\n');
    let runs: RunRecord[] = [];
    // The watcher may see the folder before the file: wait for the change that carries the point.
    while (!(runs[0]?.metrics.train_loss?.count === 1)) {
      await changed;
      changed = nextRegistryChange(backend);
      runs = await backend.connection.sendRequest(P.listRuns.method, {}) as RunRecord[];
    }
    fs.appendFileSync(file, '0,19,0.7\n');
    while (!(runs[0]?.metrics.train_loss?.count === 2)) {
      await changed;
      changed = nextRegistryChange(backend);
      runs = await backend.connection.sendRequest(P.listRuns.method, {}) as RunRecord[];
    }
    assert.deepEqual({ last: runs[0]!.metrics.train_loss!.last, step: runs[0]!.metrics.train_loss!.step }, { last: 0.7, step: 19 });
  });

  it('closes the run of a backend that went away, and tracks it again when the editor hands the execution over', async () => {
    const first = await BackendUnderTest.start(dir, { trusted: true });
    const { pid } = await first.connection.sendRequest(P.status.method) as P.StatusResult;
    const { runId } = await first.connection.sendRequest(P.terminalExecutionStarted.method, { commandLine: 'python train.py', cwd: dir, startedAt: Date.now() - 1000 }) as { runId: string };
    await first.stop();
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    backend = await BackendUnderTest.start(dir, { trusted: true });
    await backend.connection.sendRequest(P.status.method);
    const orphan = await backend.connection.sendRequest(P.getRun.method, { id: runId }) as RunDetail;
    assert.deepEqual([orphan.status, orphan.endedAt], ['killed', null]);
    assert.match(orphan.tags['mlops_lens.exit_unknown']!, /exit status is unknown/);
    const { resumed } = await backend.connection.sendRequest(P.terminalExecutionsResumed.method, { runIds: [runId, 'not-a-run'] }) as { resumed: string[] };
    assert.deepEqual(resumed, [runId]);
    await assert.rejects(backend.connection.sendRequest(P.terminalExecutionsResumed.method, { runIds: runId }), /runIds: expected a list of run ids/);
    // The command goes on writing its logs, which the new backend links to it.
    const detail = await writeLoggedRun(backend, dir, runId, 'version_0');
    assert.deepEqual([detail.status, detail.tags['mlops_lens.exit_unknown']], ['running', undefined]);
    assert.ok(detail.artifacts.some((a) => a.kind === 'logger' && a.path === path.join(dir, 'lightning_logs', 'version_0')), 'the logger run is linked');
    await backend.connection.sendRequest(P.terminalExecutionEnded.method, { runId, exitCode: 0, endedAt: Date.now() });
    assert.equal((await backend.connection.sendRequest(P.getRun.method, { id: runId }) as RunDetail).status, 'finished');
  });

  it('keeps tracking a running command when the registry is reopened, which restarts capture', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const { runId } = await backend.connection.sendRequest(P.terminalExecutionStarted.method, { commandLine: 'python train.py', cwd: dir, startedAt: Date.now() - 1000 }) as { runId: string };
    await backend.connection.sendRequest(P.reopenRegistry.method);
    const detail = await writeLoggedRun(backend, dir, runId, 'version_1');
    assert.equal(detail.status, 'running');
    assert.ok(detail.artifacts.some((a) => a.kind === 'logger' && a.path === path.join(dir, 'lightning_logs', 'version_1')), 'the logger run is linked');
  });

  it('captures nothing in an untrusted workspace', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: false });
    const r = await backend.connection.sendRequest(P.terminalExecutionStarted.method, { commandLine: 'python train.py', cwd: dir, startedAt: Date.now() }) as { runId: string | null };
    assert.equal(r.runId, null);
  });
});
