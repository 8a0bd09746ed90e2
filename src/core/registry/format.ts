import type { RunDetail } from './types';

/** Plain fixed-width table for text output (CLI, editor documents). */
export function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

/** A run as people read it (`mlops-lens runs show`, the editor's run document). */
export function formatRunText(r: RunDetail): string {
  const lines = [
    `run        ${r.id}`,
    `name       ${r.name ?? '-'}`,
    `experiment ${r.experiment}`,
    `status     ${r.status}${r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}`,
    `source     ${r.source.kind}${r.source.importer ? ` ${r.source.importer}` : ''}${r.source.path ? ` ${r.source.path}` : ''}`,
    `command    ${r.command ?? '-'}`,
    `git        ${r.git ? `${r.git.commit.slice(0, 12)}${r.git.branch ? ` (${r.git.branch})` : ''}${r.git.dirty ? ' dirty' : ''}` : '-'}`,
    `started    ${r.startedAt ?? '-'}`,
    `ended      ${r.endedAt ?? '-'}`,
  ];
  const params = Object.entries(r.params);
  if (params.length) lines.push('', 'params', ...table(params.map(([k, v]) => ['  ' + k, v])).trimEnd().split('\n'));
  // Tags include the links between a terminal run and the logger runs its command wrote.
  const tags = Object.entries(r.tags);
  if (tags.length) lines.push('', 'tags', ...table(tags.map(([k, v]) => ['  ' + k, v])).trimEnd().split('\n'));
  const metrics = Object.entries(r.metrics);
  if (metrics.length) {
    lines.push('', 'metrics', ...table([['  KEY', 'LAST', 'STEP', 'MIN', 'MAX', 'COUNT'], ...metrics.map(([k, m]) =>
      ['  ' + k, formatNumber(m.last), String(m.step), formatNumber(m.min), formatNumber(m.max), String(m.count)])]).trimEnd().split('\n'));
  }
  if (r.artifacts.length) lines.push('', 'artifacts', ...r.artifacts.map((a) => `  ${a.kind.padEnd(8)} ${a.path}${a.sha256 ? `  sha256:${a.sha256.slice(0, 12)}` : ''}`));
  if (r.inputs.length) lines.push('', 'inputs', ...r.inputs.map((d) => `  ${d.path}  sha256:${d.sha256.slice(0, 12)}`));
  return lines.join('\n') + '\n';
}
