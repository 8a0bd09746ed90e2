/**
 * The model registry over the workspace registry: registration into a read-only content store, aliases
 * and stages, promotion guarded by quality gates, rollback, lineage and auto-registration.
 */
export { STAGE_ALIASES, normalizeAlias, stageOf, type Stage } from './aliases';
export { autoRegister, autoRegisterEnabled, modelNameFromFile, type AutoRegisterResult } from './auto-register';
export { MODEL_EXTENSIONS, type ModelFormat } from './format';
export { evaluateGates, type EvaluateInput } from './gates/evaluate';
export { parseGate, parseGatesConfig, type GatesConfig } from './gates/parse';
export type { GateResult, GateServices, GateSpec } from './gates/types';
export { listModels, versionLineage, type ModelListEntry, type RunLineage, type VersionLineage } from './lineage';
export {
  commitPromotion, lastPromotionOf, planPromotion, promote, promotionsOfVersion, rollback,
  type PromoteOptions, type PromoteResult, type PromotionPlan, type PromotionRecord,
} from './promote';
export { registerModel, type RegisterOptions, type RegisterResult } from './register';
export { parseVersion, parseVersionRef, resolveVersion, type VersionRef } from './resolve';
export { storeRoot } from './store';
