import type { Command } from 'commander';
import { LATEST_SCHEMA_VERSION } from '../../core/registry';
import { FULL_CHECK_MAX_BYTES } from '../../core/registry/integrity';
import { VERSION } from '../../version';
import type { GlobalOptions } from '../context';
import { registryPath, withRegistry } from '../context';
import { table } from '../../core/registry/format';
import { printJson } from '../output';

export function registerStatus(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('show the registry in use and what it holds')
    .option('--check', `check every page of the registry file (opening one does so up to ${FULL_CHECK_MAX_BYTES / 1024 / 1024} MB); a damaged file is moved aside`)
    .action(async (cmd: { check?: boolean }) => {
      const opts = globals();
      const file = registryPath(opts);
      const result = await withRegistry(opts, (reg) => {
        if (cmd.check) reg.checkIntegrity();
        return { version: VERSION, registry: file, schemaVersion: reg.schemaVersion, counts: reg.counts(), ...(cmd.check ? { integrity: 'ok' } : {}) };
      });
      if (opts.json) return printJson(result);
      process.stdout.write(`mlops-lens ${result.version}\nregistry  ${file} (schema ${result.schemaVersion}/${LATEST_SCHEMA_VERSION})\n` +
        (cmd.check ? 'integrity ok (every page checked)\n' : '') + table(Object.entries(result.counts).map(([k, v]) => [k, String(v)])));
    });
}
