import { MlopsError } from '../errors';
import type { Registry } from '../registry';
import { modelIdByName, versionById, type ModelVersionRecord } from '../registry/models';
import { holderOf, moveAlias, normalizeAlias, stageOf } from './aliases';
import { evaluateGates } from './gates/evaluate';
import type { GatesConfig } from './gates/parse';
import type { GateResult, GateServices } from './gates/types';
import { resolveVersion } from './resolve';

/**
 * Promotion moves an alias (or stage) to a version after evaluating the gates configured for it. It runs
 * in two steps so the editor can show the gates before the user confirms: `planPromotion` reads the
 * current holder and evaluates (gates may benchmark or read data, so no lock is held), and
 * `commitPromotion` moves the alias in one IMMEDIATE transaction only if the holder is still the one
 * the gates were evaluated against; otherwise it fails with a conflict and nothing changes.
 */
export interface PromotionPlan {
  name: string;
  modelId: number;
  candidate: ModelVersionRecord;
  target: string;
  /** The holder when the gates were evaluated (null: the alias was free). */
  expected: ModelVersionRecord | null;
  gates: GateResult[];
  passed: boolean;
}

export interface PromotionRecord {
  id: number;
  name: string;
  version: number;
  /** The version's highest stage before the promotion (`none`, `staging`, ...). */
  from: string | null;
  to: string;
  /** The version that held the alias before (null: it was free). */
  previous: number | null;
  kind: 'promote' | 'rollback';
  forced: boolean;
  at: string;
  gates: GateResult[];
}

export interface PromoteOptions {
  name: string;
  /** A version number, or 'latest'. */
  version: number | 'latest';
  /** An alias or stage name (`champion`, `Production`, ...). */
  to: string;
  gates: GatesConfig;
  services?: Partial<GateServices>;
}

export interface PromoteResult {
  promoted: boolean;
  gates: GateResult[];
  /** The promotions row written, or null when blocked or when the version already held the alias. */
  record: PromotionRecord | null;
}

export async function planPromotion(reg: Registry, o: PromoteOptions): Promise<PromotionPlan> {
  const target = normalizeAlias(o.to);
  const candidate = resolveVersion(reg, o.name, { version: o.version });
  const modelId = modelIdByName(reg.statements, o.name)!;
  const holderId = holderOf(reg.statements, modelId, target);
  const expected = holderId === null ? null : versionById(reg.statements, holderId)!;
  const gates = await evaluateGates(reg, { candidate, target, holder: expected, gates: o.gates, services: o.services });
  return { name: o.name, modelId, candidate, target, expected, gates, passed: gates.every((g) => g.passed) };
}

/**
 * Moves the alias as planned. A plan with a failing gate is refused unless `force`, and then recorded as
 * forced. Throws a conflict error (exit 1) when another promotion moved the alias since the plan.
 */
export function commitPromotion(reg: Registry, plan: PromotionPlan, force = false): PromoteResult {
  const where = `${plan.name}@${plan.target}`;
  if (!plan.passed && !force) {
    const failing = plan.gates.filter((g) => !g.passed).map((g) => `${g.name} (${g.reason})`).join('; ');
    throw new MlopsError('promotion blocked by gates', `${plan.name} version ${plan.candidate.version} to ${plan.target}`, failing, 'check');
  }
  return reg.write(() => {
    const st = reg.statements;
    const holder = holderOf(st, plan.modelId, plan.target);
    const expectedId = plan.expected?.id ?? null;
    if (holder !== expectedId) throw conflict(reg, where, holder, plan.expected);
    if (holder === plan.candidate.id) return { promoted: true, gates: plan.gates, record: null };
    const before = versionById(st, plan.candidate.id);
    if (!before) throw new MlopsError('no such model version', `${plan.name} version ${plan.candidate.version}`, 'it was deleted while the gates were evaluated');
    if (!moveAlias(st, plan.modelId, plan.target, expectedId, plan.candidate.id)) throw conflict(reg, where, holderOf(st, plan.modelId, plan.target), plan.expected);
    const id = insertPromotion(reg, {
      versionId: plan.candidate.id, from: stageOf(before.aliases).toLowerCase(), to: plan.target, gates: plan.gates,
      forced: !plan.passed, previousId: expectedId, kind: 'promote',
    });
    return { promoted: true, gates: plan.gates, record: promotionById(reg, id)! };
  });
}

/** Plans and commits; a failing gate without `force` returns `promoted: false` with the gates. */
export async function promote(reg: Registry, o: PromoteOptions & { force?: boolean }): Promise<PromoteResult> {
  const plan = await planPromotion(reg, o);
  if (!plan.passed && !o.force) return { promoted: false, gates: plan.gates, record: null };
  return commitPromotion(reg, plan, o.force ?? false);
}

/**
 * Moves `alias` back to the version that held it before the last promotion to it (promoting or rolling
 * back twice toggles between the two). Gates are not evaluated: a rollback restores a known state.
 */
export function rollback(reg: Registry, name: string, aliasOrStage: string): PromotionRecord {
  const alias = normalizeAlias(aliasOrStage);
  return reg.write(() => {
    const st = reg.statements;
    const modelId = modelIdByName(st, name);
    if (modelId === undefined) throw new MlopsError('no such model', name);
    const holder = holderOf(st, modelId, alias);
    if (holder === null) throw new MlopsError('nothing to roll back', `${name}@${alias}`, 'no version holds this alias');
    const last = st.get(`SELECT p.version_id, p.previous_version_id FROM promotions p JOIN model_versions v ON v.id = p.version_id
      WHERE v.model_id = ? AND p.to_stage = ? ORDER BY p.id DESC LIMIT 1`).get(modelId, alias) as { version_id: number; previous_version_id: number | null } | undefined;
    if (!last || last.version_id !== holder || last.previous_version_id === null) {
      throw new MlopsError('nothing to roll back', `${name}@${alias}`, 'no earlier holder of this alias is recorded');
    }
    const target = versionById(st, last.previous_version_id)!;
    if (!moveAlias(st, modelId, alias, holder, target.id)) throw conflict(reg, `${name}@${alias}`, holderOf(st, modelId, alias), versionById(st, holder) ?? null);
    const id = insertPromotion(reg, {
      versionId: target.id, from: stageOf(target.aliases).toLowerCase(), to: alias, gates: [], forced: false, previousId: holder, kind: 'rollback',
    });
    return promotionById(reg, id)!;
  });
}

function conflict(reg: Registry, where: string, now: number | null, expected: ModelVersionRecord | null): MlopsError {
  const nowVersion = now === null ? null : versionById(reg.statements, now)?.version;
  const was = expected === null ? 'free' : `held by version ${expected.version}`;
  const is = nowVersion === undefined || nowVersion === null ? 'is free now' : `now points at version ${nowVersion}`;
  return new MlopsError('promotion conflict', where, `another promotion moved it first (it was ${was} when the gates ran, it ${is}); evaluate the gates again`, 'check');
}

interface PromotionInput {
  versionId: number; from: string | null; to: string; gates: GateResult[]; forced: boolean; previousId: number | null; kind: 'promote' | 'rollback';
}

function insertPromotion(reg: Registry, p: PromotionInput): number {
  return Number(reg.statements.get(`INSERT INTO promotions (version_id, from_stage, to_stage, gate_results_json, forced, at, previous_version_id, kind)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(p.versionId, p.from, p.to, JSON.stringify(p.gates, nanSafe), p.forced ? 1 : 0, Date.now(), p.previousId, p.kind).lastInsertRowid);
}

/** JSON has no NaN or Infinity: gate values are stored as the strings the CLI prints. */
function nanSafe(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

interface PromotionRow {
  id: number; name: string; version: number; from_stage: string | null; to_stage: string; previous: number | null;
  kind: 'promote' | 'rollback'; forced: number; at: number; gate_results_json: string;
}

const PROMOTION_SELECT = `SELECT p.id, m.name, v.version, p.from_stage, p.to_stage, pv.version AS previous, p.kind, p.forced, p.at, p.gate_results_json
  FROM promotions p JOIN model_versions v ON v.id = p.version_id JOIN models m ON m.id = v.model_id
  LEFT JOIN model_versions pv ON pv.id = p.previous_version_id`;

const toPromotion = (r: PromotionRow): PromotionRecord => ({
  id: r.id, name: r.name, version: r.version, from: r.from_stage, to: r.to_stage, previous: r.previous, kind: r.kind,
  forced: r.forced === 1, at: new Date(r.at).toISOString(), gates: JSON.parse(r.gate_results_json) as GateResult[],
});

export function promotionById(reg: Registry, id: number): PromotionRecord | undefined {
  const row = reg.statements.get(`${PROMOTION_SELECT} WHERE p.id = ?`).get(id) as PromotionRow | undefined;
  return row && toPromotion(row);
}

/** Promotions that moved an alias to this version or away from it, oldest first. */
export function promotionsOfVersion(reg: Registry, versionId: number): PromotionRecord[] {
  return (reg.statements.get(`${PROMOTION_SELECT} WHERE p.version_id = @id OR p.previous_version_id = @id ORDER BY p.id`).all({ id: versionId }) as PromotionRow[]).map(toPromotion);
}

/** The last promotion to any alias of this version, for the Models view ("gates of the last promotion"). */
export function lastPromotionOf(reg: Registry, versionId: number): PromotionRecord | undefined {
  const row = reg.statements.get(`${PROMOTION_SELECT} WHERE p.version_id = ? ORDER BY p.id DESC LIMIT 1`).get(versionId) as PromotionRow | undefined;
  return row && toPromotion(row);
}
