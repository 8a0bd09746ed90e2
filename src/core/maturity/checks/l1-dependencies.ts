import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const dependencies: MaturityCheck = {
  id: 'L1.dependencies',
  level: 1,
  title: 'Dependencies declared in a file',
  weight: 1,
  docs: {
    what: 'Looks for a dependency declaration: `requirements*.txt`, `pyproject.toml`, `setup.py`/`setup.cfg`, `Pipfile` or a conda `environment.yml`.',
    why: 'Code whose libraries live only in one person\'s environment cannot be run by anyone else, not even by a scheduler.',
    pass: 'At least one dependency file exists.',
    references: ['https://packaging.python.org/en/latest/guides/writing-pyproject-toml/'],
  },
  fix: { text: 'Write the libraries the training code imports into `requirements.txt` (or `pyproject.toml`), with versions.', command: 'pip freeze > requirements.txt' },
  reads: ['deps'],
  evaluate(f) {
    const ev = f.evidence('deps-file', 'declares dependencies', undefined, 5);
    return ev.length ? pass(ev) : fail('no requirements*.txt, pyproject.toml, setup.py, Pipfile or environment.yml');
  },
};
