import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { lineOfKey } from '../config';
import { describeError, errnoCode } from '../errors';
import type { MlTestSection } from './types';

/** Where a team keeps its ML Test Score confirmations (committed, so the team shares them). */
export const CONFIRMATIONS_FILE = '.mlops/assessment.toml';

export type Confirmation = 'automated' | 'manual' | 'no';
const POINTS: Record<Confirmation, number> = { automated: 1, manual: 0.5, no: 0 };
const SECTIONS: MlTestSection[] = ['data', 'model', 'infrastructure', 'monitoring'];

export interface Confirmations {
  /** By test id (`data.1` … `monitoring.7`). */
  byTest: Map<string, Confirmation>;
  /** The file, relative to the root, when it exists. */
  file: string | null;
  /** Why the file could not be used, naming the line, or null. */
  error: string | null;
}

export function confirmationPoints(c: Confirmation): number {
  return POINTS[c];
}

/**
 * Reads `.mlops/assessment.toml`:
 * ```toml
 * [ml-test-score.data]
 * 2 = "manual"      # reviewed by hand, results written down
 * [ml-test-score.monitoring]
 * 1 = "automated"
 * ```
 * A missing file is no confirmation; a bad one gives `error` (with the line) and no confirmation.
 */
export function readConfirmations(root: string): Confirmations {
  const abs = path.join(root, CONFIRMATIONS_FILE);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') return { byTest: new Map(), file: null, error: null };
    return { byTest: new Map(), file: CONFIRMATIONS_FILE, error: `cannot read: ${code ?? describeError(err)}` };
  }
  const bad = (line: number | undefined, why: string): Confirmations => ({ byTest: new Map(), file: CONFIRMATIONS_FILE, error: `line ${line ?? 1}: ${why}` });
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) return bad(err.line, `invalid TOML: ${err.message.split('\n')[0]}`);
    return bad(1, describeError(err));
  }
  const table = doc['ml-test-score'];
  if (table === undefined) return { byTest: new Map(), file: CONFIRMATIONS_FILE, error: null };
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return bad(lineOfKey(text, 'ml-test-score'), '"ml-test-score" must be a table of sections');
  const byTest = new Map<string, Confirmation>();
  for (const [section, tests] of Object.entries(table)) {
    if (!SECTIONS.includes(section as MlTestSection)) return bad(lineOfKey(text, section), `unknown section "${section}" (expected ${SECTIONS.join(', ')})`);
    if (typeof tests !== 'object' || tests === null || Array.isArray(tests)) return bad(lineOfKey(text, section), `"${section}" must be a table of test numbers`);
    for (const [n, value] of Object.entries(tests as Record<string, unknown>)) {
      if (!/^[1-7]$/.test(n)) return bad(lineOfKey(text, n), `"${section}.${n}": tests are numbered 1 to 7`);
      if (value !== 'automated' && value !== 'manual' && value !== 'no') return bad(lineOfKey(text, n), `"${section}.${n}" must be "automated", "manual" or "no"`);
      byTest.set(`${section}.${n}`, value);
    }
  }
  return { byTest, file: CONFIRMATIONS_FILE, error: null };
}
