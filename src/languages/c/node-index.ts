import type { SyntaxNode } from '../../core/syntax.js';

/**
 * The node kinds C/C++ rules and helpers ask about on most files. The first question about any of them
 * collects all of them in one native walk of the tree (a search per kind walks the whole tree each time,
 * and that was the largest single cost of a C/C++ review). Other kinds are searched on demand.
 */
const COMMON_KINDS = [
  'preproc_include',
  'preproc_def',
  'call_expression',
  'function_definition',
  'declaration',
  'init_declarator',
  'assignment_expression',
  'binary_expression',
  'if_statement',
  'while_statement',
  'do_statement',
  'for_statement',
  'switch_statement',
  'return_statement',
  'field_declaration',
  'initializer_pair',
  'field_initializer',
  // C++ only: left out of the C walk (ast-grep rejects a kind its grammar does not have).
  'new_expression',
  'delete_expression',
  'lambda_expression',
];

/** Per grammar, the common kinds it knows; found once per process. */
const knownKinds = new Map<string, ReadonlySet<string>>();

function kindsOf(grammar: string, root: SyntaxNode): ReadonlySet<string> {
  let kinds = knownKinds.get(grammar);
  if (kinds === undefined) {
    kinds = new Set(COMMON_KINDS.filter((kind) => isKnownKind(root, kind)));
    knownKinds.set(grammar, kinds);
  }
  return kinds;
}

function isKnownKind(root: SyntaxNode, kind: string): boolean {
  try {
    root.find({ rule: { kind } });
    return true;
  } catch {
    return false;
  }
}

/** Every node of a kind in a file, in source order; each kind found at most once. */
export class CNodeIndex {
  private readonly byKind = new Map<string, readonly SyntaxNode[]>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly grammar: string,
  ) {}

  nodes(kind: string): readonly SyntaxNode[] {
    let found = this.byKind.get(kind);
    if (found !== undefined) return found;
    const common = kindsOf(this.grammar, this.root);
    if (common.has(kind)) {
      this.loadCommon(common);
      return this.byKind.get(kind) ?? [];
    }
    if (COMMON_KINDS.includes(kind)) {
      found = []; // a kind of the other grammar (`new_expression` in a C file): none exist
    } else {
      try {
        found = this.root.findAll({ rule: { kind } });
      } catch {
        // A kind the grammar does not have: ast-grep rejects it; none exist.
        found = [];
      }
    }
    this.byKind.set(kind, found);
    return found;
  }

  private loadCommon(common: ReadonlySet<string>): void {
    for (const kind of common) this.byKind.set(kind, []);
    const all = this.root.findAll({ rule: { any: [...common].map((kind) => ({ kind })) } });
    for (const node of all)
      (this.byKind.get(String(node.kind())) as SyntaxNode[] | undefined)?.push(node);
  }
}
