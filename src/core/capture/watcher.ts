import * as fs from 'node:fs';
import * as path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { LensConfig } from '../config';
import { describeError, type Problem } from '../errors';
import type { Registry } from '../registry';
import { DirWatcher, type WatchFn } from './dir-watcher';
import { isModelFile, recordModelOutputs } from './hash';
import { ingest, ingestFile, type IngestedRun } from './ingest';
import { ACTIVE_MS } from './run-files';
import { linkLoggerRuns } from './terminal-links';
import type { TerminalRunTracker } from './terminal-runs';
import { ignoreFilter, pollingRoots, rebaseGlobs, watchRoots } from './watch-paths';

/** What one ingest triggered by the watcher did. */
export interface WatchIngest {
  /** The file whose change triggered it; null for the catch-up import at start. */
  file: string | null;
  /** Runs created or updated, with the points added to each. */
  runs: IngestedRun[];
  /** The tracked terminal run the file was written by, when one claims it. */
  terminalRun: string | null;
  /** Model files recorded as artifacts of that terminal run. */
  models: string[];
}

export interface WatcherOptions {
  config?: LensConfig;
  /** Terminal runs that claim the logger and model files written while they run. */
  tracker?: TerminalRunTracker;
  onIngest?: (e: WatchIngest) => void;
  onProblem?: (p: Problem) => void;
  signal?: AbortSignal;
  /** A file's events are gathered this long before it is ingested (default 200 ms). */
  debounceMs?: number;
  /** A model file is hashed once it has not changed for this long (default 1000 ms): checkpoints are written in many chunks. */
  modelQuietMs?: number;
  /** Import what changed while nothing was watching before reporting ready (default true). */
  catchUp?: boolean;
  /** Poll instead of using file system events (network file systems, where events do not arrive). */
  polling?: boolean;
  /** Poll interval in ms (default 500, so a change is seen within a second). */
  pollIntervalMs?: number;
  /** Creates one folder's watch in event mode; the default is `fs.watch`. */
  watchDir?: WatchFn;
  /**
   * A logger file is read again this long after its last change (default: the importers' activity window
   * and a second), so a run judged running because its files changed recently is seen to have stopped.
   */
  settleMs?: number;
  /** The clock the importers judge activity by (tests move it forward). */
  now?: () => number;
}

export interface Watcher {
  /** Resolves once watching has started (and the catch-up import is done). */
  readonly ready: Promise<void>;
  /** 'events' normally; 'polling' when asked, or after the system ran out of file watches. */
  readonly mode: 'events' | 'polling';
  /** The folders being watched. */
  readonly roots: readonly string[];
  close(): Promise<void>;
}

const MAX_REMEMBERED_PROBLEMS = 10_000;
/** An unclaimed file stays claimable by a run that starts this long after the file was written. */
const LATE_CLAIM_MS = 60_000;
const MAX_UNCLAIMED = 1_000;
/** Files waiting to be read again once quiet; each is a run written to in the last two minutes. */
const MAX_SETTLING = 10_000;

/**
 * Watches a workspace and imports logger files as they are written: each file's events are gathered for
 * `debounceMs`, then its run is ingested (only the new bytes are read, as ingest keeps offsets). Files are
 * processed one at a time. Events come from one watch per folder: chokidar watches every file on its own
 * (measured on 50,000 files: 20 s to ready and 490 MB), so chokidar serves the polling mode only.
 * Per-file state is a pending timer, so memory does not grow with the tree.
 */
export function startWatcher(reg: Registry, root: string, options: WatcherOptions = {}): Watcher {
  return new LiveWatcher(reg, path.resolve(root), options);
}

class LiveWatcher implements Watcher {
  readonly ready: Promise<void>;
  mode: 'events' | 'polling';
  roots: string[];
  private dirs: DirWatcher | null = null;
  private poller: FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  /** Model hashing runs beside the ingest queue: a multi-GB checkpoint must not hold up a metrics file. */
  private hashing: Promise<void> = Promise.resolve();
  private closed = false;
  private sweep: NodeJS.Timeout | undefined;
  private readonly reported = new Set<string>();
  private readonly ignored: (p: string) => boolean;
  /** Files imported while no terminal run claimed them, by path: a run reported late may still claim them. */
  private readonly unclaimed = new Map<string, { mtimeMs: number; runs: IngestedRun[] }>();
  private readonly stopListening: () => void;
  private readonly settling = new Map<string, NodeJS.Timeout>();
  private settleSweep: NodeJS.Timeout | undefined;

  constructor(private readonly reg: Registry, private readonly root: string, private readonly o: WatcherOptions) {
    this.mode = o.polling ? 'polling' : 'events';
    this.stopListening = o.tracker?.onStart(() => void this.enqueue(() => this.claimLate())) ?? (() => undefined);
    this.ignored = ignoreFilter(root, reg.file, o.config?.exclude ?? [], o.config?.root ?? root);
    this.roots = o.polling ? pollingRoots(root, o.config) : watchRoots(root, o.config);
    o.signal?.addEventListener('abort', () => void this.close(), { once: true });
    this.ready = this.begin();
    // A caller that never awaits `ready` must not get an unhandled rejection; errors also go to onProblem.
    this.ready.catch(() => undefined);
  }

  private async begin(): Promise<void> {
    if (this.mode === 'polling') await this.poll(this.roots);
    else await this.watchEvents(this.roots);
    if (this.o.catchUp !== false) await this.catchUp(this.roots);
  }

  /**
   * Imports everything new under `dirs` in one pass (at start, and after switching to polling). Runs it
   * imported may be judged running only because their files are fresh, so one more pass follows once they
   * would count as quiet (`settle`); that pass schedules none.
   */
  private catchUp(dirs: readonly string[], settle = true): Promise<void> {
    return this.enqueue(async () => {
      let imported = false;
      for (const dir of dirs) {
        const exclude = this.o.config ? rebaseGlobs(this.o.config.exclude, this.o.config.root, dir) : [];
        const report = await ingest(this.reg, dir, { exclude, signal: this.o.signal, now: this.o.now });
        for (const p of report.errors) this.problem(p);
        if (report.runs.length > 0) {
          this.o.onIngest?.({ file: null, runs: report.runs, terminalRun: null, models: [] });
          imported = true;
        }
      }
      if (imported && settle) this.settleLater(null, dirs);
    });
  }

  /** File system events, one watch per folder (see DirWatcher). */
  private async watchEvents(roots: readonly string[]): Promise<void> {
    const dirs = new DirWatcher({
      ignored: this.ignored,
      onFile: (p) => this.touch(p),
      onLimit: (err) => this.onLimit(err),
      onError: (err, dir) => this.problem({ path: dir, line: null, message: `file watcher error: ${describeError(err)}` }),
      watchDir: this.o.watchDir,
    });
    this.dirs = dirs;
    for (const r of roots) await dirs.add(r);
  }

  /** Polling with chokidar (stat-based), for the output folders only. */
  private poll(roots: readonly string[]): Promise<void> {
    if (roots.length === 0) {
      this.problem({ path: this.root, line: null, message: 'nothing to poll: no output folders found; list the folders your runs write to as `outputs` in the configuration' });
      return Promise.resolve();
    }
    const interval = this.o.pollIntervalMs ?? 500;
    const fsw = watch([...roots], {
      ignored: (p: string) => this.ignored(p), ignoreInitial: true, followSymlinks: false, awaitWriteFinish: false,
      persistent: true, usePolling: true, interval, binaryInterval: interval,
    });
    this.poller = fsw;
    fsw.on('add', (p: string) => this.touch(p));
    fsw.on('change', (p: string) => this.touch(p));
    fsw.on('error', (err: unknown) => this.problem({ path: this.root, line: null, message: `file watcher error: ${describeError(err)}` }));
    return new Promise((resolve) => {
      if (this.closed) return resolve();
      fsw.once('ready', () => {
        // chokidar can report ready before a file's stat poller has its first reading, and a write in that
        // gap is no change to it. A sweep of the polled folders now and then (imports are incremental, so a
        // sweep with nothing new costs a stat per run) makes sure such a write is imported all the same.
        this.sweep = setInterval(() => void this.catchUp(roots), Math.max(1000, 5 * interval));
        resolve();
      });
    });
  }

  /**
   * Out of file watches (inotify's limit, or descriptors): one problem says so, and from then on only the
   * output folders are polled. The problem is reported once polling runs and what was written in between
   * is imported, so a caller seeing it knows the fallback is in place.
   */
  private onLimit(err: unknown): void {
    if (this.closed || this.mode === 'polling') return;
    this.mode = 'polling';
    const roots = (this.roots = pollingRoots(this.root, this.o.config));
    this.dirs?.close();
    this.dirs = null;
    const where = roots.length ? roots.map((r) => path.relative(this.root, r) || '.').join(', ') : 'nothing (no output folders found)';
    const report = () => this.problem({
      path: this.root, line: null,
      message: `the system ran out of file watches (${describeError(err)}); polling only ${where} from now on. ` +
        'Raise fs.inotify.max_user_watches, or list the folders your runs write to as `outputs` in the configuration.',
    });
    if (roots.length === 0) return report();
    void this.poll(roots).then(() => this.catchUp(roots)).then(report);
  }

  /**
   * Gathers a file's events. A logger file is ingested `debounceMs` after its first event (a file appended
   * to without pause is still read every `debounceMs`); a model file once its writes have stopped.
   */
  private touch(file: string): void {
    if (this.closed) return;
    const model = isModelFile(file);
    const pending = this.timers.get(file);
    if (pending && !model) return;
    clearTimeout(pending);
    this.timers.set(file, setTimeout(() => {
      this.timers.delete(file);
      void this.enqueue(() => this.process(file));
    }, model ? this.o.modelQuietMs ?? 1000 : this.o.debounceMs ?? 200));
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    return (this.queue = this.chain(this.queue, job));
  }

  private chain(after: Promise<void>, job: () => Promise<void>): Promise<void> {
    return after.then(async () => {
      if (this.closed) return;
      try {
        await job();
      } catch (err) {
        this.problem({ path: this.root, line: null, message: `watcher: ${describeError(err)}` });
      }
    });
  }

  /**
   * Reads `file` again once it has been quiet for the activity window, or, for `null`, imports `dirs` once
   * more. Formats with no end marker (Lightning and Keras CSV, TensorBoard, Ultralytics) are judged running
   * while their files change; nothing else would read a finished run's files again.
   */
  private settleLater(file: string | null, dirs: readonly string[] = []): void {
    if (this.closed) return;
    const delay = this.o.settleMs ?? ACTIVE_MS + 1000;
    if (file === null) {
      clearTimeout(this.settleSweep);
      this.settleSweep = setTimeout(() => void this.catchUp(dirs, false), delay);
      this.settleSweep.unref();
      return;
    }
    clearTimeout(this.settling.get(file));
    this.settling.delete(file);
    if (this.settling.size >= MAX_SETTLING) return;
    const timer = setTimeout(() => {
      this.settling.delete(file);
      void this.enqueue(() => this.process(file, true));
    }, delay);
    timer.unref();
    this.settling.set(file, timer);
  }

  private async process(file: string, settling = false): Promise<void> {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      return;
    }
    const report = await ingestFile(this.reg, file, { signal: this.o.signal, now: this.o.now });
    for (const p of report.errors) this.problem(p);
    if (!settling && report.runs.length > 0 && !isModelFile(file)) this.settleLater(file);
    const claim = this.o.tracker?.claimsFile(file, mtimeMs) ?? null;
    if (claim === null) this.remember(file, mtimeMs, report.runs);
    else this.unclaimed.delete(file);
    if (claim !== null) linkLoggerRuns(this.reg, claim, report.runs);
    if (report.runs.length > 0) this.o.onIngest?.({ file, runs: report.runs, terminalRun: claim, models: [] });
    if (claim !== null && isModelFile(file)) this.recordModel(file, claim);
  }

  private recordModel(file: string, claim: string): void {
    this.hashing = this.chain(this.hashing, async () => {
      const rec = await recordModelOutputs(this.reg, claim, [file]);
      for (const p of rec.problems) this.problem(p);
      if (rec.linked.length > 0) this.o.onIngest?.({ file, runs: [], terminalRun: claim, models: rec.linked.map((l) => l.path) });
    });
  }

  private remember(file: string, mtimeMs: number, runs: IngestedRun[]): void {
    if (!this.o.tracker || (runs.length === 0 && !isModelFile(file))) return;
    this.unclaimed.delete(file);
    if (this.unclaimed.size >= MAX_UNCLAIMED) this.unclaimed.delete(this.unclaimed.keys().next().value!);
    this.unclaimed.set(file, { mtimeMs, runs });
  }

  /** A terminal run has started: it claims the files it wrote before the backend heard of it. */
  private async claimLate(): Promise<void> {
    const now = Date.now();
    for (const [file, u] of this.unclaimed) {
      if (now - u.mtimeMs > LATE_CLAIM_MS) {
        this.unclaimed.delete(file);
        continue;
      }
      const claim = this.o.tracker?.claimsFile(file, u.mtimeMs);
      if (claim === undefined) continue;
      this.unclaimed.delete(file);
      linkLoggerRuns(this.reg, claim, u.runs);
      if (u.runs.length > 0) this.o.onIngest?.({ file, runs: u.runs.map((r) => ({ ...r, created: false, metricsAdded: 0 })), terminalRun: claim, models: [] });
      if (isModelFile(file)) this.recordModel(file, claim);
    }
  }

  /**
   * Reports a problem the first time only: every sweep, and every write to a run's files, reads a broken file
   * again and would say the same thing each time. Bounded, so a stream of distinct problems cannot grow it.
   */
  private problem(p: Problem): void {
    const key = `${p.path}\u0000${p.line ?? ''}\u0000${p.message}`;
    if (this.reported.has(key)) return;
    if (this.reported.size >= MAX_REMEMBERED_PROBLEMS) this.reported.clear();
    this.reported.add(key);
    this.o.onProblem?.(p);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopListening();
    clearInterval(this.sweep);
    clearTimeout(this.settleSweep);
    for (const t of this.settling.values()) clearTimeout(t);
    this.settling.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.dirs?.close();
    this.dirs = null;
    const poller = this.poller;
    this.poller = null;
    await poller?.close();
    await this.queue;
    await this.hashing;
  }
}
