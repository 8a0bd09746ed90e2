import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError, describeError, errnoCode } from '../errors';
import { FULL_CHECK_MAX_BYTES, fullCheck, probeStructure } from './integrity';
import { LATEST_SCHEMA_VERSION, migrations } from './schema';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Milliseconds a writer waits for another process's lock before giving up (CLI and backend share the file). */
export const BUSY_TIMEOUT_MS = 15_000;

export interface OpenOptions {
  /** Open without creating or migrating (for read-only inspection). */
  readonly?: boolean;
  /** Files up to this size get the full check on open; default FULL_CHECK_MAX_BYTES. */
  fullCheckMaxBytes?: number;
}

/**
 * Opens (creating if needed) the registry file, refusing anything that is not a healthy SQLite file.
 * A damaged file is moved aside to `<file>.corrupt-<time>`, never overwritten or deleted, and the error
 * says where it went; the next open then starts a fresh registry.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (checkPath(file, options) === 'missing') createAtomically(file);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new MlopsError('cannot open registry', file, describeOpenFailure(err));
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only power loss can drop the last commits.
    db.pragma('synchronous = NORMAL');
    probeStructure(db);
    const found = fs.statSync(file).size <= (options.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES) ? fullCheck(db) : null;
    if (found !== null) throw new CorruptError(found);
  } catch (err) {
    db.close();
    if (err instanceof CorruptError || isCorruptionError(err)) moveAsideAndThrow(file, describeError(err));
    throw new MlopsError('cannot open registry', file, describeOpenFailure(err));
  }
  if (!options.readonly) {
    try {
      checkMigratable(db, file);
      // After the backup: switching to WAL rewrites the header, and the backup must be the file as it was.
      db.pragma('journal_mode = WAL');
      migrate(db);
    } catch (err) {
      db.close();
      if (err instanceof MlopsError) throw err;
      throw new MlopsError('cannot migrate registry', file, describeOpenFailure(err));
    }
  }
  return db;
}

/**
 * Builds a new registry under a temporary name and links it into place. SQLite creates an empty file
 * before it writes the header, and another process opening the registry at that moment would take the
 * empty file for a damaged one and move it aside while the first process writes into it.
 */
function createAtomically(file: string): void {
  const tmp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const db = new Database(tmp, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      // Nobody else sees the file yet: skip the per-commit syncs and sync the finished file once below.
      db.pragma('synchronous = OFF');
      migrate(db);
    } finally {
      db.close();
    }
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      // EEXIST: another process created it first; its registry is the one to use.
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
  } catch (err) {
    throw new MlopsError('cannot create registry', file, describeOpenFailure(err));
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(tmp + suffix, { force: true });
  }
}

class CorruptError extends Error {}

/** 'missing' when the file does not exist yet (its folder then exists); throws for anything unusable. */
function checkPath(file: string, options: OpenOptions): 'missing' | 'present' {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOTDIR') throw new MlopsError('cannot open registry', file, 'a parent of this path is a file, not a folder');
    if (code !== 'ENOENT') throw new MlopsError('cannot open registry', file, describeOpenFailure(err));
  }
  if (!stat) {
    if (options.readonly) throw new MlopsError('no registry', file, 'the file does not exist (run `mlops-lens ingest` first)');
    const dir = path.dirname(file);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new MlopsError('cannot create registry folder', dir, describeOpenFailure(err));
    }
    return 'missing';
  }
  if (stat.isDirectory()) throw new MlopsError('cannot open registry', file, 'this path is a folder, expected a SQLite file');
  if (!stat.isFile()) throw new MlopsError('cannot open registry', file, 'this path is not a regular file');
  const head = readHead(file);
  // A zero-length or truncated header means an interrupted write outside SQLite: SQLite itself would
  // silently treat an empty file as a new database and hide the loss.
  if (head.length < SQLITE_MAGIC.length || !head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    moveAsideAndThrow(file, head.length === 0 ? 'the file is empty (zero bytes)' : 'the file is not a SQLite database');
  }
  return 'present';
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function isCorruptionError(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (code?.startsWith('SQLITE_CORRUPT') ?? false);
}

/**
 * The full check an open leaves out for a large file (see FULL_CHECK_MAX_BYTES), on an open registry: a
 * damaged file is closed and moved aside as openDatabase does.
 */
export function checkWholeFile(db: Database.Database, file: string): void {
  let found: string | null;
  try {
    found = fullCheck(db);
  } catch (err) {
    if (!isCorruptionError(err)) throw err;
    found = describeError(err);
  }
  if (found === null) return;
  db.close();
  moveAsideAndThrow(file, found);
}

function moveAsideAndThrow(file: string, why: string): never {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.corrupt-${stamp}`;
  try {
    fs.renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
    }
  } catch (err) {
    throw new MlopsError('registry is damaged', file, `${why}; could not move it aside: ${describeError(err)}`);
  }
  throw new MlopsError('registry is damaged', file, `${why}; moved aside to ${aside}, a new registry will be created on the next start`);
}

function describeOpenFailure(err: unknown): string {
  const code = errnoCode(err);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'SQLITE_CANTOPEN':
      return 'SQLite cannot open the file (read-only location, missing folder or permission denied)';
    case 'SQLITE_READONLY':
      return 'the file or its folder is read-only';
    case 'SQLITE_BUSY':
      return 'another process holds the registry locked';
    default:
      return describeError(err);
  }
}

export function schemaVersion(db: Database.Database): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!hasTable) return 0;
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Refuses files this build cannot or must not migrate, and backs up an old registry before it changes. */
function checkMigratable(db: Database.Database, file: string): void {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new MlopsError('registry is newer than this version of MLOps Lens', file, `schema ${current}, this build knows up to ${LATEST_SCHEMA_VERSION}; upgrade MLOps Lens`);
  }
  if (current === 0 && db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table'").get()) {
    // Someone else's database (a wrong --registry path): adding our tables to it would damage it.
    throw new MlopsError('not an MLOps Lens registry', file, 'a SQLite database with other tables and no schema_version; give another registry path');
  }
  if (current > 0 && current < LATEST_SCHEMA_VERSION) backup(db, file, current);
}

function migrate(db: Database.Database): void {
  if (schemaVersion(db) === LATEST_SCHEMA_VERSION) return;
  for (const m of migrations) {
    // IMMEDIATE so two processes opening an old file at once do not both migrate it.
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      db.exec('DELETE FROM schema_version');
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
    }).immediate();
  }
}

function backup(db: Database.Database, file: string, version: number): void {
  const target = `${file}.bak-${version}`;
  if (fs.existsSync(target)) return;
  try {
    // Checkpoint first so the copy holds every committed page, not only what reached the main file.
    db.pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  } catch (err) {
    // Another process opening the same old file made the backup a moment ago.
    if (errnoCode(err) === 'EEXIST') return;
    throw new MlopsError('cannot back up registry before migrating', target, describeError(err));
  }
}
