import type Database from 'better-sqlite3';

/** Prepares each SQL text once per connection; every query in the registry goes through here. */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

/** SQLite has no NaN: it is written as NULL and read back as NaN. */
export function fromDbNumber(v: number | null): number {
  return v === null ? Number.NaN : v;
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
