import type { SyntaxNode } from '../../core/syntax.js';
import { stripTemplateArgs } from './calls.js';
import type {
  Call,
  ClassIR,
  Expr,
  FunctionIR,
  ModuleIR,
  Param,
  Stmt,
  Target,
} from '../../engine/dataflow/ir.js';

/**
 * Lowers C and C++ function bodies (tree-sitter-c / tree-sitter-cpp kinds, read through the
 * `SyntaxNode` interface) to the dataflow engine's intermediate form.
 *
 * What C needs beyond Python, and how it is expressed:
 * - pointers, arrays and structures: `buf[i]` is an index of `buf`, `s.f` and `p->f` attributes of the
 *   variable, `*p` and `&x` unary operators over it (a write through `*p` joins into `p`, see the
 *   engine's `writeInto`); casts and parentheses are transparent;
 * - declarations are assignments (`char *c = getenv("X")`, `std::string s(buf)`, `QSqlQuery q(sql)`, a
 *   constructor call named after the type); a declaration without a value makes the variable clean;
 * - statement-level stream operators: `out << a << b;` adds `a` and `b` to `out`, `in >> a >> b;`
 *   writes what `in` holds into `a` and `b`;
 * - `for`, `do`, `switch` (fall-through), `goto`/labels, `try`/`catch`, `throw`, preprocessor
 *   branches inside bodies (both arms, as an `if` of unknown outcome);
 * - calls are named with `::` (see `callNames`): a typed receiver gives `Type::method`, a `std::` name
 *   also answers to its bare name, `using namespace X;` adds `X::f` after `f`; the first name a spec
 *   matches wins (`Call.firstNameWins`).
 *
 * Bodies (and parameters) are lowered on first use: the engine asks only for functions that may hold a
 * source and for those they call. Anything not modelled becomes an `op` over its operands (taint flows
 * through it); nesting deeper than MAX_DEPTH collapses to the identifiers it reads.
 */

const MAX_DEPTH = 120;

export interface CLowerOptions {
  /** Object-like macros of the file: name -> replacement text (`#define SHELL "/bin/sh"`). */
  readonly macros?: ReadonlyMap<string, string>;
  /** Namespaces of the file's `using namespace X;` directives. */
  readonly usingNamespaces?: readonly string[];
  /** Names brought in by `using X::f;`: `f` -> `X::f`. */
  readonly usingNames?: ReadonlyMap<string, string>;
  /** The declared type of a class member of this file (`m_proc` -> `QProcess`), for member calls. */
  readonly memberType?: (name: string) => string | undefined;
  /** Names declared as members of some class or struct of this file (read inside methods as `this->x`). */
  readonly memberNames?: () => ReadonlySet<string>;
  /** Spans of the file's class bodies (C++), to find the class of a method defined inside one. */
  readonly classSpans?: () => readonly ClassSpan[];
  /**
   * The file's text: a file-scope variable it assigns anywhere but in its declaration (`verbose = 1;`,
   * `++count`, `&flag`) is not a constant for the functions reading it.
   */
  readonly source?: string;
  /** Union types of the file (`union u`, and `typedef union {...} T`), whose members share storage. */
  readonly unionTypes?: () => ReadonlySet<string>;
}

/** Where a class (or struct) body lies in the file. */
export interface ClassSpan {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Lowers a file: the given function definitions (lazily) and the file-scope initialised variables.
 * C++ methods (`void C::run(...)`, or defined inside `class C { ... }`) become methods of a class `C`
 * with a receiver parameter `this`; members read inside them are attributes of `this`, and calls of
 * methods of the file (`run(x)`, `this->run(x)`, `obj.run(x)` with `obj` of type `C`) are resolved to
 * them (`Call.resolved`), so the engine follows fields and calls as it does for Python classes.
 */
export function lowerCModule(
  root: SyntaxNode,
  functions: readonly { readonly node: SyntaxNode; readonly name: string }[],
  options: CLowerOptions = {},
): ModuleIR {
  const l = new CLowerer(options);
  let spans: readonly ClassSpan[] | undefined;
  const classOf = (node: SyntaxNode, name: string): { cls?: string; method: string } => {
    const i = name.lastIndexOf('::');
    if (i > 0) return { cls: lastSegment(name.slice(0, i)), method: name.slice(i + 2) };
    spans ??= options.classSpans?.() ?? [];
    if (spans.length === 0) return { method: name };
    const { start, end } = node.range();
    let best: ClassSpan | undefined;
    for (const sp of spans) {
      if (
        sp.start <= start.index &&
        end.index <= sp.end &&
        (best === undefined || sp.start >= best.start)
      )
        best = sp;
    }
    return best === undefined ? { method: name } : { cls: best.name, method: name };
  };
  const fns = functions.map((f) => {
    const { cls, method } = classOf(f.node, compactName(f.name));
    return l.functionDef(f.node, method || '<anonymous>', cls);
  });
  return {
    body: l.fileScope(root),
    functions: [...fns, ...l.lambdas],
    classes: l.classes(),
    imports: new Set(),
  };
}

/** Scalar types: a declaration of one is never a constructor call, and `T x(5)` is an initialiser. */
const PRIMITIVE =
  /^(?:(?:const|volatile|static|unsigned|signed|long|short|struct|enum|union)\s+)*(?:int|char|wchar_t|char8_t|char16_t|char32_t|bool|_Bool|float|double|void|size_t|ssize_t|long|short|unsigned|signed|u?int\d*_t|auto)\b/;

/** Containers whose brace initialiser (`QStringList names{"a", "b"}`) lists their elements. */
const CONTAINER_TYPES =
  /^(?:QStringList|QList|QVector|QSet|std::(?:vector|array|list|deque|set|unordered_set))$/;

/** Macros and constructors that turn a literal into a string object without changing its text. */
const LITERAL_MACROS = new Set([
  'QStringLiteral',
  'QByteArrayLiteral',
  'QLatin1String',
  'QLatin1StringView',
  'QLatin1Char',
  '_T',
  'TEXT',
  '_TEXT',
]);
const STRING_KINDS = new Set([
  'string_literal',
  'raw_string_literal',
  'concatenated_string',
  'char_literal',
]);

const CPP_CASTS =
  /^(?:static_cast|dynamic_cast|reinterpret_cast|const_cast|std::move|std::forward)$/;

/** Arithmetic types: a variable of one holds a number (characters excluded: a `char` can be `;`). */
const NUMERIC =
  /^(?:(?:static|register|unsigned|signed|short|long)\s+)*(?:int|short|long|unsigned|signed|bool|_Bool|float|double|size_t|ssize_t|off_t|off64_t|pid_t|uid_t|gid_t|mode_t|time_t|socklen_t|ptrdiff_t|u?intptr_t|u?int(?:8|16|32|64|max)_t|u?int_(?:least|fast)\d+_t|qint\d+|quint\d+|qlonglong|qulonglong|qreal|qsizetype|BOOL|DWORD|WORD|UINT|ULONG|LONG|INT|SIZE_T|gint|guint|gsize|gssize|gboolean|gdouble)(?:\s+(?:int|long|unsigned|signed|short|double))*$/;

const COMPARISON = new Set(['==', '!=', '<', '>', '<=', '>=']);

type Scope = Map<string, string>;

class CLowerer {
  readonly lambdas: FunctionIR[] = [];
  private depth = 0;
  /** Declared types of the variables of the function being lowered (name -> type text). */
  private scope: Scope = new Map();
  /** Per declared name of the function being lowered: every declaration of it is arithmetic. */
  private numeric = new Map<string, boolean>();
  /** Per declared name of the function being lowered: every declaration of it is a pointer. */
  private indirect = new Map<string, boolean>();
  private readonly globalTypes: Scope = new Map();
  /** Variables declared at file (or namespace) scope. */
  private readonly fileNames = new Set<string>();
  private lambdaCount = 0;
  /** Methods of the file by class and name (C++), and the class of the method being lowered. */
  private readonly methods = new Map<string, Map<string, FunctionIR>>();
  private currentClass: string | undefined;

  constructor(private readonly options: CLowerOptions) {}

  /** The classes with methods in this file. */
  classes(): ClassIR[] {
    const out: ClassIR[] = [];
    for (const [name, ms] of this.methods) {
      const methods = [...ms.values()];
      const first = methods[0];
      if (first !== undefined)
        out.push({ name, bases: [], methods, body: [], fields: [], at: first.at });
    }
    return out;
  }

  /** The method `name` of class `cls` defined in this file. */
  private methodOf(cls: string | undefined, name: string): FunctionIR | undefined {
    return cls === undefined ? undefined : this.methods.get(lastSegment(cls))?.get(name);
  }

  // ---------------------------------------------------------------- definitions

  /** A function definition known by its name; the rest is read when the engine first needs it. */
  functionDef(node: SyntaxNode, name: string, cls?: string): FunctionIR {
    const fn = this.lazyFunction(name, node, false, cls);
    if (cls !== undefined) {
      let ms = this.methods.get(cls);
      if (ms === undefined) {
        ms = new Map();
        this.methods.set(cls, ms);
      }
      // Overloads share a name: the first definition stands for all.
      if (!ms.has(name)) ms.set(name, fn);
    }
    return fn;
  }

  /**
   * A function whose parameters, body and scalar variables are lowered when the engine first reads
   * them: most functions of a file never are. A lambda sees the types of its enclosing function.
   */
  private lazyFunction(name: string, node: SyntaxNode, nested: boolean, cls?: string): FunctionIR {
    interface Lowered {
      params: Param[];
      body: Stmt[];
      scalars: ReadonlySet<string>;
      scalarReturn: boolean;
      globals: ReadonlySet<string>;
      pointers: ReadonlySet<string>;
    }
    let lowered: Lowered | undefined;
    const lower = (): Lowered => {
      if (lowered !== undefined) return lowered;
      const savedScope = this.scope;
      const savedNumeric = this.numeric;
      const savedIndirect = this.indirect;
      const savedClass = this.currentClass;
      this.scope = nested ? new Map(savedScope) : new Map<string, string>();
      this.numeric = new Map();
      this.indirect = new Map();
      if (!nested) this.currentClass = cls;
      try {
        let paramList: SyntaxNode | null;
        let scalarReturn = false;
        if (nested) {
          paramList = node.field('declarator')?.field('parameters') ?? null;
        } else {
          const declarator = node.field('declarator');
          paramList = functionDeclarator(declarator)?.field('parameters') ?? null;
          const returnType = typeName(node.field('type'));
          scalarReturn =
            returnType !== undefined &&
            NUMERIC.test(returnType) &&
            !declaratorInfo(declarator).indirect;
        }
        const params = this.params(paramList, node);
        if (cls !== undefined) params.unshift({ name: 'this', at: node });
        const body = [...this.memberInitialisers(node, nested), ...this.body(node.field('body'))];
        const scalars = new Set<string>();
        for (const [n, only] of this.numeric) if (only) scalars.add(n);
        const globals = new Set<string>();
        for (const g of this.fileNames) if (!this.numeric.has(g)) globals.add(g);
        const pointers = new Set<string>();
        for (const [n, only] of this.indirect) if (only) pointers.add(n);
        lowered = { params, body, scalars, scalarReturn, globals, pointers };
      } finally {
        this.scope = savedScope;
        this.numeric = savedNumeric;
        this.indirect = savedIndirect;
        this.currentClass = savedClass;
      }
      return lowered;
    };
    const fn = {
      name,
      // A method's id has a dot: the engine resolves bare names only to free functions.
      id: cls === undefined ? name : `${cls}.${name}`,
      decorators: [],
      isStatic: false,
      ...(cls !== undefined ? { className: cls } : {}),
      at: node,
    } as unknown as FunctionIR;
    Object.defineProperty(fn, 'params', { get: () => lower().params, enumerable: true });
    Object.defineProperty(fn, 'body', { get: () => lower().body, enumerable: true });
    Object.defineProperty(fn, 'scalars', { get: () => lower().scalars, enumerable: true });
    Object.defineProperty(fn, 'globals', { get: () => lower().globals, enumerable: true });
    Object.defineProperty(fn, 'pointers', { get: () => lower().pointers, enumerable: true });
    Object.defineProperty(fn, 'scalarReturn', {
      get: () => lower().scalarReturn,
      enumerable: true,
    });
    return fn;
  }

  /** A constructor's `: m_cmd(cmd), m_n{0}` as assignments to members of `this`. */
  private memberInitialisers(node: SyntaxNode, nested: boolean): Stmt[] {
    if (nested || this.currentClass === undefined) return [];
    const list = node.namedChildren().find((c) => c.kind() === 'field_initializer_list');
    if (list === undefined) return [];
    const out: Stmt[] = [];
    for (const init of list.namedChildren()) {
      if (init.kind() !== 'field_initializer') continue;
      const named = init.namedChildren();
      const field = named[0];
      const args = named[1];
      if (field === undefined || args === undefined) continue;
      const values = args.namedChildren().filter((c) => c.kind() !== 'comment');
      const only = values.length === 1 ? values[0] : undefined;
      const value: Expr =
        only !== undefined
          ? this.expr(only)
          : { k: 'op', operands: values.map((v) => this.expr(v)), at: args };
      const self: Expr = { k: 'name', name: 'this', at: init };
      out.push({
        k: 'assign',
        targets: [{ k: 'attr', obj: self, name: compactName(field.text()), at: init }],
        value,
        at: init,
      });
    }
    return out;
  }

  /** Records a declaration: its type (for receivers of member calls) and whether it is a number. */
  private declare(
    name: string,
    type: string | undefined,
    indirect: boolean,
    fileScope = false,
  ): void {
    if (type !== undefined) (fileScope ? this.globalTypes : this.scope).set(name, type);
    if (fileScope) {
      this.fileNames.add(name);
      return;
    }
    const scalar = type !== undefined && !indirect && NUMERIC.test(type);
    const prev = this.numeric.get(name);
    this.numeric.set(name, prev === undefined ? scalar : prev && scalar);
    const prevIndirect = this.indirect.get(name);
    this.indirect.set(name, prevIndirect === undefined ? indirect : prevIndirect && indirect);
  }

  /** File-scope (and namespace-scope) variables with an initialiser, as assignments. */
  fileScope(root: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    const visit = (node: SyntaxNode, depth: number): void => {
      if (depth > 8) return;
      for (const c of node.namedChildren()) {
        const k = c.kind();
        if (k === 'declaration') {
          this.declaration(c, out, true);
        } else if (
          k === 'namespace_definition' ||
          k === 'linkage_specification' ||
          k === 'declaration_list' ||
          k.startsWith('preproc_if') ||
          k === 'preproc_else' ||
          k === 'preproc_elif'
        ) {
          visit(
            k === 'namespace_definition' || k === 'linkage_specification'
              ? (c.field('body') ?? c)
              : c,
            depth + 1,
          );
        }
      }
    };
    visit(root, 0);
    const source = this.options.source;
    if (source === undefined || out.length === 0) return out;
    const written = writtenNames(source);
    return out.map((st) => {
      const t = st.k === 'assign' ? st.targets[0] : undefined;
      if (st.k !== 'assign' || t?.k !== 'name' || !written.has(t.name)) return st;
      return { ...st, value: { k: 'op', operands: [st.value], at: st.at } };
    });
  }

  private params(list: SyntaxNode | null, fnNode: SyntaxNode): Param[] {
    if (list === null) return [];
    const out: Param[] = [];
    for (const p of list.namedChildren()) {
      const k = p.kind();
      if (k === 'identifier') {
        // K&R: `int f(a, b) char *a; int b; { ... }`: the types come in declarations after the list.
        const indirect = knrPointer(fnNode, p.text());
        this.declare(p.text(), undefined, indirect);
        out.push({ name: p.text(), at: p, out: indirect });
        continue;
      }
      if (k === 'variadic_parameter' || k === 'variadic_parameter_declaration') {
        out.push({ name: '...', star: 'args', at: p });
        continue;
      }
      if (k !== 'parameter_declaration' && k !== 'optional_parameter_declaration') continue;
      const d = declaratorInfo(p.field('declarator'));
      const type = typeName(p.field('type'));
      const name = d.name ?? `<param${String(out.length)}>`;
      if (d.name !== undefined) this.declare(d.name, type, d.indirect);
      const dflt = p.field('default_value');
      out.push({
        name,
        at: p,
        ...(d.indirect ? { out: true } : {}),
        ...(type !== undefined ? { annotation: type } : {}),
        ...(dflt !== null ? { default: this.expr(dflt) } : {}),
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- statements

  private body(node: SyntaxNode | null): Stmt[] {
    if (node === null) return [];
    const out: Stmt[] = [];
    if (node.kind() === 'try_statement') {
      this.stmt(node, out);
      return out;
    }
    for (const c of node.namedChildren()) this.stmt(c, out);
    return out;
  }

  private block(node: SyntaxNode | null): Stmt[] {
    if (node === null) return [];
    const out: Stmt[] = [];
    this.stmt(node, out);
    return out;
  }

  private stmt(node: SyntaxNode, out: Stmt[], knownKind?: string): void {
    if (this.depth > MAX_DEPTH) {
      out.push({ k: 'expr', value: this.flat(node), at: node });
      return;
    }
    this.depth++;
    try {
      this.stmtInner(node, knownKind ?? node.kind(), out);
    } finally {
      this.depth--;
    }
  }

  private stmtInner(node: SyntaxNode, kind: string, out: Stmt[]): void {
    switch (kind) {
      case 'compound_statement':
        for (const c of node.namedChildren()) this.stmt(c, out);
        return;
      case 'expression_statement': {
        const e = node.namedChildren().find((c) => c.kind() !== 'comment');
        if (e !== undefined) this.exprStatement(e, out);
        return;
      }
      case 'declaration':
        this.declaration(node, out, false);
        return;
      case 'if_statement': {
        const test = this.condition(node.field('condition'), out, node);
        const alt = node.field('alternative');
        out.push({
          k: 'if',
          test,
          then: this.block(node.field('consequence')),
          else: alt === null ? [] : this.elseBody(alt),
          at: node,
        });
        return;
      }
      case 'while_statement': {
        const pre: Stmt[] = [];
        const test = this.condition(node.field('condition'), pre, node);
        out.push(...pre);
        // A declaration in the condition is evaluated again before each iteration.
        out.push(loop(test, [...this.block(node.field('body')), ...pre], node));
        return;
      }
      case 'do_statement': {
        const cond = node.field('condition');
        const test = cond === null ? this.constant(true, node) : this.expr(cond);
        out.push(loop(test, this.block(node.field('body')), node, true));
        return;
      }
      case 'for_statement': {
        const init = node.field('initializer');
        if (init !== null) {
          if (init.kind() === 'declaration') this.declaration(init, out, false);
          else this.exprStatement(init, out);
        }
        const cond = node.field('condition');
        const update = node.field('update');
        const body = this.block(node.field('body'));
        if (update !== null) this.exprStatement(update, body);
        const test = cond === null ? this.constant(true, node) : this.expr(cond);
        out.push(loop(test, body, node));
        return;
      }
      case 'for_range_loop': {
        const right = node.field('right');
        const d = declaratorInfo(node.field('declarator'));
        if (d.name !== undefined) this.declare(d.name, typeName(node.field('type')), d.indirect);
        out.push({
          k: 'for',
          target:
            d.name === undefined ? { k: 'other', at: node } : { k: 'name', name: d.name, at: node },
          iter: right === null ? this.unknown(node) : this.expr(right),
          body: this.block(node.field('body')),
          orelse: [],
          at: node,
        });
        return;
      }
      case 'return_statement':
      case 'co_return_statement':
      case 'throw_statement': {
        const k = kind === 'throw_statement' ? 'raise' : 'return';
        const v = node.namedChildren().find((c) => c.kind() !== 'comment');
        out.push(v === undefined ? { k, at: node } : { k, value: this.expr(v), at: node });
        return;
      }
      case 'break_statement':
        out.push({ k: 'break', at: node });
        return;
      case 'continue_statement':
        out.push({ k: 'continue', at: node });
        return;
      case 'goto_statement': {
        const label = node.field('label')?.text();
        if (label !== undefined) out.push({ k: 'goto', label, at: node });
        return;
      }
      case 'labeled_statement': {
        const label = node.field('label')?.text();
        if (label !== undefined) out.push({ k: 'label', label, at: node });
        for (const c of node.namedChildren()) {
          if (c.kind() !== 'statement_identifier') this.stmt(c, out);
        }
        return;
      }
      case 'switch_statement':
        out.push(this.switchStmt(node, out));
        return;
      case 'case_statement':
        // A case outside a switch body (recovered input): its statements in order.
        for (const c of caseStatements(node)) this.stmt(c, out);
        return;
      case 'try_statement': {
        const handlers: { name?: string; body: Stmt[]; at: SyntaxNode }[] = [];
        for (const c of node.namedChildren()) {
          if (c.kind() !== 'catch_clause') continue;
          const param = c.field('parameters')?.namedChildren()[0];
          const name =
            param === undefined ? undefined : declaratorInfo(param.field('declarator')).name;
          handlers.push({
            ...(name !== undefined ? { name } : {}),
            body: this.block(c.field('body')),
            at: c,
          });
        }
        out.push({
          k: 'try',
          body: this.block(node.field('body')),
          handlers,
          orelse: [],
          finally: [],
          at: node,
        });
        return;
      }
      case 'attributed_statement':
        for (const c of node.namedChildren()) {
          if (c.kind() !== 'attribute_declaration') this.stmt(c, out);
        }
        return;
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif':
      case 'preproc_elifdef': {
        // Both arms of a conditional compilation, as an `if` of unknown outcome.
        const alt = node.field('alternative');
        const then: Stmt[] = [];
        for (const c of node.namedChildren()) {
          const k = c.kind();
          if (c === alt || k === 'identifier' || k === 'preproc_arg' || k === 'comment') continue;
          if (alt !== null && c.range().start.index === alt.range().start.index) continue;
          if (k.endsWith('_expression') || k === 'number_literal' || k === 'preproc_defined')
            continue;
          this.stmt(c, then, k);
        }
        const orelse: Stmt[] = [];
        if (alt !== null) this.stmt(alt, orelse);
        out.push({ k: 'if', test: this.unknown(node), then, else: orelse, at: node });
        return;
      }
      case 'comment':
      case 'type_definition':
      case 'struct_specifier':
      case 'enum_specifier':
      case 'union_specifier':
      case 'class_specifier':
      case 'alias_declaration':
      case 'using_declaration':
      case 'namespace_alias_definition':
      case 'static_assert_declaration':
      case 'preproc_include':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_call':
      case 'function_definition':
      case 'template_declaration':
      case 'empty_statement':
        return;
      case 'ERROR':
        for (const c of node.namedChildren()) {
          const k = c.kind();
          if (/_statement$|^declaration$/.test(k)) this.stmt(c, out, k);
          else if (k !== 'comment') out.push({ k: 'expr', value: this.expr(c, k), at: c });
        }
        return;
      default:
        out.push({ k: 'expr', value: this.expr(node, kind), at: node });
    }
  }

  private elseBody(alt: SyntaxNode): Stmt[] {
    if (alt.kind() !== 'else_clause') return this.block(alt);
    const out: Stmt[] = [];
    for (const c of alt.namedChildren()) this.stmt(c, out);
    return out;
  }

  /**
   * The test of an `if`/`while`/`switch`: C's parenthesised expression, or C++'s condition clause whose
   * initialiser or declaration (`if (char *p = getenv("X"))`) is emitted before it.
   */
  private condition(node: SyntaxNode | null, out: Stmt[], owner: SyntaxNode): Expr {
    if (node === null) return this.unknown(owner);
    const kind = node.kind();
    if (kind !== 'condition_clause') return this.expr(node, kind);
    const init = node.field('initializer');
    if (init !== null) {
      for (const c of init.namedChildren()) this.stmt(c, out);
      if (init.kind() === 'declaration') this.declaration(init, out, false);
    }
    const value = node.field('value');
    if (value === null) return this.unknown(node);
    if (value.kind() === 'declaration') {
      const before = out.length;
      this.declaration(value, out, false);
      const decl = out
        .slice(before)
        .find((s): s is Extract<Stmt, { k: 'assign' }> => s.k === 'assign');
      const t = decl?.targets[0];
      return t?.k === 'name' ? { k: 'name', name: t.name, at: value } : this.unknown(value);
    }
    return this.expr(value);
  }

  private switchStmt(node: SyntaxNode, out: Stmt[]): Stmt {
    const test = this.condition(node.field('condition'), out, node);
    const cases: Stmt[][] = [];
    let hasDefault = false;
    const body = node.field('body');
    for (const c of body?.namedChildren() ?? []) {
      if (c.kind() !== 'case_statement') {
        // Statements before the first label are reached only by a jump into them: part of the last case.
        const last = cases[cases.length - 1];
        if (last !== undefined) this.stmt(c, last);
        continue;
      }
      if (c.field('value') === null) hasDefault = true;
      const stmts: Stmt[] = [];
      for (const s of caseStatements(c)) this.stmt(s, stmts);
      cases.push(stmts);
    }
    return { k: 'switch', test, cases, hasDefault, at: node };
  }

  /** An expression statement: assignments and stream operators become statements. */
  private exprStatement(e: SyntaxNode, out: Stmt[]): void {
    const kind = e.kind();
    if (kind === 'assignment_expression') {
      const left = e.field('left');
      const right = e.field('right');
      if (left === null || right === null) return;
      const op = e.field('operator')?.text() ?? '=';
      if (op === '=') {
        out.push({ k: 'assign', targets: [this.target(left)], value: this.expr(right), at: e });
      } else {
        out.push({
          k: 'augassign',
          target: this.target(left),
          op: op.slice(0, -1),
          value: this.expr(right),
          at: e,
        });
      }
      return;
    }
    if (kind === 'comma_expression') {
      const l = e.field('left');
      const r = e.field('right');
      if (l !== null) this.exprStatement(l, out);
      if (r !== null) this.exprStatement(r, out);
      return;
    }
    if (kind === 'parenthesized_expression' || kind === 'cast_expression') {
      const inner = kind === 'cast_expression' ? e.field('value') : e.namedChildren()[0];
      if (inner !== null && inner !== undefined) {
        this.exprStatement(inner, out);
        return;
      }
    }
    if (kind === 'binary_expression') {
      const op = e.field('operator')?.text();
      if (op === '<<' || op === '>>') {
        const chain = shiftChain(e, op);
        if (chain !== undefined) {
          this.stream(chain.base, chain.operands, op, e, out);
          return;
        }
      }
    }
    out.push({ k: 'expr', value: this.expr(e, kind), at: e });
  }

  /** `out << a << b;` adds `a`, `b` to `out`; `in >> a >> b;` writes `in` into `a` and `b`. */
  private stream(
    base: SyntaxNode,
    operands: readonly SyntaxNode[],
    op: string,
    at: SyntaxNode,
    out: Stmt[],
  ): void {
    const baseExpr = this.expr(base);
    if (op === '<<') {
      const target = this.target(base);
      const value: Expr = {
        k: 'op',
        operands: [baseExpr, ...operands.map((o) => this.expr(o))],
        at,
      };
      out.push({ k: 'assign', targets: [target], value, at });
      return;
    }
    out.push({ k: 'expr', value: baseExpr, at });
    for (const o of operands) {
      out.push({
        k: 'assign',
        targets: [this.target(o)],
        value: { k: 'op', operands: [baseExpr], at },
        at,
      });
    }
  }

  /**
   * A declaration: each declarator with a value is an assignment (a constructor call for a class type
   * with arguments), one without a value makes the variable clean. Declarations of functions are
   * skipped, except C++'s "most vexing parse" inside a body: `QSqlQuery q(sql);` is read by the
   * grammar as a function declaration whose parameter types are the arguments' names.
   */
  private declaration(node: SyntaxNode, out: Stmt[], fileScope: boolean): void {
    const typeNode = node.field('type');
    const type = typeName(typeNode);
    const primitive = type === undefined || PRIMITIVE.test(type);
    for (const d of node.fieldChildren('declarator')) {
      const dk = d.kind();
      if (dk === 'init_declarator') {
        const info = declaratorInfo(d.field('declarator'));
        const value = d.field('value');
        if (info.name === undefined || value === null) continue;
        // `auto p = new QProcess(this)`, `auto q = std::make_unique<QSqlQuery>(db)`: the made type.
        const declared = type === 'auto' ? (madeType(value) ?? type) : type;
        this.declare(info.name, declared, info.indirect, fileScope);
        const v = this.initialiser(value, primitive ? undefined : type, info.indirect, d);
        out.push({
          k: 'assign',
          targets: [{ k: 'name', name: info.name, at: d }],
          value: v,
          at: d,
        });
        continue;
      }
      const info = declaratorInfo(d);
      if (info.name === undefined) continue;
      if (info.fn) {
        if (fileScope || primitive) continue;
        const args = vexingArguments(d);
        if (args === undefined) continue;
        this.declare(info.name, type, false);
        const call = this.construct(
          type,
          args.map((a) => this.nameExpr(a)),
          d,
        );
        out.push({
          k: 'assign',
          targets: [{ k: 'name', name: info.name, at: d }],
          value: call,
          at: d,
        });
        continue;
      }
      this.declare(info.name, type, info.indirect, fileScope);
      if (fileScope) continue;
      // A fresh variable holds nothing from before (a loop's previous iteration, a shadowed name);
      // an object of a class of this file is constructed (`Runner r;`).
      const local = type !== undefined && !info.indirect && this.methods.has(lastSegment(type));
      out.push({
        k: 'assign',
        targets: [{ k: 'name', name: info.name, at: d }],
        value: local ? this.construct(type, [], d) : this.unknown(d),
        at: d,
      });
    }
  }

  /**
   * The value of `T x = v`, `T x(args)`, `T x{args}` (a constructor call of a class type `cls`; for a
   * scalar or pointer, the argument), `T x[] = {...}` / `T x = {...}` (a list display).
   */
  private initialiser(
    value: SyntaxNode,
    cls: string | undefined,
    indirect: boolean,
    at: SyntaxNode,
  ): Expr {
    const kind = value.kind();
    const ctor =
      kind === 'argument_list' ||
      (kind === 'initializer_list' &&
        cls !== undefined &&
        !CONTAINER_TYPES.test(cls) &&
        !indirect &&
        !isAggregateInit(value) &&
        !at.children().some((c) => c.text() === '='));
    if (!ctor) return this.expr(value, kind);
    const args = value.namedChildren().filter((c) => c.kind() !== 'comment');
    if (cls === undefined || indirect) {
      const first = args[0];
      return first === undefined ? this.unknown(value) : this.expr(first);
    }
    return this.construct(
      cls,
      args.map((a) => this.expr(a)),
      at,
    );
  }

  /** A constructor call `T(args)` (named after the type), located at `at`. */
  private construct(type: string, args: Expr[], at: SyntaxNode): Call {
    const names = this.qualified(type);
    const method = lastSegment(type);
    return {
      k: 'call',
      callee: { k: 'name', name: type, qn: type, at },
      names,
      firstNameWins: true,
      method,
      args,
      keywords: [],
      kwsplats: [],
      text: type,
      receiverText: '',
      at,
    };
  }

  // ---------------------------------------------------------------- targets

  private target(node: SyntaxNode): Target {
    const kind = node.kind();
    switch (kind) {
      case 'identifier':
      case 'qualified_identifier':
      case 'field_identifier': {
        const name = compactName(node.text());
        if (kind === 'identifier' && this.isMember(name)) {
          const self: Expr = { k: 'name', name: 'this', at: node };
          return { k: 'attr', obj: self, name, at: node };
        }
        return { k: 'name', name, at: node };
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren()[0];
        return inner === undefined ? { k: 'other', at: node } : this.target(inner);
      }
      case 'cast_expression': {
        const v = node.field('value');
        return v === null ? { k: 'other', at: node } : this.target(v);
      }
      case 'field_expression': {
        const obj = node.field('argument');
        const field = node.field('field');
        if (obj === null || field === null) return { k: 'other', at: node };
        return { k: 'attr', obj: this.expr(obj), name: this.fieldName(obj, field), at: node };
      }
      case 'subscript_expression': {
        const obj = node.field('argument');
        if (obj === null) return { k: 'other', at: node };
        return { k: 'index', obj: this.expr(obj), index: this.subscriptIndex(node), at: node };
      }
      case 'pointer_expression': {
        const arg = node.field('argument');
        if (arg === null) return { k: 'other', at: node };
        // `*p = v` writes into what `p` points to: a part of `p` (joined, as an unknown index).
        if (node.field('operator')?.text() === '*') {
          return { k: 'index', obj: this.expr(arg), index: this.unknown(node), at: node };
        }
        return this.target(arg);
      }
      case 'update_expression': {
        // `*p++ = c`
        const arg = node.field('argument');
        return arg === null ? { k: 'other', at: node } : this.target(arg);
      }
      default:
        return { k: 'other', at: node };
    }
  }

  // ---------------------------------------------------------------- expressions

  expr(node: SyntaxNode, knownKind?: string): Expr {
    if (this.depth > MAX_DEPTH) return this.flat(node);
    this.depth++;
    try {
      return this.exprInner(node, knownKind ?? node.kind());
    } finally {
      this.depth--;
    }
  }

  private exprInner(node: SyntaxNode, kind: string): Expr {
    switch (kind) {
      case 'identifier':
        return this.nameExpr(node);
      case 'qualified_identifier': {
        const name = compactName(node.text());
        return { k: 'name', name, qn: name, at: node };
      }
      case 'this':
        return { k: 'name', name: 'this', at: node };
      case 'number_literal':
        return this.constant(numberValue(node.text()), node);
      case 'true':
        return this.constant(true, node);
      case 'false':
        return this.constant(false, node);
      case 'null':
      case 'nullptr':
        return this.constant(null, node);
      case 'string_literal':
      case 'raw_string_literal':
      case 'char_literal':
        return this.constant(stringValue(node.text()), node);
      case 'concatenated_string': {
        const parts = node
          .namedChildren()
          .filter((c) => c.kind() !== 'comment')
          .map((c) => this.expr(c));
        return { k: 'format', parts, at: node };
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren().filter((c) => c.kind() !== 'comment');
        const only = inner[0];
        if (inner.length === 1 && only !== undefined) return this.expr(only);
        return { k: 'op', operands: inner.map((c) => this.expr(c)), at: node };
      }
      case 'cast_expression': {
        const v = node.field('value');
        return v === null ? this.unknown(node) : this.expr(v);
      }
      case 'field_expression': {
        const obj = node.field('argument');
        const field = node.field('field');
        if (obj === null || field === null) return this.unknown(node);
        return { k: 'attr', obj: this.expr(obj), name: this.fieldName(obj, field), at: node };
      }
      case 'subscript_expression': {
        const obj = node.field('argument');
        if (obj === null) return this.unknown(node);
        return { k: 'index', obj: this.expr(obj), index: this.subscriptIndex(node), at: node };
      }
      case 'pointer_expression': {
        const arg = node.field('argument');
        if (arg === null) return this.unknown(node);
        const op = node.field('operator')?.text() === '&' ? '&' : '*';
        return { k: 'unop', op, operand: this.expr(arg), at: node };
      }
      case 'unary_expression': {
        const arg = node.field('argument');
        if (arg === null) return this.unknown(node);
        const op = node.field('operator')?.text() ?? '';
        if (op === '!' || op === 'not')
          return { k: 'unop', op: 'not', operand: this.expr(arg), at: node };
        if (op === '+') return this.expr(arg);
        return { k: 'unop', op: op === 'compl' ? '~' : op, operand: this.expr(arg), at: node };
      }
      case 'update_expression': {
        // `i++`, `--n`: the variable changes (a loop counter must not stay a constant).
        const arg = node.field('argument');
        if (arg === null) return this.unknown(node);
        const op = node.text().includes('--') ? '-' : '+';
        return {
          k: 'assign',
          target: this.target(arg),
          value: this.constant(1, node),
          op,
          at: node,
        };
      }
      case 'binary_expression':
        return this.binary(node);
      case 'assignment_expression': {
        const left = node.field('left');
        const right = node.field('right');
        if (left === null || right === null) return this.unknown(node);
        const op = node.field('operator')?.text() ?? '=';
        const target = this.target(left);
        const value = this.expr(right);
        return op === '='
          ? { k: 'assign', target, value, at: node }
          : { k: 'assign', target, value, op: op.slice(0, -1), at: node };
      }
      case 'conditional_expression': {
        const c = node.field('condition');
        const t = node.field('consequence');
        const f = node.field('alternative');
        if (c === null || f === null) return this.unknown(node);
        const test = this.expr(c);
        // GNU `a ?: b` has no consequence: the condition's value.
        return {
          k: 'cond',
          test,
          then: t === null ? test : this.expr(t),
          else: this.expr(f),
          at: node,
        };
      }
      case 'comma_expression': {
        const l = node.field('left');
        const r = node.field('right');
        if (r === null) return this.unknown(node);
        // The left operand is evaluated for its effects; the value is the right one's.
        return {
          k: 'op',
          operands: [...(l === null ? [] : [this.expr(l)]), this.expr(r)],
          at: node,
        };
      }
      case 'call_expression':
        return this.call(node);
      case 'new_expression': {
        const type = typeName(node.field('type')) ?? 'new';
        const argNode = node.field('arguments');
        const args = (argNode?.namedChildren() ?? [])
          .filter((c) => c.kind() !== 'comment')
          .map((c) => this.expr(c));
        return this.construct(type, args, node);
      }
      case 'initializer_list': {
        const items: Expr[] = [];
        for (const c of node.namedChildren()) {
          const k = c.kind();
          if (k === 'comment') continue;
          if (k === 'initializer_pair') {
            const v = c.field('value');
            if (v !== null) items.push(this.expr(v));
            continue;
          }
          items.push(this.expr(c, k));
        }
        return { k: 'list', items, at: node };
      }
      case 'compound_literal_expression': {
        const v = node.field('value');
        return v === null ? this.unknown(node) : this.expr(v);
      }
      case 'lambda_expression':
        return { k: 'lambda', fn: this.lambda(node), at: node };
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
      case 'type_descriptor':
      case 'primitive_type':
      case 'type_identifier':
      case 'delete_expression':
      case 'comment':
        return this.unknown(node);
      default:
        return {
          k: 'op',
          operands: node
            .namedChildren()
            .filter((c) => c.kind() !== 'comment')
            .map((c) => this.expr(c)),
          at: node,
        };
    }
  }

  /** An identifier: an object-like macro bound to a literal is that constant. */
  private nameExpr(node: SyntaxNode): Expr {
    let name = node.text();
    // `#define COMMAND_ARG data`: an object-like macro naming a variable (or a literal) stands for it.
    for (let i = 0; i < 4; i++) {
      const macro = this.options.macros?.get(name);
      if (macro === undefined) break;
      const v = literalMacro(macro);
      if (v !== undefined) return this.constant(v, node);
      const alias = macro.trim();
      if (!/^[A-Za-z_]\w*$/.test(alias) || alias === name) break;
      name = alias;
    }
    if (this.isMember(name)) {
      return { k: 'attr', obj: { k: 'name', name: 'this', at: node }, name, at: node };
    }
    return { k: 'name', name, qn: name, at: node };
  }

  /**
   * The attribute a member access reads or writes: the member's name, or one name for every member of
   * a union (`u.first = data; x = u.second;`: the members share their storage).
   */
  private fieldName(obj: SyntaxNode, field: SyntaxNode): string {
    const name = compactName(field.text());
    const unions = this.options.unionTypes?.();
    if (unions === undefined || unions.size === 0 || obj.kind() !== 'identifier') return name;
    const type = this.scope.get(obj.text()) ?? this.globalTypes.get(obj.text());
    return type !== undefined && unions.has(type) ? '<union>' : name;
  }

  /** Inside a method, a name not declared in it that some class of the file declares: `this->name`. */
  private isMember(name: string): boolean {
    return (
      this.currentClass !== undefined &&
      !this.numeric.has(name) &&
      this.options.memberNames?.().has(name) === true
    );
  }

  private binary(node: SyntaxNode): Expr {
    const left = node.field('left');
    const right = node.field('right');
    const op = node.field('operator')?.text() ?? '';
    if (left === null || right === null) return this.unknown(node);
    if (op === '&&' || op === '||' || op === 'and' || op === 'or') {
      const bop = op === '&&' || op === 'and' ? 'and' : 'or';
      // Flatten `a && b && c` without recursing once per operand.
      const values: Expr[] = [];
      const stack: SyntaxNode[] = [right, left];
      while (stack.length > 0) {
        const n = stack.pop();
        if (n === undefined) break;
        if (n.kind() === 'binary_expression') {
          const o = n.field('operator')?.text();
          const l = n.field('left');
          const r = n.field('right');
          if (
            (o === op || (bop === 'and' ? o === '&&' || o === 'and' : o === '||' || o === 'or')) &&
            l !== null &&
            r !== null
          ) {
            stack.push(r, l);
            continue;
          }
        }
        values.push(this.expr(n));
      }
      return { k: 'bool', op: bop, values, at: node };
    }
    if (COMPARISON.has(op)) {
      return { k: 'compare', ops: [op], operands: [this.expr(left), this.expr(right)], at: node };
    }
    return { k: 'binop', op, left: this.expr(left), right: this.expr(right), at: node };
  }

  private subscriptIndex(node: SyntaxNode): Expr {
    const idx = node.field('index') ?? node.field('indices');
    if (idx === null) return this.unknown(node);
    if (idx.kind() === 'subscript_argument_list') {
      const first = idx.namedChildren().find((c) => c.kind() !== 'comment');
      return first === undefined ? this.unknown(idx) : this.expr(first);
    }
    return this.expr(idx);
  }

  private call(node: SyntaxNode): Expr {
    const fnNode = node.field('function');
    const argNodes = (node.field('arguments')?.namedChildren() ?? []).filter(
      (c) => c.kind() !== 'comment',
    );
    if (fnNode === null) return { k: 'op', operands: argNodes.map((a) => this.expr(a)), at: node };
    const fnKind = fnNode.kind();
    const calleeText = fnNode.text();
    // C++ casts and std::move: the value of the argument.
    if (fnKind === 'template_function' || fnKind === 'qualified_identifier') {
      const base = compactName(stripTemplateArgs(calleeText));
      const only = argNodes[0];
      if (CPP_CASTS.test(base) && only !== undefined && argNodes.length === 1)
        return this.expr(only);
    }
    // `QStringLiteral("sh")`, `QLatin1String("sh")`, `_T("sh")`: the literal itself (a constant).
    const only = argNodes[0];
    if (
      fnKind === 'identifier' &&
      LITERAL_MACROS.has(calleeText) &&
      argNodes.length === 1 &&
      only !== undefined &&
      STRING_KINDS.has(only.kind())
    ) {
      return this.expr(only);
    }
    const args = argNodes.map((a) => this.expr(a));
    if (fnKind === 'field_expression') {
      const recvNode = fnNode.field('argument');
      const fieldNode = fnNode.field('field');
      const method = lastSegment(compactName(stripTemplateArgs(fieldNode?.text() ?? '')));
      if (recvNode === null) return { k: 'op', operands: args, at: node };
      const receiver = this.expr(recvNode);
      const type = this.receiverType(recvNode);
      const resolved = this.methodOf(type, method)?.id;
      return {
        k: 'call',
        callee: { k: 'attr', obj: receiver, name: method, at: fnNode },
        names: type === undefined ? [] : this.qualified(`${type}::${method}`),
        firstNameWins: true,
        ...(resolved !== undefined ? { resolved } : {}),
        method,
        receiver,
        args,
        keywords: [],
        kwsplats: [],
        text: calleeText,
        receiverText: recvNode.text(),
        at: node,
      };
    }
    if (
      fnKind === 'identifier' ||
      fnKind === 'qualified_identifier' ||
      fnKind === 'template_function'
    ) {
      let name = compactName(stripTemplateArgs(calleeText));
      // `#define RUN system` then `RUN(cmd)`: the macro names the function.
      const macro = fnKind === 'identifier' ? this.options.macros?.get(name) : undefined;
      if (macro !== undefined && /^(?:::)?[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*$/.test(macro))
        name = macro;
      const names = fnKind === 'identifier' ? this.unqualified(name) : this.qualified(name);
      // A method of this file: `run(x)` inside a method of its class (on `this`), or `C::run(x)`.
      const own =
        fnKind === 'identifier' && !this.numeric.has(name)
          ? this.methodOf(this.currentClass, name)
          : undefined;
      const i = name.lastIndexOf('::');
      const target =
        own ?? (i > 0 ? this.methodOf(name.slice(0, i), name.slice(i + 2)) : undefined);
      if (own !== undefined) {
        const self: Expr = { k: 'name', name: 'this', at: fnNode };
        return {
          k: 'call',
          callee: { k: 'attr', obj: self, name, at: fnNode },
          names,
          firstNameWins: true,
          resolved: own.id,
          method: name,
          receiver: self,
          args,
          keywords: [],
          kwsplats: [],
          text: calleeText,
          receiverText: 'this',
          at: node,
        };
      }
      return {
        ...(target !== undefined ? { resolved: target.id } : {}),
        k: 'call',
        callee: { k: 'name', name, qn: name, at: fnNode },
        names,
        firstNameWins: true,
        method: lastSegment(name),
        args,
        keywords: [],
        kwsplats: [],
        text: calleeText,
        receiverText: '',
        at: node,
      };
    }
    // A call through a pointer or of a call's result: unknown callee.
    return {
      k: 'call',
      callee: this.expr(fnNode, fnKind),
      names: [],
      method: '',
      args,
      keywords: [],
      kwsplats: [],
      text: calleeText,
      receiverText: '',
      at: node,
    };
  }

  /** Names of a bare call `f(...)`: `f`, then `X::f` for `using X::f;` and `using namespace X;`. */
  private unqualified(name: string): string[] {
    const out = [name];
    const used = this.options.usingNames?.get(name);
    if (used !== undefined) out.push(used);
    for (const ns of this.options.usingNamespaces ?? []) out.push(`${ns}::${name}`);
    return out;
  }

  /** Names of a qualified call `A::f(...)`: as written, and without a leading `std::`. */
  private qualified(name: string): string[] {
    const n = name.startsWith('::') ? name.slice(2) : name;
    return n.startsWith('std::') ? [n, n.slice(5)] : [n];
  }

  /** The declared type of a receiver: a local, parameter or file-scope variable, or a class member. */
  private receiverType(node: SyntaxNode): string | undefined {
    let n = node;
    for (let i = 0; i < 4; i++) {
      const k = n.kind();
      if (k === 'parenthesized_expression' || k === 'pointer_expression') {
        const inner = k === 'pointer_expression' ? n.field('argument') : n.namedChildren()[0];
        if (inner === null || inner === undefined) return undefined;
        n = inner;
        continue;
      }
      if (k === 'identifier') {
        const name = n.text();
        return (
          this.scope.get(name) ?? this.globalTypes.get(name) ?? this.options.memberType?.(name)
        );
      }
      if (k === 'this') return this.currentClass;
      if (k === 'field_expression' && n.field('argument')?.kind() === 'this') {
        const f = n.field('field')?.text();
        return f === undefined ? undefined : this.options.memberType?.(f);
      }
      return undefined;
    }
    return undefined;
  }

  private lambda(node: SyntaxNode): FunctionIR {
    const id = `<lambda${String(++this.lambdaCount)}>`;
    const fn = this.lazyFunction(id, node, true);
    this.lambdas.push(fn);
    return fn;
  }

  // ---------------------------------------------------------------- small helpers

  private constant(value: string | number | boolean | null, at: SyntaxNode): Expr {
    return { k: 'const', value, at };
  }

  /** A value that carries nothing and is not a known constant. */
  private unknown(at: SyntaxNode): Expr {
    return { k: 'op', operands: [], at };
  }

  /** Too deep to lower: the identifiers it reads. */
  private flat(node: SyntaxNode): Expr {
    const operands: Expr[] = node.findAll({ rule: { kind: 'identifier' } }).map((n) => ({
      k: 'name' as const,
      name: n.text(),
      qn: n.text(),
      at: n,
    }));
    return { k: 'op', operands, at: node };
  }
}

/**
 * Names the text may write besides their declaration: assigned more than once (the declaration is
 * one), incremented or decremented, or whose address is taken (`&flag`), read in one pass each.
 */
function writtenNames(source: string): Set<string> {
  const counts = new Map<string, number>();
  for (const m of source.matchAll(
    /\b([A-Za-z_]\w*)\s*(?:\[[^\]\n]*\]\s*)?(?:[-+*/%&|^]|<<|>>)?=(?!=)/g,
  )) {
    const n = m[1] ?? '';
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const out = new Set<string>();
  for (const [n, c] of counts) if (c > 1) out.add(n);
  for (const m of source.matchAll(
    /(?:\+\+|--|&)\s*([A-Za-z_]\w*)|\b([A-Za-z_]\w*)\s*(?:\+\+|--)/g,
  )) {
    out.add(m[1] ?? m[2] ?? '');
  }
  return out;
}

/**
 * A C loop: `do ... while` runs its body first; a literal constant test (`for (;;)`, `while (1)`)
 * goes to its fixed point at once.
 */
function loop(test: Expr, body: Stmt[], at: SyntaxNode, doWhile = false): Stmt {
  if (doWhile) return { k: 'while', test, body, orelse: [], doWhile: true, at };
  return {
    k: 'while',
    test,
    body,
    orelse: [],
    ...(test.k === 'const' ? { fixpoint: true } : {}),
    at,
  };
}

/** The type an initialiser makes: `new T(...)`, `std::make_unique<T>(...)`, `make_shared<T>`. */
function madeType(value: SyntaxNode): string | undefined {
  const kind = value.kind();
  if (kind === 'new_expression') return typeName(value.field('type'));
  if (kind !== 'call_expression') return undefined;
  const m = /^(?:std::)?make_(?:unique|shared)\s*<\s*([\w:]+)/.exec(
    value.field('function')?.text() ?? '',
  );
  return m?.[1];
}

/** The statements of a case (everything but its value, the first named child, and comments). */
function caseStatements(node: SyntaxNode): SyntaxNode[] {
  const named = node.namedChildren().filter((c) => c.kind() !== 'comment');
  return node.field('value') === null ? named : named.slice(1);
}

/** The left-to-right operands of `a << b << c` (the same operator): base `a`, operands `b`, `c`. */
function shiftChain(
  e: SyntaxNode,
  op: string,
): { base: SyntaxNode; operands: SyntaxNode[] } | undefined {
  const operands: SyntaxNode[] = [];
  let cur = e;
  for (let i = 0; i < 10_000; i++) {
    if (cur.kind() !== 'binary_expression' || cur.field('operator')?.text() !== op) break;
    const l = cur.field('left');
    const r = cur.field('right');
    if (l === null || r === null) return undefined;
    operands.push(r);
    cur = l;
  }
  operands.reverse();
  return operands.length === 0 ? undefined : { base: cur, operands };
}

/** The function declarator inside a definition's declarator (`char *f(...)`, `T &C::f(...)`). */
function functionDeclarator(node: SyntaxNode | null): SyntaxNode | null {
  let n = node;
  for (let i = 0; n !== null && i < 8; i++) {
    const k = n.kind();
    if (k === 'function_declarator') return n;
    n =
      n.field('declarator') ??
      n.namedChildren().find((c) => c.kind().endsWith('declarator')) ??
      null;
  }
  return null;
}

interface DeclaratorInfo {
  name?: string;
  /** A pointer, array or reference: writes through it reach the object. */
  indirect: boolean;
  /** A function declarator. */
  fn: boolean;
}

/** The declared name inside a declarator, and whether it declares a pointer, array or reference. */
function declaratorInfo(node: SyntaxNode | null): DeclaratorInfo {
  let indirect = false;
  let fn = false;
  let n = node;
  for (let i = 0; n !== null && i < 12; i++) {
    const k = n.kind();
    if (k === 'identifier' || k === 'field_identifier' || k === 'qualified_identifier') {
      return { name: compactName(n.text()), indirect, fn };
    }
    if (k === 'pointer_declarator' || k === 'array_declarator' || k === 'reference_declarator')
      indirect = true;
    if (k === 'function_declarator') fn = true;
    const next: SyntaxNode | null =
      n.field('declarator') ??
      n.namedChildren().find((c) => {
        const ck = c.kind();
        return ck === 'identifier' || ck.endsWith('declarator') || ck === 'field_identifier';
      }) ??
      null;
    n = next;
  }
  return { indirect, fn };
}

/** `QSqlQuery q(sql);` parsed as a function declaration: its "parameter types" are the arguments. */
function vexingArguments(d: SyntaxNode): SyntaxNode[] | undefined {
  const params = d.field('parameters');
  if (params === null) return undefined;
  const out: SyntaxNode[] = [];
  for (const p of params.namedChildren()) {
    if (p.kind() === 'comment') continue;
    if (p.kind() !== 'parameter_declaration' || p.field('declarator') !== null) return undefined;
    const t = p.field('type');
    if (t === null) return undefined;
    if (t.kind() !== 'type_identifier') return undefined;
    out.push(t);
  }
  return out.length === 0 ? undefined : out;
}

/** A designated or nested initialiser (`{.a = x}`, `{{1, 2}}`) builds an aggregate, not a constructor call. */
function isAggregateInit(list: SyntaxNode): boolean {
  return list.namedChildren().some((c) => {
    const k = c.kind();
    return k === 'initializer_pair' || k === 'initializer_list';
  });
}

/** In a K&R definition, whether the parameter's declaration declares a pointer or array. */
function knrPointer(fnNode: SyntaxNode, name: string): boolean {
  for (const c of fnNode.namedChildren()) {
    if (c.kind() !== 'declaration') continue;
    for (const d of c.fieldChildren('declarator')) {
      const info = declaratorInfo(d);
      if (info.name === name) return info.indirect;
    }
  }
  return false;
}

/** The type as written without qualifiers, template arguments and whitespace: `QProcess`, `std::string`. */
function typeName(node: SyntaxNode | null): string | undefined {
  if (node === null) return undefined;
  const t = stripTemplateArgs(node.text())
    .replace(/\b(?:const|volatile|struct|class|typename|union|enum)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*::\s*/g, '::');
  return t === '' ? undefined : t;
}

function compactName(text: string): string {
  return text.replace(/\s+/g, '');
}

function lastSegment(name: string): string {
  const i = name.lastIndexOf('::');
  return i === -1 ? name : name.slice(i + 2);
}

/** The text of a string or character literal, escapes as written (`L"x"`, `u8"x"`, `R"(x)"`, `'a'`). */
function stringValue(text: string): string {
  const raw = /^(?:L|u8|u|U)?R"([^(]*)\(([\s\S]*)\)\1"$/.exec(text);
  if (raw !== null) return raw[2] ?? '';
  const m = /^(?:L|u8|u|U)?(["'])([\s\S]*)\1$/.exec(text);
  return m === null ? text : (m[2] ?? '');
}

function numberValue(text: string): number | null {
  const t = text.replace(/'/g, '').replace(/[uUlLfFzZ]+$/, '');
  const n = /^0[xX]/.test(t)
    ? parseInt(t, 16)
    : /^0[bB]/.test(t)
      ? parseInt(t.slice(2), 2)
      : Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The constant of an object-like macro bound to a string or number literal. */
function literalMacro(text: string): string | number | undefined {
  const t = text
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  const strings = /^(?:(?:L|u8|u|U)?"(?:[^"\\\n]|\\.)*"\s*)+$/.test(t);
  if (strings) {
    let out = '';
    for (const m of t.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) out += m[1] ?? '';
    return out;
  }
  if (/^[-+]?(?:0[xX][\da-fA-F]+|\d+)[uUlL]*$/.test(t)) return numberValue(t) ?? undefined;
  return undefined;
}

/**
 * Members of the file's classes and structs, from its `field_declaration`s: every declared name, and
 * the declared type of each (`QProcess *m_proc;` -> `m_proc` -> `QProcess`) unless two declarations of
 * the name disagree.
 */
export function memberDeclarations(fieldDecls: readonly SyntaxNode[]): {
  types: Map<string, string>;
  names: Set<string>;
} {
  const types = new Map<string, string>();
  const names = new Set<string>();
  const ambiguous = new Set<string>();
  for (const f of fieldDecls) {
    const type = typeName(f.field('type'));
    for (const d of f.fieldChildren('declarator')) {
      const info = declaratorInfo(d);
      if (info.name === undefined || info.fn) continue;
      names.add(info.name);
      if (type === undefined) continue;
      const prev = types.get(info.name);
      if (prev !== undefined && prev !== type) ambiguous.add(info.name);
      types.set(info.name, type);
    }
  }
  for (const a of ambiguous) types.delete(a);
  return { types, names };
}

/** The bodies of the classes and structs among these nodes (`class_specifier`, `struct_specifier`). */
export function classSpans(specifiers: readonly SyntaxNode[]): ClassSpan[] {
  const out: ClassSpan[] = [];
  for (const c of specifiers) {
    const body = c.field('body');
    const name = c.field('name')?.text();
    if (body === null || name === undefined) continue;
    const { start, end } = body.range();
    out.push({
      name: lastSegment(compactName(stripTemplateArgs(name))),
      start: start.index,
      end: end.index,
    });
  }
  return out;
}
