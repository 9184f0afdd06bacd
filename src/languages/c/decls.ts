import type { SyntaxNode } from '../../core/syntax.js';

/** A declared variable or parameter: `char buf[64]`, `char *p = malloc(n)`, `FILE *fp`. */
export interface CDeclaration {
  readonly name: string;
  /** The identifier in the declarator. */
  readonly nameNode: SyntaxNode;
  /** The `declaration`, `parameter_declaration` or `field_declaration` holding it. */
  readonly node: SyntaxNode;
  /** The base type as written (`char`, `const char`, `struct stat`, `std::string`). */
  readonly typeText: string;
  /** Number of `*` in the declarator (`char **argv`: 2). */
  readonly pointerDepth: number;
  /** A C++ reference (`T &x`, `T &&x`). */
  readonly reference: boolean;
  /** Array dimensions, outermost first; a dimension written `[]` is null. Empty for a non-array. */
  readonly arraySizes: readonly (SyntaxNode | null)[];
  /** The initialiser (`= value`, `{...}`, `(args)`), or null. */
  readonly value: SyntaxNode | null;
  readonly isStatic: boolean;
  readonly isConst: boolean;
  readonly isParameter: boolean;
  /** Position in the file, for "declared before" questions without native range reads. */
  readonly start: number;
}

/** A function definition: `int f(...) {...}`, `Foo::bar() const {...}`, a K&R definition. */
export interface CFunction {
  readonly node: SyntaxNode;
  /** As written: `f`, `Foo::bar`, `operator=`, `~Foo`. */
  readonly name: string;
  /** The `compound_statement` (a `try` function body is its compound statement). */
  readonly body: SyntaxNode | null;
  readonly params: readonly CDeclaration[];
  /** The return type declares a pointer or reference (`char *f()`, `T &f()`). */
  readonly returnsPointer: boolean;
  /** Local declarations anywhere in the body, in source order (lambdas included). */
  locals(): readonly CDeclaration[];
  /** C++ lambda expressions in the body, in source order. */
  lambdas(): readonly SyntaxNode[];
}

/** Walks nested declarators down to the declared name, collecting pointers, references and arrays. */
function unwrapDeclarator(declarator: SyntaxNode): {
  nameNode: SyntaxNode | null;
  pointerDepth: number;
  reference: boolean;
  arraySizes: (SyntaxNode | null)[];
  value: SyntaxNode | null;
  fn: SyntaxNode | null;
} {
  let d: SyntaxNode | null = declarator;
  let pointerDepth = 0;
  let reference = false;
  const arraySizes: (SyntaxNode | null)[] = [];
  let value: SyntaxNode | null = null;
  let fn: SyntaxNode | null = null;
  for (let guard = 0; d !== null && guard < 64; guard++) {
    switch (d.kind()) {
      case 'init_declarator':
        value = d.field('value');
        d = d.field('declarator');
        continue;
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        pointerDepth++;
        d = d.field('declarator');
        continue;
      case 'reference_declarator':
        reference = true;
        d = d.namedChildren().find((c) => c.kind() !== 'comment') ?? null;
        continue;
      case 'array_declarator':
        arraySizes.unshift(d.field('size'));
        d = d.field('declarator');
        continue;
      case 'parenthesized_declarator':
        d = d.namedChildren()[0] ?? null;
        continue;
      case 'function_declarator':
        fn = d;
        d = d.field('declarator');
        continue;
      case 'identifier':
      case 'field_identifier':
      case 'qualified_identifier':
      case 'destructor_name':
      case 'operator_name':
      case 'template_function':
        return { nameNode: d, pointerDepth, reference, arraySizes, value, fn };
      default:
        return { nameNode: null, pointerDepth, reference, arraySizes, value, fn };
    }
  }
  return { nameNode: null, pointerDepth, reference, arraySizes, value, fn };
}

/**
 * The variables a `declaration` (or `parameter_declaration`, `field_declaration`) declares, one per
 * declarator: `char *a = x, b[4];` gives a (pointer) and b (array of 4). Function prototypes are left out.
 */
export function declaredVariables(decl: SyntaxNode, isParameter = false): CDeclaration[] {
  const out: CDeclaration[] = [];
  // One read of the children: every property read is a native call.
  // Only qualifiers and storage classes are read as text: a declarator's text holds its initialiser.
  const qualifiers: string[] = [];
  let isStatic = false;
  for (const c of decl.children()) {
    const kind = c.kind();
    if (kind === 'type_qualifier') qualifiers.push(c.text());
    else if (kind === 'storage_class_specifier' && c.text() === 'static') isStatic = true;
  }
  const typeText = [...qualifiers, decl.field('type')?.text() ?? ''].join(' ').trim();
  const isConst = qualifiers.includes('const');
  const start = decl.range().start.index;
  for (const d of decl.fieldChildren('declarator')) {
    const u = unwrapDeclarator(d);
    if (u.nameNode === null || u.fn !== null) continue;
    // A `const` inside the declarator (`char *const p`) needs a pointer, an array or an initialiser.
    const plain = u.pointerDepth === 0 && u.arraySizes.length === 0 && u.value === null;
    const constPointer =
      !plain &&
      /\bconst\b/.test(d.text()) &&
      d.findAll({ rule: { kind: 'type_qualifier', regex: '^const$' } }).length > 0;
    out.push({
      name: u.nameNode.text(),
      nameNode: u.nameNode,
      node: decl,
      typeText,
      pointerDepth: u.pointerDepth,
      reference: u.reference,
      arraySizes: u.arraySizes,
      value: u.value,
      isStatic,
      isConst: isConst || constPointer,
      isParameter,
      start,
    });
  }
  return out;
}

/** Parameters of a function declarator; a K&R definition takes its types from the declarations before the body. */
function parametersOf(fnNode: SyntaxNode, declarator: SyntaxNode | null): CDeclaration[] {
  const list = declarator?.field('parameters');
  if (list === null || list === undefined) return [];
  const params: CDeclaration[] = [];
  const knr: string[] = [];
  for (const p of list.namedChildren()) {
    const kind = p.kind();
    if (kind === 'parameter_declaration' || kind === 'optional_parameter_declaration') {
      params.push(...declaredVariables(p, true));
    } else if (kind === 'identifier') {
      knr.push(p.text());
    }
  }
  if (knr.length > 0) {
    for (const d of fnNode.children()) {
      if (d.kind() !== 'declaration') continue;
      for (const v of declaredVariables(d, true)) if (knr.includes(v.name)) params.push(v);
    }
  }
  return params;
}

/** Every declaration under a node, flattened to variables, in source order. */
export function declarationsIn(scope: SyntaxNode): CDeclaration[] {
  const out: CDeclaration[] = [];
  for (const d of scope.findAll({ rule: { kind: 'declaration' } }))
    out.push(...declaredVariables(d));
  return out;
}

/**
 * Describes a `function_definition`; `lambdasIn` finds the lambdas inside its body (the file's context
 * answers from its one walk of the tree).
 */
export function toCFunction(
  node: SyntaxNode,
  lambdasIn: (body: SyntaxNode) => readonly SyntaxNode[],
): CFunction {
  const u = unwrapDeclarator(node.field('declarator') ?? node);
  let body = node.field('body');
  if (body?.kind() === 'try_statement') body = body.field('body');
  let params: CDeclaration[] | undefined;
  let locals: CDeclaration[] | undefined;
  let lambdas: readonly SyntaxNode[] | undefined;
  return {
    node,
    name: u.nameNode?.text() ?? '',
    body,
    // Read when a rule asks: most functions are only searched by name or body.
    get params() {
      return (params ??= parametersOf(node, u.fn));
    },
    returnsPointer: u.pointerDepth > 0 || u.reference,
    locals: () => (locals ??= body === null ? [] : declarationsIn(body)),
    lambdas: () => (lambdas ??= body === null ? [] : lambdasIn(body)),
  };
}

/** Declarations at file and namespace level (not inside functions, classes or structs), in source order. */
export function fileScopeDeclarations(root: SyntaxNode): CDeclaration[] {
  const out: CDeclaration[] = [];
  const visit = (container: SyntaxNode): void => {
    for (const c of container.children()) {
      const k = String(c.kind());
      if (k === 'declaration') out.push(...declaredVariables(c));
      else if (k === 'namespace_definition') {
        const b = c.field('body');
        if (b !== null) visit(b);
      } else if (
        k === 'linkage_specification' ||
        k.startsWith('preproc_if') ||
        k === 'preproc_else' ||
        k === 'preproc_elif' ||
        k === 'declaration_list'
      ) {
        visit(c);
      }
    }
  };
  visit(root);
  return out;
}
