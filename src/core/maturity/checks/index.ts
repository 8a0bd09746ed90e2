import type { MaturityCheck } from '../types';
import { dependencies } from './l1-dependencies';
import { mlCode } from './l1-ml-code';
import { featureModules } from './l2-feature-modules';
import { modelRegistry } from './l2-model-registry';
import { pipeline } from './l2-pipeline';
import { reproducibility } from './l2-reproducibility';
import { retraining } from './l2-retraining';
import { tracking } from './l2-tracking';
import { ciTests } from './l3-ci-tests';
import { featureStore } from './l3-feature-store';
import { promotion } from './l3-promotion';
import { qualityGates } from './l3-quality-gates';
import { serving } from './l3-serving';
import { slices } from './l3-slices';
import { canary } from './l4-canary';
import { dataDrift } from './l4-data-drift';
import { groundTruth } from './l4-ground-truth';
import { predictionDrift } from './l4-prediction-drift';
import { qualityAlerts } from './l4-quality-alerts';
import { retrainTrigger } from './l4-retrain-trigger';
import { sla } from './l4-sla';
import { featureDiscovery } from './l5-feature-discovery';
import { hpo } from './l5-hpo';
import { selfHealing } from './l5-self-healing';

/** Every check, by level. Adding a check = one file and one line here; ids are stable. */
export const checks: MaturityCheck[] = [
  mlCode, dependencies,
  tracking, pipeline, retraining, modelRegistry, reproducibility, featureModules,
  ciTests, qualityGates, promotion, featureStore, slices, serving,
  dataDrift, predictionDrift, groundTruth, sla, qualityAlerts, retrainTrigger, canary,
  hpo, featureDiscovery, selfHealing,
];

export function checkById(id: string): MaturityCheck | undefined {
  return checks.find((c) => c.id === id);
}
