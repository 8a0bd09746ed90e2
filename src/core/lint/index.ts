/** The MLOps linter: per-file rules for the editor, whole-workspace runs for the CLI and background scans. */
export { lintText, lintTextSync, type LintOptions } from './engine';
export { lintPaths, type LintPathsOptions, type LintResult } from './workspace';
export { noqaEdit } from './noqa';
export { initParser } from './parser';
export { kindOf } from './context';
export { rules, ruleByCode } from './rules';
export type { Finding, Fix, Position, Range, Rule, RuleDocs, Severity, TextEdit, FileKind } from './types';
