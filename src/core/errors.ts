/**
 * Errors that users read: what failed, where, and why, in one line.
 * `kind` decides the CLI exit code: 'input' (bad input or usage, exit 2) or 'check' (a check failed, exit 1).
 */
export type ErrorKind = 'input' | 'check' | 'internal';

export class MlopsError extends Error {
  constructor(
    readonly what: string,
    readonly where: string,
    readonly why?: string,
    readonly kind: ErrorKind = 'input',
  ) {
    super([what, where, why].filter((s) => s !== undefined && s !== '').join(': '));
    this.name = 'MlopsError';
  }
}

/** A problem found in one file that does not stop the rest of the work (importers, linters, readers). */
export interface Problem {
  path: string;
  /** 1-based line, or the record number for binary formats; null when the whole file is concerned. */
  line: number | null;
  message: string;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The Node error code (ENOENT, EACCES, ...) of a system error, if any. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
