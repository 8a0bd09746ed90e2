/**
 * The small part of CSV the loggers write (Python's csv module, excel dialect): a separator, fields
 * quoted with '"' when they hold the separator or a quote, quotes doubled inside. Records span one line.
 */
export function splitCsv(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (line.startsWith(sep, i)) {
      out.push(field);
      field = '';
      i += sep.length;
      continue;
    } else {
      field += c;
    }
    i++;
  }
  out.push(field);
  return out;
}

/** The separator of a header line: the first of tab, comma, semicolon it contains (comma when none). */
export function sniffSeparator(header: string): string {
  for (const sep of ['\t', ',', ';']) if (header.includes(sep)) return sep;
  return ',';
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};

/**
 * A number as Python, numpy and the loggers print it ("0.5", "1e-05", "nan", "inf", "-Infinity"), or
 * undefined when the text is not one. Hex, empty text and JavaScript-only forms are not numbers here.
 */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (NUMBER.test(s)) return Number(s);
  return SPECIAL[s.toLowerCase()];
}

/** An integer step or epoch ("3", "3.0" as pandas rewrites it); undefined otherwise. */
export function parseStep(text: string): number | undefined {
  const v = parseNumber(text);
  return v !== undefined && Number.isSafeInteger(v) ? v : undefined;
}
