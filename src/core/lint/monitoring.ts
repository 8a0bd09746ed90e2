import { isMap, isScalar, isSeq, type Document } from 'yaml';

/**
 * Monitoring configuration read for what it watches: Prometheus alerting and recording rules, Grafana
 * dashboards. Each metric a query reads is classed as infrastructure, model quality, or unknown.
 */
export interface Watched {
  /** Metric names read by the queries. */
  metrics: string[];
  /** Alert, record and panel titles. */
  titles: string[];
  /** 0-based line to report on. */
  line: number;
}

/** Prometheus rule files (plain or a PrometheusRule resource): null when the document is not one. */
export function prometheusRules(docs: Document[], lines: string[]): Watched | null {
  const metrics: string[] = [];
  const titles: string[] = [];
  let isRules = false;
  for (const doc of docs) {
    const top: unknown = doc.contents;
    const root: unknown = isMap(top) && top.get('kind') === 'PrometheusRule' ? top.get('spec', true) : top;
    const groups = isMap(root) ? root.get('groups', true) : undefined;
    if (!isSeq(groups)) continue;
    for (const g of groups.items) {
      const rules = isMap(g) ? g.get('rules', true) : undefined;
      if (!isSeq(rules)) continue;
      for (const r of rules.items) {
        if (!isMap(r)) continue;
        const expr = r.get('expr', true);
        if (!isScalar(expr)) continue;
        isRules = true;
        metrics.push(...metricNames(String(expr.value)));
        const name = r.get('alert') ?? r.get('record');
        if (typeof name === 'string') titles.push(name);
      }
    }
  }
  if (!isRules) return null;
  const line = lines.findIndex((l) => /^\s*-?\s*(?:alert|record):/.test(l));
  return { metrics, titles, line: Math.max(0, line) };
}

/** A Grafana dashboard (as exported, or wrapped in `{"dashboard": …}` for the HTTP API). */
export function grafanaDashboard(text: string): Watched | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const root = (doc as { dashboard?: unknown })?.dashboard ?? doc;
  if (typeof root !== 'object' || root === null) return null;
  const metrics: string[] = [];
  const titles: string[] = [];
  let panels = 0;
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.targets)) {
      panels++;
      if (typeof o.title === 'string') titles.push(o.title);
      for (const t of o.targets) {
        if (typeof t !== 'object' || t === null) continue;
        for (const k of ['expr', 'query', 'target']) {
          const q = (t as Record<string, unknown>)[k];
          if (typeof q === 'string') metrics.push(...metricNames(q));
        }
      }
    }
    for (const k of ['panels', 'rows']) if (k in o) visit(o[k]);
  };
  visit(root);
  if (panels === 0) return null;
  const lines = text.split('\n');
  let best = -1;
  let indent = Infinity;
  lines.forEach((l, i) => {
    const m = /^(\s*)"title"\s*:/.exec(l);
    if (m && m[1]!.length < indent) [best, indent] = [i, m[1]!.length];
  });
  return { metrics, titles, line: Math.max(0, best) };
}

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'inf', 'nan', 'atan2']);

/** Metric names a PromQL (or Graphite) expression reads: identifiers that are not functions, keywords or labels. */
export function metricNames(expr: string): string[] {
  const clean = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ');
  const out: string[] = [];
  for (const m of clean.matchAll(/[A-Za-z_:][\w:.]*/g)) {
    const name = m[0];
    const after = clean.slice(m.index! + name.length).trimStart();
    if (after.startsWith('(') || PROMQL_WORDS.has(name.toLowerCase())) continue;
    out.push(name);
  }
  return out;
}

const INFRA = new Set(['cpu', 'memory', 'mem', 'rss', 'heap', 'gc', 'latency', 'duration', 'seconds', 'milliseconds', 'ms', 'requests', 'request', 'http', 'grpc', 'errors', 'error', 'exceptions', 'exception', 'failures', 'failed', 'status', 'disk', 'filesystem', 'fs', 'network', 'net', 'bytes', 'container', 'node', 'process', 'kube', 'pod', 'restarts', 'oom', 'threads', 'goroutines', 'load1', 'load5', 'load15', 'uptime', 'fds', 'queue', 'gpu', 'dcgm', 'inflight', 'throughput', 'qps', 'rps', '5xx', '4xx', 'response', 'responses', 'nginx', 'traefik', 'istio', 'envoy', 'apiserver', 'scrape', 'probe', 'health', 'healthcheck', 'availability', 'saturation', 'utilization', 'usage', 'swap', 'io', 'iops', 'connections', 'sockets', 'replicas', 'jvm', 'python', 'gunicorn', 'uvicorn', 'flask', 'fastapi', 'django']);
const TIMING = new Set(['latency', 'duration', 'seconds', 'milliseconds', 'ms']);
const QUALITY = new Set(['drift', 'drifted', 'psi', 'accuracy', 'auc', 'roc', 'f1', 'precision', 'recall', 'label', 'labels', 'feature', 'features', 'predicted', 'calibration', 'rmse', 'mae', 'mape', 'r2', 'logloss', 'brier', 'kl', 'wasserstein', 'ks', 'jsd', 'jensen', 'outlier', 'outliers', 'skew', 'fairness', 'truth', 'confidence', 'quality', 'evidently', 'whylogs', 'nannyml', 'divergence', 'distribution']);
const PREDICTION = new Set(['prediction', 'predictions', 'inference', 'inferences', 'score', 'scores', 'output', 'outputs']);
const SHAPE = new Set(['value', 'values', 'class', 'classes', 'probability', 'proba', 'mean', 'histogram', 'bucket', 'avg', 'distribution', 'quantile']);

export type Signal = 'infra' | 'quality' | 'unknown';

/** Classes one metric name by its `_`-separated words. */
export function classify(metric: string): Signal {
  if (metric === 'up') return 'infra';
  const words = metric.toLowerCase().split(/[_:.]+/).filter(Boolean);
  if (words.some((w) => TIMING.has(w))) return 'infra';
  if (words.some((w) => QUALITY.has(w))) return 'quality';
  // `prediction_value_bucket` is a prediction distribution; `predictions_total` is throughput.
  if (words.some((w) => PREDICTION.has(w))) return words.some((w) => SHAPE.has(w)) ? 'quality' : 'infra';
  return words.some((w) => INFRA.has(w)) ? 'infra' : 'unknown';
}

/** A title that names a model-quality signal (`Data drift`, `Accuracy by segment`). */
export function qualityTitle(title: string): boolean {
  return /drift|\bpsi\b|accuracy|\bauc\b|\bf1\b|precision|recall|prediction (?:distribution|mix|shift)|calibration|data quality|feature (?:distribution|drift)|label/i.test(title);
}
