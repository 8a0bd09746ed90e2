import type { CheckResult, LevelResult, MaturityCheck, RoadmapStep, Scorecard } from './types';

export const LEVELS: { level: number; name: string; timeline: string }[] = [
  { level: 1, name: 'Manual process', timeline: '' },
  { level: 2, name: 'ML pipeline automation', timeline: '4–8 weeks' },
  { level: 3, name: 'CI/CD for ML', timeline: '8–12 weeks' },
  { level: 4, name: 'Automated monitoring and retraining', timeline: '8–16 weeks' },
  { level: 5, name: 'Full autonomy', timeline: '6–12 months' },
];

/** The share of a level's check weight that must pass for the level to be reached. */
export const THRESHOLD = 0.75;

/** Fraction of weight passing: pass counts fully, partial half, fail and unknown nothing. */
export function levelScore(results: CheckResult[]): number {
  const total = results.reduce((s, r) => s + r.weight, 0);
  if (total === 0) return 1;
  const got = results.reduce((s, r) => s + (r.status === 'pass' ? r.weight : r.status === 'partial' ? r.weight / 2 : 0), 0);
  return got / total;
}

/**
 * The level rule, the one the CLI and the editor share: a level is reached when it and every level below
 * it score at least THRESHOLD. The current level is the highest reached (0 when level 1 is not).
 */
export function rankLevels(checks: MaturityCheck[], results: Map<string, CheckResult>): { levels: LevelResult[]; level: number; progressToNext: number } {
  const levels: LevelResult[] = [];
  let allBelow = true;
  let level = 0;
  for (const l of LEVELS) {
    const rs = checks.filter((c) => c.level === l.level).map((c) => results.get(c.id)!);
    const score = levelScore(rs);
    const reached = allBelow && score >= THRESHOLD;
    if (reached) level = l.level;
    else allBelow = false;
    levels.push({
      level: l.level, name: l.name, reached, score: round(score), checks: rs,
      blocking: rs.filter((r) => r.status !== 'pass').map((r) => r.id),
      unknown: rs.filter((r) => r.status === 'unknown').map((r) => r.id),
    });
  }
  const next = levels.find((l) => l.level === level + 1);
  const progressToNext = next ? Math.min(99, Math.floor((next.score / THRESHOLD) * 100)) : 100;
  return { levels, level, progressToNext };
}

/** Every not-passing check of the levels above the current one, in level order, heaviest first. */
export function roadmap(levels: LevelResult[], current: number): RoadmapStep[] {
  const steps: RoadmapStep[] = [];
  for (const l of levels) {
    if (l.level <= current) continue;
    const timeline = `${l.level - 1}→${l.level}: ${LEVELS[l.level - 1]!.timeline}`;
    const todo = l.checks.filter((c) => c.status !== 'pass').sort((a, b) => b.weight - a.weight);
    for (const c of todo) steps.push({ level: l.level, title: c.title, fix: c.fix, timeline: l.level === 1 ? '' : timeline, checkId: c.id, ...(c.command ? { command: c.command } : {}) });
  }
  return steps;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * What a minimum level (`score --min-level`) fails on, or null when it holds. With several projects each must
 * reach it: the workspace level pools their evidence, so one mature project would carry the others through.
 */
export function belowMinimum(card: Scorecard, min: number): string | null {
  if (!card.projectScores) return card.level < min ? `level ${card.level}` : null;
  const below = card.projectScores.filter((p) => p.level < min);
  return below.length ? below.map((p) => `${p.root} at level ${p.level}`).join(', ') : null;
}
