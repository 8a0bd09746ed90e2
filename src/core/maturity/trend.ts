import { MlopsError } from '../errors';
import type { Registry } from '../registry';
import type { Scorecard } from './types';

export interface AssessmentRecord {
  id: number;
  at: string;
  commit: string | null;
  level: number;
  progress: number;
  /** Per level score (0..1) and the ML Test Score, enough for the trend chart without the whole scorecard. */
  scores: { levels: Record<string, number>; mlTestScore: number };
}

function requireTable(reg: Registry): void {
  const row = reg.statements.get("SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'assessments'").get();
  if (!row) throw new MlopsError('registry has no assessments table', reg.file, 'the registry is older than schema version 5; open it with this version of MLOps Lens to migrate it');
}

/** Stores one assessment; the same commit assessed again with the same result adds no row. */
export function saveAssessment(reg: Registry, card: Scorecard, commit: string | null = card.commit): number | null {
  requireTable(reg);
  const scores = JSON.stringify({ levels: Object.fromEntries(card.levels.map((l) => [String(l.level), l.score])), mlTestScore: card.mlTestScore.score });
  return reg.write(() => {
    const last = reg.statements.get('SELECT "commit" AS commit_sha, level, progress, score_json FROM assessments ORDER BY at DESC, id DESC LIMIT 1').get() as
      { commit_sha: string | null; level: number; progress: number; score_json: string } | undefined;
    if (last && last.commit_sha === commit && last.level === card.level && last.progress === card.progressToNext && last.score_json === scores) return null;
    const at = Date.parse(card.at);
    return Number(reg.statements.get('INSERT INTO assessments (at, "commit", level, progress, score_json) VALUES (?, ?, ?, ?, ?)')
      .run(Number.isNaN(at) ? Date.now() : at, commit, card.level, card.progressToNext, scores).lastInsertRowid);
  });
}

/** Stored assessments, oldest first. */
export function assessmentHistory(reg: Registry, limit = 1000): AssessmentRecord[] {
  requireTable(reg);
  const rows = reg.statements.get('SELECT * FROM (SELECT id, at, "commit" AS commit_sha, level, progress, score_json FROM assessments ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id')
    .all(limit) as { id: number; at: number; commit_sha: string | null; level: number; progress: number; score_json: string }[];
  return rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), commit: r.commit_sha, level: r.level, progress: r.progress, scores: JSON.parse(r.score_json) as AssessmentRecord['scores'] }));
}
