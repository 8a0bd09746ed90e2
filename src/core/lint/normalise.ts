import type { Node, Tree } from 'web-tree-sitter';
import { nodeRange } from './python';
import type { Range } from './types';

/**
 * Python functions reduced to what they compute: comments and docstrings dropped, parameters and local
 * variables renamed by first appearance (`$0`, `$1`…), literals, attribute names, keyword names and global
 * names kept. Two functions with the same shape do the same thing to their inputs.
 */
export interface FnShape {
  name: string;
  range: Range;
  tokens: string[];
  /** The tokens joined: equal keys mean equal normalised bodies. */
  key: string;
  counts: Map<string, number>;
  statements: number;
  /** The body does something to data: indexing, arithmetic, or a call into numpy/pandas-like libraries. */
  transforms: boolean;
  /** Simple statements that transform data, each normalised on its own (locals renamed within the statement). */
  lines: { key: string; text: string; line: number }[];
}

const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list', 'tuple', 'parenthesized_expression', 'list_splat_pattern']);
const ATOMS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**', '@', '<', '>', '<=', '>=', '==', '!=', '&', '|', '^', '~']);
const DATA_CALL = /\b(?:np|numpy|pd|pandas|pl|polars|math|re|torch|tf|sklearn)\.|\.(?:fillna|astype|apply|map|replace|clip|log1p|log|exp|sqrt|round|str|dt|where|cut|qcut|get_dummies|transform|fit_transform|normalize|lower|strip|split|groupby|agg|rolling|shift|diff|pct_change|rank|merge|drop|rename|isin|between|sum|mean|std|min|max)\(/;
/** Statements that are bookkeeping, not transformation, even when they repeat. */
const BOOKKEEPING = /^(?:print|logging\.|logger\.|log\.|warnings\.|parser\.add_argument|argparse\.|assert\b|raise\b|self\.log|st\.|click\.)/;

/** `keep` sees each function's source first: normalising is the costly part, so callers skip what cannot match. */
export function functionShapes(tree: Tree, keep: (source: string) => boolean = () => true): FnShape[] {
  const out: FnShape[] = [];
  for (const fn of tree.rootNode.descendantsOfType('function_definition')) {
    const body = fn?.childForFieldName('body');
    const nameNode = fn?.childForFieldName('name');
    if (!fn || !body || !nameNode || !keep(fn.text)) continue;
    const locals = localNames(fn);
    const tokens: string[] = [];
    normalise(body, locals, new Map(), tokens);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const simple = simpleStatements(body);
    const lines: FnShape['lines'] = [];
    for (const s of simple) {
      const text = s.text.trim();
      if (BOOKKEEPING.test(text) || !transformsData(s)) continue;
      const t: string[] = [];
      normalise(s, locals, new Map(), t);
      if (t.length >= 12 && t.some((x) => /^(?:["'\d]|[rfbu]+["'])/i.test(x))) lines.push({ key: t.join(' '), text, line: s.startPosition.row });
    }
    out.push({ name: nameNode.text, range: nodeRange(nameNode), tokens, key: tokens.join(' '), counts, statements: simple.length, transforms: transformsData(body), lines });
  }
  return out;
}

/** Literals and attribute names of a shape: two functions that share none cannot be copies of each other. */
export function anchors(shape: FnShape): string[] {
  return shape.tokens.filter((t) => t.length >= 3 && !t.startsWith('$') && /^(?:["'\w])/.test(t) && !KEYWORDS.has(t));
}

/** Words and literals of a source text, matched against anchors before a function is normalised. */
export function sourceWords(source: string): string[] {
  return source.match(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_]\w{2,}|\d[\w.]*/g) ?? [];
}

const KEYWORDS = new Set(['def', 'return', 'for', 'while', 'with', 'not', 'and', 'True', 'False', 'None', 'else', 'elif', 'try', 'except', 'finally', 'lambda', 'yield', 'import', 'from', 'pass', 'self', 'raise', 'assert', 'async', 'await', 'del', 'global', 'nonlocal', 'class', 'break', 'continue']);

/** Multiset Jaccard similarity of two token bags. */
export function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let inter = 0;
  let union = 0;
  for (const [t, n] of a) {
    const m = b.get(t) ?? 0;
    inter += Math.min(n, m);
    union += Math.max(n, m);
  }
  for (const [t, m] of b) if (!a.has(t)) union += m;
  return union === 0 ? 0 : inter / union;
}

function normalise(node: Node, locals: Set<string>, names: Map<string, string>, out: string[]): void {
  if (node.type === 'comment') return;
  if (node.type === 'expression_statement' && isDocstring(node)) return;
  if (ATOMS.has(node.type)) {
    out.push(node.text);
    return;
  }
  if (node.type === 'identifier') {
    const parent = node.parent;
    const field = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? 'attr' : parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id ? 'kw' : '';
    if (!field && locals.has(node.text)) {
      if (!names.has(node.text)) names.set(node.text, `$${names.size}`);
      out.push(names.get(node.text)!);
    } else out.push(node.text);
    return;
  }
  if (node.childCount === 0) {
    out.push(node.type);
    return;
  }
  for (const c of node.children) if (c) normalise(c, locals, names, out);
}

function isDocstring(stmt: Node): boolean {
  if (stmt.namedChild(0)?.type !== 'string') return false;
  const block = stmt.parent;
  return block?.type === 'block' && block.namedChild(0)?.id === stmt.id;
}

/** Parameters and every name the function binds (assignments, loops, with-as, comprehensions, walrus). */
function localNames(fn: Node): Set<string> {
  const out = new Set<string>();
  const bind = (n: Node | null) => {
    if (!n) return;
    if (n.type === 'identifier') out.add(n.text);
    else if (PATTERNS.has(n.type)) for (const c of n.namedChildren) bind(c);
  };
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') out.add(p.text);
    else bind(p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null);
  }
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const n of body.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'named_expression', 'as_pattern'])) {
    if (!n) continue;
    if (n.type === 'named_expression') bind(n.childForFieldName('name'));
    else if (n.type === 'as_pattern') bind(n.childForFieldName('alias')?.namedChild(0) ?? null);
    else bind(n.childForFieldName('left'));
  }
  return out;
}

const SIMPLE = new Set(['expression_statement', 'return_statement', 'assert_statement', 'raise_statement', 'delete_statement', 'pass_statement', 'break_statement', 'continue_statement', 'global_statement', 'nonlocal_statement', 'import_statement', 'import_from_statement']);

function simpleStatements(body: Node): Node[] {
  return body.descendantsOfType([...SIMPLE]).filter((n): n is Node => n !== null && !isDocstring(n));
}

function transformsData(node: Node): boolean {
  if (node.descendantsOfType('subscript').length > 0) return true;
  if (node.descendantsOfType(['binary_operator', 'comparison_operator', 'unary_operator', 'augmented_assignment']).some((op) => op !== null && op.children.some((c) => c !== null && ARITHMETIC.has(c.type)))) return true;
  return DATA_CALL.test(node.text);
}
