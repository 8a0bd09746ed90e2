import { parentPort } from 'node:worker_threads';
import { numericStats } from './column-stats';
import type { StatsTask } from './stats-pool';

/** A drift worker thread: the statistics of one numeric column per message, one reply each. */
parentPort!.on('message', (task: StatsTask) => {
  parentPort!.postMessage(numericStats(task.ref, task.cur));
});
