/**
 * C and C++ syntax trees as plain JavaScript objects.
 *
 * The C/C++ rules ask many questions of every node (kind, text, fields, parents, descendants of a kind).
 * Asked of ast-grep's native nodes, each question is a call into native code and a new wrapper object,
 * and those calls were most of the time of a C/C++ review. Here the file is parsed with tree-sitter
 * (the same C and C++ grammars, at the same versions, as @ast-grep/lang-c and @ast-grep/lang-cpp) and its
 * tree is read once, with one cursor walk, into `CNode` objects; every later question is answered in
 * JavaScript. Each node knows its place in the pre-order of the tree and the last descendant's place, so
 * "every call inside this function" is a binary search in a per-kind list rather than a walk.
 *
 * `CNode` implements the project's `SyntaxNode` (src/core/syntax.ts) with ast-grep's semantics, so the
 * rules did not change when the backend did; test/languages/c-tree.test.ts compares the two trees node by
 * node on every C/C++ fixture and crash-corpus file.
 */
import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import CPP from 'tree-sitter-cpp';
import type { SyntaxNode, SyntaxPosition, SyntaxQuery, SyntaxRange } from '../../core/syntax.js';

export type CGrammar = 'c' | 'cpp';

export interface KindInfo {
  readonly kind: string;
  readonly named: boolean;
  /** Some child of a node of this kind can fill a grammar field. */
  readonly hasFields: boolean;
}

/** Per grammar: a parser, and the names of node types and fields by numeric id (found once per thread). */
interface GrammarState {
  readonly parser: Parser;
  readonly kinds: (KindInfo | undefined)[];
  readonly fields: (string | undefined)[];
  readonly kindsWithFields: ReadonlySet<string>;
}

const grammars = new Map<CGrammar, GrammarState>();

function grammarState(grammar: CGrammar): GrammarState {
  let state = grammars.get(grammar);
  if (state === undefined) {
    const parser = new Parser();
    const language = grammar === 'c' ? C : CPP;
    // The grammar packages type their native language handle as `unknown`; it is what setLanguage takes.
    parser.setLanguage(language);
    const kindsWithFields = new Set<string>();
    for (const info of language.nodeTypeInfo)
      if ('fields' in info && Object.keys(info.fields).length > 0) kindsWithFields.add(info.type);
    state = { parser, kinds: [], fields: [], kindsWithFields };
    grammars.set(grammar, state);
  }
  return state;
}

/**
 * tree-sitter reads a JavaScript string in chunks of this many UTF-16 code units; the default (a few KB)
 * means many crossings into native code for a large file.
 */
const PARSE_BUFFER = 1 << 20;

/** Parses C or C++ source into a plain tree. */
export function parseC(grammar: CGrammar, source: string): CTree {
  const state = grammarState(grammar);
  const parsed = state.parser.parse(source, null, { bufferSize: PARSE_BUFFER });
  return new CTree(source, parsed, state);
}

/** A parsed file: its nodes in pre-order, and per kind the nodes of that kind in pre-order. */
export class CTree {
  readonly root: CNode;
  /** Every node, in pre-order (a node's `order` is its position here). */
  readonly nodes: readonly CNode[];
  private readonly byKind = new Map<string, CNode[]>();
  private lineStarts: number[] | undefined;
  private readonly regexes = new Map<string, RegExp>();

  constructor(
    readonly source: string,
    parsed: Parser.Tree,
    state: GrammarState,
  ) {
    const nodes: CNode[] = [];
    const cursor = parsed.walk();
    const open: CNode[] = [];
    // Native calls are the cost here, so each node costs as few as possible: the field a child fills is
    // only asked for when the parent's kind has fields at all. (A parent's range cannot be read off its
    // children: hidden tokens such as the newline ending a `#include` belong to the parent only.)
    for (;;) {
      const typeId = cursor.nodeTypeId;
      let info = state.kinds[typeId];
      if (info === undefined) {
        const kind = cursor.nodeType;
        // An ERROR node's children keep the fields of the rule the parser was trying.
        const hasFields = kind === 'ERROR' || state.kindsWithFields.has(kind);
        info = { kind, named: cursor.nodeIsNamed, hasFields };
        state.kinds[typeId] = info;
      }
      const parent = open.at(-1) ?? null;
      let field: string | null = null;
      if (parent?.info.hasFields === true) {
        const fieldId = cursor.currentFieldId;
        if (fieldId !== 0) {
          field = state.fields[fieldId] ?? null;
          if (field === null) {
            field = cursor.currentFieldName;
            state.fields[fieldId] = field;
          }
        }
      }
      const node = new CNode(
        this,
        nodes.length,
        info,
        field,
        parent,
        cursor.startIndex,
        cursor.endIndex,
      );
      nodes.push(node);
      if (parent !== null) {
        if (parent.kids === NO_KIDS) parent.kids = [node];
        else parent.kids.push(node);
      }
      const list = this.byKind.get(info.kind);
      if (list === undefined) this.byKind.set(info.kind, [node]);
      else list.push(node);
      // Anonymous nodes (`(`, `;`, `if`) are tokens, never parents: neither grammar aliases a rule to an
      // anonymous name, so there is no child to look for.
      if (info.named && cursor.gotoFirstChild()) {
        open.push(node);
        continue;
      }
      let done = false;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
        const closed = open.pop();
        if (closed !== undefined) closed.last = nodes.length - 1;
      }
      if (done) break;
    }
    for (const node of open) node.last = nodes.length - 1;
    this.nodes = nodes;
    const root = nodes[0];
    if (root === undefined) throw new Error('tree-sitter returned a tree without a root');
    this.root = root;
  }

  /** Every node of a kind, in pre-order. */
  ofKind(kind: string): readonly CNode[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Nodes of a kind inside the pre-order interval [from, to]. */
  ofKindWithin(kind: string, from: number, to: number): CNode[] {
    const list = this.byKind.get(kind);
    if (list === undefined) return [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid]?.order ?? to + 1) < from) lo = mid + 1;
      else hi = mid;
    }
    const out: CNode[] = [];
    for (let i = lo; i < list.length; i++) {
      const node = list[i];
      if (node === undefined || node.order > to) break;
      out.push(node);
    }
    return out;
  }

  position(index: number): SyntaxPosition {
    const starts = (this.lineStarts ??= lineStartsOf(this.source));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] ?? index + 1) <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: index - (starts[lo] ?? 0), index };
  }

  regex(pattern: string): RegExp {
    let re = this.regexes.get(pattern);
    if (re === undefined) {
      re = new RegExp(pattern);
      this.regexes.set(pattern, re);
    }
    return re;
  }
}

/** Line numbers count `\n` only, as tree-sitter's rows do (a lone `\r` does not end a line). */
function lineStartsOf(source: string): number[] {
  const starts = [0];
  let at = source.indexOf('\n');
  while (at !== -1) {
    starts.push(at + 1);
    at = source.indexOf('\n', at + 1);
  }
  return starts;
}

const NO_KIDS: CNode[] = [];

export class CNode implements SyntaxNode {
  /** Pre-order position of the last node of this node's subtree (itself when it has no children). */
  last: number;
  /** Children in order (one shared empty array for the many leaves). */
  kids: CNode[] = NO_KIDS;
  private cachedText: string | undefined;
  private cachedRange: SyntaxRange | undefined;

  constructor(
    readonly tree: CTree,
    /** Position in the tree's pre-order. */
    readonly order: number,
    readonly info: KindInfo,
    /** The grammar field this node fills in its parent (`declarator`, `arguments`), if any. */
    readonly fieldName: string | null,
    private readonly up: CNode | null,
    /** UTF-16 offsets of the node's text in the source. */
    readonly start: number,
    readonly end: number,
  ) {
    this.last = order;
  }

  id(): number {
    return this.order;
  }

  kind(): string {
    return this.info.kind;
  }

  is(kind: string): boolean {
    return this.info.kind === kind;
  }

  text(): string {
    return (this.cachedText ??= this.tree.source.slice(this.start, this.end));
  }

  range(): SyntaxRange {
    return (this.cachedRange ??= {
      start: this.tree.position(this.start),
      end: this.tree.position(this.end),
    });
  }

  isNamed(): boolean {
    return this.info.named;
  }

  parent(): CNode | null {
    return this.up;
  }

  children(): CNode[] {
    return this.kids.slice();
  }

  namedChildren(): CNode[] {
    return this.kids.filter((k) => k.info.named);
  }

  child(nth: number): CNode | null {
    return this.kids[nth] ?? null;
  }

  field(name: string): CNode | null {
    for (const k of this.kids) if (k.fieldName === name) return k;
    return null;
  }

  fieldChildren(name: string): CNode[] {
    return this.kids.filter((k) => k.fieldName === name);
  }

  find(query: SyntaxQuery): CNode | null {
    return this.search(query, this.order, true);
  }

  findAll(query: SyntaxQuery): CNode[] {
    const out: CNode[] = [];
    this.search(query, this.order, false, out);
    return out;
  }

  has(query: SyntaxQuery): boolean {
    return this.search(query, this.order + 1, true) !== null;
  }

  inside(query: SyntaxQuery): boolean {
    for (let p = this.up; p !== null; p = p.up) if (p.matches(query)) return true;
    return false;
  }

  /** True when this node satisfies a query (kind and/or regular expression on its text). */
  matches(query: SyntaxQuery): boolean {
    const { kind, regex } = query.rule;
    if (kind !== undefined && kind !== this.info.kind) return false;
    return regex === undefined || this.tree.regex(regex).test(this.text());
  }

  /** Searches the pre-order interval [from, last]: the first match, or all of them into `out`. */
  private search(query: SyntaxQuery, from: number, first: boolean, out?: CNode[]): CNode | null {
    const { kind, regex } = query.rule;
    if (kind !== undefined) {
      for (const node of this.tree.ofKindWithin(kind, from, this.last)) {
        if (regex !== undefined && !this.tree.regex(regex).test(node.text())) continue;
        if (first) return node;
        out?.push(node);
      }
      return null;
    }
    const { nodes } = this.tree;
    for (let i = from; i <= this.last; i++) {
      const node = nodes[i];
      if (node?.matches(query) !== true) continue;
      if (first) return node;
      out?.push(node);
    }
    return null;
  }
}
