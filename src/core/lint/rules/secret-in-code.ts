import { outputText } from '../notebook';
import type { FileRule, RawFinding } from '../types';

interface Pattern { name: string; re: RegExp; group?: number; check?: (value: string) => boolean }

/** Provider formats with fixed prefixes: precise enough to report every match. */
const PROVIDERS: Pattern[] = [
  { name: 'AWS access key ID', re: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/g, check: (v) => !v.includes('EXAMPLE') },
  { name: 'GitHub token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g },
  { name: 'GitHub fine-grained token', re: /\b(github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { name: 'OpenAI/Anthropic API key', re: /\b(sk-(?:proj-|svcacct-|admin-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,})/g, check: (v) => /\d/.test(v) && /[a-zA-Z]/.test(v.slice(3)) },
  { name: 'Hugging Face token', re: /\b(hf_[A-Za-z0-9]{30,})\b/g, check: (v) => /\d/.test(v) || /[A-Z]/.test(v) },
  { name: 'Slack token', re: /\b(xox[abprs]-[A-Za-z0-9-]{10,})\b/g },
  { name: 'Google API key', re: /\b(AIza[0-9A-Za-z_-]{35})\b/g },
  { name: 'Stripe secret key', re: /\b(sk_live_[0-9a-zA-Z]{24,})\b/g },
  { name: 'private key', re: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/g },
];

/** `password = "…"`-style assignments; the literal must look random to be reported. */
const ASSIGNMENT_QUOTED = /\b([\w-]*?(?:password|passwd|pwd|secret|secret_key|api_?key|access_?key|access_?token|auth_?token|token))["']?\s*[:=]\s*(["'])([^"'\s]{8,200})\2/gi;
const ASSIGNMENT_BARE = /\b([\w-]*?(?:password|passwd|pwd|secret|secret_key|api_?key|access_?key|access_?token|auth_?token|token))["']?\s*[:=]\s*(["']?)([^"'\s#]{8,200})\2(?=\s|$)/gi;
/** What every name the assignment patterns look for holds: a far cheaper test than theirs. */
const SECRET_WORD = /pass|pwd|secret|key|token/i;
const PLACEHOLDER = /^(?:your|my|xxx|<|\$|\{\{|%|changeme|change_me|password|secret|example|dummy|test|none|null|placeholder|redacted|todo|fixme|\*+$)|xxxx|\.\.\.|\*\*\*/i;

export const secretInCode: FileRule = {
  code: 'MLO107',
  name: 'secret-in-code',
  severity: 'error',
  scope: 'file',
  docs: {
    what: 'Finds credentials in code, configuration and notebook outputs: AWS, GitHub, OpenAI/Anthropic, Hugging Face, Slack, Google and Stripe key formats, private key blocks, and `password`/`token`/`api_key` assignments whose literal looks random (high entropy, mixed letters and digits).',
    why: 'A key in a repository or a saved notebook output is a leaked key: it stays in git history and in every clone, fork and CI log, and scanners find it within minutes of a push.',
    example: 'import os\n\nos.environ["HF_TOKEN"] = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"\n',
    instead: 'import os\n\nhf_token = os.environ["HF_TOKEN"]\n',
    references: ['https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns', 'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/'],
  },
  appliesTo: ['python', 'notebook', 'yaml', 'conda', 'pyproject', 'requirements'],
  statements: [],
  check(ctx) {
    const quotedOnly = ctx.kind === 'python' || ctx.kind === 'notebook';
    if (!ctx.notebook) return scan(ctx.text, quotedOnly);
    const out: RawFinding[] = [];
    for (const cell of ctx.notebook.cells) {
      const lines = cell.source.split(/\r?\n/);
      for (const f of scan(cell.source, quotedOnly, /\r?\n/)) out.push({ ...f, cell: cell.index });
      const seen = new Set<string>();
      for (const o of cell.outputs) {
        for (const f of scan(outputText(o), false)) {
          if (seen.has(f.message)) continue;
          seen.add(f.message);
          out.push({ range: firstLine(lines), cell: cell.index, message: f.message.replace(' in code:', ' in the output of this cell:') });
        }
      }
    }
    return out;
  },
};

/** Findings in each line of `source`. */
function scan(source: string, quotedOnly: boolean, separator: string | RegExp = '\n'): RawFinding[] {
  // Most files hold no secret, and a pattern matching within a line matches the whole text: one pass of each
  // pattern over the text rules out most of them for every line.
  const providers = PROVIDERS.filter((p) => matches(p.re, source));
  const re = quotedOnly ? ASSIGNMENT_QUOTED : ASSIGNMENT_BARE;
  const assignments = SECRET_WORD.test(source) && matches(re, source);
  if (providers.length === 0 && !assignments) return [];
  const out: RawFinding[] = [];
  source.split(separator).forEach((text, line) => {
    if (text.length > 5000) text = text.slice(0, 5000);
    for (const p of providers) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
        const v = m[1]!;
        if (p.check && !p.check(v)) continue;
        out.push(finding(line, m.index + m[0].indexOf(v), v, p.name));
      }
    }
    if (!assignments) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const value = m[3]!;
      const name = m[1]!;
      if (!looksRandom(value, /pass|pwd/i.test(name)) || out.some((f) => f.range.start.line === line)) continue;
      out.push(finding(line, m.index + m[0].lastIndexOf(value), value, `hard-coded ${name}`));
    }
  });
  return out;
}

function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

function finding(line: number, character: number, value: string, what: string): RawFinding {
  const masked = value.startsWith('-----') ? value : `${value.slice(0, 4)}…`;
  return {
    range: { start: { line, character }, end: { line, character: character + value.length } },
    message: `${what} (${masked}) in code: revoke it, then read it from an environment variable or a secret store`,
  };
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

function looksRandom(v: string, password: boolean): boolean {
  if (PLACEHOLDER.test(v) || /^[a-z]+:\/\//i.test(v) || /^[./~]/.test(v) || v.includes('/') && v.split('/').length > 3) return false;
  if (!/^[A-Za-z0-9_\-+/=.~!@#$%^&*]+$/.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  if (!/\d/.test(v) || !/[A-Za-z]/.test(v)) return false;
  return password ? v.length >= 8 && classes >= 3 && entropy(v) >= 2.8 : v.length >= 16 && entropy(v) >= 3.5;
}

function firstLine(lines: string[]): RawFinding['range'] {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: lines[0]?.length ?? 0 } };
}
