import { type Command, Option } from 'commander';
import { RUN_STATUSES, type RunDetail, type RunRecord, type RunStatus } from '../../core/registry';
import type { GlobalOptions } from '../context';
import { withRegistry } from '../context';
import { formatNumber, printJson, table } from '../output';

interface ListOptions {
  experiment?: string;
  status?: RunStatus;
  search?: string;
  sort?: string;
  asc?: boolean;
  limit?: string;
}

export function registerRuns(program: Command, globals: () => GlobalOptions): void {
  const runs = program.command('runs').description('list and show tracked runs');
  runs
    .command('list')
    .description('list runs, newest first or sorted by a metric')
    .option('-e, --experiment <name>', 'only runs of this experiment')
    .addOption(new Option('-s, --status <status>', 'only runs with this status').choices(RUN_STATUSES))
    .option('--search <text>', 'only runs whose id, name, command, source or a param contains this text')
    .option('--sort <metric>', "sort by this metric's last value (descending; runs without it last)")
    .option('--asc', 'ascending order')
    .option('-n, --limit <n>', 'at most this many runs', (v) => {
      if (!/^\d+$/.test(v)) throw new Error(`--limit expects a whole number, got "${v}"`);
      return v;
    })
    .action(async (o: ListOptions) => {
      const opts = globals();
      const list = await withRegistry(opts, (reg) => reg.listRuns({
        experiment: o.experiment, status: o.status, text: o.search, sortMetric: o.sort, order: o.asc ? 'asc' : 'desc',
        limit: o.limit === undefined ? undefined : Number(o.limit),
      }));
      if (opts.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no runs\n' : formatRunTable(list, o.sort));
    });
  runs
    .command('show')
    .description('show one run: params, metric summaries, git, artifacts and inputs')
    .argument('<run>', 'run id or a unique prefix of it (at least 4 characters)')
    .action(async (id: string) => {
      const opts = globals();
      const run = await withRegistry(opts, (reg) => reg.getRun(id));
      if (opts.json) return printJson(run);
      process.stdout.write(formatRun(run));
    });
}

function formatRunTable(list: RunRecord[], sortMetric?: string): string {
  const header = ['ID', 'EXPERIMENT', 'NAME', 'STATUS', 'STARTED', ...(sortMetric ? [sortMetric.toUpperCase()] : ['METRICS'])];
  return table([header, ...list.map((r) => [
    r.id.slice(0, 8), r.experiment, r.name ?? '', r.status, r.startedAt?.replace('T', ' ').slice(0, 19) ?? '',
    sortMetric ? (r.metrics[sortMetric] ? formatNumber(r.metrics[sortMetric]!.last) : '-') : String(Object.keys(r.metrics).length),
  ])]);
}

function formatRun(r: RunDetail): string {
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
  const metrics = Object.entries(r.metrics);
  if (metrics.length) {
    lines.push('', 'metrics', ...table([['  KEY', 'LAST', 'STEP', 'MIN', 'MAX', 'COUNT'], ...metrics.map(([k, m]) =>
      ['  ' + k, formatNumber(m.last), String(m.step), formatNumber(m.min), formatNumber(m.max), String(m.count)])]).trimEnd().split('\n'));
  }
  if (r.artifacts.length) lines.push('', 'artifacts', ...r.artifacts.map((a) => `  ${a.kind.padEnd(8)} ${a.path}${a.sha256 ? `  sha256:${a.sha256.slice(0, 12)}` : ''}`));
  if (r.inputs.length) lines.push('', 'inputs', ...r.inputs.map((d) => `  ${d.path}  sha256:${d.sha256.slice(0, 12)}`));
  return lines.join('\n') + '\n';
}
