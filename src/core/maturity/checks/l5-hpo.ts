import type { MaturityCheck } from '../types';
import { fail, partial, pass } from './kit';

export const hpo: MaturityCheck = {
  id: 'L5.hpo',
  level: 5,
  title: 'Automated hyperparameter or architecture search',
  weight: 2,
  docs: {
    what: 'Looks for search that runs as part of the pipeline: Optuna, Ray Tune, Hyperopt, Keras Tuner, scikit-learn `*SearchCV`, W&B sweeps (`sweep.yaml`), Katib `Experiment`s. Search code only in notebooks is partial.',
    why: 'At level 5 new model candidates are explored continuously rather than by hand.',
    pass: 'Pass: search in Python modules or configuration. Partial: only in notebooks.',
    references: ['https://optuna.readthedocs.io/', 'https://docs.ray.io/en/latest/tune/index.html'],
  },
  fix: { text: 'Run a hyperparameter search (Optuna, Ray Tune) as a pipeline stage and register the best model.' },
  reads: ['code', 'notebook', 'config'],
  evaluate(f) {
    const ev = [...f.evidence('hpo', 'search', ['code', 'config', 'ci', 'pipeline']), ...f.evidence('sweep-config', 'sweep configuration')];
    if (ev.length) return pass(ev);
    const nb = f.evidence('hpo', 'search in a notebook', ['notebook']);
    return nb.length ? partial(nb, 'search runs only from notebooks') : fail('no hyperparameter search');
  },
};
