import type { Facts } from './facts';
import { confirmationPoints, type Confirmations } from './confirmations';
import type { CheckResult, EvidenceItem, MlTest, MlTestScore, MlTestSection } from './types';

type Detect = (f: Facts, r: (id: string) => CheckResult) => { points: number; evidence: EvidenceItem[] } | null;

/** From a check: pass → `onPass` points, partial → half a point (done, not automated). */
const fromCheck = (id: string, onPass = 1): Detect => (_f, r) => {
  const c = r(id);
  if (c.status === 'pass') return { points: onPass, evidence: c.evidence.slice(0, 2) };
  if (c.status === 'partial') return { points: 0.5, evidence: c.evidence.slice(0, 2) };
  return null;
};
const fromSignal = (signal: string, detail: string): Detect => (f) => {
  const ev = f.evidence(signal, detail, undefined, 2);
  return ev.length ? { points: 1, evidence: ev } : null;
};
const manualOnly: Detect = () => null;

/**
 * Google's ML Test Score (Breck et al., 2017): 28 tests, 7 per section. A test scores 0.5 when done by hand
 * with the results written down and shared, 1 when automated and run repeatedly.
 */
const TESTS: { id: string; section: MlTestSection; title: string; detect: Detect }[] = [
  { id: 'data.1', section: 'data', title: 'Feature expectations are captured in a schema', detect: (f) => {
    const auto = f.evidence('schema', 'schema check runs', ['ci', 'pipeline'], 2);
    if (auto.length) return { points: 1, evidence: auto };
    const code = f.evidence('schema', 'schema defined', ['code', 'notebook', 'config'], 2);
    return code.length ? { points: 0.5, evidence: code } : null;
  } },
  { id: 'data.2', section: 'data', title: 'All features are beneficial', detect: manualOnly },
  { id: 'data.3', section: 'data', title: 'No feature\'s cost is too much', detect: manualOnly },
  { id: 'data.4', section: 'data', title: 'Features adhere to meta-level requirements', detect: manualOnly },
  { id: 'data.5', section: 'data', title: 'The data pipeline has appropriate privacy controls', detect: manualOnly },
  { id: 'data.6', section: 'data', title: 'New features can be added quickly', detect: fromCheck('L3.feature-store', 0.5) },
  { id: 'data.7', section: 'data', title: 'All input feature code is tested', detect: fromCheck('L3.ci-tests') },
  { id: 'model.1', section: 'model', title: 'Model specs are reviewed and submitted', detect: (f, r) => {
    const c = r('L2.feature-modules');
    return c.status === 'pass' && f.commit ? { points: 0.5, evidence: [{ file: null, line: null, detail: `model code is committed (${f.commit.slice(0, 8)}); review is by hand` }] } : null;
  } },
  { id: 'model.2', section: 'model', title: 'Offline and online metrics correlate', detect: manualOnly },
  { id: 'model.3', section: 'model', title: 'All hyperparameters have been tuned', detect: fromCheck('L5.hpo') },
  { id: 'model.4', section: 'model', title: 'The impact of model staleness is known', detect: manualOnly },
  { id: 'model.5', section: 'model', title: 'A simpler model is not better', detect: fromSignal('baseline', 'compared with a baseline') },
  { id: 'model.6', section: 'model', title: 'Model quality is sufficient on all important data slices', detect: fromCheck('L3.slices') },
  { id: 'model.7', section: 'model', title: 'The model has been tested for considerations of inclusion', detect: fromSignal('fairness', 'fairness evaluation') },
  { id: 'infrastructure.1', section: 'infrastructure', title: 'Training is reproducible', detect: fromCheck('L2.reproducibility') },
  { id: 'infrastructure.2', section: 'infrastructure', title: 'Model specs are unit tested', detect: (f, r) => {
    const tests = f.evidence('test-file', 'test file', undefined, 2);
    if (!tests.length) return null;
    return { points: r('L3.ci-tests').status === 'pass' ? 1 : 0.5, evidence: tests };
  } },
  { id: 'infrastructure.3', section: 'infrastructure', title: 'The ML pipeline is integration tested', detect: fromSignal('ci-train', 'CI runs the pipeline') },
  { id: 'infrastructure.4', section: 'infrastructure', title: 'Model quality is validated before serving', detect: fromCheck('L3.quality-gates') },
  { id: 'infrastructure.5', section: 'infrastructure', title: 'The model is debuggable', detect: manualOnly },
  { id: 'infrastructure.6', section: 'infrastructure', title: 'Models are canaried before serving', detect: fromCheck('L4.canary') },
  { id: 'infrastructure.7', section: 'infrastructure', title: 'Serving models can be rolled back', detect: (f, r) => {
    const ev = f.evidence('rollback', 'rollback', undefined, 2);
    if (ev.length) return { points: 1, evidence: ev };
    return r('L2.model-registry').status === 'pass' ? { points: 0.5, evidence: [{ file: null, line: null, detail: 'versions are registered, so a previous one can be re-deployed by hand' }] } : null;
  } },
  { id: 'monitoring.1', section: 'monitoring', title: 'Dependency changes result in notification', detect: fromSignal('dependency-bot', 'dependency update bot') },
  { id: 'monitoring.2', section: 'monitoring', title: 'Data invariants hold in training and serving inputs', detect: fromCheck('L4.data-drift') },
  { id: 'monitoring.3', section: 'monitoring', title: 'Training and serving features compute the same values', detect: fromCheck('L3.feature-store') },
  { id: 'monitoring.4', section: 'monitoring', title: 'Models are not too stale', detect: fromCheck('L2.retraining') },
  { id: 'monitoring.5', section: 'monitoring', title: 'The model is numerically stable', detect: fromSignal('nan-check', 'checks for NaN or infinity') },
  { id: 'monitoring.6', section: 'monitoring', title: 'The model has not experienced a regression in prediction quality', detect: fromCheck('L4.ground-truth') },
  { id: 'monitoring.7', section: 'monitoring', title: 'Computing performance has not regressed', detect: fromCheck('L4.sla') },
];

export const ML_TESTS = TESTS.map(({ id, section, title }) => ({ id, section, title }));

export function mlTestScore(f: Facts, results: Map<string, CheckResult>, conf: Confirmations): MlTestScore {
  const r = (id: string) => results.get(id)!;
  const tests: MlTest[] = TESTS.map((t) => {
    const found = t.detect(f, r);
    const confirmed = conf.byTest.get(t.id);
    const cPoints = confirmed ? confirmationPoints(confirmed) : -1;
    if (found && found.points >= cPoints) return { id: t.id, section: t.section, title: t.title, points: found.points, source: 'evidence', evidence: found.evidence };
    if (confirmed) return { id: t.id, section: t.section, title: t.title, points: cPoints, source: 'confirmed', evidence: [{ file: conf.file, line: null, detail: `confirmed: ${confirmed}` }] };
    return { id: t.id, section: t.section, title: t.title, points: 0, source: 'confirm manually', evidence: [] };
  });
  const sections = { data: 0, model: 0, infrastructure: 0, monitoring: 0 };
  for (const t of tests) sections[t.section] += t.points;
  return { sections, score: Math.min(...Object.values(sections)), tests, confirmations: conf.file };
}
