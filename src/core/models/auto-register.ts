import * as path from 'node:path';
import type { LensConfig } from '../config';
import { lineOfKey } from '../config';
import { MlopsError, describeError, type Problem } from '../errors';
import type { Registry } from '../registry';
import { MODEL_EXTENSIONS } from './format';
import { registerModel, type RegisterResult } from './register';

/** `auto_register = true` in `[tool.mlops-lens]`; off by default. */
export function autoRegisterEnabled(config: LensConfig): boolean {
  const v = config.raw.auto_register;
  if (v === undefined) return false;
  if (typeof v !== 'boolean') {
    throw new MlopsError('invalid configuration', `${config.file}:${lineOfKey(config.text ?? '', 'auto_register') ?? 1}`, '"auto_register" must be true or false');
  }
  return v;
}

/** A model name from a file name: its stem with anything but letters, digits, ".", "_", "-" replaced by "-". */
export function modelNameFromFile(file: string): string {
  const stem = path.basename(file, path.extname(file));
  const name = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return name === '' ? 'model' : name;
}

export interface AutoRegisterResult {
  registered: RegisterResult[];
  /** Artifacts that could not be registered (a folder, a changed or unreadable file, ...). */
  problems: Problem[];
}

/**
 * Registers each model file a run recorded as a version of the model named after the file (its stem),
 * linked to the run. Content already registered is not added again; one bad file does not stop the rest.
 */
export async function autoRegister(reg: Registry, runId: string): Promise<AutoRegisterResult> {
  const run = reg.getRun(runId);
  const out: AutoRegisterResult = { registered: [], problems: [] };
  for (const a of run.artifacts) {
    if (a.kind !== 'model' && !(path.extname(a.path).toLowerCase() in MODEL_EXTENSIONS)) continue;
    try {
      out.registered.push(await registerModel(reg, { name: modelNameFromFile(a.path), file: a.path, run: run.id, expectSha256: a.sha256 }));
    } catch (err) {
      out.problems.push({ path: a.path, line: null, message: describeError(err) });
    }
  }
  return out;
}
