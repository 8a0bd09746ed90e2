import { describeError } from '../errors';
import { checks } from './checks';
import type { Facts } from './facts';
import { rankLevels, roadmap } from './levels';
import type { CheckResult, LevelResult, MaturityCheck, RoadmapStep } from './types';

/** Runs one check; a failing check that needed an unreadable file is `unknown`, never a silent fail. */
export function evaluate(c: MaturityCheck, f: Facts): CheckResult {
  const base = { id: c.id, title: c.title, weight: c.weight, fix: c.fix.text, ...(c.fix.command ? { command: c.fix.command } : {}), ...(c.fix.scaffold ? { scaffold: c.fix.scaffold } : {}) };
  let out;
  try {
    out = c.evaluate(f);
  } catch (err) {
    return { ...base, status: 'unknown', evidence: [], why: `internal error: ${describeError(err)}` };
  }
  if (out.status !== 'pass') {
    const blind = f.unreadable.filter((u) => u.category !== null && c.reads.includes(u.category));
    if (blind.length) {
      const first = blind[0]!;
      return { ...base, status: 'unknown', evidence: out.evidence, why: `cannot read ${first.file}: ${first.why}${blind.length > 1 ? ` (and ${blind.length - 1} more)` : ''}` };
    }
  }
  return { ...base, status: out.status, evidence: out.evidence, ...(out.why ? { why: out.why } : {}) };
}

export interface Scored {
  results: Map<string, CheckResult>;
  level: number;
  progressToNext: number;
  levels: LevelResult[];
  roadmap: RoadmapStep[];
}

/** Every check over one set of facts, ranked into levels with the roadmap: the workspace's and each project's. */
export function scoreFacts(f: Facts): Scored {
  const results = new Map<string, CheckResult>(checks.map((c) => [c.id, evaluate(c, f)]));
  const ranked = rankLevels(checks, results);
  return { results, ...ranked, roadmap: roadmap(ranked.levels, ranked.level) };
}
