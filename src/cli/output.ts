import { MlopsError, describeError } from '../core/errors';

/** Exit codes every command keeps (DESIGN.md): 0 ok, 1 a check failed, 2 usage or input error. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;

/** JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity" and "-Infinity". */
export function toJson(value: unknown, pretty = true): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v;
  }, pretty ? 2 : undefined);
}

export function printJson(value: unknown): void {
  process.stdout.write(toJson(value) + '\n');
}

/** `mlops-lens: <what>: <where>[: <why>]` on stderr; the stack only with --verbose. */
export function reportError(err: unknown, verbose: boolean): number {
  if (err instanceof MlopsError) {
    process.stderr.write(`mlops-lens: ${err.message}\n`);
    if (verbose && err.stack) process.stderr.write(err.stack + '\n');
    return err.kind === 'check' ? EXIT_CHECK_FAILED : EXIT_USAGE;
  }
  process.stderr.write(`mlops-lens: internal error: ${describeError(err)}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  return EXIT_USAGE;
}
