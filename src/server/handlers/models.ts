import { randomUUID } from 'node:crypto';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { loadConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import {
  commitPromotion, listModels, parseGatesConfig, planPromotion, registerModel, resolveVersion, rollback, versionLineage, type PromotionPlan,
} from '../../core/models';
import type { Registry } from '../../core/registry';
import * as P from '../../protocol';
import type { RegistryHost } from '../registry-host';
import { userErrors } from '../user-errors';

/** How long a shown-but-unconfirmed promotion plan stays valid. */
const PLAN_TTL_MS = 10 * 60_000;

/**
 * The model registry for the Models view: list, lineage, register, and promotion in two steps (plan with every
 * gate's result, then commit exactly that plan) so the user sees the gates before confirming.
 */
export function registerModelHandlers(connection: Connection, host: RegistryHost, root: string | null, trusted: boolean): void {
  const plans = new Map<string, { plan: PromotionPlan; at: number }>();
  const registry = (write: boolean): Registry => {
    if (write && !trusted) throw new ResponseError(ErrorCodes.InvalidRequest, 'changing the model registry needs a trusted workspace (restricted mode only reads)');
    const reg = host.current;
    if (!reg) throw new ResponseError(ErrorCodes.InvalidRequest, host.error ?? 'no registry in this workspace');
    return reg;
  };
  const changed = () => void connection.sendNotification(P.registryChanged, { what: ['models', 'status'] });

  connection.onRequest(P.listModels, () => (host.current ? listModels(host.current) : []));
  connection.onRequest(P.modelLineage, ({ name, version }) => userErrors(() => {
    const reg = registry(false);
    return versionLineage(reg, resolveVersion(reg, name, { version }));
  }));
  connection.onRequest(P.registerModel, ({ file, name, run }) => userErrors(async () => {
    const r = await registerModel(registry(true), { file, name, run });
    changed();
    return r;
  }));
  connection.onRequest(P.planPromotion, ({ name, version, to }) => userErrors(async () => {
    const reg = registry(true);
    const gates = parseGatesConfig(loadConfig(root ?? process.cwd()));
    const plan = await planPromotion(reg, { name, version, to, gates });
    const now = Date.now();
    for (const [id, p] of plans) if (now - p.at > PLAN_TTL_MS) plans.delete(id);
    const planId = randomUUID();
    plans.set(planId, { plan, at: now });
    return { planId, name, version: plan.candidate.version, target: plan.target, holder: plan.expected?.version ?? null, gates: plan.gates, passed: plan.passed };
  }));
  connection.onRequest(P.commitPromotion, ({ planId, force }) => userErrors(() => {
    const entry = plans.get(planId);
    if (!entry) throw new MlopsError('promotion expired', planId, 'evaluate the gates again');
    plans.delete(planId);
    const r = commitPromotion(registry(true), entry.plan, force);
    changed();
    return r;
  }));
  connection.onRequest(P.rollbackAlias, ({ name, alias }) => userErrors(() => {
    const r = rollback(registry(true), name, alias);
    changed();
    return r;
  }));
}
