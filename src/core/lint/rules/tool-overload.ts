import type { Dependency } from '../deps';
import { projectsOf } from '../projects';
import type { WorkspaceFinding, WorkspaceRule } from '../types';

/**
 * Experiment trackers that count, by the normalised names of their packages. TensorBoard does not count: it
 * comes with TensorFlow and PyTorch Lightning and every tracker can read or sync its logs.
 */
const TRACKERS: Record<string, string> = {
  mlflow: 'mlflow', 'mlflow-skinny': 'mlflow', wandb: 'wandb', neptune: 'neptune', 'neptune-client': 'neptune', 'comet-ml': 'comet_ml',
  clearml: 'clearml', aim: 'aim', dvclive: 'dvclive', sacred: 'sacred', guildai: 'guild', polyaxon: 'polyaxon',
};
const ORCHESTRATORS: Record<string, string> = {
  'apache-airflow': 'airflow', prefect: 'prefect', dagster: 'dagster', kfp: 'kubeflow', metaflow: 'metaflow', flytekit: 'flyte', zenml: 'zenml', luigi: 'luigi',
};
/** The name segments that say a package integrates a tool (`dagster-mlflow`, `apache-airflow-providers-…`). */
const SEGMENT: Record<string, string> = {
  mlflow: 'mlflow', wandb: 'wandb', neptune: 'neptune', comet: 'comet_ml', clearml: 'clearml', aim: 'aim', dvclive: 'dvclive', sacred: 'sacred', guild: 'guild', polyaxon: 'polyaxon',
  airflow: 'airflow', prefect: 'prefect', dagster: 'dagster', kfp: 'kubeflow', kubeflow: 'kubeflow', metaflow: 'metaflow', flyte: 'flyte', flytekit: 'flyte', flytekitplugins: 'flyte', zenml: 'zenml', luigi: 'luigi',
};
/** ZenML's stack components plug trackers and orchestrators into one pipeline: with it, they are integrated. */
const HUBS = new Set(['zenml']);

interface Found { tool: string; dep: Dependency; file: string }

export const toolOverload: WorkspaceRule = {
  code: 'MLO302',
  name: 'tool-overload',
  severity: 'warning',
  scope: 'workspace',
  docs: {
    what: 'Finds projects whose dependencies (requirements files, `[project]` and Poetry dependencies in `pyproject.toml`, conda environments; not optional extras or dependency groups) declare three or more experiment trackers (MLflow, W&B, Neptune, Comet, ClearML, Aim, DVCLive, Sacred, Guild, Polyaxon; TensorBoard does not count, as it ships with the frameworks and every tracker reads its logs) or two or more orchestrators (Airflow, Prefect, Dagster, Kubeflow Pipelines, Metaflow, Flyte, ZenML, Luigi) with no package integrating them. A package integrates the tools its name mentions (`dagster-mlflow`, `apache-airflow-providers-…`, `prefect-…`, `flytekitplugins-…`); ZenML integrates every tracker and orchestrator it is installed with.',
    why: 'Each tracker holds part of the history and each orchestrator part of the schedule: runs cannot be compared across them, lineage breaks at every hand-over, and every tool is one more thing to upgrade, secure and teach.',
    example: 'mlflow==2.17.0\nwandb==0.18.5\nneptune==1.13.0\n',
    instead: 'mlflow==2.17.0\n',
    exampleFile: 'requirements.txt',
    references: ['https://ml-ops.org/content/state-of-mlops', 'https://docs.zenml.io/stacks'],
  },
  check(ctx) {
    const out: WorkspaceFinding[] = [];
    for (const project of projectsOf(ctx)) {
      const found = new Map<string, Found>();
      const links: string[][] = [];
      for (const f of project.files) {
        if (f.kind !== 'requirements' && f.kind !== 'pyproject' && f.kind !== 'conda') continue;
        for (const dep of ctx.context(f.path)?.deps ?? []) {
          if (dep.optional) continue;
          const tool = TRACKERS[dep.key] ?? ORCHESTRATORS[dep.key];
          if (tool && !found.has(tool)) found.set(tool, { tool, dep, file: f.path });
          const mentioned = [...new Set(dep.key.split('-').flatMap((s) => SEGMENT[s] ?? []))];
          if (!tool && mentioned.length > 0) links.push(mentioned);
        }
      }
      const tools = [...found.keys()];
      if (tools.some((t) => HUBS.has(t))) links.push(tools);
      const group = components(tools, links);
      for (const [kind, names, min] of [['experiment trackers', TRACKERS, 3], ['orchestrators', ORCHESTRATORS, 2]] as const) {
        const members = [...found.values()].filter((f) => Object.values(names).includes(f.tool) && !HUBS.has(f.tool));
        const separate = new Set(members.map((m) => group.get(m.tool)));
        if (separate.size < min || members.length < min) continue;
        const last = members[members.length - 1]!;
        out.push({
          file: last.file,
          range: last.dep.range,
          message: `${members.length} ${kind} declared (${members.map((m) => m.tool).join(', ')}) with no integration between them: keep one, or add the integration package that connects them`,
        });
      }
    }
    return out;
  },
};

/** Union-find over tools: those a package names together end up in one group. */
function components(tools: string[], links: string[][]): Map<string, string> {
  const parent = new Map(tools.map((t) => [t, t]));
  const find = (t: string): string => {
    const p = parent.get(t)!;
    if (p === t) return t;
    const r = find(p);
    parent.set(t, r);
    return r;
  };
  for (const link of links) {
    const present = link.filter((t) => parent.has(t));
    for (let i = 1; i < present.length; i++) parent.set(find(present[i]!), find(present[0]!));
  }
  return new Map(tools.map((t) => [t, find(t)]));
}
