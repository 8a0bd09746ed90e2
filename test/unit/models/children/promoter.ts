/**
 * Plans the promotion of `name` version `version` to `alias` (no gates), prints "planned", and commits it
 * when stdin says "go": prints "won" or "lost <error>" so the parent can start two commits at once.
 */
import { describeError } from '../../../../src/core/errors';
import { commitPromotion, planPromotion } from '../../../../src/core/models';
import { Registry } from '../../../../src/core/registry';

const [file, name, version, alias] = process.argv.slice(2) as [string, string, string, string];
const reg = Registry.open(file);
planPromotion(reg, { name, version: Number(version), to: alias, gates: { targets: new Map(), reference: null, current: null, file: null } }).then((plan) => {
  process.stdout.write('planned\n');
  process.stdin.once('data', () => {
    try {
      commitPromotion(reg, plan);
      process.stdout.write('won\n');
    } catch (err) {
      process.stdout.write(`lost ${describeError(err)}\n`);
    }
    reg.close();
    process.exit(0);
  });
}, (err: unknown) => {
  process.stderr.write(`${describeError(err)}\n`);
  process.exit(1);
});
