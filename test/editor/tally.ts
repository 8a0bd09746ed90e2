export interface Tally {
  passed: number;
  failed: number;
}

export function add(a: Tally, b: Tally): Tally {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed };
}

/** The closing line CI reads: `N passed, N failed`. */
export function summary(t: Tally): string {
  return `${t.passed} passed, ${t.failed} failed`;
}
