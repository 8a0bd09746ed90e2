/**
 * Writes `runs` transactions of startRun + logMetrics into one registry, starting when stdin says "go".
 * Prints "ready" once the registry is open and "done <n>" at the end; any error goes to stderr with exit 1.
 */
import { Registry } from '../../../../src/core/registry';

const [file, label, runs, points] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])];
const reg = Registry.open(file);
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  try {
    for (let i = 0; i < runs; i++) {
      reg.write(() => {
        const id = reg.startRun({ experiment: label, name: `${label}-${i}`, sourceKind: 'cli' });
        reg.logMetrics(id, Array.from({ length: points }, (_, s) => ({ key: `k${s % 4}`, step: s, ts: Date.now(), value: s })));
      });
    }
    reg.close();
    process.stdout.write(`done ${runs}\n`);
    process.exit(0);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
});
