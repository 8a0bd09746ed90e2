/**
 * `npm run editor` (after serve.sh staged the extension): code-server with the extension installed, on a
 * copy of examples/. usage: node --import tsx test/editor/serve.ts WORK_DIR STAGED_EXTENSION PORT
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeServer } from './code-server';
import { copySample } from './workspaces';

async function serve(workDir: string, extensionRoot: string, port: number): Promise<void> {
  const workspace = path.join(workDir, 'examples');
  copySample(path.resolve(__dirname, '..', '..'), workspace);
  const extensionsDir = path.join(workDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  fs.symlinkSync(extensionRoot, path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  const server = await CodeServer.start({ name: 'code-server', workDir, extensionsDir, port });
  console.log(`\nMLOps Lens in VS Code (code-server), on a copy of examples/ in ${workspace}:\n\n  ${server.folderUrl(workspace)}\n\nCtrl-C stops it.`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const [workDir, extensionRoot, port] = process.argv.slice(2);
if (!workDir || !extensionRoot) {
  console.error('usage: node --import tsx test/editor/serve.ts WORK_DIR STAGED_EXTENSION [PORT]');
  process.exit(2);
}
serve(workDir, extensionRoot, Number(port ?? 8080)).catch((err: unknown) => {
  console.error(`mlops-lens: cannot serve the editor: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
