import { isTrainingCall } from './ml';
import { nodeRange, stringValue } from './python';
import type { FileContext, Node, Range } from './types';

/** One Airflow task: an operator call with a `task_id`, or a `@task` function. */
export interface AirflowTask {
  key: string;
  /** Its task_id or function name, and what it runs (callable, command, image arguments, body). */
  name: string;
  text: string;
  /** Operator arguments only (no function bodies): where a training command would be named. */
  commands: string;
  trains: boolean;
  range: Range;
}

export interface AirflowDag {
  /** The `schedule=`/`schedule_interval=` argument when it names a recurring schedule. */
  schedule: { text: string; range: Range } | null;
  tasks: Map<string, AirflowTask>;
  /** Upstream task keys per task key (direct), from `>>`, `<<`, set_upstream/downstream, chain() and TaskFlow arguments. */
  upstream: Map<string, Set<string>>;
  /** True when the file states any ordering at all. */
  ordered: boolean;
}

/** Operator arguments that say what a task runs (not its data paths or options). */
const COMMAND_KEYWORDS = ['task_id', 'python_callable', 'bash_command', 'cmds', 'arguments', 'application', 'entry_point', 'command', 'job_name'];
const DAG_CALLEE = /^airflow(?:\.\w+)*\.(?:DAG|dag)$/;

/** The DAG(s) of an Airflow file read as one graph, or null when the file declares none. */
export function readAirflow(ctx: FileContext): AirflowDag | null {
  if (!ctx.py.modules.has('airflow')) return null;
  const dagCalls = ctx.py.calls.filter((c) => DAG_CALLEE.test(c.qualified));
  if (dagCalls.length === 0) return null;
  let schedule: AirflowDag['schedule'] = null;
  for (const c of dagCalls) {
    const v = c.keywords.get('schedule') ?? c.keywords.get('schedule_interval');
    if (!v || v.type === 'none') continue;
    if (v.type === 'string' && /^@once$/.test(stringValue(v).value)) continue;
    schedule ??= { text: v.text, range: nodeRange(v.parent ?? v) };
  }
  const defs = new Map<string, Node>();
  for (const d of ctx.tree.rootNode.descendantsOfType('function_definition')) {
    const name = d?.childForFieldName('name')?.text;
    if (d && name) defs.set(name, d);
  }
  const trainsInBody = (fn: Node | undefined) => fn !== undefined && ctx.py.calls.some((c) => within(c.node, fn) && isTrainingCall(c));
  const tasks = new Map<string, AirflowTask>();
  for (const [name, fn] of defs) {
    const decorated = fn.parent?.type === 'decorated_definition' && fn.parent.namedChildren.some((d) => d?.type === 'decorator' && /^@(?:\w+\.)*task\b/.test(d.text));
    if (decorated) tasks.set(name, { key: name, name, text: fn.text, commands: '', trains: trainsInBody(fn), range: nodeRange(fn.childForFieldName('name')!) });
  }
  const alias = new Map<string, string>();
  for (const c of ctx.py.calls) {
    const target = assignedName(c.node);
    if (c.keywords.has('task_id')) {
      const idNode = c.keywords.get('task_id')!;
      const id = idNode.type === 'string' ? stringValue(idNode).value : idNode.text;
      const callable = c.keywords.get('python_callable')?.text;
      const fn = callable ? defs.get(callable) : undefined;
      const strings = [...c.keywords.values(), ...c.positional].map((n) => n.text).join('\n');
      const commands = COMMAND_KEYWORDS.flatMap((k) => c.keywords.get(k)?.text ?? []).join('\n');
      const key = target ?? id;
      tasks.set(key, { key, name: id, text: `${c.callee}\n${strings}\n${fn?.text ?? ''}`, commands: `${c.callee}\n${commands}`, trains: trainsInBody(fn), range: nodeRange(c.node) });
    } else if (target && tasks.has(c.method) && c.callee === c.method) alias.set(target, c.method);
  }
  const upstream = new Map<string, Set<string>>();
  let ordered = false;
  const resolve = (k: string) => alias.get(k) ?? k;
  const edge = (from: string[], to: string[]) => {
    for (const t of to) for (const f of from) {
      const [a, b] = [resolve(f), resolve(t)];
      if (!tasks.has(a) || !tasks.has(b)) continue;
      ordered = true;
      if (!upstream.has(b)) upstream.set(b, new Set());
      upstream.get(b)!.add(a);
    }
  };
  for (const op of ctx.tree.rootNode.descendantsOfType('binary_operator')) {
    if (!op || op.parent?.type === 'binary_operator') continue;
    const operands = chainOperands(op);
    for (let i = 0; i + 1 < operands.length; i++) {
      const [l, r] = [operands[i]!, operands[i + 1]!];
      if (r.op === '>>') edge(taskNames(l.node), taskNames(r.node));
      else edge(taskNames(r.node), taskNames(l.node));
    }
  }
  for (const c of ctx.py.calls) {
    if (c.method === 'chain' || c.qualified.endsWith('.chain')) {
      for (let i = 0; i + 1 < c.positional.length; i++) edge(taskNames(c.positional[i]!), taskNames(c.positional[i + 1]!));
    } else if ((c.method === 'set_downstream' || c.method === 'set_upstream') && c.receiver && c.positional[0]) {
      const [self, other] = [taskNames(c.receiver), taskNames(c.positional[0])];
      if (c.method === 'set_downstream') edge(self, other);
      else edge(other, self);
    } else if (tasks.has(c.method) && c.callee === c.method) {
      // TaskFlow: passing one task's result into another orders them.
      edge([...c.positional, ...c.keywords.values()].flatMap(taskNames), [c.method]);
    }
  }
  return { schedule, tasks, upstream, ordered };
}

/** Every task upstream of `key`, transitively. */
export function upstreamOf(dag: AirflowDag, key: string): Set<string> {
  const out = new Set<string>();
  const queue = [...(dag.upstream.get(key) ?? [])];
  while (queue.length) {
    const k = queue.shift()!;
    if (out.has(k)) continue;
    out.add(k);
    queue.push(...(dag.upstream.get(k) ?? []));
  }
  return out;
}

/** `a >> b >> c` parses left-nested; returns its operands in order with the operator before each. */
function chainOperands(op: Node): { node: Node; op: string }[] {
  const operator = op.childForFieldName('operator')?.type;
  if (operator !== '>>' && operator !== '<<') return [];
  const left = op.childForFieldName('left')!;
  const right = op.childForFieldName('right')!;
  const head = left.type === 'binary_operator' && ['>>', '<<'].includes(left.childForFieldName('operator')?.type ?? '') ? chainOperands(left) : [{ node: left, op: '' }];
  return [...head, { node: right, op: operator }];
}

/** The task keys an operand names: `t`, `[a, b]`, `train()`, `tasks.train`. */
function taskNames(n: Node): string[] {
  if (n.type === 'identifier') return [n.text];
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'parenthesized_expression') return n.namedChildren.flatMap((c) => (c ? taskNames(c) : []));
  if (n.type === 'attribute') return [n.childForFieldName('attribute')?.text ?? ''];
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    return fn ? taskNames(fn) : [];
  }
  return [];
}

function assignedName(call: Node): string | undefined {
  const p = call.parent;
  if (p?.type === 'assignment' && p.childForFieldName('right')?.id === call.id) {
    const left = p.childForFieldName('left');
    if (left?.type === 'identifier') return left.text;
  }
  return undefined;
}

function within(n: Node, outer: Node): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}
