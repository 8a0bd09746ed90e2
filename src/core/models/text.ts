import { formatNumber, table } from '../registry/format';
import type { GateResult } from './gates/types';
import type { ModelListEntry, VersionLineage } from './lineage';

/** Model registry output as people read it (CLI text mode, editor documents). */

const show = (v: GateResult['value']): string => (v === null ? '-' : typeof v === 'number' ? formatNumber(v) : String(v));

export function formatGates(gates: readonly GateResult[]): string {
  if (gates.length === 0) return '  (no gates configured for this target)\n';
  return table(gates.map((g) => [`  ${g.passed ? 'pass' : 'FAIL'}`, g.name, show(g.value), g.reason]));
}

export function formatModelList(models: readonly ModelListEntry[]): string {
  if (models.length === 0) return 'no registered models\n';
  const rows = [['MODEL', 'VERSION', 'STAGE', 'ALIASES', 'FORMAT', 'CREATED', 'RUN', 'SHA256']];
  for (const m of models) {
    for (const v of m.versions) {
      rows.push([m.name, String(v.version), v.stage, v.aliases.join(',') || '-', v.format ?? '-', v.createdAt?.replace('T', ' ').slice(0, 19) ?? '-',
        v.run?.slice(0, 8) ?? '-', v.sha256.slice(0, 12)]);
    }
  }
  return table(rows);
}

export function formatLineage(l: VersionLineage): string {
  const lines = [
    `model      ${l.name} version ${l.version}`,
    `stage      ${l.stage}${l.aliases.length ? `  aliases: ${l.aliases.join(', ')}` : ''}`,
    `format     ${l.format ?? '-'}  ${l.bytes ?? '?'} bytes  sha256:${l.sha256}`,
    `stored     ${l.path ?? '-'}`,
    `source     ${l.sourcePath ?? '-'}`,
    `created    ${l.createdAt ?? '-'}`,
  ];
  const r = l.run;
  if (!r) lines.push('run        - (unknown: register with --run to record lineage)');
  else {
    lines.push(`run        ${r.id} (${r.experiment}${r.name ? ` / ${r.name}` : ''}, ${r.status})`, `command    ${r.command ?? '-'}`);
    lines.push(`git        ${r.git ? `${r.git.commit.slice(0, 12)}${r.git.branch ? ` (${r.git.branch})` : ''}${r.git.dirty ? ` dirty${r.git.patch ? `, patch ${r.git.patch.path}` : ''}` : ''}` : '-'}`);
    const params = Object.entries(r.params);
    if (params.length) lines.push('', 'params', ...table(params.map(([k, v]) => ['  ' + k, v])).trimEnd().split('\n'));
    const metrics = Object.entries(r.metrics);
    if (metrics.length) lines.push('', 'metrics (last)', ...table(metrics.map(([k, m]) => ['  ' + k, formatNumber(m.last)])).trimEnd().split('\n'));
  }
  if (l.datasets.length) lines.push('', 'datasets', ...l.datasets.map((d) => `  ${d.path}  sha256:${d.sha256.slice(0, 12)}`));
  if (l.promotions.length) {
    lines.push('', 'promotions', ...l.promotions.map((p) => `  ${p.at.replace('T', ' ').slice(0, 19)}  ${p.kind === 'rollback' ? 'rollback ' : ''}version ${p.version} → ${p.to}`
      + `${p.previous !== null ? ` (replacing version ${p.previous})` : ''}${p.forced ? ' FORCED' : ''}`));
  }
  return lines.join('\n') + '\n';
}
