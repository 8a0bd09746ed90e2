import type { Command } from 'commander';
import { loadConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import { normalizeAlias, parseGatesConfig, parseVersion, planPromotion, type GateResult } from '../../core/models';
import { listModelNames } from '../../core/registry/models';
import { formatGates } from '../../core/models/text';
import type { GlobalOptions } from '../context';
import { withRegistry } from '../context';
import { printJson } from '../output';

interface GateOptions {
  model?: string;
  version?: string;
  to?: string;
}

/** One candidate checked against one target: the shape of each entry of `mlops-lens gate --json`. */
export interface GateCheck {
  name: string;
  version: number;
  to: string;
  passed: boolean;
  gates: GateResult[];
}

/** `mlops-lens gate`: evaluates promotion gates without promoting, for a CI step (exit 1 on any failure). */
export function registerGate(program: Command, globals: () => GlobalOptions): void {
  program
    .command('gate')
    .description('evaluate the quality gates without promoting (exit 1 when one fails)')
    .option('--model <name>', 'the model to check (default: every model)')
    .option('--version <version>', 'the version to check (default: the newest)')
    .option('--to <alias>', 'the alias or stage whose gates apply (default: every configured one)')
    .action(async (o: GateOptions) => {
      const opts = globals();
      if (o.version !== undefined && o.model === undefined) throw new MlopsError('usage', '--version', 'give --model with --version');
      const config = parseGatesConfig(loadConfig(process.cwd()));
      const where = config.file ?? 'pyproject.toml';
      if (config.targets.size === 0) throw new MlopsError('no gates configured', where, 'add [tool.mlops-lens.gates] with e.g. production = ["accuracy >= 0.9"]');
      const targets = o.to === undefined ? [...config.targets.keys()] : [normalizeAlias(o.to)];
      for (const t of targets) {
        if (!config.targets.get(t)?.length) throw new MlopsError('no gates configured', `${where}: ${t}`, `configured: ${[...config.targets.keys()].join(', ')}`);
      }
      const version = o.version === undefined ? 'latest' : parseVersion(o.version);
      const checks = await withRegistry(opts, async (reg) => {
        const names = o.model === undefined ? listModelNames(reg.statements) : [o.model];
        if (names.length === 0) throw new MlopsError('no registered models', reg.file, 'register one with `mlops-lens models register PATH --name NAME`');
        const out: GateCheck[] = [];
        for (const name of names) {
          for (const to of targets) {
            // A plan evaluates the gates exactly as a promotion would, and is never committed here.
            const plan = await planPromotion(reg, { name, version, to, gates: config });
            out.push({ name, version: plan.candidate.version, to, passed: plan.passed, gates: plan.gates });
          }
        }
        return out;
      });
      const passed = checks.every((c) => c.passed);
      if (opts.json) printJson({ passed, results: checks });
      else for (const c of checks) process.stdout.write(`${c.name} version ${c.version} → ${c.to}: ${c.passed ? 'pass' : 'FAIL'}\n${formatGates(c.gates)}`);
      if (!passed) {
        const failing = checks.flatMap((c) => c.gates.filter((g) => !g.passed).map((g) => `${c.name} version ${c.version} → ${c.to}: ${g.name} (${g.reason})`));
        throw new MlopsError('gate failed', `${failing.length} failing gate${failing.length === 1 ? '' : 's'}`, failing.join('; '), 'check');
      }
    });
}
