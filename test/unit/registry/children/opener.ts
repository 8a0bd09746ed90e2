/**
 * For each line `<name>` on stdin, opens (creating) `<dir>/<name>.db` and answers `ok <name>` or
 * `error <name> <message>`. The parent sends each name to two such processes at once, so both try to
 * create the same registry at the same moment.
 */
import * as readline from 'node:readline';
import { Registry } from '../../../../src/core/registry';

const dir = process.argv[2]!;
process.stdout.write('ready\n');
readline.createInterface({ input: process.stdin }).on('line', (name) => {
  try {
    Registry.open(`${dir}/${name}.db`).close();
    process.stdout.write(`ok ${name}\n`);
  } catch (err) {
    process.stdout.write(`error ${name} ${(err as Error).message}\n`);
  }
});
