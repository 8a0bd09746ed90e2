import * as fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { describeError, errnoCode, type Problem } from '../errors';
import { parseJson, type JsonNode } from './json-literal';

/**
 * Params as the source wrote them: `lr: 1e-3` stays "1e-3", `name: 'a'` is "a", nested maps become
 * dotted keys (`optimizer.lr`, DVC's convention), lists keep their items' literal forms (`[1, 2]`).
 */
export interface ParamsResult {
  params: Record<string, string>;
  problems: Problem[];
}

/** Params from a YAML file; a missing file gives none, a malformed one a problem with its line. */
export function yamlParamsFile(file: string): ParamsResult {
  const text = readOptional(file);
  if (typeof text !== 'string') return { params: {}, problems: text ? [text] : [] };
  return yamlParams(text, file);
}

export function yamlParams(text: string, file: string): ParamsResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return { params: {}, problems: [{ path: file, line: lineCounter.linePos(e.pos[0]).line, message: `invalid YAML: ${e.message.split('\n')[0]}` }] };
  }
  const params: Record<string, string> = {};
  if (isMap(doc.contents)) flattenYaml(doc.contents, '', params);
  return { params, problems: [] };
}

function flattenYaml(node: unknown, prefix: string, out: Record<string, string>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : String(pair.key);
      const full = prefix ? `${prefix}.${key}` : key;
      if (isMap(pair.value) && pair.value.items.length) flattenYaml(pair.value, full, out);
      else out[full] = yamlLiteral(pair.value as Node | null);
    }
  }
}

function yamlLiteral(node: Node | null | undefined): string {
  if (node === null || node === undefined) return '';
  if (isScalar(node)) return node.source ?? String(node.value);
  if (isSeq(node)) return `[${node.items.map((i) => yamlLiteral(i as Node)).join(', ')}]`;
  if (isMap(node)) return `{${node.items.map((p) => `${yamlLiteral(p.key as Node)}: ${yamlLiteral(p.value as Node)}`).join(', ')}}`;
  return String(node);
}

/** Params from a JSON file (training_args.json, config.json), numbers in their written form. */
export function jsonParamsFile(file: string, prefix = ''): ParamsResult {
  const text = readOptional(file);
  if (typeof text !== 'string') return { params: {}, problems: text ? [text] : [] };
  const parsed = parseJson(text);
  if ('error' in parsed) return { params: {}, problems: [{ path: file, line: parsed.line, message: `invalid JSON: ${parsed.error}` }] };
  const params: Record<string, string> = {};
  if (parsed.value.kind === 'object') flattenJson(parsed.value, prefix, params);
  return { params, problems: [] };
}

function flattenJson(node: JsonNode, prefix: string, out: Record<string, string>): void {
  if (node.kind !== 'object') return;
  for (const [k, v] of node.entries) {
    const full = prefix ? `${prefix}.${k}` : k;
    if (v.kind === 'object' && v.entries.length) flattenJson(v, full, out);
    else out[full] = jsonLiteral(v);
  }
}

export function jsonLiteral(node: JsonNode): string {
  switch (node.kind) {
    case 'string': return node.value;
    case 'number': return node.text;
    case 'bool': return String(node.value);
    case 'null': return 'null';
    case 'array': return `[${node.items.map((i) => (i.kind === 'string' ? JSON.stringify(i.value) : jsonLiteral(i))).join(', ')}]`;
    case 'object': return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}: ${v.kind === 'string' ? JSON.stringify(v.value) : jsonLiteral(v)}`).join(', ')}}`;
  }
}

/** The file's text; undefined when it does not exist; a problem when it cannot be read or is not UTF-8. */
export function readOptional(file: string): string | Problem | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { path: file, line: null, message: `cannot read: ${code ?? describeError(err)}` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const bad = firstBadUtf8Line(buf);
    return { path: file, line: bad, message: 'not valid UTF-8' };
  }
}

function firstBadUtf8Line(buf: Buffer): number {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    try {
      dec.decode(buf.subarray(start, nl));
    } catch {
      return line;
    }
    line++;
    start = nl + 1;
  }
  return line;
}
