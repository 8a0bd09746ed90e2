import { Command, CommanderError } from 'commander';
import { VERSION } from '../version';
import type { GlobalOptions } from './context';
import { EXIT_USAGE, reportError } from './output';
import { commands } from './commands';

/** Builds the program; exported so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command('mlops-lens')
    .description('MLOps Lens: runs, models, lint, drift and maturity for ML repositories')
    .version(VERSION)
    .option('--json', 'print JSON (stable shapes, for CI)')
    .option('--registry <path>', 'registry file (default: <workspace>/.mlops/registry.db)')
    .option('--verbose', 'show stack traces with errors')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(`mlops-lens: usage: ${s.replace(/^error: /, '')}`) });
  const globals = () => program.opts<GlobalOptions>();
  for (const register of commands) register(program, globals);
  for (const c of program.commands) {
    // `--json` and `--registry` are accepted after the subcommand too (`mlops-lens runs list --json`).
    propagateGlobals(c);
  }
  return program;
}

function propagateGlobals(c: Command): void {
  c.exitOverride();
  if (c.commands.length) {
    for (const sub of c.commands) propagateGlobals(sub);
    return;
  }
  c.option('--json', 'print JSON').option('--registry <path>', 'registry file').option('--verbose', 'show stack traces');
  c.hook('preAction', (_this, action) => {
    const local = action.opts<GlobalOptions>();
    let root: Command = action;
    while (root.parent) root = root.parent;
    for (const k of ['json', 'registry', 'verbose'] as const) if (local[k] !== undefined) root.setOptionValue(k, local[k]);
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // 'commander.help' with a non-zero code is the help printed for a missing subcommand: a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0)) return 0;
      return EXIT_USAGE;
    }
    return reportError(err, program.opts<GlobalOptions>().verbose ?? false);
  }
}
