import * as path from 'node:path';

/**
 * Reading a shell command line the way the shell would split it, without running anything: words,
 * quotes and control operators. Variables and globs are kept as written (no expansion).
 */
export type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '\n'];

/**
 * POSIX-shell splitting: single quotes are literal, double quotes allow `\"` `\\` `\$` `` \` ``, a
 * backslash outside quotes escapes the next character (on Windows shells it is a path separator),
 * `#` at the start of a word begins a comment. An unclosed quote takes the rest of the line.
 */
export function tokenize(commandLine: string, options: { backslashEscapes?: boolean } = {}): Token[] {
  const escapes = options.backslashEscapes ?? process.platform !== 'win32';
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) out.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < commandLine.length; i++) {
    const c = commandLine[i]!;
    if (c === "'") {
      const end = commandLine.indexOf("'", i + 1);
      word += commandLine.slice(i + 1, end < 0 ? undefined : end);
      inWord = true;
      i = end < 0 ? commandLine.length : end;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < commandLine.length && commandLine[i] !== '"'; i++) {
        const d = commandLine[i]!;
        if (escapes && d === '\\' && i + 1 < commandLine.length && '"\\$`\n'.includes(commandLine[i + 1]!)) {
          i++;
          if (commandLine[i] !== '\n') word += commandLine[i];
        } else {
          word += d;
        }
      }
    } else if (escapes && c === '\\') {
      i++;
      // A backslash before a newline continues the line.
      if (i < commandLine.length && commandLine[i] !== '\n') {
        word += commandLine[i];
        inWord = true;
      }
    } else if (c === '#' && !inWord) {
      const nl = commandLine.indexOf('\n', i);
      i = nl < 0 ? commandLine.length : nl - 1;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      flush();
    } else {
      const op = OPERATORS.find((o) => commandLine.startsWith(o, i));
      if (op) {
        flush();
        out.push({ kind: 'op', text: op });
        i += op.length - 1;
      } else {
        word += c;
        inWord = true;
      }
    }
  }
  flush();
  return out;
}

/** The simple commands of a command line (`cd x && python train.py` is two), as word lists. */
export function commandsOf(commandLine: string): string[][] {
  const out: string[][] = [[]];
  for (const t of tokenize(commandLine)) {
    if (t.kind === 'op') out.push([]);
    else out[out.length - 1]!.push(t.text);
  }
  return out.filter((c) => c.length > 0);
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Wrappers that run another command, with their options that take a value: the program is after them. */
const WRAPPERS: Record<string, RegExp> = { nohup: /^$/, time: /^(-o|--output|-f|--format)$/, nice: /^(-n|--adjustment)$/, exec: /^-a$/, env: /^(-u|--unset|-C|--chdir)$/ };
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'rye', 'hatch', 'pixi']);

/** The words of a simple command with environment assignments and wrappers (`nohup`, `uv run`, `conda run -n x`) removed. */
export function stripWrappers(words: readonly string[]): string[] {
  let i = 0;
  const skipOptions = (withValue: RegExp) => {
    while (i < words.length && words[i]!.startsWith('-')) i += withValue.test(words[i]!) ? 2 : 1;
  };
  for (;;) {
    while (i < words.length && ENV_ASSIGNMENT.test(words[i]!)) i++;
    const w = words[i];
    if (w === undefined) return [];
    const name = programName(w);
    if (Object.hasOwn(WRAPPERS, name)) {
      i++;
      skipOptions(WRAPPERS[name]!);
    } else if (RUNNERS.has(name) && words[i + 1] === 'run') {
      i += 2;
      skipOptions(/^(--with|--python|-p|--project|--directory|-e|--env|--package)$/);
    } else if ((name === 'conda' || name === 'mamba' || name === 'micromamba') && words[i + 1] === 'run') {
      i += 2;
      skipOptions(/^(-n|--name|-p|--prefix|--cwd)$/);
    } else {
      return words.slice(i);
    }
  }
}

/** `/usr/bin/python3.11` → `python3.11`, `C:\Python\python.exe` → `python`. */
export function programName(word: string): string {
  return path.basename(word.replace(/\\/g, '/')).replace(/\.exe$/i, '');
}

/** The command as the patterns see it: wrappers gone, the program by its base name, words joined by one space. */
export function normalizedCommand(words: readonly string[]): string {
  const w = stripWrappers(words);
  if (w.length === 0) return '';
  return [programName(w[0]!), ...w.slice(1)].join(' ');
}

/** Python's own options that take a value (`python -W ignore train.py`). */
const PY_OPTIONS_WITH_VALUE = '-[WXQ]\\s*\\S+';
const PYTHON = 'python[0-9.]*';
const NOT_TRAINING_MODULES = ['pip', 'venv', 'virtualenv', 'ensurepip', 'pytest', 'unittest', 'doctest', 'http\\.server', 'json\\.tool',
  'ipykernel', 'jupyter', 'notebook', 'jupyterlab', 'black', 'ruff', 'mypy', 'flake8', 'pylint', 'isort', 'build', 'twine', 'pydoc',
  'timeit', 'site', 'mlops_lens', 'tensorboard', 'mlflow', 'streamlit', 'gradio', 'uvicorn', 'gunicorn', 'pre_commit', 'coverage'];

/**
 * Regular expressions matched against each simple command of a line (see `normalizedCommand`). Override
 * with `terminal_patterns` (or add with `extend_terminal_patterns`) in `[tool.mlops-lens.capture]`.
 */
export const DEFAULT_TRAINING_PATTERNS: readonly string[] = [
  `^${PYTHON}(?: (?:${PY_OPTIONS_WITH_VALUE}|-\\S+))* \\S*train\\S*\\.py(?: |$)`,
  '^\\S*train\\S*\\.py(?: |$)',
  `^${PYTHON}(?: (?:${PY_OPTIONS_WITH_VALUE}|-[^m\\s]\\S*))* -m ?(?!(?:${NOT_TRAINING_MODULES.join('|')})(?: |$))\\S+`,
  '^accelerate launch(?: |$)',
  '^torchrun(?: |$)',
  '^deepspeed(?: |$)',
  '^yolo (?:\\S+ )?train(?: |$)',
  '^yolo (?:\\S+ )*mode=train(?: |$)',
  '^dvc exp run(?: |$)',
];

/**
 * True when a simple command of the line matches one of the patterns (regular expressions, as RegExp or
 * as source text; an invalid text pattern throws, see `trainingPatterns` for configured ones).
 */
export function isTrainingCommand(commandLine: string, patterns: readonly (RegExp | string)[] = DEFAULT_TRAINING_REGEXPS): boolean {
  return trainingCommand(commandLine, patterns) !== undefined;
}

/** The words of the first simple command of the line that looks like training, wrappers removed. */
export function trainingCommand(commandLine: string, patterns: readonly (RegExp | string)[] = DEFAULT_TRAINING_REGEXPS): string[] | undefined {
  const res = patterns.map((p) => (typeof p === 'string' ? new RegExp(p) : p));
  for (const words of commandsOf(commandLine)) {
    const norm = normalizedCommand(words);
    if (norm !== '' && res.some((p) => p.test(norm))) return stripWrappers(words);
  }
  return undefined;
}

export const DEFAULT_TRAINING_REGEXPS: readonly RegExp[] = DEFAULT_TRAINING_PATTERNS.map((p) => new RegExp(p));

const SCRIPT = /\.(?:py|ipynb|sh)$/i;

/**
 * Where the program's own arguments start: after the script (`python x.py`, `torchrun … x.py`), after the
 * module (`python -m pkg`), or after the subcommand words (`yolo detect train`, `dvc exp run`).
 */
export function argumentsOf(words: readonly string[]): { entry: string | null; args: string[] } {
  const w = stripWrappers(words);
  const script = w.findIndex((x, i) => i > 0 && SCRIPT.test(x) && !x.startsWith('-'));
  if (script >= 0) return { entry: w[script]!, args: w.slice(script + 1) };
  const prog = programName(w[0] ?? '');
  if (/^python[0-9.]*$/.test(prog)) {
    const m = w.findIndex((x) => x === '-m' || (x.startsWith('-m') && x.length > 2));
    if (m >= 0) {
      const mod = w[m] === '-m' ? w[m + 1] : w[m]!.slice(2);
      return { entry: mod ?? null, args: w.slice(w[m] === '-m' ? m + 2 : m + 1) };
    }
  }
  let i = 1;
  while (i < w.length && /^[a-z][a-z0-9_-]*$/.test(w[i]!)) i++;
  return { entry: w.slice(0, i).map((x, j) => (j === 0 ? programName(x) : x)).join(' ') || null, args: w.slice(i) };
}

const NUMBER = /^-(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const HYDRA = /^(?:\+\+|\+)?([A-Za-z_][\w.@/-]*)=(.*)$/s;

/**
 * Params from a program's arguments, as written: `--key value`, `--key=value`, `-k value`, Hydra's
 * `key=value` (and `+key=value`), a flag with no value is "true". DVC's `-S key=value` sets `key`.
 * Positional words that are not `key=value` are not params. `--` ends the options.
 */
export function parseArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (options && a === '--') {
      options = false;
      continue;
    }
    if (options && a.startsWith('-') && a.length > 1 && !NUMBER.test(a)) {
      const body = a.replace(/^--?/, '');
      const eq = body.indexOf('=');
      if (eq > 0) {
        out[body.slice(0, eq)] = body.slice(eq + 1);
        continue;
      }
      const next = args[i + 1];
      const takesValue = next !== undefined && next !== '--' && (!next.startsWith('-') || NUMBER.test(next) || next === '-');
      if ((body === 'S' || body === 'set-param') && next !== undefined && HYDRA.test(next)) {
        const m = HYDRA.exec(next)!;
        out[m[1]!] = m[2]!;
        i++;
      } else if (takesValue) {
        out[body] = next;
        i++;
      } else {
        out[body] = 'true';
      }
      continue;
    }
    const m = HYDRA.exec(a);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Params of the training command in a line (or of its first command when none looks like training). */
export function parseCommandArgs(commandLine: string, patterns: readonly RegExp[] = DEFAULT_TRAINING_REGEXPS): Record<string, string> {
  const words = trainingCommand(commandLine, patterns) ?? commandsOf(commandLine)[0] ?? [];
  return parseArgs(argumentsOf(words).args);
}

export type ShellKind = 'posix' | 'powershell' | 'cmd';

/**
 * The command line that runs a Python file in a terminal (for "Run and Track Current Script"), each word
 * quoted for the shell so a path with spaces or quotes reaches Python as one argument.
 */
export function scriptCommandLine(python: string, file: string, shell: ShellKind = process.platform === 'win32' ? 'powershell' : 'posix'): string {
  const words = [python, file].map((w) => quoteFor(w, shell));
  // PowerShell runs a quoted program name only through the call operator.
  return shell === 'powershell' && words[0]!.startsWith("'") ? `& ${words.join(' ')}` : words.join(' ');
}

function quoteFor(word: string, shell: ShellKind): string {
  const safe = shell === 'posix' ? /^[A-Za-z0-9_@%+=:,./-]+$/ : /^[A-Za-z0-9_@+:.\\/-]+$/;
  if (safe.test(word)) return word;
  if (shell === 'posix') return `'${word.replace(/'/g, `'\\''`)}'`;
  if (shell === 'powershell') return `'${word.replace(/'/g, "''")}'`;
  return `"${word.replace(/"/g, '""')}"`;
}
