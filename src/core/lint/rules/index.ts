import type { FileRule, Rule, WorkspaceRule } from '../types';
import { CANNOT_ANALYSE } from './cannot-analyse';
import { ciWithoutTests } from './ci-without-tests';
import { hardcodedAbsolutePath } from './hardcoded-absolute-path';
import { heroicDataScience } from './heroic-data-science';
import { infrastructureOnlyMonitoring } from './infrastructure-only-monitoring';
import { noRandomSeed } from './no-random-seed';
import { notebookOutOfOrder } from './notebook-out-of-order';
import { pickledModelHandoff } from './pickled-model-handoff';
import { secretInCode } from './secret-in-code';
import { toolOverload } from './tool-overload';
import { trainingServingSkew } from './training-serving-skew';
import { ungatedDeployment } from './ungated-deployment';
import { unpinnedDependency } from './unpinned-dependency';
import { unsafeModelLoading } from './unsafe-model-loading';
import { untrackedTraining } from './untracked-training';
import { unvalidatedRetraining } from './unvalidated-retraining';

/** Every rule, in code order. Adding a rule = one file and one line here. */
export const rules: Rule[] = [
  CANNOT_ANALYSE,
  pickledModelHandoff,
  unsafeModelLoading,
  hardcodedAbsolutePath,
  noRandomSeed,
  untrackedTraining,
  unpinnedDependency,
  secretInCode,
  notebookOutOfOrder,
  unvalidatedRetraining,
  ungatedDeployment,
  ciWithoutTests,
  infrastructureOnlyMonitoring,
  trainingServingSkew,
  toolOverload,
  heroicDataScience,
];

export const fileRules: FileRule[] = rules.filter((r): r is FileRule => r.scope === 'file');
export const workspaceRules: WorkspaceRule[] = rules.filter((r): r is WorkspaceRule => r.scope === 'workspace');

export function ruleByCode(code: string): Rule | undefined {
  return rules.find((r) => r.code === code);
}
