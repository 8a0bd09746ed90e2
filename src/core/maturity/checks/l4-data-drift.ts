import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, partial, pass, plural } from './kit';

export const dataDrift: MaturityCheck = {
  id: 'L4.data-drift',
  level: 4,
  title: 'Data-drift detection',
  weight: 3,
  docs: {
    what: 'Looks for data-drift detection that runs on its own: `mlops-lens drift`, Evidently, whylogs, NannyML, Alibi Detect or Frouros in CI, pipeline or monitoring configuration, a `max_psi` gate, or drift reports recorded in the registry. The same libraries used only in code count as partial.',
    why: 'Input data shifts after deployment; without a drift check the first sign is a complaint.',
    pass: 'Pass: drift checks run from CI, a pipeline, a gate or are recorded in the registry. Partial: drift code exists but nothing runs it.',
    references: ['https://docs.evidentlyai.com/', 'https://www.nannyml.com/'],
  },
  fix: { text: 'Compare recent data with the training data on a schedule and fail the job on drift.', command: 'mlops-lens drift data/reference.csv data/current.csv', scaffold: { title: 'Add a drift check', path: '.github/workflows/mlops-drift.yml' } },
  reads: ['ci', 'config', 'pipeline', 'code', 'registry'],
  evaluate(f) {
    const ev: EvidenceItem[] = [...f.evidence('drift', 'drift check runs', ['ci', 'pipeline', 'config']), ...f.evidence('evidently-config', 'drift monitoring configuration')];
    if (f.registry && f.registry.driftReports > 0) ev.push(fact(`registry: ${plural(f.registry.driftReports, 'drift report')}`));
    const gate = [...(f.gates?.targets.values() ?? [])].flat().find((g) => g.kind === 'drift');
    if (gate) ev.push({ file: f.config.file ? f.rel(f.config.file) : null, line: null, detail: `drift gate: ${gate.text}` });
    if (ev.length) return pass(ev);
    const code = f.evidence('drift', 'drift code', ['code', 'notebook']);
    return code.length ? partial(code, 'drift code exists but no job runs it') : fail('no drift detection');
  },
};
