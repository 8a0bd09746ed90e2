import { MlopsError } from '../errors';
import type { Statements } from '../registry/statements';

/**
 * Aliases name one version of a model each (`champion`, `production`, ...). The classic stages are
 * aliases too, as MLflow mapped them when it moved from stages to aliases: Staging, Production and
 * Archived are the aliases `staging`, `production` and `archived`; a version holding none is in stage None.
 * Alias names are case-insensitive and kept lowercase.
 */
export type Stage = 'None' | 'Staging' | 'Production' | 'Archived';

/** Stage aliases from the highest to the lowest. */
export const STAGE_ALIASES: readonly { alias: string; stage: Stage }[] = [
  { alias: 'production', stage: 'Production' },
  { alias: 'staging', stage: 'Staging' },
  { alias: 'archived', stage: 'Archived' },
];

/** `NAME@latest` means the newest version, so it cannot be an alias. */
const RESERVED = new Set(['latest', 'none']);

/** The alias a user means by an alias or stage name ("Production" → "production"), validated. */
export function normalizeAlias(input: string): string {
  const alias = String(input).trim().toLowerCase();
  if (alias === 'none') {
    throw new MlopsError('invalid alias', JSON.stringify(input), 'stage None is the absence of a stage alias; promote another version or archive this one');
  }
  if (!/^[a-z][a-z0-9_-]{0,63}$/.test(alias)) {
    throw new MlopsError('invalid alias', JSON.stringify(input), 'use a letter then letters, digits, "_" or "-" (at most 64 characters)');
  }
  if (RESERVED.has(alias)) throw new MlopsError('invalid alias', JSON.stringify(input), `"${alias}" is reserved (NAME@latest is the newest version)`);
  return alias;
}

/** The highest stage among a version's aliases. */
export function stageOf(aliases: readonly string[]): Stage {
  return STAGE_ALIASES.find((s) => aliases.includes(s.alias))?.stage ?? 'None';
}

export function holderOf(st: Statements, modelId: number, alias: string): number | null {
  const row = st.get('SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?').get(modelId, alias) as { version_id: number } | undefined;
  return row?.version_id ?? null;
}

/**
 * Moves `alias` to `versionId` only if it is still held by `expected` (null: free). Returns false when
 * another writer moved it first; the caller turns that into a conflict error.
 */
export function moveAlias(st: Statements, modelId: number, alias: string, expected: number | null, versionId: number): boolean {
  if (expected === null) {
    return st.get('INSERT INTO model_aliases (model_id, alias, version_id) VALUES (?, ?, ?) ON CONFLICT (model_id, alias) DO NOTHING')
      .run(modelId, alias, versionId).changes === 1;
  }
  return st.get('UPDATE model_aliases SET version_id = ? WHERE model_id = ? AND alias = ? AND version_id = ?')
    .run(versionId, modelId, alias, expected).changes === 1;
}
