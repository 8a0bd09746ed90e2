import type { GateKindDef, GateSpec } from './types';
import { shortRun } from './types';

type GitCleanGate = Extract<GateSpec, { kind: 'git_clean' }>;

/** `require_git_clean`: the producing run recorded a commit and no uncommitted changes. */
export const gitCleanGate: GateKindDef<GitCleanGate> = {
  kind: 'git_clean',
  parse: (text) => (text.trim() === 'require_git_clean' ? { kind: 'git_clean', text: 'require_git_clean' } : null),
  evaluate(spec, ctx) {
    const base = { name: spec.text, threshold: 'clean' };
    if (!ctx.run) return { ...base, value: null, passed: false, reason: 'no producing run: the code that made this model is unknown' };
    const git = ctx.run.git;
    if (!git) return { ...base, value: null, passed: false, reason: `run ${shortRun(ctx.run.id)} recorded no git commit` };
    if (git.dirty === null) return { ...base, value: 'unknown', passed: false, reason: `run ${shortRun(ctx.run.id)} at ${git.commit.slice(0, 12)} did not record whether the tree was dirty` };
    if (git.dirty) return { ...base, value: 'dirty', passed: false, reason: `run ${shortRun(ctx.run.id)} ran with uncommitted changes on ${git.commit.slice(0, 12)}` };
    return { ...base, value: 'clean', passed: true, reason: `run ${shortRun(ctx.run.id)} ran on clean commit ${git.commit.slice(0, 12)}` };
  },
};
