import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { WORKER_BUNDLES_ENV, startWorker, workerScript } from '../../src/core/worker-script';

describe('worker entry points', () => {
  let dir: string;
  const saved = process.env[WORKER_BUNDLES_ENV];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-worker-'));
    delete process.env[WORKER_BUNDLES_ENV];
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env[WORKER_BUNDLES_ENV];
    else process.env[WORKER_BUNDLES_ENV] = saved;
  });

  it('runs the TypeScript source through tsx when the caller runs from source', () => {
    const s = workerScript(path.join(dir, 'pool.ts'), 'worker.ts', 'x-worker.js')!;
    assert.equal(s.eval, true);
    assert.match(s.code, /require\('tsx\/cjs'\)/);
    assert.ok(s.code.includes(JSON.stringify(path.join(dir, 'worker.ts'))));
  });

  it('uses the bundle beside a bundled caller, and nothing when the bundle is missing', () => {
    assert.equal(workerScript(path.join(dir, 'cli.js'), 'worker.ts', 'x-worker.js'), null);
    fs.writeFileSync(path.join(dir, 'x-worker.js'), '');
    assert.deepEqual(workerScript(path.join(dir, 'cli.js'), 'worker.ts', 'x-worker.js'), { code: path.join(dir, 'x-worker.js'), eval: false });
  });

  it('prefers the bundles named by the environment, if the one asked for is there', () => {
    const dist = path.join(dir, 'dist');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, 'x-worker.js'), '');
    process.env[WORKER_BUNDLES_ENV] = dist;
    assert.deepEqual(workerScript(path.join(dir, 'pool.ts'), 'worker.ts', 'x-worker.js'), { code: path.join(dist, 'x-worker.js'), eval: false });
    assert.equal(workerScript(path.join(dir, 'pool.ts'), 'worker.ts', 'y-worker.js')!.eval, true);
  });

  it('starts workers without this thread\'s Node options, and a source entry still loads its TypeScript', async () => {
    // The tests run under --import tsx: a worker that inherited it would start tsx's hooks again.
    assert.ok(process.execArgv.some((a) => a.includes('tsx')), 'the test process runs with tsx');
    fs.writeFileSync(path.join(dir, 'worker.ts'), "import { parentPort } from 'node:worker_threads';\nconst options: string[] = process.execArgv;\nparentPort!.postMessage(options);\n");
    const w = startWorker(workerScript(path.join(dir, 'pool.ts'), 'worker.ts', 'x-worker.js')!);
    try {
      const [options] = await once(w, 'message') as [string[]];
      assert.deepEqual(options, []);
    } finally {
      await w.terminate();
    }
  });
});
