import type Database from 'better-sqlite3';

/**
 * Prepares each SQL text once per connection; every query in the registry goes through here. A statement's
 * result mode (rows as arrays, or the first column alone) is part of the statement, so each mode has its own
 * cached copy: switching the mode of a shared statement changes it for every other caller of the same SQL.
 */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  /** Rows as objects. */
  get(sql: string): Database.Statement {
    return this.cached('o', sql, (s) => s);
  }

  /** Rows as arrays of the columns in order. */
  raw(sql: string): Database.Statement {
    return this.cached('r', sql, (s) => s.raw(true));
  }

  /** The first column of each row. */
  pluck(sql: string): Database.Statement {
    return this.cached('p', sql, (s) => s.pluck(true));
  }

  private cached(mode: string, sql: string, setMode: (s: Database.Statement) => Database.Statement): Database.Statement {
    const key = mode + sql;
    let s = this.cache.get(key);
    if (!s) {
      s = setMode(this.db.prepare(sql));
      this.cache.set(key, s);
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
