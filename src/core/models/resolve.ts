import { MlopsError } from '../errors';
import type { Registry } from '../registry';
import { checkModelName, findVersion, modelIdByName, versionById, type ModelVersionRecord } from '../registry/models';
import { holderOf, normalizeAlias } from './aliases';

/** `NAME` (newest version), `NAME:VERSION` or `NAME@ALIAS` (a stage name works as an alias). */
export interface VersionRef {
  name: string;
  version?: number | 'latest';
  alias?: string;
}

export function parseVersionRef(text: string): VersionRef {
  const at = text.indexOf('@');
  const colon = text.indexOf(':');
  if (at >= 0) return { name: text.slice(0, at), alias: text.slice(at + 1) };
  if (colon >= 0) return { name: text.slice(0, colon), version: parseVersion(text.slice(colon + 1)) };
  return { name: text, version: 'latest' };
}

/** `3`, `v3` or `latest`. */
export function parseVersion(text: string): number | 'latest' {
  const t = text.trim().toLowerCase();
  if (t === 'latest') return 'latest';
  const m = /^v?(\d{1,9})$/.exec(t);
  if (!m || Number(m[1]) < 1) throw new MlopsError('invalid version', JSON.stringify(text), 'expected a version number (1, 2, ... or v2) or "latest"');
  return Number(m[1]);
}

export function resolveVersion(reg: Registry, name: string, ref: Omit<VersionRef, 'name'>): ModelVersionRecord {
  checkModelName(name);
  const modelId = modelIdByName(reg.statements, name);
  if (modelId === undefined) throw new MlopsError('no such model', name);
  if (ref.alias !== undefined) {
    const alias = normalizeAlias(ref.alias);
    const id = holderOf(reg.statements, modelId, alias);
    if (id === null) throw new MlopsError('no version holds this alias', `${name}@${alias}`);
    return versionById(reg.statements, id)!;
  }
  const version = ref.version ?? 'latest';
  const v = findVersion(reg.statements, name, version);
  if (!v) throw new MlopsError('no such model version', version === 'latest' ? name : `${name} version ${version}`, version === 'latest' ? 'the model has no versions' : undefined);
  return v;
}
