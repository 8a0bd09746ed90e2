import * as fs from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../errors';
import { isWatchLimitError } from './watch-paths';

export type WatchFn = (dir: string, listener: (event: string, filename: string | Buffer | null) => void) => fs.FSWatcher;

export interface DirWatcherOptions {
  ignored: (p: string) => boolean;
  /** A file was created or written to (or appeared inside a folder that was just created). */
  onFile: (file: string) => void;
  /** The system refused a new watch (inotify's limit, descriptors): the caller switches to polling. */
  onLimit: (err: unknown) => void;
  onError: (err: unknown, dir: string) => void;
  /** Creates one directory's watch; the default is `fs.watch`. */
  watchDir?: WatchFn;
}

/** Folders walked between two yields to the event loop while the tree is set up. */
const DIRS_PER_SLICE = 200;

/**
 * Watches a tree with one watch per folder (inotify reports writes to the files in a watched folder),
 * not one per file as chokidar does: 50,000 files in 500 folders cost 500 watches. Symbolic links are not
 * followed, so a link loop cannot make it walk forever. A folder created later is walked and watched,
 * and the files already in it are reported, since they may have been written before its watch existed.
 */
export class DirWatcher {
  private readonly watches = new Map<string, fs.FSWatcher>();
  private closed = false;
  private limited = false;
  private readonly watchDir: WatchFn;

  constructor(private readonly o: DirWatcherOptions) {
    this.watchDir = o.watchDir ?? ((dir, listener) => fs.watch(dir, { persistent: true }, listener));
  }

  get size(): number {
    return this.watches.size;
  }

  /** Walks `root` and watches each folder; resolves when the whole tree is watched. */
  async add(root: string, reportFiles = false): Promise<void> {
    const stack = [root];
    let slice = 0;
    while (stack.length > 0 && !this.closed && !this.limited) {
      const dir = stack.pop()!;
      if (this.watches.has(dir) || !this.watch(dir)) continue;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') this.o.onError(err, dir);
        continue;
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          const p = path.join(dir, e.name);
          if (!this.o.ignored(p)) stack.push(p);
        } else if (reportFiles && e.isFile()) {
          const p = path.join(dir, e.name);
          if (!this.o.ignored(p)) this.o.onFile(p);
        }
      }
      if (++slice % DIRS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) w.close();
    this.watches.clear();
  }

  private watch(dir: string): boolean {
    let w: fs.FSWatcher;
    try {
      w = this.watchDir(dir, (event, name) => this.onEvent(dir, event, name));
    } catch (err) {
      if (isWatchLimitError(err)) {
        this.limited = true;
        this.o.onLimit(err);
      } else if (errnoCode(err) !== 'ENOENT') {
        this.o.onError(err, dir);
      }
      return false;
    }
    w.on('error', (err) => {
      // A watched folder that was deleted ends its watch; anything else is worth saying.
      this.unwatch(dir);
      if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'EPERM') this.o.onError(err, dir);
    });
    this.watches.set(dir, w);
    return true;
  }

  private unwatch(dir: string): void {
    for (const [d, w] of this.watches) {
      if (d === dir || d.startsWith(dir + path.sep)) {
        w.close();
        this.watches.delete(d);
      }
    }
  }

  private onEvent(dir: string, event: string, name: string | Buffer | null): void {
    if (this.closed) return;
    if (name === null) return;
    const p = path.join(dir, name.toString());
    if (this.o.ignored(p)) return;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      if (this.watches.has(p)) this.unwatch(p);
      return;
    }
    if (st.isDirectory()) {
      // A 'rename' of a folder we watch may be a delete and re-create under the same name (even the same
      // inode): its old watch is dead, so it is watched again and its files are reported.
      if (this.watches.has(p)) {
        if (event !== 'rename') return;
        this.unwatch(p);
      }
      void this.add(p, true);
    } else if (st.isFile()) {
      this.o.onFile(p);
    }
  }
}
