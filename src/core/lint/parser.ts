import { Language, Parser, type Tree } from 'web-tree-sitter';

/**
 * The Python parser: web-tree-sitter with the grammar tree-sitter-python ships. The wasm files are found with
 * require.resolve, so the same code works from source (tsx) and from the bundles, which keep both packages external.
 */
let ready: Promise<Parser> | undefined;
let parser: Parser | undefined;

export function initParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/tree-sitter.wasm') });
    const python = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(python);
    parser = p;
    return p;
  })();
  return ready;
}

export function pythonLanguage(): Language {
  return requireParser().language!;
}

function requireParser(): Parser {
  if (!parser) throw new Error('the Python parser is not initialised: await initParser() first');
  return parser;
}

/**
 * Keeps the last tree per document so an edit re-parses incrementally: the edited span is found from the common
 * prefix and suffix of the old and new texts, which is what an editor's change event would have said.
 */
const CACHE_SIZE = 16;
const cache = new Map<string, { text: string; tree: Tree }>();

export function parsePython(text: string, cacheKey?: string): Tree {
  const p = requireParser();
  const old = cacheKey === undefined ? undefined : cache.get(cacheKey);
  let oldTree: Tree | null = null;
  if (old) {
    if (old.text === text) return old.tree;
    oldTree = old.tree;
    oldTree.edit(editBetween(old.text, text));
  }
  const tree = p.parse(text, oldTree);
  if (!tree) throw new Error('tree-sitter returned no tree');
  if (cacheKey !== undefined) {
    cache.delete(cacheKey);
    old?.tree.delete();
    cache.set(cacheKey, { text, tree });
    if (cache.size > CACHE_SIZE) {
      const [firstKey, first] = cache.entries().next().value!;
      cache.delete(firstKey);
      first.tree.delete();
    }
  }
  return tree;
}

/** Frees a tree parsed without a cache key. */
export function releaseTree(tree: Tree, cacheKey?: string): void {
  if (cacheKey === undefined || cache.get(cacheKey)?.tree !== tree) tree.delete();
}

function editBetween(a: string, b: string) {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return {
    startIndex: start, oldEndIndex: ea, newEndIndex: eb,
    startPosition: pointAt(a, start), oldEndPosition: pointAt(a, ea), newEndPosition: pointAt(b, eb),
  };
}

function pointAt(text: string, index: number) {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
