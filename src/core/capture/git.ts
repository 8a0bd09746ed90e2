import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MlopsError } from '../errors';
import type { GitInfo } from '../registry';
import { git, gitStream } from './git-exec';
import { untrackedSection } from './patch-format';

/** The code version a run started from. */
export interface GitState {
  /** Top folder of the working tree. */
  root: string;
  /** HEAD's commit, or null in a repository with no commit yet. */
  commit: string | null;
  /** The checked-out branch, or null on a detached HEAD. */
  branch: string | null;
  /** Tracked changes (staged or not) or untracked files that are not ignored. */
  dirty: boolean;
  objectFormat: 'sha1' | 'sha256';
}

/** The uncommitted work saved beside a run so it can be reproduced: `git apply` it on `base`. */
export interface SavedPatch {
  path: string;
  sha256: string;
  bytes: number;
  /** The commit the patch applies to (null: apply on an empty repository). */
  base: string | null;
  /** Files the patch changes or adds, relative to the repository's top. */
  files: string[];
  /** Changed or untracked files left out, with the reason (binary, too large, unreadable). */
  skipped: { path: string; reason: string }[];
}

export interface PatchLimits {
  /** Untracked files larger than this are listed as skipped (default 1 MiB). */
  maxUntrackedFileBytes?: number;
  /** At most this many untracked files are included (default 500). */
  maxUntrackedFiles?: number;
  /** Untracked files stop being added once they total this many bytes (default 16 MiB). */
  maxUntrackedTotalBytes?: number;
}

const EMPTY_TREE = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/** The registry's own folder is never part of the code state, even when the user did not ignore it. */
const NOT_REGISTRY = ':(top,exclude,glob)**/.mlops/**';

/** Commit, branch and dirty flag of the repository holding `dir`; null outside a repository or without git. */
export async function gitInfo(dir: string): Promise<GitState | null> {
  const top = await git(dir, ['rev-parse', '--show-toplevel', '--show-object-format']);
  if (top.code !== 0) return null;
  const [root, format] = top.stdout.toString('utf8').trim().split('\n');
  if (!root) return null;
  const status = await git(root, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal', '--', NOT_REGISTRY]);
  if (status.code !== 0) return null;
  let commit: string | null = null;
  let branch: string | null = null;
  let dirty = false;
  for (const entry of status.stdout.toString('utf8').split('\0')) {
    if (entry === '') continue;
    if (entry.startsWith('# branch.oid ')) {
      const oid = entry.slice('# branch.oid '.length);
      commit = oid === '(initial)' ? null : oid;
    } else if (entry.startsWith('# branch.head ')) {
      const head = entry.slice('# branch.head '.length);
      branch = head === '(detached)' ? null : head;
    } else if (!entry.startsWith('#')) {
      dirty = true;
    }
  }
  return { root: path.normalize(root), commit, branch, dirty, objectFormat: format === 'sha256' ? 'sha256' : 'sha1' };
}

/** The registry's shape: a run records git only once there is a commit to point at. */
export function toRunGit(state: GitState | null): GitInfo | null {
  return state && state.commit ? { commit: state.commit, branch: state.branch, dirty: state.dirty } : null;
}

/**
 * Saves the uncommitted work of the repository holding `dir` as one patch, content-addressed in
 * `<registryDir>/artifacts/<sha256>.patch`: tracked changes against HEAD (staged and unstaged, as
 * `git diff HEAD` shows them) and untracked text files as new-file sections. Binary changes are listed
 * as skipped (a text patch cannot carry them). Returns null when the tree is clean or not a repository.
 */
export async function savePatch(dir: string, registryDir: string, limits: PatchLimits = {}): Promise<SavedPatch | null> {
  const state = await gitInfo(dir);
  if (!state || !state.dirty) return null;
  const base = state.commit ?? EMPTY_TREE[state.objectFormat];
  const skipped: SavedPatch['skipped'] = [];
  const files: string[] = [];

  const numstat = await git(state.root, ['diff', base, '--numstat', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--no-relative', '--', NOT_REGISTRY]);
  if (numstat.code !== 0) throw new MlopsError('cannot save patch', state.root, `git diff failed: ${numstat.stderr}`);
  const binary: string[] = [];
  for (const entry of numstat.stdout.toString('utf8').split('\0')) {
    const m = /^(-|\d+)\t(-|\d+)\t(.+)$/s.exec(entry);
    if (!m) continue;
    if (m[1] === '-') {
      binary.push(m[3]!);
      skipped.push({ path: m[3]!, reason: 'binary file' });
    } else {
      files.push(m[3]!);
    }
  }

  const dirOut = path.join(registryDir, 'artifacts');
  fs.mkdirSync(dirOut, { recursive: true });
  const tmp = path.join(dirOut, `.patch-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  const put = (chunk: Buffer) => {
    fs.writeSync(fd, chunk);
    hash.update(chunk);
    bytes += chunk.length;
  };
  try {
    if (files.length > 0) {
      const exclude = binary.map((p) => `:(top,exclude,literal)${p}`);
      const diff = await gitStream(state.root, ['diff', base, '--no-color', '--no-renames', '--no-ext-diff', '--no-textconv', '--no-relative',
        '--src-prefix=a/', '--dst-prefix=b/', '--', NOT_REGISTRY, ...exclude], put);
      if (diff.code !== 0) throw new MlopsError('cannot save patch', state.root, `git diff failed: ${diff.stderr}`);
    }
    const untracked = await git(state.root, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', NOT_REGISTRY]);
    if (untracked.code !== 0) throw new MlopsError('cannot save patch', state.root, `git ls-files failed: ${untracked.stderr}`);
    const maxFiles = limits.maxUntrackedFiles ?? 500;
    const maxBytes = limits.maxUntrackedFileBytes ?? 1 << 20;
    const maxTotal = limits.maxUntrackedTotalBytes ?? 16 << 20;
    let included = 0;
    let total = 0;
    for (const rel of untracked.stdout.toString('utf8').split('\0')) {
      if (rel === '') continue;
      if (included >= maxFiles) {
        skipped.push({ path: rel, reason: `more than ${maxFiles} untracked files` });
        continue;
      }
      const section = untrackedSection(path.join(state.root, rel), rel, maxBytes);
      if (typeof section === 'string') {
        skipped.push({ path: rel, reason: section });
        continue;
      }
      if (total + section.length > maxTotal) {
        skipped.push({ path: rel, reason: `untracked files would pass ${maxTotal} bytes in all` });
        continue;
      }
      put(section);
      files.push(rel);
      included++;
      total += section.length;
    }
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  const sha256 = hash.digest('hex');
  const final = path.join(dirOut, `${sha256}.patch`);
  // Same content, same name: a second run from the same dirty tree reuses the file.
  fs.renameSync(tmp, final);
  return { path: final, sha256, bytes, base: state.commit, files, skipped };
}
