/**
 * The syntax-tree node every language's rules, the engine and the reporters' locations work with.
 *
 * It is the part of ast-grep's `SgNode` the project uses, so an `SgNode` (Python) is one, and so is the
 * plain-JavaScript tree C and C++ are read into (`src/languages/c/tree.ts`), which answers the same
 * questions without a native call per question.
 *
 * Semantics (those of ast-grep): `find`/`findAll` search the node itself and all its descendants in
 * source order; `has` any descendant, `inside` any ancestor. A query gives a node kind, a regular
 * expression the node's text must match, or both. `children()` includes anonymous tokens (`(`, `;`),
 * `namedChildren()` does not; comments are named. Positions: `line` and `column` are zero-based,
 * `index` counts UTF-16 code units from the start of the file (a JavaScript string index).
 */
export interface SyntaxPosition {
  readonly line: number;
  readonly column: number;
  readonly index: number;
}

export interface SyntaxRange {
  readonly start: SyntaxPosition;
  readonly end: SyntaxPosition;
}

export interface SyntaxQuery {
  readonly rule: { readonly kind?: string; readonly regex?: string };
}

/** Anything with a place in a file: what a finding or a trace step points at. */
export interface Located {
  range(): SyntaxRange;
}

export interface SyntaxNode extends Located {
  /** Unique within its file's tree. */
  id(): number;
  kind(): string;
  text(): string;
  range(): SyntaxRange;
  isNamed(): boolean;
  parent(): SyntaxNode | null;
  children(): SyntaxNode[];
  namedChildren(): SyntaxNode[];
  child(nth: number): SyntaxNode | null;
  field(name: string): SyntaxNode | null;
  fieldChildren(name: string): SyntaxNode[];
  find(query: SyntaxQuery): SyntaxNode | null;
  findAll(query: SyntaxQuery): SyntaxNode[];
  has(query: SyntaxQuery): boolean;
  inside(query: SyntaxQuery): boolean;
}
