/**
 * A JSON reader that keeps what JSON.parse loses: each number's written text (params stay "5e-05"),
 * each value's position (problems name the line), and Python's NaN / Infinity / -Infinity, which
 * `json.dumps` writes by default (trainer_state.json holds them when a loss diverges).
 */
export type JsonNode =
  | { kind: 'object'; pos: number; entries: [string, JsonNode][] }
  | { kind: 'array'; pos: number; items: JsonNode[] }
  | { kind: 'string'; pos: number; value: string }
  | { kind: 'number'; pos: number; value: number; text: string }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'null'; pos: number };

export type JsonParse = { value: JsonNode } | { error: string; line: number };

class JsonError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\r\n]*/y;

export function parseJson(text: string): JsonParse {
  const p = new Parser(text);
  try {
    const value = p.value();
    p.ws();
    if (p.pos < text.length) throw new JsonError('unexpected text after the value', p.pos);
    return { value };
  } catch (err) {
    if (err instanceof JsonError) return { error: err.message, line: lineAt(text, err.pos) };
    throw err;
  }
}

/** 1-based line of a character position. */
export function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.s);
    this.pos = WS.lastIndex;
  }

  value(): JsonNode {
    this.ws();
    const start = this.pos;
    const c = this.s[start];
    if (c === undefined) throw new JsonError('unexpected end of input (truncated file?)', start);
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'string', pos: start, value: this.string() };
    for (const [word, node] of WORDS) {
      if (this.s.startsWith(word, start)) {
        this.pos += word.length;
        return { ...node, pos: start } as JsonNode;
      }
    }
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.s);
    if (m) {
      this.pos = NUMBER.lastIndex;
      return { kind: 'number', pos: start, value: Number(m[0]), text: m[0] };
    }
    throw new JsonError(`unexpected character ${JSON.stringify(c)}`, start);
  }

  private object(): JsonNode {
    const start = this.pos++;
    const entries: [string, JsonNode][] = [];
    this.ws();
    if (this.s[this.pos] === '}') { this.pos++; return { kind: 'object', pos: start, entries }; }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') throw this.expected('a quoted key');
      const key = this.string();
      this.ws();
      if (this.s[this.pos] !== ':') throw this.expected("':'");
      this.pos++;
      entries.push([key, this.value()]);
      this.ws();
      const c = this.s[this.pos++];
      if (c === '}') return { kind: 'object', pos: start, entries };
      if (c !== ',') { this.pos--; throw this.expected("',' or '}'"); }
    }
  }

  private array(): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.pos] === ']') { this.pos++; return { kind: 'array', pos: start, items }; }
    for (;;) {
      items.push(this.value());
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return { kind: 'array', pos: start, items };
      if (c !== ',') { this.pos--; throw this.expected("',' or ']'"); }
    }
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = this.s.charCodeAt(i);
      if (Number.isNaN(c)) throw new JsonError('unterminated string (truncated file?)', start);
      if (c === 0x22) break;
      if (c === 0x5c) { escaped = true; i++; }
      i++;
    }
    this.pos = i + 1;
    if (!escaped) return this.s.slice(start + 1, i);
    try {
      return JSON.parse(this.s.slice(start, i + 1)) as string;
    } catch {
      throw new JsonError('invalid escape in string', start);
    }
  }

  private expected(what: string): JsonError {
    return this.pos >= this.s.length
      ? new JsonError(`unexpected end of input, expected ${what} (truncated file?)`, this.pos)
      : new JsonError(`expected ${what}, found ${JSON.stringify(this.s[this.pos])}`, this.pos);
  }
}

type Word = { kind: 'bool'; value: boolean } | { kind: 'null' } | { kind: 'number'; value: number; text: string };
const WORDS: [string, Word][] = [
  ['true', { kind: 'bool', value: true }],
  ['false', { kind: 'bool', value: false }],
  ['null', { kind: 'null' }],
  ['NaN', { kind: 'number', value: NaN, text: 'NaN' }],
  ['Infinity', { kind: 'number', value: Infinity, text: 'Infinity' }],
  ['-Infinity', { kind: 'number', value: -Infinity, text: '-Infinity' }],
];

/** The value of a key of an object node, if present. */
export function field(node: JsonNode, key: string): JsonNode | undefined {
  if (node.kind !== 'object') return undefined;
  for (const [k, v] of node.entries) if (k === key) return v;
  return undefined;
}
