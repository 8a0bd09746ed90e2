import type { FileRule, RawFinding } from '../types';

/** Installers, not dependencies of the code. */
const TOOLS = new Set(['pip', 'setuptools', 'wheel']);

export const unpinnedDependency: FileRule = {
  code: 'MLO106',
  name: 'unpinned-dependency',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds dependencies declared with no version at all in `requirements*.txt`, `pyproject.toml` (`[project]` dependencies, optional dependencies, dependency groups, Poetry) and conda `environment.yml` files (pip entries included).',
    why: 'Training and serving install whatever is newest on the day they run: a model trained with one scikit-learn may not load, or predict differently, under the next one.',
    example: 'pandas\nscikit-learn\n',
    instead: 'pandas==2.2.3\nscikit-learn==1.5.2\n',
    exampleFile: 'requirements.txt',
    references: ['https://pip.pypa.io/en/stable/topics/repeatable-installs/', 'https://packaging.python.org/en/latest/specifications/dependency-specifiers/'],
  },
  appliesTo: ['requirements', 'pyproject', 'conda'],
  check(ctx) {
    const out: RawFinding[] = [];
    for (const d of ctx.deps) {
      if (d.spec !== '' || TOOLS.has(d.key)) continue;
      const version = ctx.installedVersions?.get(d.key);
      const pin = d.ecosystem === 'conda' ? '=' : '==';
      out.push({
        range: d.range,
        message: `"${d.name}" has no version, so every install may get a different one: pin it (${d.name}${pin}${version ?? 'X.Y.Z'})`,
        data: { version, pin, at: d.insertAt, fixable: d.fixable },
      });
    }
    return out;
  },
  fix(finding) {
    const { version, pin, at, fixable } = finding.data as { version?: string; pin: string; at: { line: number; character: number }; fixable: boolean };
    if (!version || !fixable) return null;
    return { title: `Pin to the installed version ${version}`, edits: [{ range: { start: at, end: at }, newText: `${pin}${version}` }] };
  },
};
