import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const qualityAlerts: MaturityCheck = {
  id: 'L4.quality-alerts',
  level: 4,
  title: 'Alerts on model quality, not only infrastructure',
  weight: 2,
  docs: {
    what: 'Looks for alerting rules (Prometheus `alert:` rules and similar) whose expressions read model-quality signals (drift, PSI, accuracy, AUC, F1, predictions, labels). Lint rule MLO204 (monitoring only infrastructure) makes the check fail.',
    why: 'CPU and memory alerts stay green while a model returns nonsense; quality needs its own alerts.',
    pass: 'Pass: an alert rule on a model-quality signal and no MLO204 finding.',
    references: ['https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/'],
  },
  fix: { text: 'Export drift and quality metrics from the monitoring job and add alert rules on them.' },
  reads: ['config', 'ci'],
  evaluate(f) {
    const infraOnly = f.findings('MLO204');
    if (infraOnly.length) return fail('monitoring watches only infrastructure (MLO204)', infraOnly.slice(0, 3).map((x) => ({ file: x.file, line: x.range.start.line + 1, detail: `MLO204: ${x.message}` })));
    const files = f.filesWithAll(['alert-rule', 'quality-metric']);
    if (files.length) return pass(files.slice(0, 3).map((x) => ({ file: x.rel, line: x.hits.get('quality-metric')![0]!.line, detail: `model-quality alert: ${x.hits.get('quality-metric')![0]!.text}` })));
    return fail('no alert rule on a model-quality signal');
  },
};
