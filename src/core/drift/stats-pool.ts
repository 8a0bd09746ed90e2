import type { Worker } from 'node:worker_threads';
import { startWorker, workerScript, type WorkerScript } from '../worker-script';
import type { ComputedStats, SideValues } from './column-stats';

/** One column for a worker: both sides, their numbers in shared memory. */
export interface StatsTask {
  ref: SideValues;
  cur: SideValues;
}

interface Job extends StatsTask {
  resolve: (stats: ComputedStats) => void;
  reject: (reason: unknown) => void;
}

/**
 * Worker threads computing the statistics of numeric columns, one column at a time each, in the
 * order asked. The numbers go over in SharedArrayBuffers (where ColumnBuilder keeps them), so a
 * column costs no copy instead of a serialisation here and a deserialisation there.
 */
export class StatsPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Map<Worker, Job>();
  private failure: unknown = null;

  constructor(script: WorkerScript, size: number) {
    for (let i = 0; i < size; i++) {
      const w = startWorker(script);
      w.on('message', (stats: ComputedStats) => {
        // A reply can still arrive after a failure or cancellation, for a job already rejected.
        const job = this.busy.get(w);
        if (!job) return;
        this.busy.delete(w);
        job.resolve(stats);
        this.next(w);
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => this.fail(new Error(`a drift worker exited with code ${code}`)));
      this.all.push(w);
      this.idle.push(w);
    }
  }

  numericStats(ref: SideValues, cur: SideValues): Promise<ComputedStats> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ ref, cur, resolve, reject });
      const w = this.idle.pop();
      if (w) this.next(w);
    });
  }

  /** True once closed or failed: nothing more will be computed. */
  get stopped(): boolean {
    return this.failure !== null;
  }

  /** Stops the workers; columns not computed yet fail with `reason`. */
  close(reason: unknown = new Error('the drift workers were stopped')): void {
    this.fail(reason);
  }

  private next(w: Worker): void {
    const job = this.queue.shift();
    if (!job) {
      this.idle.push(w);
      return;
    }
    this.busy.set(w, job);
    // Columns not already in shared memory are copied there only now, so the queue holds no second copy of each.
    w.postMessage({ ref: shareSide(job.ref), cur: shareSide(job.cur) } satisfies StatsTask);
  }

  private fail(reason: unknown): void {
    if (this.failure !== null) return;
    this.failure = reason;
    for (const job of [...this.busy.values(), ...this.queue.splice(0)]) job.reject(reason);
    this.busy.clear();
    for (const w of this.all) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}

/**
 * The worker entry: stats-worker.ts under tsx (tests, scripts), `drift-worker.js` beside the bundle
 * in dist/. Without one, the statistics stay on this thread.
 */
export function statsWorkerScript(): WorkerScript | null {
  return workerScript(__filename, 'stats-worker.ts', 'drift-worker.js');
}

/** The side with only what numericStats reads, its numbers in shared memory. */
function shareSide(side: SideValues): SideValues {
  const d = side.data;
  return { ...side, data: { ...d, numbers: d.numbers && shared(d.numbers), codes: null, categories: [] } };
}

/** The array itself when a reader left it in shared memory, else a copy there. */
function shared(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
