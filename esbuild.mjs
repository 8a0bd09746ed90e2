// Four bundles (DESIGN.md): the extension host client, the backend server, the CLI, and the webview apps.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// Native modules and their loaders stay in node_modules: they load only in the backend and the CLI.
const nativeExternal = ['better-sqlite3', 'onnxruntime-node', 'web-tree-sitter', 'tree-sitter-python', 'chokidar', 'fsevents'];
const define = { __MLOPS_LENS_VERSION__: JSON.stringify(pkg.version) };

const node = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, define, logLevel: 'warning',
  // Silences esbuild's note about `import.meta.url` in dual packages; the CJS entry points are used.
  mainFields: ['module', 'main'],
};

const webviewEntries = existsSync('webview-ui')
  ? readdirSync('webview-ui', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`webview-ui/${d.name}/main.ts`))
      .map((d) => ({ in: `webview-ui/${d.name}/main.ts`, out: d.name }))
  : [];

const builds = [
  { ...node, entryPoints: ['src/extension/index.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: !watch },
  { ...node, entryPoints: ['src/server/index.ts'], outfile: 'dist/server.js', external: nativeExternal },
  { ...node, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', external: nativeExternal },
  // Worker threads of the workspace lint, loaded by dist/server.js and dist/cli.js from beside them.
  { ...node, entryPoints: ['src/core/lint/worker.ts'], outfile: 'dist/lint-worker.js', external: nativeExternal },
  // Worker threads of the drift statistics, loaded the same way.
  { ...node, entryPoints: ['src/core/drift/stats-worker.ts'], outfile: 'dist/drift-worker.js' },
  // Worker thread reading one of the two datasets of a large drift check.
  { ...node, entryPoints: ['src/core/drift/read-worker.ts'], outfile: 'dist/drift-read-worker.js' },
  ...(webviewEntries.length
    ? [{ bundle: true, platform: 'browser', format: 'esm', target: 'es2022', entryPoints: webviewEntries, outdir: 'dist/webview',
         minify: !watch, sourcemap: true, define, logLevel: 'warning', loader: { '.css': 'text' } }]
    : []),
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - t0} ms`);
}
