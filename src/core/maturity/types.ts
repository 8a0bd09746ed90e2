import type { Finding } from '../lint';

export type Status = 'pass' | 'partial' | 'fail' | 'unknown';

/** One piece of proof. `file` is relative to the assessed root with '/' separators; `line` is 1-based. */
export interface EvidenceItem {
  /** null for facts that live outside files (registry, git tags). */
  file: string | null;
  line: number | null;
  detail: string;
}

/** What a check needs to read; an unreadable file of one of these kinds turns a failing check `unknown`. */
export type Category = 'code' | 'notebook' | 'ci' | 'pipeline' | 'deps' | 'config' | 'registry';

export interface CheckDocs {
  what: string;
  why: string;
  /** What counts as passing (and partial, when the check knows it). */
  pass: string;
  references: string[];
}

export interface CheckFix {
  /** What to do, in one or two sentences. */
  text: string;
  /** A command that starts the work. */
  command?: string;
  /** A scaffold `scaffoldFix(root, checkId)` can write for this check. */
  scaffold?: { title: string; path: string };
}

export interface Outcome {
  status: Exclude<Status, 'unknown'>;
  evidence: EvidenceItem[];
  /** Why the status, in one line, when the evidence alone does not say it. */
  why?: string;
}

export type Level = 1 | 2 | 3 | 4 | 5;

export interface MaturityCheck {
  id: string;
  level: Level;
  title: string;
  weight: number;
  docs: CheckDocs;
  fix: CheckFix;
  reads: Category[];
  evaluate(facts: import('./facts').Facts): Outcome;
}

export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  weight: number;
  evidence: EvidenceItem[];
  /** What to do (CheckFix.text); `command` and `scaffold` carry the action. */
  fix: string;
  command?: string;
  scaffold?: { title: string; path: string };
  /** Why the status; for `unknown`, the file that could not be read and the reason. */
  why?: string;
}

export interface LevelResult {
  level: number;
  name: string;
  reached: boolean;
  /** Fraction 0..1 of the level's check weight passing (partial counts half). */
  score: number;
  checks: CheckResult[];
  /** Ids of checks that are not passing (fail, partial or unknown). */
  blocking: string[];
  /** Ids of checks whose status is unknown (counted as not passing). */
  unknown: string[];
}

export interface AntiPattern {
  name: string;
  rules: string[];
  findings: number;
  /** Where the findings are (file relative to the root, 1-based line). */
  locations: { file: string; line: number; code: string; message: string }[];
}

export type MlTestSection = 'data' | 'model' | 'infrastructure' | 'monitoring';

export interface MlTest {
  id: string;
  section: MlTestSection;
  title: string;
  /** 0, 0.5 (manual, documented) or 1 (automated). */
  points: number;
  /** `evidence`: detected; `confirmed`: from .mlops/assessment.toml; `confirm manually`: nothing detected or confirmed. */
  source: 'evidence' | 'confirmed' | 'confirm manually';
  evidence: EvidenceItem[];
}

export interface MlTestScore {
  sections: Record<MlTestSection, number>;
  /** The minimum of the four section sums, as the rubric defines it. */
  score: number;
  tests: MlTest[];
  /** The confirmations file, relative to the root, when it exists. */
  confirmations: string | null;
}

export interface RoadmapStep {
  level: number;
  title: string;
  fix: string;
  timeline: string;
  checkId: string;
  command?: string;
}

/**
 * One project's scorecard inside a workspace of several: the same levels, checks and roadmap as the workspace's,
 * over the files the project owns and the shared evidence that applies to it. Evidence paths stay relative to the
 * workspace root.
 */
export interface ProjectScore {
  /** The project root, relative to the workspace ('.' for the workspace root). */
  root: string;
  level: number;
  progressToNext: number;
  levels: LevelResult[];
  roadmap: RoadmapStep[];
  /** Evidence from outside the project's folder that counted for it (shared CI, the registry, git tags), and why. */
  shared: EvidenceItem[];
}

export interface Scorecard {
  level: number;
  /** Percent of the way to the next level: the next level's score over the 75% it needs (100 at level 5). */
  progressToNext: number;
  levels: LevelResult[];
  antiPatterns: AntiPattern[];
  mlTestScore: MlTestScore;
  roadmap: RoadmapStep[];
  /** Absolute path of the assessed folder. */
  root: string;
  /** HEAD's commit, or null outside git. */
  commit: string | null;
  at: string;
  /** Project roots found inside the workspace (relative, '.' for the root itself). */
  projects: string[];
  /** Each project scored on its own, when the workspace holds two or more (absent otherwise). */
  projectScores?: ProjectScore[];
  /** Files that could not be read and why (each makes the checks that needed it `unknown`). */
  unreadable: { file: string; why: string }[];
  /** Files scanned for evidence. */
  filesScanned: number;
}

export interface AssessOptions {
  registry?: import('../registry').Registry;
  /** The registry exists but could not be opened: the checks that read it become `unknown` with this reason. */
  registryProblem?: { file: string; why: string };
  findings?: Finding[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}
