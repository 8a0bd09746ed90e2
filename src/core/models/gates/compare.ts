import { GateSyntaxError, type Op } from './types';

/**
 * The comparison grammar shared by metric, latency and drift gates: `NAME OP NUMBER`, where NAME is any
 * run of characters other than whitespace and `<>=!` (metric keys such as `val/loss` or `metrics/mAP50(B)`),
 * OP one of `>= <= > < ==`, NUMBER a decimal or exponent literal.
 */
export const OPS: readonly Op[] = ['>=', '<=', '>', '<', '=='];
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(token: string, what: string): number {
  if (!NUMBER.test(token)) throw new GateSyntaxError(`expected ${what}, got ${token === '' ? 'nothing' : `"${token}"`}`);
  return Number(token);
}

export function parseComparison(text: string): { name: string; op: Op; threshold: number } {
  const m = /^([^\s<>=!]+)\s*([<>=!]*)\s*(\S*)\s*(.*)$/.exec(text.trim());
  if (!m || m[1] === undefined) throw new GateSyntaxError('expected METRIC OP NUMBER, e.g. "accuracy >= 0.9"');
  const [, name, opText, num, rest] = m as unknown as [string, string, string, string, string];
  if (!(OPS as readonly string[]).includes(opText)) {
    throw new GateSyntaxError(`expected an operator (${OPS.join(', ')})`);
  }
  const threshold = parseNumber(num, 'a number after the operator');
  if (rest !== '') throw new GateSyntaxError(`unexpected text after the threshold: "${rest}"`);
  return { name, op: opText as Op, threshold };
}

/** NaN never passes: every comparison with NaN is false, including `==`. */
export function compare(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '>=': return value >= threshold;
    case '<=': return value <= threshold;
    case '>': return value > threshold;
    case '<': return value < threshold;
    case '==': return value === threshold;
  }
}
