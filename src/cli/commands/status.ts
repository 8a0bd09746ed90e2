import type { Command } from 'commander';
import { LATEST_SCHEMA_VERSION } from '../../core/registry';
import { VERSION } from '../../version';
import type { GlobalOptions } from '../context';
import { registryPath, withRegistry } from '../context';
import { table } from '../../core/registry/format';
import { printJson } from '../output';

export function registerStatus(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show the registry in use and what it holds')
    .action(async () => {
      const opts = globals();
      const file = registryPath(opts);
      const result = await withRegistry(opts, (reg) => ({ version: VERSION, registry: file, schemaVersion: reg.schemaVersion, counts: reg.counts() }));
      if (opts.json) return printJson(result);
      process.stdout.write(`mlops-lens ${result.version}\nregistry  ${file} (schema ${result.schemaVersion}/${LATEST_SCHEMA_VERSION})\n` +
        table(Object.entries(result.counts).map(([k, v]) => [k, String(v)])));
    });
}
