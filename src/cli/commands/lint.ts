import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import { lintPaths } from '../../core/lint';
import { formatText, summary } from '../../core/lint/format';
import { toSarif } from '../../core/lint/sarif';
import { VERSION } from '../../version';
import type { GlobalOptions } from '../context';
import { EXIT_CHECK_FAILED, EXIT_OK, printJson } from '../output';

interface LintCliOptions {
  format?: 'text' | 'json' | 'sarif';
  select?: string[];
  ignore?: string[];
  exitZero?: boolean;
}

const CODE = /^(?:ALL|MLO\d{0,3})$/;

function codes(value: string, previous: string[] | undefined): string[] {
  const list = value.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  const bad = list.find((c) => !CODE.test(c));
  if (bad) throw new InvalidArgumentError(`"${bad}" is not a rule code or prefix (MLO101, MLO1, ALL)`);
  return [...(previous ?? []), ...list];
}

export function registerLint(program: Command, globals: () => GlobalOptions): void {
  program
    .command('lint')
    .description('find MLOps anti-patterns in Python, notebooks, dependency and pipeline files')
    .argument('[paths...]', 'files or folders (default: the current folder)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']))
    .option('--select <codes>', 'only these rules or prefixes, comma-separated (overrides the config)', codes)
    .option('--ignore <codes>', 'also ignore these rules or prefixes, comma-separated', codes)
    .option('--exit-zero', 'exit 0 even when there are findings')
    .action(async (paths: string[], o: LintCliOptions) => {
      const opts = globals();
      const targets = paths.length ? paths : ['.'];
      for (const p of targets) if (!fs.existsSync(p)) throw new MlopsError('no such file or folder', p);
      const first = targets[0]!;
      const config = loadConfig(fs.statSync(first).isDirectory() ? first : path.dirname(first));
      const result = await lintPaths(targets, { config, select: o.select ?? undefined, ignore: o.ignore });
      const format = o.format ?? (opts.json ? 'json' : 'text');
      if (format === 'json') printJson(result.findings.map((f) => ({ ...f, file: relative(f.file) })));
      else if (format === 'sarif') printJson(toSarif(result.findings, repoRoot(process.cwd()), VERSION));
      else process.stdout.write(formatText(result.findings) + summary(result.findings));
      process.exitCode = result.findings.length > 0 && !o.exitZero ? EXIT_CHECK_FAILED : EXIT_OK;
    });
}

function relative(file: string): string {
  return path.isAbsolute(file) ? path.relative(process.cwd(), file).split(path.sep).join('/') : file.split(path.sep).join('/');
}

/** SARIF paths are relative to the repository root: the nearest folder holding .git, else the current folder. */
function repoRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}
