import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { ingest } from '../../core/capture/ingest';
import { ACTIVE_MS } from '../../core/capture/run-files';
import { QUIET_MS } from '../../core/capture/text-tail';
import { loadConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import type { GlobalOptions } from '../context';
import { withRegistry } from '../context';
import { EXIT_CHECK_FAILED, printJson } from '../output';

export function registerIngest(program: Command, globals: () => GlobalOptions): void {
  program
    .command('ingest')
    .description('import runs written by MLflow, DVCLive, Hugging Face, Lightning, Keras, Ultralytics and TensorBoard')
    .argument('[dir]', 'folder to search for logger output', '.')
    .option('--exclude <glob...>', 'also skip these paths (globs relative to DIR), beside the configured `exclude`')
    .option('--ended', 'the training that wrote the logs has exited (CI): runs of formats with no end marker are finished, not running')
    .action(async (dir: string, o: { exclude?: string[]; ended?: boolean }) => {
      const opts = globals();
      const root = path.resolve(dir);
      if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new MlopsError('no such folder', root);
      const config = loadConfig(root);
      // Configured globs are relative to the config file's folder; make them relative to DIR.
      const rel = path.relative(root, config.root).split(path.sep).join('/');
      const exclude = [...config.exclude.map((g) => (rel && !rel.startsWith('..') ? `${rel}/${g}` : g)), ...(o.exclude ?? [])];
      // Lightning and Keras CSV, TensorBoard and Ultralytics runs are running while their files change. Told the
      // writer has exited, read them as a reader would once the files had been quiet for that long.
      const now = o.ended ? () => Date.now() + ACTIVE_MS + QUIET_MS : undefined;
      const report = await withRegistry(opts, (reg) => ingest(reg, root, { exclude, now }), root);
      const { runs, ...result } = report;
      if (opts.json) printJson(result);
      else {
        const lines = runs.map((r) => `${r.created ? 'created' : 'updated'}  ${r.importer.padEnd(11)} ${r.experiment}/${r.name ?? r.id.slice(0, 8)}  +${r.metricsAdded} points  ${path.relative(process.cwd(), r.path) || '.'}`);
        lines.push(`${result.runsCreated} runs created, ${result.runsUpdated} updated, ${result.metricsAdded} points added${result.errors.length ? `, ${result.errors.length} problems` : ''}`);
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (!opts.json) for (const e of result.errors) process.stderr.write(`${e.path}${e.line === null ? '' : `:${e.line}`}: ${e.message}\n`);
      if (result.errors.length) process.exitCode = EXIT_CHECK_FAILED;
    });
}
