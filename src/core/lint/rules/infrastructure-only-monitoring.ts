import { classify, grafanaDashboard, prometheusRules, qualityTitle, type Watched } from '../monitoring';
import { projectsOf } from '../projects';
import type { WorkspaceContext, WorkspaceFinding, WorkspaceRule } from '../types';

/** Libraries that compute model-quality signals: a project using one monitors more than its servers. */
const QUALITY_LIBRARIES = new Set(['evidently', 'whylogs', 'nannyml', 'alibi_detect', 'deepchecks', 'frouros']);
/** Configuration files of those tools (Evidently projects and presets, whylogs/WhyLabs configs). */
const QUALITY_CONFIG = /(?:^|[/\\])[^/\\]*(?:evidently|whylogs|whylabs|nannyml)[^/\\]*\.(?:ya?ml|json)$/i;

export const infrastructureOnlyMonitoring: WorkspaceRule = {
  code: 'MLO204',
  name: 'infrastructure-only-monitoring',
  severity: 'warning',
  scope: 'workspace',
  docs: {
    what: 'Finds projects whose monitoring configuration (Prometheus alerting and recording rules, `PrometheusRule` resources, Grafana dashboards) only watches infrastructure: every metric its queries read is about CPU, memory, latency, requests, errors, containers or `up`, and nothing reads a model-quality signal (drift, PSI, prediction distribution, accuracy, AUC, F1, labels, features). Projects that use Evidently, whylogs, NannyML, Alibi Detect, Deepchecks or Frouros, or have a configuration file of theirs, are not reported; neither are queries whose metrics it cannot classify.',
    why: 'A model fails quietly: the service stays up, fast and error-free while its inputs drift and its predictions get worse. Dashboards that only show the servers turn that into weeks of bad decisions before anyone looks.',
    example: 'groups:\n  - name: serving\n    rules:\n      - alert: HighLatency\n        expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 0.5\n      - alert: InstanceDown\n        expr: up == 0\n',
    instead: 'groups:\n  - name: serving\n    rules:\n      - alert: HighLatency\n        expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 0.5\n      - alert: FeatureDrift\n        expr: max(feature_drift_psi) > 0.2\n',
    exampleFile: 'monitoring/alerts.yml',
    references: ['https://docs.evidentlyai.com/', 'https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning#data_and_model_validation', 'https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/'],
  },
  check(ctx) {
    const out: WorkspaceFinding[] = [];
    for (const project of projectsOf(ctx)) {
      const watched: { file: string; w: Watched }[] = [];
      let quality = false;
      for (const f of project.files) {
        if (QUALITY_CONFIG.test(f.path)) quality = true;
        const w = watchedBy(ctx, f.path, f.kind);
        if (w) watched.push({ file: f.path, w });
        else if (f.kind === 'python' && usesQualityLibrary(ctx, f.path)) quality = true;
      }
      if (quality || watched.length === 0) continue;
      const metrics = watched.flatMap((x) => x.w.metrics);
      const classes = metrics.map(classify);
      if (metrics.length === 0 || classes.some((c) => c !== 'infra')) continue;
      if (watched.some((x) => x.w.titles.some(qualityTitle))) continue;
      const shown = [...new Set(metrics)].slice(0, 3).join(', ');
      const first = watched[0]!;
      const others = watched.length > 1 ? ` (and ${watched.length - 1} more monitoring file${watched.length > 2 ? 's' : ''})` : '';
      out.push({
        file: first.file,
        range: { start: { line: first.w.line, character: 0 }, end: { line: first.w.line, character: 0 } },
        message: `monitoring watches only infrastructure (${shown}${metrics.length > 3 ? ', …' : ''})${others}, no model-quality signal: alert on drift, prediction distribution or accuracy (mlops-lens drift, Evidently)`,
      });
    }
    return out;
  },
};

function watchedBy(ctx: WorkspaceContext, file: string, kind: string): Watched | null {
  if (kind === 'dashboard') {
    const text = ctx.read(file);
    return text ? grafanaDashboard(text) : null;
  }
  if (kind !== 'yaml') return null;
  const text = ctx.read(file);
  if (!text || !/\bexpr\s*:/.test(text)) return null;
  const c = ctx.context(file);
  return c ? prometheusRules(c.yaml.docs, c.lines) : null;
}

function usesQualityLibrary(ctx: WorkspaceContext, file: string): boolean {
  const text = ctx.read(file);
  if (!text || !/evidently|whylogs|nannyml|alibi_detect|deepchecks|frouros/.test(text)) return false;
  const c = ctx.context(file);
  return c !== null && [...c.py.modules].some((m) => QUALITY_LIBRARIES.has(m));
}
