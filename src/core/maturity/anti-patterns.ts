import type { Finding } from '../lint';
import type { AntiPattern } from './types';

/** The five anti-patterns and the lint rules that find them. */
export const ANTI_PATTERNS: { name: string; rules: string[] }[] = [
  { name: 'Heroic data science', rules: ['MLO303'] },
  { name: 'Deployment as an afterthought', rules: ['MLO202', 'MLO203', 'MLO301'] },
  { name: 'Monitoring only infrastructure', rules: ['MLO204'] },
  { name: 'Set-and-forget retraining', rules: ['MLO201'] },
  { name: 'Tool overload', rules: ['MLO302'] },
];

/** Counts per anti-pattern; findings carry paths relative to the assessed root. */
export function antiPatterns(findings: Finding[]): AntiPattern[] {
  return ANTI_PATTERNS.map((a) => {
    const hits = findings.filter((f) => a.rules.includes(f.code));
    return {
      name: a.name, rules: a.rules, findings: hits.length,
      locations: hits.map((f) => ({ file: f.file, line: f.range.start.line + 1, code: f.code, message: f.message })),
    };
  });
}
