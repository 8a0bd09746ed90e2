/** The maturity scorecard: the five-level model assessed from evidence, the ML Test Score, the roadmap and the trend. */
export { assess, Assessor } from './assess';
export { checks, checkById } from './checks';
export { ANTI_PATTERNS } from './anti-patterns';
export { CONFIRMATIONS_FILE } from './confirmations';
export { belowMinimum, LEVELS, THRESHOLD } from './levels';
export { ML_TESTS } from './ml-test-score';
export { saveAssessment, assessmentHistory, type AssessmentRecord } from './trend';
export { scaffoldFix, SCAFFOLDS } from './scaffold';
export { formatText, formatMarkdown } from './format';
export type * from './types';
