import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, partial, pass, plural } from './kit';

export const tracking: MaturityCheck = {
  id: 'L2.tracking',
  level: 2,
  title: 'Experiment tracking in use',
  weight: 3,
  docs: {
    what: 'Looks for an experiment tracker in the code (MLflow logging or autolog, Weights & Biases, DVCLive, Neptune, Comet, Aim, ClearML, TensorBoard\'s SummaryWriter, Lightning and Transformers loggers) and for runs recorded in the MLOps Lens registry. Untracked training scripts are counted from lint rule MLO105.',
    why: 'Without recorded runs nobody can say which parameters and data produced the model in production, or compare a new model with it.',
    pass: 'Pass: a tracker is used (or the registry holds runs) and no training script runs untracked (MLO105). Partial: a tracker is used but some training scripts log nothing.',
    references: ['https://mlflow.org/docs/latest/tracking.html', 'https://dvc.org/doc/dvclive'],
  },
  fix: { text: 'Log parameters and metrics from every training script (for example `mlflow.autolog()` at the top), or run training from the editor terminal so MLOps Lens captures it.', command: 'mlops-lens ingest' },
  reads: ['code', 'notebook', 'registry'],
  evaluate(f) {
    const ev: EvidenceItem[] = f.evidence('tracking', 'logs to a tracker', ['code', 'notebook']);
    const r = f.registry;
    if (r && r.runs > 0) ev.push(fact(`registry: ${plural(r.runs, 'run')}, ${r.runsClean} linked to a clean commit`));
    if (!ev.length) return fail('no tracker calls in the code and no runs in the registry');
    const untracked = f.findings('MLO105');
    if (untracked.length) return partial([...ev, ...untracked.slice(0, 3).map((u) => ({ file: u.file, line: u.range.start.line + 1, detail: `MLO105: ${u.message}` }))], `${plural(untracked.length, 'training script')} log nothing (MLO105)`);
    return pass(ev);
  },
};
