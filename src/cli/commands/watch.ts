import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { rebaseGlobs } from '../../core/capture/watch-paths';
import { startWatcher, type WatchIngest } from '../../core/capture/watcher';
import { loadConfig } from '../../core/config';
import { MlopsError, type Problem } from '../../core/errors';
import type { GlobalOptions } from '../context';
import { registryPath, withRegistry } from '../context';
import { toJson } from '../output';

interface WatchOptions {
  exclude?: string[];
  poll?: boolean;
  catchUp?: boolean;
}

/**
 * `mlops-lens watch [DIR]`: the backend's watcher in the foreground. Each ingest prints one line per run
 * it created or updated (with `--json`, one JSON object per line), problems go to stderr, and Ctrl-C
 * (SIGINT) or SIGTERM stops it with exit code 0.
 */
export function registerWatch(program: Command, globals: () => GlobalOptions): void {
  program
    .command('watch')
    .description('watch a folder and import logger output as it is written, until Ctrl-C')
    .argument('[dir]', 'folder to watch', '.')
    .option('--exclude <glob...>', 'also skip these paths (globs relative to DIR), beside the configured `exclude`')
    .option('--poll', 'poll the output folders instead of using file system events (network file systems)')
    .option('--no-catch-up', 'do not import what changed before the watch started')
    .action(async (dir: string, o: WatchOptions) => {
      const opts = globals();
      const root = path.resolve(dir);
      if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new MlopsError('no such folder', root);
      const loaded = loadConfig(root);
      const config = { ...loaded, exclude: [...loaded.exclude, ...rebaseGlobs(o.exclude ?? [], root, loaded.root)] };
      const out = (line: string) => process.stdout.write(line + '\n');
      const emit = opts.json ? (value: Record<string, unknown>) => out(toJson(value, false)) : undefined;
      await withRegistry(opts, async (reg) => {
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          const watcher = startWatcher(reg, root, {
            config, polling: o.poll, catchUp: o.catchUp, signal: stop.signal,
            onIngest: (e) => (emit ? ingestJson(e).forEach(emit) : ingestLines(e).forEach(out)),
            onProblem: (p) => (emit ? emit({ type: 'problem', ...p }) : process.stderr.write(problemLine(p) + '\n')),
          });
          await watcher.ready;
          if (!stop.signal.aborted) {
            const ready = { type: 'ready', root, registry: registryPath(opts, root), mode: watcher.mode, roots: watcher.roots };
            if (emit) emit(ready);
            else process.stderr.write(`watching ${root} (${watcher.mode === 'polling' ? 'polling ' + watcher.roots.map((r) => path.relative(root, r) || '.').join(', ') : 'file events'}); Ctrl-C to stop\n`);
            await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true })));
          }
          await watcher.close();
          if (emit) emit({ type: 'stopped' });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      }, root);
    });
}

function ingestJson(e: WatchIngest): Record<string, unknown>[] {
  const runs = e.runs.map((run) => ({ type: 'ingest', file: e.file, terminalRun: e.terminalRun, run }));
  const models = e.models.map((file) => ({ type: 'model', file, terminalRun: e.terminalRun }));
  return [...runs, ...models];
}

function ingestLines(e: WatchIngest): string[] {
  const time = new Date().toTimeString().slice(0, 8);
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  const runs = e.runs.map((r) => `${time}  ${r.created ? 'created' : 'updated'}  ${r.importer.padEnd(11)} ${r.experiment}/${r.name ?? r.id.slice(0, 8)}  +${r.metricsAdded} points  ${rel(r.path)}`
    + (e.terminalRun ? `  (terminal run ${e.terminalRun.slice(0, 8)})` : ''));
  const models = e.models.map((m) => `${time}  model    ${rel(m)}  recorded on terminal run ${e.terminalRun?.slice(0, 8) ?? ''}`);
  return [...runs, ...models];
}

function problemLine(p: Problem): string {
  return `mlops-lens: ${p.path}${p.line === null ? '' : `:${p.line}`}: ${p.message}`;
}
