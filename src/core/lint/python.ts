import { Query, type Node, type Tree } from 'web-tree-sitter';
import { pythonLanguage } from './parser';
import type { Range } from './types';

/** One call expression, with its callee resolved through the file's imports (as Ruff's semantic model does). */
export interface CallFact {
  node: Node;
  /** The callee as written when it is a dotted name (`np.random.seed`), else ''. */
  callee: string;
  /** The callee with its first name resolved through the imports (`numpy.random.seed`), else ''. */
  qualified: string;
  /** The last segment of the callee (`seed`), also for `Trainer(...).train()` (`train`). */
  method: string;
  /** The object of an attribute call (`model` in `model.fit(X)`), else null. */
  receiver: Node | null;
  args: Node;
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` or `**kwargs` present: any keyword may be hidden in them. */
  splat: boolean;
}

export interface PyFacts {
  /** Local name → qualified name, from every import statement in the file. */
  aliases: Map<string, string>;
  /** Top-level packages imported anywhere in the file. */
  modules: Set<string>;
  calls: CallFact[];
  /** Calls whose qualified name is one of `names`. */
  callsTo(...names: string[]): CallFact[];
  /** Every string literal, in order. */
  strings(): Node[];
}

let factsQuery: Query | undefined;

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Imports, calls and string literals come from one query pass: a pass walks every node of the tree, and it is
 * most of the cost of the facts after parsing.
 */
export function extractFacts(tree: Tree, text: string): PyFacts {
  factsQuery ??= new Query(pythonLanguage(), '(import_statement) @import (import_from_statement) @from (call function: (_) @fn arguments: (_) @args) @call (string) @string');
  const aliases = new Map<string, string>();
  const modules = new Set<string>();
  const pending: { node: Node; fn: Node; args: Node }[] = [];
  const strings: Node[] = [];
  for (const m of factsQuery.matches(tree.rootNode)) {
    const first = m.captures[0]!;
    if (first.name === 'string') strings.push(first.node);
    else if (first.name === 'import') readImport(first.node, aliases, modules);
    else if (first.name === 'from') readFromImport(first.node, aliases, modules);
    else {
      const get = (name: string) => m.captures.find((c) => c.name === name)!.node;
      pending.push({ node: get('call'), fn: get('fn'), args: get('args') });
    }
  }
  const calls: CallFact[] = pending.map(({ node, fn, args }) => new Call(node, fn, args, aliases, text));
  // Matches come in the order they complete; rules read strings in source order.
  strings.sort((x, y) => x.startIndex - y.startIndex);
  return {
    aliases, modules, calls,
    callsTo: (...names) => calls.filter((c) => c.qualified !== '' && names.includes(c.qualified)),
    strings: () => strings,
  };
}

function readImport(node: Node, aliases: Map<string, string>, modules: Set<string>): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'dotted_name') {
      const top = child.text.split('.')[0]!;
      aliases.set(top, top);
      modules.add(top);
    } else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (name && alias) {
        aliases.set(alias, name);
        modules.add(name.split('.')[0]!);
      }
    }
  }
}

function readFromImport(node: Node, aliases: Map<string, string>, modules: Set<string>): void {
  const mod = node.childForFieldName('module_name');
  if (!mod) return;
  const base = mod.text;
  if (!base.startsWith('.')) modules.add(base.split('.')[0]!);
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'dotted_name') aliases.set(child.text, `${base}.${child.text}`);
    else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (name && alias) aliases.set(alias, `${base}.${name}`);
    }
  }
}

/** Names that are literals, not callables: `True()` has no callee. */
const LITERAL_WORDS = new Set(['True', 'False', 'None']);
/** An ASCII name at a position (a name with other characters is read from the tree). */
const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * A call's facts. Every node property read from JavaScript (type, end, children) is a call into the wasm
 * module, so what the source text tells (callee, method) is read from the text, and the arguments and the
 * receiver only when a rule asks for them.
 */
class Call implements CallFact {
  readonly callee: string;
  readonly qualified: string;
  readonly method: string;
  private fnType: 'identifier' | 'attribute' | 'other';
  private argFacts?: { positional: Node[]; keywords: Map<string, Node>; splat: boolean };
  private receiverNode?: Node | null;

  constructor(readonly node: Node, private readonly fn: Node, readonly args: Node, aliases: Map<string, string>, text: string) {
    // The function ends where its arguments begin, but for whitespace (or comments, which fail DOTTED).
    const written = text.slice(fn.startIndex, args.startIndex).trimEnd();
    if (DOTTED.test(written)) {
      const dot = written.lastIndexOf('.');
      this.fnType = dot >= 0 ? 'attribute' : LITERAL_WORDS.has(written) ? 'other' : 'identifier';
      this.callee = this.fnType === 'other' ? '' : written;
      this.method = this.callee.slice(dot + 1);
    } else {
      // Not a plain dotted name, or one followed by a comment: the tree says what the function is.
      const type = fn.type;
      this.fnType = type === 'identifier' || type === 'attribute' ? type : 'other';
      const own = this.fnType === 'other' ? '' : fn.text;
      this.callee = DOTTED.test(own) ? own : '';
      this.method = this.fnType === 'attribute' ? attributeName(fn, text) : own;
    }
    this.qualified = this.callee ? resolve(this.callee, aliases) : '';
  }

  get receiver(): Node | null {
    if (this.receiverNode === undefined) this.receiverNode = this.fnType === 'attribute' ? this.fn.childForFieldName('object') : null;
    return this.receiverNode;
  }

  get positional(): Node[] {
    return this.readArgs().positional;
  }

  get keywords(): Map<string, Node> {
    return this.readArgs().keywords;
  }

  get splat(): boolean {
    return this.readArgs().splat;
  }

  private readArgs() {
    if (this.argFacts) return this.argFacts;
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    let splat = false;
    if (this.args.type === 'argument_list') {
      for (const a of this.args.namedChildren) {
        if (!a || a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const name = a.childForFieldName('name')?.text;
          const value = a.childForFieldName('value');
          if (name && value) keywords.set(name, value);
        } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') splat = true;
        else positional.push(a);
      }
    } else positional.push(this.args);
    return (this.argFacts = { positional, keywords, splat });
  }
}

/** The attribute of `<expr>.name`: the name the node ends with, read from the text when it is plain ASCII. */
function attributeName(fn: Node, text: string): string {
  const end = fn.endIndex;
  const dot = text.lastIndexOf('.', end - 1);
  NAME_AT.lastIndex = dot + 1;
  const m = NAME_AT.exec(text);
  return m && m.index + m[0].length === end ? m[0] : (fn.childForFieldName('attribute')?.text ?? '');
}

export function resolve(dotted: string, aliases: Map<string, string>): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const mapped = aliases.get(head);
  return mapped === undefined ? dotted : mapped + (dot < 0 ? '' : dotted.slice(dot));
}

/**
 * False when a string literal's value cannot match `re`, tested on its source text (which costs one read of
 * the node, stringValue several). The value is the source less quotes and prefix, with escapes read and
 * backslash-newlines dropped: `re` must be unanchored and look for name and path characters, not for what an
 * escape stands for (a backslash only as the last character it needs).
 */
export function mayHoldValue(node: Node, re: RegExp): boolean {
  return re.test(node.text.replace(/\\\r?\n/g, ''));
}

/** The literal value of a string node; each f-string interpolation becomes `{}`. */
export function stringValue(node: Node): { value: string; raw: boolean; interpolated: boolean } {
  let value = '';
  let interpolated = false;
  const startText = node.child(0)?.text ?? '';
  const raw = /^[A-Za-z]*[rR]/.test(startText);
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_content') value += raw ? c.text : c.text.replace(/\\(?:\r?\n|.)/g, unescape);
    else if (c.type === 'interpolation') {
      interpolated = true;
      value += '{}';
    }
  }
  return { value, raw, interpolated };
}

function unescape(seq: string): string {
  const simple: Record<string, string> = { '\\\\': '\\', "\\'": "'", '\\"': '"', '\\n': '\n', '\\t': '\t', '\\r': '\r' };
  return simple[seq] ?? (seq[1] === '\n' || seq[1] === '\r' ? '' : seq);
}

export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** True for the literal `True`. */
export function isTrue(node: Node | undefined): boolean {
  return node?.type === 'true';
}

/** The innermost enclosing node of one of the given types. */
export function enclosing(node: Node, types: string[]): Node | null {
  for (let p = node.parent; p; p = p.parent) if (types.includes(p.type)) return p;
  return null;
}
