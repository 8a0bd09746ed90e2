import type { FileRule, Rule, WorkspaceRule } from '../types';
import { CANNOT_ANALYSE } from './cannot-analyse';
import { hardcodedAbsolutePath } from './hardcoded-absolute-path';
import { noRandomSeed } from './no-random-seed';
import { notebookOutOfOrder } from './notebook-out-of-order';
import { pickledModelHandoff } from './pickled-model-handoff';
import { secretInCode } from './secret-in-code';
import { unpinnedDependency } from './unpinned-dependency';
import { unsafeModelLoading } from './unsafe-model-loading';
import { untrackedTraining } from './untracked-training';

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
];

export const fileRules: FileRule[] = rules.filter((r): r is FileRule => r.scope === 'file');
export const workspaceRules: WorkspaceRule[] = rules.filter((r): r is WorkspaceRule => r.scope === 'workspace');

export function ruleByCode(code: string): Rule | undefined {
  return rules.find((r) => r.code === code);
}
