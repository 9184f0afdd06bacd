/**
 * The context every C/C++ rule receives (`src/rules/c/<name>/rule.ts`, ids `c/<name>`).
 *
 * One rule pack serves C (.c, and .h files without C++ constructs) and C++ (.cc .cpp .cxx .c++ .hpp .hh
 * .hxx .h++ .ipp .tpp, and .h files that use C++). `ctx.isCpp` tells which grammar parsed the file; a rule
 * about a C++-only construct (`new`, `delete`, `QProcess`) simply finds nothing in C.
 *
 * How to write a rule:
 *
 *     import { defineCRule } from '../../../engine/rule-api.js';
 *
 *     export default defineCRule({
 *       name: 'dangerous-copy',                   // id `c/dangerous-copy`, folder src/rules/c/dangerous-copy
 *       ...metadata as for definePythonRule...,
 *       requires: ['strcpy'],                     // optional prefilter on the file text
 *       *detect(ctx) {
 *         for (const call of ctx.calls('strcpy', 'wcscpy')) {     // plain calls: f(), ::f(), std::f()
 *           const src = call.args[1];
 *           if (src !== undefined && !ctx.isLiteralString(src)) yield { node: call.node };
 *         }
 *       },
 *     });
 *
 * What the context answers (all computed at most once per file, shared by every rule; the common node
 * kinds are collected in one walk of the tree, see `./node-index.js`):
 *
 * - `calls(...names)`: plain function calls by name (`strcpy(d, s)`, `::system(c)`, `std::free(p)`);
 *   `methodCalls(...names)`: member calls (`q.exec()`, `proc->start(c)`, `QProcess::execute(c)`);
 *   `allCalls()`: every call. A `CCallSite` has `name`, `qualifier`, `receiver`, `arrow`, `args` (split
 *   lazily, comments removed), `node` (the `call_expression`).
 * - `functions()`: function definitions with name, body, parameters (K&R included) and lazily their local
 *   declarations; `enclosingFunction(node)` finds the one holding a node.
 * - `nodes(kind)`: every node of a tree-sitter kind, memoised (`'new_expression'`, `'if_statement'`...).
 * - `isLiteralString(node)`: a string fixed in the program (literals, `"a" PRIu64 "b"`, macros and `const`
 *   variables of this file bound to literals, `QStringLiteral("x")`, `_("x")`, `c ? "a" : "b"`);
 *   `stringValue(node)` its text when fully known; `macros` the object-like `#define`s of the file.
 * - `constantValue(node)`: the integer value of a constant expression known in this file (literals,
 *   numeric macros, arithmetic); `isConstant(node)`: fixed at build time (adds sizeof, ALL_CAPS names).
 * - `declarationOf(name, at)`: the declaration of a variable visible at a node (nearest preceding local in
 *   the enclosing function, then a parameter, then file scope): pointer depth, array sizes, initialiser.
 * - Pure helpers on nodes live in `./expr.js` (`sizeofOperand`, `sizeofsIn`, `stripCasts`,
 *   `unparenthesize`, `compact`, `identifiersIn`) and `./decls.js`; statement-level path helpers for the
 *   lifetime rules in `./flow.js`.
 *
 * Useful tree-sitter kinds: `call_expression` (fields function, arguments), `field_expression` (argument,
 * field; `->` or `.`), `qualified_identifier` (scope, name), `declaration` / `init_declarator` (declarator,
 * value), `array_declarator` (declarator, size), `pointer_declarator`, `assignment_expression` (left,
 * right), `binary_expression` (left, operator, right), `string_literal`, `concatenated_string`,
 * `sizeof_expression` (value or type), `if_statement` (condition, consequence, alternative), `for_statement`,
 * `while_statement`, `switch_statement`, `case_statement`, `return_statement`, `new_expression`,
 * `delete_expression`, `preproc_def`, `preproc_include` (path).
 */
import type { SyntaxNode } from '../../core/syntax.js';
import type { FileFacts } from '../file-facts.js';
import { CCallIndex, type CCallSite } from './calls.js';
import { fileScopeDeclarations, toCFunction, type CDeclaration, type CFunction } from './decls.js';
import {
  collectMacros,
  constantValue,
  isConstantExpression,
  isLiteralStringNode,
  literalStringValue,
  type MacroTable,
} from './expr.js';
import { CNodeIndex } from './node-index.js';

export interface CContext {
  readonly language: 'c' | 'cpp';
  /** Parsed with the C++ grammar. */
  readonly isCpp: boolean;
  readonly root: SyntaxNode;
  readonly source: string;
  /** Relative to the scan root, POSIX separators. */
  readonly path: string;
  readonly file: FileFacts;
  /** Included headers as written without `<>` or quotes (`stdio.h`, `openssl/evp.h`, `QProcess`). */
  readonly includes: readonly string[];
  /** Object-like macros defined in this file. */
  readonly macros: MacroTable;
  /** Plain calls of these functions: `f()`, `::f()`, `std::f()`, in source order. */
  calls: (...names: string[]) => readonly CCallSite[];
  /** Member calls of these names: `o.f()`, `o->f()`, `Class::f()`, in source order. */
  methodCalls: (...names: string[]) => readonly CCallSite[];
  /** Every call in the file, in source order. */
  allCalls: () => readonly CCallSite[];
  /** Function definitions, in source order. */
  functions: () => readonly CFunction[];
  /** The innermost function definition holding a node. */
  enclosingFunction: (node: SyntaxNode) => CFunction | undefined;
  /** Every node of a kind, in source order, found once per file. */
  nodes: (kind: string) => readonly SyntaxNode[];
  /** A string whose text is fixed in the program (see the comment at the top of this file). */
  isLiteralString: (node: SyntaxNode) => boolean;
  /** The text of a literal string expression when fully known; escapes left as written. */
  stringValue: (node: SyntaxNode) => string | undefined;
  /** The value of an integer constant expression known in this file. */
  constantValue: (node: SyntaxNode) => number | undefined;
  /** Fixed at build time: constants, sizeof, ALL_CAPS macro or enumerator names, arithmetic over them. */
  isConstant: (node: SyntaxNode) => boolean;
  /** The declaration of `name` visible at `at`: a local declared before it, a parameter, or file scope. */
  declarationOf: (name: string, at: SyntaxNode) => CDeclaration | undefined;
  /** Declarations at file and namespace scope. */
  globals: () => readonly CDeclaration[];
}

export type { CCallSite } from './calls.js';
export type { CDeclaration, CFunction } from './decls.js';

/**
 * Memoises a per-file analysis that several rules share (`secretLiterals`): computed once per context,
 * dropped with it.
 */
export function perFile<T>(compute: (ctx: CContext) => T): (ctx: CContext) => T {
  const cache = new WeakMap<CContext, T>();
  return (ctx) => {
    if (cache.has(ctx)) return cache.get(ctx) as T;
    const value = compute(ctx);
    cache.set(ctx, value);
    return value;
  };
}

/** Header paths of the file's `#include` lines. */
export function collectIncludes(includeNodes: readonly SyntaxNode[]): string[] {
  const out: string[] = [];
  for (const inc of includeNodes) {
    const p = inc.field('path')?.text();
    if (p !== undefined) out.push(p.replace(/^[<"]|[>"]$/g, '').trim());
  }
  return out;
}

export function createCContext(
  root: SyntaxNode,
  source: string,
  file: FileFacts,
  includes: readonly string[],
  index: CNodeIndex = new CNodeIndex(root, file.language),
): CContext {
  const nodes = (kind: string): readonly SyntaxNode[] => index.nodes(kind);
  let macroTable: MacroTable | undefined;
  const macros = (): MacroTable => (macroTable ??= collectMacros(nodes('preproc_def')));
  let callIndex: CCallIndex | undefined;
  const calls = (): CCallIndex => (callIndex ??= new CCallIndex(nodes('call_expression')));
  let fns: CFunction[] | undefined;
  const lambdasIn = (body: SyntaxNode): readonly SyntaxNode[] => {
    const all = nodes('lambda_expression');
    if (all.length === 0) return all;
    const { start, end } = body.range();
    return all.filter((l) => {
      const r = l.range();
      return r.start.index >= start.index && r.end.index <= end.index;
    });
  };
  const functions = (): CFunction[] =>
    (fns ??= nodes('function_definition').map((n) => toCFunction(n, lambdasIn)));
  let globalDecls: CDeclaration[] | undefined;
  const globals = (): CDeclaration[] => (globalDecls ??= fileScopeDeclarations(root));
  let constStringNames: Set<string> | undefined;
  const constStrings = (): ReadonlySet<string> => {
    if (constStringNames === undefined) {
      constStringNames = new Set();
      const m = macros();
      for (const d of globals()) {
        if (d.isConst && d.value !== null && isLiteralStringNode(d.value, m))
          constStringNames.add(d.name);
      }
    }
    return constStringNames;
  };

  // Innermost function by position: walking up with parent() costs the depth of the tree per step.
  let spans: { fn: CFunction; start: number; end: number }[] | undefined;
  const functionAt = (start: number, end: number): CFunction | undefined => {
    spans ??= functions().map((fn) => {
      const r = fn.node.range();
      return { fn, start: r.start.index, end: r.end.index };
    });
    let best: { fn: CFunction; start: number; end: number } | undefined;
    for (const s of spans) {
      if (s.start <= start && end <= s.end && (best === undefined || s.start >= best.start))
        best = s;
    }
    return best?.fn;
  };
  const enclosingFunction = (node: SyntaxNode): CFunction | undefined => {
    const { start, end } = node.range();
    return functionAt(start.index, end.index);
  };

  return {
    language: file.language === 'cpp' ? 'cpp' : 'c',
    isCpp: file.language === 'cpp',
    root,
    source,
    path: file.path,
    file,
    includes,
    get macros() {
      return macros();
    },
    calls: (...names) => calls().named(names),
    methodCalls: (...names) => calls().method(names),
    allCalls: () => calls().all,
    functions,
    enclosingFunction,
    nodes,
    isLiteralString: (node) => isLiteralStringNode(node, macros(), constStrings()),
    stringValue: (node) => literalStringValue(node, macros()),
    constantValue: (node) => constantValue(node, macros()),
    isConstant: (node) => isConstantExpression(node, macros()),
    globals,
    declarationOf: (name, at) => {
      const { start, end } = at.range();
      const fn = functionAt(start.index, end.index);
      if (fn !== undefined) {
        const pos = start.index;
        let best: CDeclaration | undefined;
        for (const d of fn.locals()) if (d.name === name && d.start <= pos) best = d;
        if (best !== undefined) return best;
        const param = fn.params.find((p) => p.name === name);
        if (param !== undefined) return param;
      }
      let best: CDeclaration | undefined;
      for (const d of globals()) if (d.name === name) best = d;
      return best;
    },
  };
}
