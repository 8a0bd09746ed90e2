import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeError, errnoCode, type Problem } from '../../errors';
import type { MetricPoint } from '../../registry';
import { experimentOf, statusByActivity } from '../run-files';
import { decodeEvent, scalarOf } from '../tf-event';
import { fingerprint } from '../text-tail';
import { openRecords } from '../tfrecord';
import type { Importer, ReadResult } from './types';

interface EventFileState {
  offset: number;
  /** Records read so far; problems name records 1-based. */
  record: number;
  bytes: number;
  mtimeMs: number;
  head: string;
  /** Stopped at a bad record: read again each time so the problem keeps being reported. */
  bad?: boolean;
}

interface TbState {
  files: Record<string, EventFileState>;
  /** Wall time of the first event read (the writer's file_version event), in ms. */
  startedAt: number | null;
}

const EVENTS = /^events\.out\.tfevents\./;

/**
 * TensorBoard event files (`events.out.tfevents.<time>.<host>[...]`, TFRecord framing, one `Event` per
 * record). A run is the folder of its event files (TensorBoard's own notion: a restarted writer adds a
 * file to the same run). Scalars are `simple_value` (TF1, PyTorch) or rank-0 float tensors (TF2). Every
 * CRC is checked; a bad record ends that file's import with a problem naming it, keeping the points
 * before it. A record cut short at the end of the file is one still being written: read again later.
 */
export const tensorboard: Importer = {
  name: 'tensorboard',
  detect: (file) => EVENTS.test(path.basename(file)),
  runPath: (file) => path.dirname(file),
  read(runPath, state, options): ReadResult {
    const prev = (state?.data as TbState | null) ?? { files: {}, startedAt: null };
    const first = readRun(runPath, prev, options.maxPoints);
    // A rewritten event file (never done by TensorBoard writers, but a copied-over folder) re-reads the run.
    const r = first.rewritten ? { ...readRun(runPath, { files: {}, startedAt: null }, options.maxPoints), replace: 'all' as const } : { ...first, replace: undefined };
    const stats = Object.values(r.files);
    const latest = Math.max(0, ...stats.map((f) => f.mtimeMs));
    const status = statusByActivity(latest, options.now);
    return {
      runs: [{
        runKey: runPath,
        experiment: experimentOf(runPath, 'tensorboard'),
        name: path.basename(runPath),
        status,
        startedAt: r.startedAt,
        endedAt: status === 'running' ? null : latest || null,
        params: {},
        tags: {},
        points: r.points,
        replace: r.replace,
        artifacts: [],
      }],
      nextState: {
        offset: stats.reduce((s, f) => s + f.offset, 0),
        bytes: stats.reduce((s, f) => s + f.bytes, 0),
        mtimeMs: latest || null,
        headSha256: null,
        data: { files: r.files, startedAt: r.startedAt } satisfies TbState,
      },
      problems: r.problems,
      more: r.more,
    };
  },
};

function readRun(runPath: string, prev: TbState, maxPoints: number) {
  const files: Record<string, EventFileState> = { ...prev.files };
  const start = { ms: prev.startedAt };
  const points: MetricPoint[] = [];
  const problems: Problem[] = [];
  let more = false;
  let names: string[] = [];
  try {
    names = fs.readdirSync(runPath).filter((n) => EVENTS.test(n)).sort();
  } catch (err) {
    problems.push({ path: runPath, line: null, message: `cannot list: ${errnoCode(err) ?? describeError(err)}` });
  }
  for (const name of names) {
    if (points.length >= maxPoints) { more = true; break; }
    const r = readFile(path.join(runPath, name), prev.files[name], points, problems, maxPoints, start);
    if (r === 'rewritten') return { files, points, problems, more, rewritten: true, startedAt: start.ms };
    if (r) { files[name] = r.state; if (r.more) more = true; }
  }
  return { files, points, problems, more, rewritten: false, startedAt: start.ms };
}

function readFile(file: string, prev: EventFileState | undefined, points: MetricPoint[], problems: Problem[], maxPoints: number, start: { ms: number | null }):
  { state: EventFileState; more: boolean } | 'rewritten' | undefined {
  let opened;
  try {
    opened = openRecords(file);
  } catch (err) {
    problems.push({ path: file, line: null, message: `cannot read: ${errnoCode(err) ?? describeError(err)}` });
    return undefined;
  }
  const { reader, fd, stat } = opened;
  try {
    if (prev && !prev.bad && prev.offset === stat.size && prev.mtimeMs === stat.mtimeMs) return { state: prev, more: false };
    if (prev && (stat.size < prev.offset || fingerprint(fd, prev.offset) !== prev.head)) return 'rewritten';
    let offset = prev?.offset ?? 0;
    let record = prev?.record ?? 0;
    let more = false;
    let bad = false;
    for (;;) {
      if (points.length >= maxPoints) { more = true; break; }
      const step = reader.next(offset);
      if (step.kind === 'incomplete') break;
      if (step.kind === 'bad') {
        problems.push({ path: file, line: record + 1, message: `record ${record + 1} at byte ${step.offset}: ${step.message}; the rest of the file is not imported` });
        bad = true;
        break;
      }
      let event;
      try {
        event = decodeEvent(step.data);
      } catch (err) {
        problems.push({ path: file, line: record + 1, message: `record ${record + 1} at byte ${step.offset}: not an Event protobuf (${describeError(err)}); the rest of the file is not imported` });
        bad = true;
        break;
      }
      if (event.wallTime && (start.ms === null || event.wallTime * 1000 < start.ms)) start.ms = Math.round(event.wallTime * 1000);
      const values = event.summary?.value;
      if (values?.length) {
        const s = event.step;
        const stepNo = s === undefined ? 0 : typeof s === 'number' ? s : s.toNumber();
        const ts = event.wallTime ? Math.round(event.wallTime * 1000) : null;
        for (const v of values) {
          const value = scalarOf(v);
          if (value !== undefined && v.tag) points.push({ key: v.tag, step: stepNo, ts, value });
        }
      }
      offset = step.next;
      record++;
    }
    return { state: { offset, record, bytes: stat.size, mtimeMs: stat.mtimeMs, head: fingerprint(fd, offset), ...(bad ? { bad } : {}) }, more };
  } finally {
    fs.closeSync(fd);
  }
}
