import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { describeError, MlopsError } from '../../core/errors';
import { assess, belowMinimum, formatMarkdown, formatText, saveAssessment, type Scorecard } from '../../core/maturity';
import { Registry } from '../../core/registry';
import { registryPath, type GlobalOptions } from '../context';
import { EXIT_OK, printJson } from '../output';

interface ScoreCliOptions {
  format?: 'text' | 'json' | 'markdown';
  minLevel?: number;
  save?: boolean;
}

function level(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new InvalidArgumentError('a level from 1 to 5');
  return n;
}

/** `mlops-lens score [DIR]`: the maturity scorecard; with `--min-level N`, exit 1 below level N (every project's, when there are several). */
export function registerScore(program: Command, globals: () => GlobalOptions): void {
  program
    .command('score')
    .description('assess the MLOps maturity level (1–5) from evidence in the workspace, with the ML Test Score and a roadmap')
    .argument('[dir]', 'the folder to assess (default: the current folder)', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']))
    .option('--min-level <n>', 'exit 1 when the level is below N, or any project\'s when there are several (a CI gate)', level)
    .option('--save', 'store the assessment in the registry for the trend')
    .action(async (dir: string, o: ScoreCliOptions) => {
      const opts = globals();
      const root = path.resolve(dir);
      if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new MlopsError('no such folder', dir);
      const file = registryPath(opts, root);
      let reg: Registry | undefined;
      let registryProblem: { file: string; why: string } | undefined;
      if (fs.existsSync(file) || o.save) {
        try {
          reg = Registry.open(file);
        } catch (err) {
          if (o.save) throw err;
          registryProblem = { file: path.relative(root, file).split(path.sep).join('/'), why: describeError(err) };
        }
      }
      let card: Scorecard;
      try {
        card = await assess(root, { registry: reg, registryProblem });
        if (o.save && reg) saveAssessment(reg, card);
      } finally {
        reg?.close();
      }
      const format = o.format ?? (opts.json ? 'json' : 'text');
      if (format === 'json') printJson(card);
      else process.stdout.write(format === 'markdown' ? formatMarkdown(card) : formatText(card));
      for (const u of card.unreadable) process.stderr.write(`mlops-lens: cannot read: ${u.file}: ${u.why}\n`);
      const below = o.minLevel === undefined ? null : belowMinimum(card, o.minLevel);
      if (below) throw new MlopsError('maturity below the minimum', below, `--min-level ${o.minLevel}`, 'check');
      process.exitCode = EXIT_OK;
    });
}
