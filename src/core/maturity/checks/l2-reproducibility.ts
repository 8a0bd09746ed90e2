import type { EvidenceItem, MaturityCheck } from '../types';
import { fact, fail, partial, pass, plural } from './kit';

export const reproducibility: MaturityCheck = {
  id: 'L2.reproducibility',
  level: 2,
  title: 'Reproducible training',
  weight: 3,
  docs: {
    what: 'Counts four ingredients of a reproducible run: fixed seeds (seeding calls, and no MLO104 findings), pinned dependencies (a lock file or no MLO106 findings), versioned data (DVC-tracked files or dataset hashes in the registry), and runs on clean commits (registry runs whose code state is committed; counted only when the registry holds runs).',
    why: 'A result that cannot be rebuilt cannot be trusted, debugged or improved on.',
    pass: 'Pass: every ingredient that applies is there. Partial: at least one is. Fail: none.',
    references: ['https://pytorch.org/docs/stable/notes/randomness.html', 'https://dvc.org/doc/start/data-management/data-versioning'],
  },
  fix: { text: 'Fix seeds (`random_state=`, `torch.manual_seed`), pin dependencies (`pip-compile` or a lock file), track data with DVC, and train from committed code.', command: 'dvc add data/' },
  reads: ['code', 'notebook', 'deps', 'pipeline', 'registry'],
  evaluate(f) {
    const have: EvidenceItem[] = [];
    const missing: string[] = [];
    const seeds = f.evidence('seed', 'fixes a seed', ['code', 'notebook'], 2);
    const unseeded = f.findings('MLO104');
    if (seeds.length && !unseeded.length) have.push(...seeds);
    else missing.push(unseeded.length ? `${plural(unseeded.length, 'unseeded call')} (MLO104)` : 'no seeds');
    const locks = f.evidence('lock-file', 'lock file', undefined, 1);
    const unpinned = f.findings('MLO106');
    const deps = f.filesWith('deps-file');
    if (locks.length) have.push(...locks);
    else if (deps.length && !unpinned.length) have.push({ file: deps[0]!.rel, line: null, detail: 'dependencies pinned (no MLO106 findings)' });
    else missing.push(unpinned.length ? `${plural(unpinned.length, 'unpinned dependency', 'unpinned dependencies')} (MLO106)` : 'no dependency file');
    const dvc = f.evidence('dvc-data', 'DVC-tracked data', undefined, 2);
    const r = f.registry;
    if (dvc.length) have.push(...dvc);
    else if (r && r.datasetsHashed > 0 && r.runsWithInputs > 0) have.push(fact(`registry: ${plural(r.runsWithInputs, 'run')} linked to hashed datasets`));
    else missing.push('data not versioned');
    if (r && r.runs > 0) {
      if (r.runsClean * 2 >= r.runs) have.push(fact(`registry: ${r.runsClean} of ${plural(r.runs, 'run')} on a clean commit`));
      else missing.push(`only ${r.runsClean} of ${plural(r.runs, 'run')} on a clean commit`);
    }
    if (!missing.length) return pass(have);
    const why = `missing: ${missing.join('; ')}`;
    return have.length ? partial(have, why) : fail(why);
  },
};
