import { execFile, spawn } from 'node:child_process';

/**
 * Options every git call gets. A workspace's own `.git/config` must not make reading its state run a
 * program: fsmonitor hooks run on `status`, external diff drivers and textconv filters on `diff`.
 */
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=true', '-c', 'color.ui=false'];
const TIMEOUT_MS = 30_000;

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git with an argument array (no shell) in `cwd`; a missing git binary gives code -1. */
export function git(cwd: string, args: string[], maxBuffer = 64 << 20): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', [...SAFE, ...args], { cwd, encoding: 'buffer', maxBuffer, timeout: TIMEOUT_MS, env: gitEnv() }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: stdout ?? Buffer.alloc(0), stderr: (stderr ?? Buffer.alloc(0)).toString('utf8').trim() || (err?.message ?? '') });
    });
  });
}

/** Streams git's output chunk by chunk (a diff can be larger than any buffer we want to hold). */
export function gitStream(cwd: string, args: string[], onData: (chunk: Buffer) => void): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn('git', [...SAFE, ...args], { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const errChunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => errChunks.push(c));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout: Buffer.alloc(0), stderr: err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.alloc(0), stderr: Buffer.concat(errChunks).toString('utf8').trim() });
    });
  });
}

/** A stable, non-interactive environment: no pager, no prompts, English messages. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
}
