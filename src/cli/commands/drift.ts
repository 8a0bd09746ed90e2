import type { Command } from 'commander';
import * as path from 'node:path';
import { loadConfig } from '../../core/config';
import { datasetInfo, driftConfigFrom, modelFileSha, modelVersionIdBySha, runDrift, saveDriftReport, type ColumnReport, type ColumnType, type DriftReport } from '../../core/drift';
import { MlopsError } from '../../core/errors';
import type { GlobalOptions } from '../context';
import { findWorkspaceRoot, registryPath, withRegistry } from '../context';
import { formatNumber, table } from '../../core/registry/format';
import { printJson } from '../output';

interface DriftCliOptions {
  model?: string;
  features?: string[];
  failOnDrift?: boolean;
  columns?: string[];
  categorical?: string[];
  numeric?: string[];
  ignoreColumns?: string[];
  save: boolean;
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerDrift(program: Command, globals: () => GlobalOptions): void {
  program
    .command('drift')
    .description('compare a current dataset with a reference one, column by column (CSV, TSV, JSON Lines, Parquet)')
    .argument('<reference>', 'reference dataset (what the model was trained or validated on)')
    .argument('<current>', 'current dataset (what the model sees now)')
    .option('--model <model>', 'also compare the model\'s predictions on both datasets')
    .option('--features <names>', 'the columns feeding the model, in order (default: [tool.mlops-lens.inference] columns)', list)
    .option('--fail-on-drift', 'exit 1 when the dataset drifts')
    .option('--columns <names>', 'only these columns (comma-separated)', list)
    .option('--categorical <names>', 'treat these columns as categorical (comma-separated)', list)
    .option('--numeric <names>', 'treat these columns as numeric (comma-separated)', list)
    .option('--ignore-columns <names>', 'report these columns without testing them, e.g. identifiers (comma-separated; adds to ignore_columns)', list)
    .option('--no-save', 'do not store the report in the registry')
    .action(async (reference: string, current: string, o: DriftCliOptions) => {
      const opts = globals();
      const types: Record<string, ColumnType> = {};
      for (const n of o.categorical ?? []) types[n] = 'categorical';
      for (const n of o.numeric ?? []) {
        if (types[n]) throw new MlopsError('conflicting column types', n, 'given both --categorical and --numeric');
        types[n] = 'numeric';
      }
      const cwd = process.cwd();
      const config = driftConfigFrom(loadConfig(cwd));
      const refPath = path.resolve(reference);
      const curPath = path.resolve(current);
      const model = o.model === undefined ? undefined : { path: path.resolve(o.model), features: o.features ?? inferenceColumns(cwd) };
      const report = await runDrift(refPath, curPath, { columns: o.columns, ignoreColumns: o.ignoreColumns, types, config, hash: o.save, model });
      report.reference.path = reference;
      report.current.path = current;
      let savedId: number | null = null;
      if (o.save) {
        const root = findWorkspaceRoot(cwd);
        const stored = (p: string) => (isInside(root, p) ? path.relative(root, p) : p);
        const refInfo = await datasetInfo(report.reference, refPath, stored(refPath), report.columns);
        const curInfo = await datasetInfo(report.current, curPath, stored(curPath), report.columns);
        const modelSha = model ? await modelFileSha(model.path) : null;
        savedId = await withRegistry(opts, (reg) => saveDriftReport(reg, report, refInfo, curInfo, modelSha === null ? null : modelVersionIdBySha(reg, modelSha)));
      }
      if (opts.json) printJson(report);
      else process.stdout.write(formatReport(report, savedId === null ? null : `report #${savedId} saved in ${registryPath(opts)}`));
      if (o.failOnDrift && report.datasetDrift) {
        throw new MlopsError('dataset drift detected', `${reference} -> ${current}`, `${report.driftedColumns} drifted column(s), share ${formatNumber(report.driftShare)} >= ${report.driftShareThreshold}`, 'check');
      }
    });
}

/** `[tool.mlops-lens.inference] columns`, the feature list `infer` uses too. */
function inferenceColumns(dir: string): string[] | undefined {
  const cols = (loadConfig(dir).raw.inference as { columns?: unknown } | undefined)?.columns;
  return Array.isArray(cols) && cols.every((c) => typeof c === 'string') ? cols : undefined;
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const num = (v: number | null) => (v === null ? '-' : formatNumber(v));

function formatReport(r: DriftReport, saved: string | null): string {
  const header = ['COLUMN', 'TYPE', 'TEST', 'STATISTIC', 'P-VALUE', 'THRESHOLD', 'DRIFT', 'MISSING REF/CUR', 'NOTE'];
  const row = (c: ColumnReport) => [
    c.name, c.type, c.test ?? '-', num(c.statistic), num(c.pValue), num(c.threshold),
    c.drifted === null ? '-' : c.drifted ? 'yes' : 'no', `${c.missing.reference}/${c.missing.current}`, c.note ?? '',
  ];
  const lines = [
    `reference  ${r.reference.path} (${r.reference.rows} rows)`,
    `current    ${r.current.path} (${r.current.rows} rows)`,
    '',
    table([header, ...r.columns.map(row)]).trimEnd(),
  ];
  if (r.predictions.length) lines.push('', 'predictions', table([header, ...r.predictions.map(row)]).trimEnd());
  const tested = r.columns.filter((c) => c.drifted !== null).length;
  lines.push('', `dataset drift: ${r.datasetDrift ? 'yes' : 'no'} (${r.driftedColumns} of ${tested} tested columns drifted, share ${formatNumber(r.driftShare)}, threshold ${r.driftShareThreshold})`);
  if (saved) lines.push(saved);
  return lines.join('\n') + '\n';
}
