/** Injected by esbuild from package.json; tests run from source and fall back to reading it. */
declare const __MLOPS_LENS_VERSION__: string | undefined;

export const VERSION: string =
  typeof __MLOPS_LENS_VERSION__ === 'string' ? __MLOPS_LENS_VERSION__ : (require('../package.json') as { version: string }).version;
