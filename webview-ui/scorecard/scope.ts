import type { EvidenceItem, ProjectScore, Scorecard } from '../../src/core/maturity/types';

/** What the ladder, blockers, roadmap and checks show: the pooled workspace (root null) or one project. */
export interface Scope extends Omit<ProjectScore, 'root'> {
  root: string | null;
  shared: EvidenceItem[];
}

/** The project asked for while the scorecard still has it (a re-assessment may drop it), else the workspace. */
export function scopeOf(card: Scorecard, project: string | null): Scope {
  const p = project === null ? undefined : card.projectScores?.find((x) => x.root === project);
  return p ?? { root: null, level: card.level, progressToNext: card.progressToNext, levels: card.levels, roadmap: card.roadmap, shared: [] };
}

/** The picker's choices, the workspace first ('' is its value); none with a single project. */
export function scopeChoices(card: Scorecard): { value: string; label: string }[] {
  if (!card.projectScores) return [];
  return [{ value: '', label: `Workspace, pooled · level ${card.level}` }, ...card.projectScores.map((p) => ({ value: p.root, label: `${p.root} · level ${p.level}` }))];
}
