import type Database from 'better-sqlite3';

/**
 * Files up to this size get SQLite's full `quick_check` on every open (about 5.5 ms per MB here, so
 * under 200 ms); larger ones get the probe below, and a full check on request (`mlops-lens status
 * --check`). Checking a 1 GB registry in full before every CLI command and every editor start would cost
 * five seconds each time, to guard against damage from outside SQLite that is rare and that SQLite
 * reports anyway when a query reaches a damaged page.
 */
export const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads every table's root page and first row back, which finds a file overwritten or cut short past its
 * first page (the damage a bad copy or sync does) at a cost that does not grow with the data. Throws
 * SQLite's own corruption error.
 */
export function probeStructure(db: Database.Database): void {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
  for (const name of tables) db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" LIMIT 1`).get();
}

/** SQLite's quick_check over the whole file: null when it finds nothing, else its first findings. */
export function fullCheck(db: Database.Database): string | null {
  const found = db.pragma('quick_check(10)', { simple: false }) as { quick_check: string }[];
  const messages = found.map((r) => r.quick_check);
  return messages.length === 1 && messages[0] === 'ok' ? null : messages.join('; ');
}
