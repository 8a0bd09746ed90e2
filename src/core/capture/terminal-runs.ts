import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LensConfig } from '../config';
import { lineOfKey } from '../config';
import { MlopsError, describeError, errnoCode, type Problem } from '../errors';
import type { Registry, RunStatus } from '../registry';
import { argumentsOf, commandsOf, DEFAULT_TRAINING_PATTERNS, parseArgs, programName, stripWrappers, trainingCommand } from './command-line';
import { listDataFolder } from './data-files';
import { gitInfo, savePatch, toRunGit } from './git';
import { isModelFile, linkDataInputs } from './hash';

export { DEFAULT_TRAINING_PATTERNS, isTrainingCommand, parseArgs, parseCommandArgs, scriptCommandLine, tokenize } from './command-line';

/** Files written this long after a command ended still belong to it (loggers flush and close late). */
export const DEFAULT_GRACE_MS = 10_000;
/** The editor reports a start a little after the process began; a file this much older still counts. */
const START_SLACK_MS = 2_000;
const CODE_FILE = /\.(?:py|pyi|ipynb|sh|bash|zsh|ps1|bat|cmd|js|ts)$/i;
const KILLED_EXIT_CODES = new Set([130, 137, 143]);
/** Which backend tracks a terminal run: `<host> <pid>`, so another backend can tell a run whose tracker died. */
export const TRACKER_TAG = 'mlops_lens.tracker';
/** Set on a run closed because its tracker died before the command ended: why its status is "killed". */
export const EXIT_UNKNOWN_TAG = 'mlops_lens.exit_unknown';
const EXIT_UNKNOWN = 'the editor backend that tracked this command stopped before the command ended, so its exit status is unknown';

/**
 * The compiled training patterns: `patterns` when given (the editor's setting), else the config's
 * `[tool.mlops-lens.capture] terminal_patterns` (replacing the defaults) plus `extend_terminal_patterns`.
 */
export function trainingPatterns(config?: LensConfig, patterns?: readonly string[]): RegExp[] {
  const capture = config?.raw.capture;
  const section = typeof capture === 'object' && capture !== null && !Array.isArray(capture) ? capture as Record<string, unknown> : {};
  const list = (key: string): string[] | undefined => {
    const v = section[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw configError(config!, key, `"${key}" must be a list of regular expressions`);
    return v as string[];
  };
  const sources = patterns ?? [...(list('terminal_patterns') ?? DEFAULT_TRAINING_PATTERNS), ...(list('extend_terminal_patterns') ?? [])];
  return sources.map((p) => {
    try {
      return new RegExp(p);
    } catch (err) {
      if (config && !patterns) throw configError(config, 'terminal_patterns', `invalid pattern ${JSON.stringify(p)}: ${describeError(err)}`);
      throw new MlopsError('invalid terminal pattern', JSON.stringify(p), describeError(err));
    }
  });
}

function configError(config: LensConfig, key: string, why: string): MlopsError {
  return new MlopsError('invalid configuration', `${config.file ?? config.root}:${(config.text && lineOfKey(config.text, key)) ?? 1}`, why);
}

/** Existing files named by the arguments (as words or `key=value` values), resolved against `cwd`; code and model files excluded. */
export function dataFilesInArgs(args: readonly string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    for (const candidate of eq > 0 ? [a, a.slice(eq + 1)] : [a]) {
      if (candidate === '' || candidate.startsWith('-') || CODE_FILE.test(candidate) || isModelFile(candidate)) continue;
      const abs = path.resolve(cwd, candidate);
      try {
        if (fs.statSync(abs).isFile()) out.add(abs);
      } catch {
        // Not a path: most arguments are not.
      }
    }
  }
  return [...out];
}

export interface TerminalStart {
  commandLine: string;
  /** The shell's folder; null when the shell did not say (then the config's folder, else the process's). */
  cwd: string | null;
  /** Milliseconds since the epoch; defaults to now. */
  startedAt?: number;
}

export interface TerminalEnd {
  /** undefined or null when the shell could not tell (the terminal was closed, the process was killed). */
  exitCode: number | null | undefined;
  endedAt?: number;
}

export interface TrackerOptions {
  config?: LensConfig;
  /** Regular expressions that replace the configured ones (the editor's `mlopsLens.capture.terminalPatterns`). */
  patterns?: readonly string[];
  /** Where patches go; defaults to the registry's folder (`.mlops`). */
  registryDir?: string;
  graceMs?: number;
  onProblem?: (problem: Problem) => void;
}

interface Execution {
  runId: string;
  cwd: string;
  startedAt: number;
  /** Set by `end`: files written after endedAt + grace are no longer this run's. */
  endedAt: number | null;
  /** Git, patch and data hashing finish after `start` returns; `end` waits for them. */
  enriched: Promise<void>;
}

export function statusOfExit(exitCode: number | null | undefined): Exclude<RunStatus, 'running'> {
  if (exitCode === undefined || exitCode === null || KILLED_EXIT_CODES.has(exitCode)) return 'killed';
  return exitCode === 0 ? 'finished' : 'failed';
}

/**
 * Turns terminal executions into runs. The editor calls `isTraining` on each command line it sees,
 * `start` when a training command begins and `end` when it exits; the watcher asks `claimsFile` whether a
 * logger or model file it saw was written by one of these executions. No editor API is used here.
 */
export class TerminalRunTracker {
  private readonly patterns: RegExp[];
  private readonly executions = new Map<string, Execution>();
  private readonly grace: number;
  private readonly startListeners = new Set<(runId: string) => void>();

  constructor(private readonly reg: Registry, private readonly options: TrackerOptions = {}) {
    this.patterns = trainingPatterns(options.config, options.patterns);
    this.grace = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  isTraining(commandLine: string): boolean {
    return trainingCommand(commandLine, this.patterns) !== undefined;
  }

  /**
   * Creates the run (status running, command, cwd, git, params) and returns its id once it exists; the
   * patch of uncommitted work and the data inputs are saved in the background (`settled` waits for them).
   * A command that matches no pattern is tracked as well: the caller decided (Run and Track Current Script).
   */
  async start(s: TerminalStart): Promise<string> {
    const startedAt = s.startedAt ?? Date.now();
    const cwd = path.resolve(s.cwd ?? this.options.config?.root ?? process.cwd());
    const words = trainingCommand(s.commandLine, this.patterns) ?? commandsOf(s.commandLine)[0] ?? [];
    const { entry, args } = argumentsOf(words);
    const state = await gitInfo(cwd);
    const runId = this.reg.write(() => {
      const id = this.reg.startRun({
        experiment: experimentFor(entry, words), name: runName(entry, startedAt), sourceKind: 'terminal',
        command: s.commandLine, cwd, git: toRunGit(state), startedAt,
      });
      this.reg.setParams(id, parseArgs(args));
      this.reg.setTags(id, { [TRACKER_TAG]: trackerIdentity() });
      return id;
    });
    const enriched = this.enrich(runId, cwd, args, state?.dirty === true);
    this.track({ runId, cwd, startedAt, endedAt: null, enriched });
    return runId;
  }

  private track(ex: Execution): void {
    this.executions.set(ex.runId, ex);
    for (const listener of this.startListeners) listener(ex.runId);
  }

  /** The runs of executions that have not ended, for a tracker that takes over from this one. */
  inFlight(): string[] {
    return [...this.executions.values()].filter((e) => e.endedAt === null).map((e) => e.runId);
  }

  /**
   * Takes over an execution another tracker started (a backend that crashed, or this backend before it
   * reopened its registry), from the folder and start time on its run: the run claims files again, and a
   * run closed as orphaned is running again. False when it is not a terminal run of this registry.
   */
  resume(runId: string): boolean {
    let detail;
    try {
      detail = this.reg.getRun(runId);
    } catch {
      return false;
    }
    if (detail.source.kind !== 'terminal' || detail.id !== runId) return false;
    this.reg.write(() => {
      if (detail.status !== 'running' && detail.tags[EXIT_UNKNOWN_TAG] !== undefined) {
        this.reg.reopenRun(runId);
        this.reg.deleteTags(runId, [EXIT_UNKNOWN_TAG]);
      }
      this.reg.setTags(runId, { [TRACKER_TAG]: trackerIdentity() });
    });
    if (!this.executions.has(runId)) {
      const startedAt = detail.startedAt === null ? Date.now() : Date.parse(detail.startedAt);
      const cwd = path.resolve(detail.cwd ?? this.options.config?.root ?? process.cwd());
      this.track({ runId, cwd, startedAt, endedAt: null, enriched: Promise.resolve() });
    }
    return true;
  }

  /**
   * Ends the terminal runs left running by a backend of this machine that no longer exists (the editor closed
   * or reloaded, or the backend crashed, while the command ran): status killed, no end time, and a tag that
   * says why. A backend that comes back with the execution (`resume`) opens the run again. Runs tracked on
   * another machine, or by a backend still alive, are left alone. Returns the runs it ended.
   */
  closeOrphans(): string[] {
    const rows = this.reg.statements.get(`SELECT r.id, t.value FROM runs r JOIN tags t ON t.run_id = r.id AND t.key = ?
      WHERE r.source_kind = 'terminal' AND r.status = 'running'`).all(TRACKER_TAG) as { id: string; value: string }[];
    const orphans = rows.filter((r) => !this.executions.has(r.id) && trackerGone(r.value)).map((r) => r.id);
    if (orphans.length > 0) {
      this.reg.write(() => {
        for (const id of orphans) {
          this.reg.endRun(id, { status: 'killed', exitCode: null, endedAt: null });
          this.reg.setTags(id, { [EXIT_UNKNOWN_TAG]: EXIT_UNKNOWN });
        }
      });
    }
    return orphans;
  }

  /**
   * Calls `listener` with each run `start` creates, as soon as the run claims files. The editor reports a
   * command after it began, and `start` reads git first, so a fast script's first files can be imported
   * before the run that wrote them exists; the watcher uses this to claim them afterwards.
   */
  onStart(listener: (runId: string) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  /** Records the exit: finished (0), failed (other codes), killed (no code, or 130/137/143: SIGINT, SIGKILL, SIGTERM). */
  async end(runId: string, e: TerminalEnd): Promise<void> {
    const endedAt = e.endedAt ?? Date.now();
    const ex = this.executions.get(runId);
    if (ex) {
      await ex.enriched;
      ex.endedAt = endedAt;
    }
    this.reg.write(() => {
      this.reg.endRun(runId, { status: statusOfExit(e.exitCode), exitCode: e.exitCode ?? null, endedAt });
      // A run closed as orphaned while its backend was away has its exit status now.
      this.reg.deleteTags(runId, [EXIT_UNKNOWN_TAG]);
    });
    this.prune(endedAt);
  }

  /** Resolves when the background work `start` began for this run is done. */
  async settled(runId: string): Promise<void> {
    await this.executions.get(runId)?.enriched;
  }

  /**
   * The tracked run that wrote `file`, judged by its modification time: inside [start, end + grace] of an
   * execution whose cwd holds the file (the deepest cwd wins, then the latest start), else of any execution.
   */
  claimsFile(file: string, mtimeMs: number): string | undefined {
    const abs = path.resolve(file);
    let best: { ex: Execution; depth: number } | undefined;
    for (const ex of this.executions.values()) {
      if (mtimeMs < ex.startedAt - START_SLACK_MS) continue;
      if (ex.endedAt !== null && mtimeMs > ex.endedAt + this.grace) continue;
      const inside = abs === ex.cwd || abs.startsWith(ex.cwd.endsWith(path.sep) ? ex.cwd : ex.cwd + path.sep);
      const depth = inside ? ex.cwd.length : -1;
      if (!best || depth > best.depth || (depth === best.depth && ex.startedAt > best.ex.startedAt)) best = { ex, depth };
    }
    return best?.ex.runId;
  }

  private prune(now: number): void {
    for (const [id, ex] of this.executions) if (ex.endedAt !== null && now - ex.endedAt > this.grace * 6) this.executions.delete(id);
  }

  private async enrich(runId: string, cwd: string, args: string[], dirty: boolean): Promise<void> {
    const report = (p: Problem) => this.options.onProblem?.(p);
    try {
      if (dirty) {
        const patch = await savePatch(cwd, this.options.registryDir ?? path.dirname(this.reg.file));
        if (patch) {
          this.reg.addArtifact(runId, { path: patch.path, kind: 'patch', sha256: patch.sha256, bytes: patch.bytes });
          for (const s of patch.skipped) report({ path: s.path, line: null, message: `left out of the run's patch: ${s.reason}` });
        }
      }
    } catch (err) {
      report({ path: cwd, line: null, message: `cannot save the uncommitted changes: ${describeError(err)}` });
    }
    const config = this.options.config;
    const files = [...dataFilesInArgs(args, cwd), ...(config ? config.data.flatMap((d) => listDataFolder(path.resolve(config.root, d), report)) : [])];
    const linked = await linkDataInputs(this.reg, runId, files);
    for (const p of linked.problems) report(p);
  }
}

function trackerIdentity(): string {
  return `${os.hostname()} ${process.pid}`;
}

/** Whether the backend a tracker tag names is known to be gone: only a process of this machine can be asked. */
function trackerGone(tag: string): boolean {
  const at = tag.lastIndexOf(' ');
  const pid = Number(tag.slice(at + 1));
  if (at <= 0 || tag.slice(0, at) !== os.hostname() || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists under another user.
    return errnoCode(err) === 'ESRCH';
  }
}

/** Runs are grouped by what they run: the script (`train.py`), the module, or the launcher (`yolo train`). */
function experimentFor(entry: string | null, words: readonly string[]): string {
  if (entry) return path.basename(entry.replace(/\\/g, '/')) || entry;
  const w = stripWrappers(words);
  return w.length ? programName(w[0]!) : 'terminal';
}

function runName(entry: string | null, startedAt: number): string {
  const t = new Date(startedAt);
  const hh = (n: number) => String(n).padStart(2, '0');
  return `${entry ? path.basename(entry.replace(/\\/g, '/')) : 'run'} ${t.getFullYear()}-${hh(t.getMonth() + 1)}-${hh(t.getDate())} ${hh(t.getHours())}:${hh(t.getMinutes())}:${hh(t.getSeconds())}`;
}
