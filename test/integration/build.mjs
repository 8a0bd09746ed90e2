// Bundles the integration suites for the extension host: <extension root>/out/test/integration/<suite>/
// holds index.js (the runner, with mocha inside) and one <name>.test.js per test file, `vscode` external.
// usage: node test/integration/build.mjs [EXTENSION_ROOT]   (default: the repo, for @vscode/test-electron)
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Suite folders: every folder here with *.test.ts files; each runs in a window of its own workspace. */
export function suites() {
  return readdirSync(here, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(path.join(here, d.name)).some((f) => f.endsWith('.test.ts')))
    .map((d) => d.name);
}

export async function buildIntegrationTests(extensionRoot) {
  const outdir = path.join(extensionRoot, 'out', 'test', 'integration');
  const entryPoints = suites().flatMap((suite) => [
    { in: path.join(here, 'index.ts'), out: `${suite}/index` },
    ...readdirSync(path.join(here, suite)).filter((f) => f.endsWith('.test.ts'))
      .map((f) => ({ in: path.join(here, suite, f), out: `${suite}/${f.replace(/\.ts$/, '')}` })),
  ]);
  await esbuild.build({
    entryPoints, outdir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline',
    external: ['vscode'], logLevel: 'error',
  });
  return outdir;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await buildIntegrationTests(path.resolve(process.argv[2] ?? path.join(here, '..', '..')));
  console.log(`integration suites bundled into ${out}`);
}
