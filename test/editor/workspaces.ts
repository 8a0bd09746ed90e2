/**
 * The folders the editor tests open: a copy of `examples/` (the sample, which MLOps Lens captures by
 * itself), and an empty folder (where every view shows its welcome content).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Workspaces {
  sample: string;
  empty: string;
}

export function prepareWorkspaces(repoRoot: string, workDir: string): Workspaces {
  const sample = path.join(workDir, 'workspaces', 'sample');
  const empty = path.join(workDir, 'workspaces', 'empty');
  copySample(repoRoot, sample);
  fs.mkdirSync(empty, { recursive: true });
  return { sample, empty };
}

/** A copy of examples/ without the registry a local session may have left there (`.mlops/` is the product's). */
export function copySample(repoRoot: string, dest: string): void {
  const examples = path.join(repoRoot, 'examples');
  if (fs.existsSync(path.join(examples, 'pyproject.toml'))) {
    fs.cpSync(examples, dest, { recursive: true, filter: (src) => path.basename(src) !== '.mlops' });
  } else {
    fs.mkdirSync(dest, { recursive: true });
    fs.writeFileSync(path.join(dest, 'pyproject.toml'), '[project]\nname = "sample"\nversion = "0.1.0"\n');
  }
}
