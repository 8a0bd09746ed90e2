import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, pass, plural } from './kit';

export const sla: MaturityCheck = {
  id: 'L4.sla',
  level: 4,
  title: 'Latency and throughput SLAs monitored',
  weight: 1,
  docs: {
    what: 'Looks for latency or throughput objectives: Prometheus rules on latency quantiles or request durations, SLO definitions, a `latency_p95_ms` gate, or latency measured and recorded in the registry (`mlops-lens bench`).',
    why: 'A model that is accurate but too slow still fails its users; an SLA makes "too slow" a measured alert.',
    pass: 'Any latency/throughput objective in monitoring configuration, gates or registry metrics.',
    references: ['https://sre.google/workbook/implementing-slos/'],
  },
  fix: { text: 'Add a latency gate (`latency_p95_ms <= 50`) and alert on the serving p95 latency.', command: 'mlops-lens bench my-model' },
  reads: ['config', 'ci', 'registry'],
  evaluate(f) {
    const ev: EvidenceItem[] = f.evidence('latency-monitor', 'latency objective', ['config', 'ci', 'pipeline']);
    const gate = [...(f.gates?.targets.values() ?? [])].flat().find((g) => g.kind === 'latency');
    if (gate) ev.push({ file: f.config.file ? f.rel(f.config.file) : null, line: null, detail: `latency gate: ${gate.text}` });
    if (f.registry && f.registry.runsWithLatency > 0) ev.push(fact(`registry: latency measured in ${plural(f.registry.runsWithLatency, 'run')}`));
    return ev.length ? pass(ev) : fail('no latency or throughput objective');
  },
};
