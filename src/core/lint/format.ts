import * as path from 'node:path';
import type { Finding } from './types';

/** Ruff's text format: `path:line:col: CODE message`, 1-based; notebooks as `path:cell N:line:col`. */
export function formatText(findings: Finding[], cwd = process.cwd()): string {
  return findings.map((f) => {
    const file = path.isAbsolute(f.file) ? path.relative(cwd, f.file) || f.file : f.file;
    const where = `${f.cell === null ? '' : `cell ${f.cell + 1}:`}${f.range.start.line + 1}:${f.range.start.character + 1}`;
    return `${file}:${where}: ${f.code} ${f.message}\n`;
  }).join('');
}

export function summary(findings: Finding[]): string {
  if (findings.length === 0) return 'All checks passed!\n';
  const fixable = findings.filter((f) => f.fix).length;
  const files = new Set(findings.map((f) => f.file)).size;
  return `Found ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${fixable ? ` (${fixable} with a quick fix in the editor)` : ''}.\n`;
}
