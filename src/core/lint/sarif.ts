import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDocUrl } from './docs-url';
import { rules } from './rules';
import type { Finding, Rule, Severity } from './types';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule with its help text, results with paths relative to
 * the repository root (`%SRCROOT%`) and 1-based regions. Notebook findings point at the cell's source line in
 * the .ipynb JSON, which is where GitHub shows the file.
 */
export function toSarif(findings: Finding[], root: string, version: string): object {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const nbCache = new Map<string, string | null>();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'mlops-lens', version, semanticVersion: version, informationUri: ruleDocUrl({ code: '', name: '' }).split('#')[0], rules: rules.map(sarifRule) } },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(root) } },
      results: findings.map((f) => {
        const rel = path.relative(root, path.resolve(f.file)).split(path.sep).join('/');
        const region = f.cell === null ? f.range : notebookRange(f, nbCache);
        return {
          ruleId: f.code,
          ruleIndex: index.get(f.code) ?? 0,
          level: level(f.severity),
          message: { text: f.cell === null ? f.message : `cell ${f.cell + 1}: ${f.message}` },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
              region: {
                startLine: region.start.line + 1, startColumn: region.start.character + 1,
                endLine: region.end.line + 1, endColumn: region.end.character + 1,
              },
            },
          }],
          partialFingerprints: { primaryLocationLineHash: `${f.code}:${rel}:${f.cell ?? ''}:${f.message}` },
        };
      }),
    }],
  };
}

function sarifRule(r: Rule) {
  const d = r.docs;
  const markdown = `${d.what}\n\n**Why is this bad?** ${d.why}\n\n**Example**\n\n\`\`\`\n${d.example}\n\`\`\`\n\n**Use instead**\n\n\`\`\`\n${d.instead}\n\`\`\`\n\n${d.references.map((u) => `- ${u}`).join('\n')}\n`;
  return {
    id: r.code,
    name: r.name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: `${r.code} ${r.name}` },
    fullDescription: { text: d.what },
    help: { text: `${d.what} ${d.why}`, markdown },
    helpUri: ruleDocUrl(r),
    defaultConfiguration: { level: level(r.severity) },
    properties: { tags: ['mlops', r.code === 'MLO102' || r.code === 'MLO107' ? 'security' : 'maintainability'], precision: 'high', ...(r.severity === 'error' ? { 'security-severity': '8.0' } : {}) },
  };
}

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

function pathToFileUri(dir: string): string {
  const abs = path.resolve(dir).split(path.sep).join('/');
  return 'file://' + (abs.startsWith('/') ? '' : '/') + abs.split('/').map(encodeURIComponent).join('/') + '/';
}

/** Maps (cell, line) to the line of the .ipynb JSON holding that source line (nbformat writes one string per line). */
function notebookRange(f: Finding, cache: Map<string, string | null>): Finding['range'] {
  if (!cache.has(f.file)) {
    try {
      cache.set(f.file, fs.readFileSync(f.file, 'utf8'));
    } catch {
      cache.set(f.file, null);
    }
  }
  const text = cache.get(f.file);
  const line = text ? sourceLine(text, f.cell!, f.range.start.line) : null;
  if (line === null) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

function sourceLine(text: string, cell: number, lineInCell: number): number | null {
  const lines = text.split('\n');
  let seen = -1;
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*"cell_type"\s*:/.test(lines[i]!)) continue;
    if (++seen !== cell) continue;
    // The cell object starts at the nearest "{" above its "cell_type"; its "source" may come before or after.
    let start = i;
    while (start > 0 && !/^\s*\{\s*$/.test(lines[start]!)) start--;
    for (let j = start; j < lines.length; j++) {
      const m = /^\s*"source"\s*:\s*(\[?)/.exec(lines[j]!);
      if (!m) continue;
      return m[1] && !/\]\s*,?\s*$/.test(lines[j]!) ? j + 1 + lineInCell : j;
    }
    return i;
  }
  return null;
}
