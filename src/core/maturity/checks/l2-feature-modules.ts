import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const featureModules: MaturityCheck = {
  id: 'L2.feature-modules',
  level: 2,
  title: 'Feature and training code in modules, not only notebooks',
  weight: 1,
  docs: {
    what: 'Checks that training or feature code lives in importable Python files (functions named for features, preprocessing or transforms; files that train) or pipeline steps, rather than only in notebooks.',
    why: 'Code that exists only in notebook cells cannot be imported by a pipeline, tested or reused at serving time.',
    pass: 'Training or feature code exists in `.py` files.',
    references: ['https://cookiecutter-data-science.drivendata.org/opinions/'],
  },
  fix: { text: 'Move feature and training code from notebook cells into a module (`src/features.py`, `src/train.py`) the notebook imports.' },
  reads: ['code', 'notebook'],
  evaluate(f) {
    const ev = [...f.evidence('feature-def', 'feature code in a module', ['code']), ...f.evidence('train', 'training code in a module', ['code'])];
    if (ev.length) return pass(ev);
    const nb = f.evidence('train', 'trains in a notebook', ['notebook']);
    return fail(nb.length ? 'training and feature code only in notebooks' : 'no feature or training code in Python modules', nb);
  },
};
