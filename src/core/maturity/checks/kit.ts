import type { EvidenceItem, Outcome } from '../types';

/** Outcome builders: one line per status in the check files. */
export const pass = (evidence: EvidenceItem[], why?: string): Outcome => ({ status: 'pass', evidence, ...(why ? { why } : {}) });
export const partial = (evidence: EvidenceItem[], why: string): Outcome => ({ status: 'partial', evidence, why });
export const fail = (why: string, evidence: EvidenceItem[] = []): Outcome => ({ status: 'fail', evidence, why });

export const fact = (detail: string): EvidenceItem => ({ file: null, line: null, detail });

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
