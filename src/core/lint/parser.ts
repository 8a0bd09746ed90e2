import { Language, Parser, type Edit, type Range, type Tree } from 'web-tree-sitter';

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
 * Keeps the last tree per document so an edit re-parses incrementally: the edits are found by comparing the old
 * and new texts, which is what an editor's change events would have said.
 */
const CACHE_SIZE = 16;
/** `ranges` as asked for: a text with a syntax error gets the same whole tree again without a second parse. */
const cache = new Map<string, { text: string; ranges: Range[] | null; tree: Tree }>();

/** Parses `text`, or only its `ranges` (as if they were contiguous, positions kept) when given and free of errors. */
export function parsePython(text: string, cacheKey?: string, ranges: Range[] | null = null): Tree {
  const p = requireParser();
  const old = cacheKey === undefined ? undefined : cache.get(cacheKey);
  let oldTree: Tree | null = null;
  if (old) {
    if (old.text === text && sameRanges(old.ranges, ranges)) return old.tree;
    oldTree = old.tree;
    for (const e of editsBetween(old.text, text)) oldTree.edit(e);
  }
  let tree = ranges ? p.parse(chunksWithin(text, ranges), oldTree, { includedRanges: ranges }) : p.parse(text, oldTree);
  if (ranges && tree?.rootNode.hasError) {
    // The parser recovers from a syntax error with the statements around it, which the ranges leave out: the
    // whole text then, for the same tree as without ranges.
    tree.delete();
    tree = p.parse(text, oldTree);
  }
  if (!tree) throw new Error('tree-sitter returned no tree');
  if (cacheKey !== undefined) {
    cache.delete(cacheKey);
    old?.tree.delete();
    cache.set(cacheKey, { text, ranges, tree });
    if (cache.size > CACHE_SIZE) {
      const [firstKey, first] = cache.entries().next().value!;
      cache.delete(firstKey);
      first.tree.delete();
    }
  }
  return tree;
}

/**
 * The text as the parser reads it: in chunks, each copied into wasm memory a character at a time. For a string
 * the chunk is the next 10 KB, most of it past the end of a short included range and copied for nothing, so
 * here chunks stop where ranges end.
 */
function chunksWithin(text: string, ranges: Range[]): (index: number) => string {
  return (index) => text.slice(index, ranges.find((r) => r.endIndex > index)?.endIndex ?? text.length);
}

function sameRanges(a: Range[] | null, b: Range[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((r, i) => r.startIndex === b[i]!.startIndex && r.endIndex === b[i]!.endIndex);
}

/** Frees a tree parsed without a cache key. */
export function releaseTree(tree: Tree, cacheKey?: string): void {
  if (cacheKey === undefined || cache.get(cacheKey)?.tree !== tree) tree.delete();
}

/**
 * The edits that turn `a` into `b`, last first (so each is given in the coordinates of the text before it).
 * The common prefix and suffix bound the change; when the lines between keep their count, each run of changed
 * lines is an edit of its own, so two distant edits (the one linted last and the one now) do not make all
 * the lines between them look changed and re-parsed.
 */
export function editsBetween(a: string, b: string): Edit[] {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  // Whole lines from here on: the line of the first change to the line of the last (the same in both texts).
  const from = a.lastIndexOf('\n', start - 1) + 1;
  const tail = a.indexOf('\n', ea) < 0 ? a.length - ea : a.indexOf('\n', ea) - ea;
  const linesA = a.slice(from, ea + tail).split('\n');
  const linesB = b.slice(from, eb + tail).split('\n');
  if (linesA.length !== linesB.length || linesA.length < 3) return [edit(a, b, start, ea, eb)];
  const edits: Edit[] = [];
  let at = from;
  let newAt = from;
  for (let i = 0; i < linesA.length;) {
    if (linesA[i] === linesB[i]) {
      at += linesA[i]!.length + 1;
      newAt += linesB[i]!.length + 1;
      i++;
      continue;
    }
    let j = i;
    let oldLen = -1;
    let newLen = -1;
    for (; j < linesA.length && linesA[j] !== linesB[j]; j++) {
      oldLen += linesA[j]!.length + 1;
      newLen += linesB[j]!.length + 1;
    }
    // Positions in the text as it is when this edit is applied: `a` before it, as edits go last first.
    edits.push(edit(a, b, at, at + oldLen, at + newLen, newAt));
    at += oldLen + 1;
    newAt += newLen + 1;
    i = j;
  }
  return edits.reverse();
}

/** The edit replacing a[start, oldEnd) by b[bStart, bStart + newEnd - start), with rows and columns. */
function edit(a: string, b: string, start: number, oldEnd: number, newEnd: number, bStart = start): Edit {
  const startPosition = pointAt(a, start);
  const newEndPosition = pointAt(b.slice(bStart, bStart + newEnd - start), newEnd - start);
  newEndPosition.column += newEndPosition.row === 0 ? startPosition.column : 0;
  newEndPosition.row += startPosition.row;
  return { startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition, oldEndPosition: pointAt(a, oldEnd), newEndPosition };
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
