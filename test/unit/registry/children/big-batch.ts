/**
 * Logs one batch of `points` metric points into a new run. Prints "run <id>" once the run is committed and
 * "begin" just before the batch's transaction starts; the parent kills it while the batch is written.
 */
import { Registry, type MetricPoint } from '../../../../src/core/registry';

const [file, count] = [process.argv[2]!, Number(process.argv[3])];
const reg = Registry.open(file);
const id = reg.startRun({ experiment: 'big', sourceKind: 'cli' });
process.stdout.write(`run ${id}\n`);
const points: MetricPoint[] = new Array(count);
for (let i = 0; i < count; i++) points[i] = { key: `k${i % 10}`, step: Math.floor(i / 10), ts: i, value: i / 3 };
process.stdout.write('begin\n');
reg.logMetrics(id, points);
process.stdout.write('committed\n');
reg.close();
