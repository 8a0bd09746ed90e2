import type { Rule } from './types';

/** Where docs/rules.md is published; each rule's section is an anchor in it (diagnostic links, SARIF helpUri). */
export const RULES_DOC_URL = 'https://github.com/mlops-lens/mlops-lens/blob/main/docs/rules.md';

/** The GitHub-style anchor of a rule's heading `## MLO101 pickled-model-handoff`. */
export function ruleAnchor(rule: Pick<Rule, 'code' | 'name'>): string {
  return `${rule.code}-${rule.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

export function ruleDocUrl(rule: Pick<Rule, 'code' | 'name'>): string {
  return `${RULES_DOC_URL}#${ruleAnchor(rule)}`;
}
