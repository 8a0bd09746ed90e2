import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { MlopsError, describeError } from '../core/errors';

/**
 * How a handler's failure reaches the editor: user-facing errors (bad names, failing gates, conflicts, damaged
 * files) as their one-line message, anything else as an internal error; an error already shaped passes through.
 */
export function responseError(err: unknown): ResponseError<void> {
  if (err instanceof ResponseError) return err as ResponseError<void>;
  if (err instanceof MlopsError) return new ResponseError(ErrorCodes.InvalidParams, err.message);
  return new ResponseError(ErrorCodes.InternalError, describeError(err));
}

/** Runs a synchronous handler body, turning what it throws into `responseError`. */
export function userErrorsSync<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw responseError(err);
  }
}

/** Runs a handler body, turning what it throws or rejects with into `responseError`. */
export async function userErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw responseError(err);
  }
}
