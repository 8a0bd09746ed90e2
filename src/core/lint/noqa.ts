import type { TextEdit } from './types';

/** `# noqa` or `# noqa: MLO101, MLO102` at the end of a line (Ruff's syntax; case-insensitive keyword). */
const NOQA = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;

export function suppressed(lineText: string | undefined, code: string): boolean {
  if (lineText === undefined || !lineText.includes('#')) return false;
  const m = NOQA.exec(lineText);
  if (!m) return false;
  if (m[1] === undefined) return true;
  return m[1].split(/[\s,]+/).some((c) => c.toUpperCase() === code);
}

/** The edit that adds `code` to the line's noqa comment, or appends `  # noqa: CODE`. */
export function noqaEdit(lineText: string, line: number, code: string): TextEdit {
  const m = NOQA.exec(lineText);
  const end = lineText.replace(/\s+$/, '').length;
  if (m && m[1] !== undefined) {
    const at = m.index + m[0].length;
    return { range: { start: { line, character: at }, end: { line, character: at } }, newText: `, ${code}` };
  }
  return { range: { start: { line, character: end }, end: { line, character: lineText.length } }, newText: `  # noqa: ${code}` };
}
