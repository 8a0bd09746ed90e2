import type { Command } from 'commander';
import { loadConfig } from '../../core/config';
import { MlopsError } from '../../core/errors';
import {
  listModels, parseGatesConfig, parseVersion, parseVersionRef, promote, registerModel, resolveVersion, rollback, versionLineage,
} from '../../core/models';
import { formatGates, formatLineage, formatModelList } from '../../core/models/text';
import type { GlobalOptions } from '../context';
import { withRegistry } from '../context';
import { printJson } from '../output';

/** `mlops-lens models register|list|show|promote|rollback`. */
export function registerModels(program: Command, globals: () => GlobalOptions): void {
  const models = program.command('models').description('register model versions, promote them through quality gates, show their lineage');

  models
    .command('register')
    .description('register a model file as the next version of a named model (a read-only copy is kept)')
    .argument('<path>', 'the model file (.onnx .safetensors .pt .pth .ckpt .pkl .joblib .keras .h5)')
    .requiredOption('--name <name>', 'model name (letters, digits, ".", "_", "-")')
    .option('--run <run>', 'the run that produced it (id or unique prefix; default: the run that recorded this file)')
    .action(async (file: string, o: { name: string; run?: string }) => {
      const opts = globals();
      const r = await withRegistry(opts, (reg) => registerModel(reg, { name: o.name, file, run: o.run }));
      if (!r.created) process.stderr.write(`mlops-lens: already registered: ${r.name} version ${r.version} has the same content (sha256 ${r.sha256.slice(0, 12)})\n`);
      if (opts.json) return printJson({ name: r.name, version: r.version, sha256: r.sha256, path: r.path });
      if (r.created) process.stdout.write(`registered ${r.name} version ${r.version} (${r.format}, sha256 ${r.sha256.slice(0, 12)})${r.run ? ` from run ${r.run.slice(0, 8)}` : ''}\nstored at ${r.path}\n`);
    });

  models
    .command('list')
    .description('list models with their versions, aliases and stages')
    .action(async () => {
      const opts = globals();
      const list = await withRegistry(opts, (reg) => listModels(reg));
      if (opts.json) return printJson(list);
      process.stdout.write(formatModelList(list));
    });

  models
    .command('show')
    .description('show a version with its lineage: run, params, metrics, git, datasets, promotions')
    .argument('<ref>', 'NAME (newest version), NAME:VERSION or NAME@ALIAS')
    .action(async (ref: string) => {
      const opts = globals();
      const r = parseVersionRef(ref);
      const lineage = await withRegistry(opts, (reg) => versionLineage(reg, resolveVersion(reg, r.name, r)));
      if (opts.json) return printJson(lineage);
      process.stdout.write(formatLineage(lineage));
    });

  models
    .command('promote')
    .description('move an alias or stage to a version once every gate configured for it passes')
    .argument('<name>', 'model name')
    .argument('<version>', 'version number or "latest"')
    .requiredOption('--to <alias>', 'alias or stage (champion, Staging, Production, Archived, ...)')
    .option('--force', 'promote even when gates fail (recorded as forced)')
    .action(async (name: string, version: string, o: { to: string; force?: boolean }) => {
      const opts = globals();
      const gates = parseGatesConfig(loadConfig(process.cwd()));
      const r = await withRegistry(opts, (reg) => promote(reg, { name, version: parseVersion(version), to: o.to, gates, force: o.force }));
      if (opts.json) printJson({ promoted: r.promoted, gates: r.gates });
      else {
        process.stdout.write(formatGates(r.gates));
        if (r.promoted) {
          process.stdout.write(r.record === null ? `${name} version ${version} already holds ${o.to}\n`
            : `promoted ${name} version ${r.record.version} to ${r.record.to}${r.record.previous !== null ? ` (was version ${r.record.previous})` : ''}${r.record.forced ? ' (forced past failing gates)' : ''}\n`);
        }
      }
      if (!r.promoted) {
        const failing = r.gates.filter((g) => !g.passed).map((g) => `${g.name} (${g.reason})`).join('; ');
        throw new MlopsError('promotion blocked by gates', `${name} version ${version} to ${o.to}`, `${failing}; use --force to promote anyway`, 'check');
      }
    });

  models
    .command('rollback')
    .description('move an alias or stage back to the version that held it before the last promotion')
    .argument('<name>', 'model name')
    .argument('<alias>', 'alias or stage')
    .action(async (name: string, alias: string) => {
      const opts = globals();
      const r = await withRegistry(opts, (reg) => rollback(reg, name, alias));
      if (opts.json) return printJson({ name: r.name, alias: r.to, version: r.version, replaced: r.previous });
      process.stdout.write(`rolled back ${r.name}@${r.to} to version ${r.version} (was version ${r.previous})\n`);
    });
}
