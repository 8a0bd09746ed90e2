import * as path from 'node:path';
import type { LensConfig } from '../../config';
import { lineOfKey } from '../../config';
import { MlopsError } from '../../errors';
import { normalizeAlias } from '../aliases';
import { datasetGate } from './dataset';
import { driftGate } from './drift';
import { gitCleanGate } from './git-clean';
import { latencyGate } from './latency';
import { metricGate } from './metric';
import { notWorseGate } from './not-worse';
import { GateSyntaxError, type GateKindDef, type GateSpec } from './types';

/** Tried in order; the metric comparison comes last as it accepts any `NAME OP NUMBER`. */
export const GATE_KINDS: readonly GateKindDef[] = [gitCleanGate, datasetGate, notWorseGate, latencyGate, driftGate, metricGate] as GateKindDef[];

/** Keys of the gates table that are settings, not target aliases. */
const SETTINGS = new Set(['reference', 'current']);

export interface GatesConfig {
  /** Gate lists by target alias (stage names lowercased: `production`, `staging`, ...). */
  targets: Map<string, GateSpec[]>;
  /** Absolute data paths for `max_psi`, or null when not configured. */
  reference: string | null;
  current: string | null;
  /** The config file, for messages; null when there is none. */
  file: string | null;
}

/** Parses one expression; throws a GateSyntaxError saying what was expected. */
export function parseGate(text: string): GateSpec {
  if (typeof text !== 'string' || text.trim() === '') throw new GateSyntaxError('empty gate expression');
  if (/^require_\w+$/.test(text.trim())) {
    const hit = GATE_KINDS.slice(0, 2).map((k) => k.parse(text)).find((s) => s !== null);
    if (hit) return hit;
    throw new GateSyntaxError('unknown requirement (expected require_git_clean or require_dataset)');
  }
  for (const kind of GATE_KINDS) {
    const spec = kind.parse(text);
    if (spec) return spec;
  }
  throw new GateSyntaxError('not a gate expression');
}

/**
 * Reads `[tool.mlops-lens.gates]`: `reference` / `current` data paths and, for every other key, the
 * list of gate expressions guarding that alias or stage. Any bad entry is an error naming the config
 * file and the line of the expression.
 */
export function parseGatesConfig(config: LensConfig): GatesConfig {
  const file = config.file;
  const display = file === null ? '<config>' : displayPath(file);
  const text = config.text ?? '';
  const sectionLine = lineOfKey(text, 'gates') ?? 1;
  const lineOf = (key: string, needle?: string): number => {
    const lines = text.split(/\r?\n/);
    const keyLine = (lineOfKey(lines.slice(sectionLine - 1).join('\n'), key) ?? 1) + sectionLine - 1;
    if (needle === undefined) return keyLine;
    const i = lines.findIndex((l, n) => n >= keyLine - 1 && l.includes(needle));
    return i < 0 ? keyLine : i + 1;
  };
  const fail = (line: number, why: string): never => {
    throw new MlopsError('invalid gate', `${display}:${line}`, why);
  };
  const dataPath = (key: string): string | null => {
    const v = config.gates[key];
    if (v === undefined) return null;
    if (typeof v !== 'string' || v === '') fail(lineOf(key), `"${key}" must be a path to a data file`);
    return path.resolve(config.root, v as string);
  };
  const targets = new Map<string, GateSpec[]>();
  for (const [key, value] of Object.entries(config.gates)) {
    if (SETTINGS.has(key)) continue;
    let alias: string;
    try {
      alias = normalizeAlias(key);
    } catch (err) {
      return fail(lineOf(key), `"${key}" is not an alias or stage name (${(err as MlopsError).why ?? ''})`);
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      fail(lineOf(key), `"${key}" must be a list of gate expressions, e.g. ${key} = ["accuracy >= 0.9"]`);
    }
    if (targets.has(alias)) fail(lineOf(key), `gates for "${alias}" are given twice`);
    targets.set(alias, (value as string[]).map((expr) => {
      try {
        return parseGate(expr);
      } catch (err) {
        if (!(err instanceof GateSyntaxError)) throw err;
        return fail(lineOf(key, JSON.stringify(expr).slice(1, -1)), `${JSON.stringify(expr)}: ${err.message}`);
      }
    }));
  }
  return { targets, reference: dataPath('reference'), current: dataPath('current'), file };
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
