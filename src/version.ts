import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Injected by esbuild from package.json; tests run from source and read it. */
declare const __MLOPS_LENS_VERSION__: string | undefined;

export const VERSION: string =
  typeof __MLOPS_LENS_VERSION__ === 'string'
    ? __MLOPS_LENS_VERSION__
    : (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
