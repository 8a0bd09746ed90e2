import { parentPort } from 'node:worker_threads';
import { numericStats, type SideValues } from './column-stats';
import { numericColumn } from './columns';
import type { StatsTask } from './stats-pool';

/** Values per side in each warm-up round: enough for V8 to optimise every loop, a few milliseconds of work. */
const WARM_UP_VALUES = 20_000;

/**
 * Runs the statistics on small samples before the first column. A function first called on a million
 * values gets its loops optimised while they run (on-stack replacement), with no type feedback yet for
 * the code after each loop, which then falls back to the interpreter: the first column took 440 ms instead
 * of 175, and the later ones 230 ms, as the function was never optimised whole. Three rounds, the second
 * and third shifted enough to reach the KS p-value's other branches, cost about 30 ms once per worker.
 */
function warmUp(): void {
  let seed = 1;
  const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const side = (label: SideValues['label'], shift: number): SideValues => {
    const values = Array.from({ length: WARM_UP_VALUES }, (_, i) => (i % 997 === 0 ? Number.NaN : i % 1999 === 0 ? Infinity : rand() + rand() + rand() + shift));
    return { data: numericColumn('warm-up', values), rows: WARM_UP_VALUES, label };
  };
  for (const shift of [0, 0.02, 0.2]) numericStats(side('reference', 0), side('current', shift));
}

warmUp();

/** A drift worker thread: the statistics of one numeric column per message, one reply each. */
parentPort!.on('message', (task: StatsTask) => {
  parentPort!.postMessage(numericStats(task.ref, task.cur));
});
