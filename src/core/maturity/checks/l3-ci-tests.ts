import type { MaturityCheck } from '../types';
import { fail, partial, pass } from './kit';

export const ciTests: MaturityCheck = {
  id: 'L3.ci-tests',
  level: 3,
  title: 'CI runs tests on training and feature code',
  weight: 3,
  docs: {
    what: 'Looks for CI configuration (GitHub Actions, GitLab CI, Jenkins, Azure Pipelines, CircleCI, Bitbucket, Buildkite) that runs the Python tests, and uses lint rule MLO203 to tell whether those tests import the training and feature code.',
    why: 'Untested feature code breaks silently: a model trains fine on wrong features and fails only in production.',
    pass: 'Pass: CI runs tests and MLO203 reports nothing. Partial: CI runs tests, but MLO203 finds training or feature code no test imports.',
    references: ['https://docs.pytest.org/en/stable/', 'https://research.google/pubs/the-ml-test-score-a-rubric-for-ml-production-readiness-and-technical-debt-reduction/'],
  },
  fix: { text: 'Add tests for the feature and training functions and run `pytest` in CI on every push.', scaffold: { title: 'Add a CI quality gate', path: '.github/workflows/mlops-quality.yml' } },
  reads: ['ci', 'pipeline'],
  evaluate(f) {
    const ev = f.evidence('ci-tests', 'CI runs tests', ['ci']);
    if (!f.files.some((x) => x.category === 'ci')) return fail('no CI configuration');
    if (!ev.length) return fail('CI never runs the tests');
    const gaps = f.findings('MLO203');
    if (gaps.length) return partial([...ev, ...gaps.slice(0, 3).map((g) => ({ file: g.file, line: g.range.start.line + 1, detail: `MLO203: ${g.message}` }))], 'training or feature code is imported by no test (MLO203)');
    return pass(ev);
  },
};
