import { type Command, InvalidArgumentError, Option } from 'commander';
import { RUN_STATUSES, type RunRecord, type RunStatus } from '../../core/registry';
import type { GlobalOptions } from '../context';
import { withRegistry } from '../context';
import { formatNumber, formatRunText, table } from '../../core/registry/format';
import { printJson } from '../output';

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
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number.');
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
      process.stdout.write(formatRunText(run));
    });
}

function formatRunTable(list: RunRecord[], sortMetric?: string): string {
  const header = ['ID', 'EXPERIMENT', 'NAME', 'STATUS', 'STARTED', ...(sortMetric ? [sortMetric.toUpperCase()] : ['METRICS'])];
  return table([header, ...list.map((r) => [
    r.id.slice(0, 8), r.experiment, r.name ?? '', r.status, r.startedAt?.replace('T', ' ').slice(0, 19) ?? '',
    sortMetric ? (r.metrics[sortMetric] ? formatNumber(r.metrics[sortMetric]!.last) : '-') : String(Object.keys(r.metrics).length),
  ])]);
}
