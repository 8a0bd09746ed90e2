import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { FileContext, Range } from './types';

/**
 * CI and pipeline files (GitHub Actions, GitLab CI, Argo and Kubeflow workflows) read into one shape: jobs
 * made of steps, with the order they run in. Rules ask what runs before a step, whatever the system.
 */
export interface WfStep {
  /** The step's name as written ('' when unnamed). */
  name: string;
  /** What the step runs: commands, the action it uses and its inputs, the container's command and script. */
  text: string;
  range: Range;
}

export interface WfJob {
  id: string;
  name: string;
  /** Jobs that finish before this one starts (direct only). */
  needs: string[];
  steps: WfStep[];
  range: Range;
  /** True when a schedule (cron) starts this job. */
  scheduled: boolean;
}

export interface Workflow {
  system: 'github' | 'gitlab' | 'argo';
  jobs: Map<string, WfJob>;
  /** Where the schedule is declared, when the workflow (or one of its jobs) runs on one. */
  schedule: Range | null;
}

type Map_ = YAMLMap<unknown, unknown>;

/** Every workflow the file declares (one per YAML document that is one). */
export function readWorkflows(ctx: FileContext): Workflow[] {
  const { docs, lines } = ctx.yaml;
  const out: Workflow[] = [];
  for (const doc of docs) {
    const wf = readDoc(doc, new Y(lines, ctx.lines), path.basename(ctx.file));
    if (wf) out.push(wf);
  }
  return out;
}

function readDoc(doc: Document, y: Y, base: string): Workflow | null {
  const root = doc.contents;
  if (!isMap(root)) return null;
  const kind = y.str(root.get('kind', true));
  if (kind && /^(?:Workflow|CronWorkflow|WorkflowTemplate|ClusterWorkflowTemplate|ScheduledWorkflow)$/.test(kind)) return argo(root, kind, y);
  if (isMap(root.get('jobs', true)) && (root.has('on') || root.has(true))) return github(root, y);
  if (/gitlab-ci/i.test(base) || root.has('stages') || [...root.items].some((p) => isMap(p.value) && (p.value.has('script') || p.value.has('trigger')))) return gitlab(root, y);
  return null;
}

/** Reads scalars, ranges and nested keys of one document. */
class Y {
  constructor(private readonly lc: LineCounter, private readonly lines: string[]) {}

  str(n: unknown): string | undefined {
    return isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number' || typeof n.value === 'boolean') ? String(n.value) : undefined;
  }

  /** The first line of a node: findings point at one line. */
  range(n: unknown): Range {
    const r = (n as YamlNode | undefined)?.range;
    if (!r) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const s = this.lc.linePos(r[0]);
    const e = this.lc.linePos(r[1]);
    const end = e.line === s.line ? { line: e.line - 1, character: e.col - 1 } : { line: s.line - 1, character: this.lines[s.line - 1]?.replace(/\s+$/, '').length ?? s.col - 1 };
    return { start: { line: s.line - 1, character: s.col - 1 }, end };
  }

  /** Every scalar below a node, joined by newlines (commands, inputs, scripts). */
  text(n: unknown): string {
    if (isScalar(n)) return this.str(n) ?? '';
    if (isSeq(n)) return n.items.map((i) => this.text(i)).join('\n');
    if (isMap(n)) return n.items.map((p) => this.text(p.value)).join('\n');
    return '';
  }

  /** An action's inputs as `key: value` lines (the key says what a value is: `push: true`). */
  pairs(n: unknown): string {
    return isMap(n) ? n.items.map((p) => `${this.str(p.key) ?? ''}: ${this.text(p.value)}`).join('\n') : '';
  }

  list(n: unknown): string[] {
    if (isSeq(n)) return n.items.flatMap((i) => (isMap(i) ? [this.str(i.get('job', true)) ?? ''] : [this.str(i) ?? ''])).filter((s) => s !== '');
    const s = this.str(n);
    return s ? [s] : [];
  }
}

function keyNode(map: Map_, key: string): unknown {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key)?.key;
}

function github(root: Map_, y: Y): Workflow {
  const on = root.get('on', true) ?? root.get(true, true);
  const schedule = isMap(on) && on.has('schedule') ? y.range(keyNode(on, 'schedule')) : null;
  const jobs = new Map<string, WfJob>();
  const jobsNode = root.get('jobs', true) as unknown as Map_;
  for (const pair of jobsNode.items) {
    const id = y.str(pair.key);
    const job = pair.value;
    if (!id || !isMap(job)) continue;
    const steps: WfStep[] = [];
    const uses = job.get('uses', true);
    if (uses) steps.push({ name: y.str(job.get('name', true)) ?? id, text: `${y.text(uses)}\n${y.pairs(job.get('with', true))}`, range: y.range(uses) });
    const seq = job.get('steps', true);
    if (isSeq(seq)) {
      for (const s of seq.items) {
        if (!isMap(s)) continue;
        const text = [y.text(s.get('uses', true)), y.text(s.get('run', true)), y.pairs(s.get('with', true))].join('\n');
        steps.push({ name: y.str(s.get('name', true)) ?? y.str(s.get('id', true)) ?? '', text, range: y.range(keyNode(s, 'run') ?? firstKey(s)) });
      }
    }
    jobs.set(id, { id, name: y.str(job.get('name', true)) ?? id, needs: y.list(job.get('needs', true)), steps, range: y.range(pair.key), scheduled: schedule !== null });
  }
  return { system: 'github', jobs, schedule };
}

/** The first key of a step map: the line the step starts on (`- name: …`). */
function firstKey(m: Map_): unknown {
  return m.items[0]?.key ?? m;
}

/** Keys of a GitLab CI file that are settings, not jobs. */
const GITLAB_RESERVED = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'types']);
const DEFAULT_STAGES = ['.pre', 'build', 'test', 'deploy', '.post'];
const SCHEDULE_IF = /\$CI_PIPELINE_SOURCE\s*==\s*["']?schedule["']?/;

function gitlab(root: Map_, y: Y): Workflow {
  const stagesNode = root.get('stages', true);
  const stages = isSeq(stagesNode) ? ['.pre', ...y.list(stagesNode), '.post'] : DEFAULT_STAGES;
  const defaults = root.get('default', true);
  const defaultBefore = (isMap(defaults) ? defaults.get('before_script', true) : undefined) ?? root.get('before_script', true);
  const templates = new Map<string, Map_>();
  for (const p of root.items) {
    const id = y.str(p.key);
    if (id && isMap(p.value)) templates.set(id, p.value);
  }
  /** A key of the job, or of the template it `extends` (one level is the common case; a few levels are followed). */
  const field = (job: Map_, key: string, depth = 0): unknown => {
    if (job.has(key)) return job.get(key, true);
    if (depth > 4) return undefined;
    for (const base of y.list(job.get('extends', true)).reverse()) {
      const t = templates.get(base);
      const v = t && field(t, key, depth + 1);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const workflowRules = root.get('workflow', true);
  const pipelineScheduled = isMap(workflowRules) && scheduleRule(workflowRules.get('rules', true), y) !== null;
  let schedule: Range | null = null;
  const raw: { id: string; stage: string; needs: string[] | null; job: WfJob }[] = [];
  for (const p of root.items) {
    const id = y.str(p.key);
    const job = p.value;
    if (!id || id.startsWith('.') || GITLAB_RESERVED.has(id) || !isMap(job)) continue;
    const rulesNode = field(job, 'rules');
    const only = field(job, 'only');
    const jobRule = scheduleRule(rulesNode, y) ?? onlySchedules(only, y);
    const scheduled = jobRule !== null || (pipelineScheduled && rulesNode === undefined && only === undefined);
    if (scheduled && !schedule) schedule = jobRule ?? y.range(keyNode(root, 'workflow'));
    const steps: WfStep[] = [];
    for (const key of ['before_script', 'script']) {
      const node = field(job, key) ?? (key === 'before_script' ? defaultBefore : undefined);
      const items = isSeq(node) ? node.items : node ? [node] : [];
      for (const item of items) steps.push({ name: id, text: y.text(item), range: y.range(item) });
    }
    const trigger = field(job, 'trigger');
    if (trigger) steps.push({ name: id, text: y.text(trigger), range: y.range(trigger) });
    const needsNode = field(job, 'needs');
    raw.push({ id, stage: y.str(field(job, 'stage')) ?? 'test', needs: needsNode === undefined ? null : y.list(needsNode), job: { id, name: id, needs: [], steps, range: y.range(p.key), scheduled } });
  }
  const jobs = new Map<string, WfJob>();
  for (const r of raw) {
    const rank = stages.indexOf(r.stage);
    r.job.needs = r.needs ?? raw.filter((o) => stages.indexOf(o.stage) < rank).map((o) => o.id);
    jobs.set(r.id, r.job);
  }
  return { system: 'gitlab', jobs, schedule };
}

/** The `rules:` entry that lets a job run on a schedule (an `if` on the pipeline source that is not `when: never`). */
function scheduleRule(rules: unknown, y: Y): Range | null {
  if (!isSeq(rules)) return null;
  for (const r of rules.items) {
    if (!isMap(r)) continue;
    const cond = y.str(r.get('if', true)) ?? '';
    if (SCHEDULE_IF.test(cond) && y.str(r.get('when', true)) !== 'never') return y.range(r.get('if', true));
  }
  return null;
}

function onlySchedules(only: unknown, y: Y): Range | null {
  const refs = isMap(only) ? only.get('refs', true) : only;
  if (!isSeq(refs)) return null;
  const hit = refs.items.find((i) => y.str(i) === 'schedules');
  return hit ? y.range(hit) : null;
}

/** Argo Workflow / CronWorkflow / WorkflowTemplate and Kubeflow's ScheduledWorkflow (an Argo spec inside). */
function argo(root: Map_, kind: string, y: Y): Workflow | null {
  const spec = root.get('spec', true);
  if (!isMap(spec)) return null;
  let wfSpec: unknown = spec;
  let schedule: Range | null = null;
  if (kind === 'CronWorkflow') {
    wfSpec = spec.get('workflowSpec', true);
    const s = keyNode(spec, 'schedule') ?? keyNode(spec, 'schedules');
    schedule = s ? y.range(s) : y.range(keyNode(root, 'kind'));
  } else if (kind === 'ScheduledWorkflow') {
    const wf = spec.get('workflow', true);
    wfSpec = isMap(wf) ? wf.get('spec', true) : undefined;
    const trigger = spec.get('trigger', true);
    schedule = y.range(isMap(trigger) ? (keyNode(trigger, 'cronSchedule') ?? keyNode(trigger, 'periodicSchedule') ?? keyNode(spec, 'trigger')) : keyNode(root, 'kind'));
  }
  if (!isMap(wfSpec)) return null;
  const templates = new Map<string, Map_>();
  const tNode = wfSpec.get('templates', true);
  if (isSeq(tNode)) for (const t of tNode.items) if (isMap(t)) templates.set(y.str(t.get('name', true)) ?? '', t);
  const textOf = (name: string, depth: number): string => {
    const t = templates.get(name);
    if (!t) return name;
    const own = ['container', 'script', 'resource', 'containerSet'].map((k) => y.text(t.get(k, true))).join('\n');
    if (depth > 4) return `${name}\n${own}`;
    const refs = [...collectRefs(t, y)].map((r) => textOf(r, depth + 1));
    return [name, own, ...refs].join('\n');
  };
  const entry = y.str(wfSpec.get('entrypoint', true)) ?? [...templates.keys()][0] ?? '';
  const main = templates.get(entry);
  const jobs = new Map<string, WfJob>();
  const add = (id: string, template: string, needs: string[], node: unknown, extra: string) => {
    const text = `${textOf(template, 0)}\n${extra}`;
    jobs.set(id, { id, name: `${id} ${template}`, needs, steps: [{ name: `${id} ${template}`, text, range: y.range(node) }], range: y.range(node), scheduled: schedule !== null });
  };
  const steps = main?.get('steps', true);
  const dag = main?.get('dag', true);
  if (isSeq(steps)) {
    let previous: string[] = [];
    for (const group of steps.items) {
      const members = isSeq(group) ? group.items : [group];
      const ids: string[] = [];
      for (const s of members) {
        if (!isMap(s)) continue;
        const id = y.str(s.get('name', true)) ?? `step${jobs.size}`;
        add(id, y.str(s.get('template', true)) ?? '', previous, firstKey(s), y.text(s.get('arguments', true)));
        ids.push(id);
      }
      previous = ids;
    }
  } else if (isMap(dag) && isSeq(dag.get('tasks', true))) {
    for (const task of (dag.get('tasks', true) as unknown as { items: unknown[] }).items) {
      if (!isMap(task)) continue;
      const id = y.str(task.get('name', true)) ?? `task${jobs.size}`;
      const depends = y.str(task.get('depends', true));
      const needs = depends ? (depends.match(/[A-Za-z0-9_-]+(?=\.|\s|\)|$)/g) ?? []).filter((w) => !/^(?:Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed)$/.test(w)) : y.list(task.get('dependencies', true));
      add(id, y.str(task.get('template', true)) ?? '', needs, firstKey(task), y.text(task.get('arguments', true)));
    }
  } else if (main) add(entry, entry, [], firstKey(main), '');
  return { system: 'argo', jobs, schedule };
}

/** Templates a steps/dag template calls. */
function collectRefs(t: Map_, y: Y): Set<string> {
  const out = new Set<string>();
  const visit = (n: unknown) => {
    if (isSeq(n)) n.items.forEach(visit);
    else if (isMap(n)) {
      const ref = y.str(n.get('template', true));
      if (ref) out.add(ref);
      for (const p of n.items) if (isSeq(p.value) || isMap(p.value)) visit(p.value);
    }
  };
  visit(t.get('steps', true));
  visit(t.get('dag', true));
  return out;
}

/** Steps that have finished when `job`'s step `index` starts: its earlier steps and every step of the jobs it needs, transitively. */
export function stepsBefore(wf: Workflow, job: WfJob, index: number): WfStep[] {
  const out = job.steps.slice(0, index);
  const seen = new Set<string>([job.id]);
  const queue = [...job.needs];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const j = wf.jobs.get(id);
    if (!j) continue;
    out.push(...j.steps);
    queue.push(...j.needs);
  }
  return out;
}

/** A step's name and what it runs, with shell comments dropped, for the rules' patterns. */
export function stepText(step: WfStep): string {
  return `${step.name}\n${step.text.replace(/(^|\s)#.*$/gm, '$1')}`;
}
