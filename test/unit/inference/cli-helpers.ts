import { CommanderError } from 'commander';
import { registerInference } from '../../../src/cli/commands/inference';
import type { GlobalOptions } from '../../../src/cli/context';
import { buildProgram } from '../../../src/cli/main';
import { reportError } from '../../../src/cli/output';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mlops-lens <argv>` in this process with the inference commands registered (they are added here
 * when the command index does not list them yet). Global flags go before the command name.
 */
export async function runInferenceCli(argv: string[]): Promise<CliResult> {
  const program = buildProgram();
  if (!program.commands.some((c) => c.name() === 'inspect')) {
    registerInference(program, () => program.opts<GlobalOptions>());
    for (const c of program.commands) c.exitOverride();
  }
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const capture = (into: string[]) => ((chunk: string | Uint8Array) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = 0;
  } catch (e) {
    code = e instanceof CommanderError ? 2 : reportError(e, false);
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
