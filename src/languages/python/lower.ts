import type { SgNode } from '@ast-grep/napi';
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
import { literalValue } from './expr.js';
import { resolveDotted, type ImportTable } from './imports.js';

/**
 * Lowers a Python parse tree (tree-sitter-python kinds, through ast-grep) to the dataflow engine's
 * intermediate form. Every construct it does not model becomes an `op` over its operands (taint flows
 * through it) and never an error; nesting deeper than MAX_DEPTH collapses to the identifiers it reads.
 */

const MAX_DEPTH = 150;
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

class Lowerer {
  readonly functions: FunctionIR[] = [];
  readonly classes: ClassIR[] = [];
  private depth = 0;

  constructor(private readonly imports: ImportTable) {}

  // ---------------------------------------------------------------- statements

  /** The statements of a block (or module) in `scope`; comments are skipped by `stmt`. */
  blockIn(node: SgNode | null, scope: string): Stmt[] {
    if (node === null) return [];
    const out: Stmt[] = [];
    for (const child of node.namedChildren()) this.stmt(child, out, scope);
    return out;
  }

  /** The statements of a clause (else/finally/except), whose block is its last named child. */
  private clauseBody(node: SgNode, scope: string): Stmt[] {
    const body = node.field('body') ?? node.children().find((c) => c.kind() === 'block') ?? null;
    return this.blockIn(body, scope);
  }

  /** Lowers a statement; `knownKind` saves a native call when the caller already read the kind. */
  stmt(node: SgNode, out: Stmt[], scope: string, knownKind?: string): void {
    if (this.depth > MAX_DEPTH) {
      out.push({ k: 'expr', value: this.flat(node), at: node });
      return;
    }
    this.depth++;
    try {
      this.stmtInner(node, knownKind ?? String(node.kind()), out, scope);
    } finally {
      this.depth--;
    }
  }

  private stmtInner(node: SgNode, kind: string, out: Stmt[], scope: string): void {
    switch (kind) {
      case 'expression_statement': {
        const named = node.namedChildren();
        const first = named[0];
        const firstKind = named.length === 1 && first !== undefined ? String(first.kind()) : '';
        if (first !== undefined && firstKind !== '' && firstKind !== 'comment') {
          const only = first;
          if (firstKind === 'assignment') {
            this.assignment(only, out);
            return;
          }
          if (firstKind === 'augmented_assignment') {
            const left = only.field('left');
            const right = only.field('right');
            if (left === null || right === null) return;
            out.push({
              k: 'augassign',
              target: this.target(left),
              op: (only.field('operator')?.text() ?? '+=').replace('=', ''),
              value: this.expr(right),
              at: only,
            });
            return;
          }
          out.push({ k: 'expr', value: this.expr(only, firstKind), at: node });
          return;
        }
        const value = this.tupleOf(node) ?? { k: 'tuple', items: [], at: node };
        out.push({ k: 'expr', value, at: node });
        return;
      }
      case 'if_statement':
        out.push(this.ifChain(node, scope));
        return;
      case 'for_statement': {
        const left = node.field('left');
        const right = node.field('right');
        const alt = node.field('alternative');
        out.push({
          k: 'for',
          target: left === null ? { k: 'other', at: node } : this.target(left),
          iter: right === null ? this.none(node) : this.expr(right),
          body: this.blockIn(node.field('body'), scope),
          orelse: alt === null ? [] : this.clauseBody(alt, scope),
          at: node,
        });
        return;
      }
      case 'while_statement': {
        const cond = node.field('condition');
        const alt = node.field('alternative');
        out.push({
          k: 'while',
          test: cond === null ? this.none(node) : this.expr(cond),
          body: this.blockIn(node.field('body'), scope),
          orelse: alt === null ? [] : this.clauseBody(alt, scope),
          at: node,
        });
        return;
      }
      case 'try_statement': {
        const handlers: { name?: string; body: Stmt[]; at: SgNode }[] = [];
        let orelse: Stmt[] = [];
        let fin: Stmt[] = [];
        for (const c of node.children()) {
          const k = c.kind();
          if (k === 'except_clause' || k === 'except_group_clause') {
            const value = c.field('value');
            const alias =
              value?.kind() === 'as_pattern'
                ? value.field('alias')?.namedChildren()[0]?.text()
                : c.field('alias')?.text();
            handlers.push({
              ...(alias !== undefined ? { name: alias } : {}),
              body: this.clauseBody(c, scope),
              at: c,
            });
          } else if (k === 'else_clause') orelse = this.clauseBody(c, scope);
          else if (k === 'finally_clause') fin = this.clauseBody(c, scope);
        }
        out.push({
          k: 'try',
          body: this.blockIn(node.field('body'), scope),
          handlers,
          orelse,
          finally: fin,
          at: node,
        });
        return;
      }
      case 'with_statement': {
        const items: { value: Expr; target?: Target }[] = [];
        // The items are the grandchildren of the statement (inside its `with_clause`).
        for (const item of this.grandchildren(node, 'with_item')) {
          const v = item.field('value');
          if (v === null) continue;
          if (v.kind() === 'as_pattern') {
            const inner = v.namedChildren()[0];
            const alias = v.field('alias')?.namedChildren()[0];
            if (inner === undefined) continue;
            items.push({
              value: this.expr(inner),
              ...(alias !== undefined ? { target: this.target(alias) } : {}),
            });
          } else items.push({ value: this.expr(v) });
        }
        out.push({ k: 'with', items, body: this.blockIn(node.field('body'), scope), at: node });
        return;
      }
      case 'return_statement': {
        const value = this.tupleOf(node);
        out.push(
          value === undefined ? { k: 'return', at: node } : { k: 'return', value, at: node },
        );
        return;
      }
      case 'raise_statement': {
        const v = node.namedChildren()[0];
        out.push(
          v === undefined
            ? { k: 'raise', at: node }
            : { k: 'raise', value: this.expr(v), at: node },
        );
        return;
      }
      case 'break_statement':
        out.push({ k: 'break', at: node });
        return;
      case 'continue_statement':
        out.push({ k: 'continue', at: node });
        return;
      case 'assert_statement': {
        // `assert cond` behaves like `if not cond: raise`: a validator in an assert cleans what follows.
        const cond = node.namedChildren()[0];
        if (cond === undefined) return;
        out.push({
          k: 'if',
          test: this.expr(cond),
          then: [],
          else: [{ k: 'raise', at: node }],
          at: node,
        });
        return;
      }
      case 'function_definition': {
        const fn = this.function(node, [], scope, undefined);
        out.push({ k: 'def', fn, at: node });
        return;
      }
      case 'class_definition': {
        const cls = this.classDef(node, scope);
        out.push({ k: 'class', cls, at: node });
        return;
      }
      case 'decorated_definition': {
        const def = node.field('definition');
        if (def === null) return;
        const decorators = node
          .children()
          .filter((c) => c.kind() === 'decorator')
          .map((d) => {
            const e = d.namedChildren()[0];
            return e === undefined ? this.none(d) : this.expr(e);
          });
        if (def.kind() === 'class_definition') {
          out.push({ k: 'class', cls: this.classDef(def, scope), at: def });
        } else {
          out.push({ k: 'def', fn: this.function(def, decorators, scope, undefined), at: def });
        }
        return;
      }
      case 'match_statement':
        out.push(...this.match(node, scope));
        return;
      case 'delete_statement':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'pass_statement':
      case 'comment':
        return;
      case 'print_statement':
      case 'exec_statement':
        out.push({ k: 'expr', value: this.flat(node), at: node });
        return;
      case 'block':
        for (const c of node.namedChildren()) this.stmt(c, out, scope);
        return;
      case 'ERROR':
        // Recovered input: lower what looks like statements inside, keep reads of the rest.
        for (const c of node.namedChildren()) {
          const k = String(c.kind());
          if (/_statement$|_definition$/.test(k)) this.stmt(c, out, scope, k);
          else out.push({ k: 'expr', value: this.expr(c, k), at: c });
        }
        return;
      default:
        out.push({ k: 'expr', value: this.expr(node, kind), at: node });
    }
  }

  private assignment(node: SgNode, out: Stmt[]): void {
    const targets: Target[] = [];
    let cur: SgNode = node;
    let value: { node: SgNode; kind: string } | null = null;
    for (;;) {
      const left = cur.field('left');
      if (left !== null) targets.push(this.target(left));
      const right: SgNode | null = cur.field('right');
      if (right === null) break;
      const kind = String(right.kind());
      if (kind !== 'assignment') {
        value = { node: right, kind };
        break;
      }
      cur = right;
    }
    if (value === null) return; // `x: int` declares, assigns nothing
    out.push({ k: 'assign', targets, value: this.expr(value.node, value.kind), at: node });
  }

  private ifChain(node: SgNode, scope: string): Stmt {
    const cond = node.field('condition');
    const clauses: { c: SgNode; isElse: boolean }[] = [];
    for (const c of node.namedChildren()) {
      const k = c.kind();
      if (k === 'elif_clause' || k === 'else_clause')
        clauses.push({ c, isElse: k === 'else_clause' });
    }
    let orelse: Stmt[] = [];
    for (let i = clauses.length - 1; i >= 0; i--) {
      const clause = clauses[i];
      if (clause === undefined) continue;
      const { c } = clause;
      if (clause.isElse) orelse = this.clauseBody(c, scope);
      else {
        const ec = c.field('condition');
        orelse = [
          {
            k: 'if',
            test: ec === null ? this.none(c) : this.expr(ec),
            then: this.blockIn(c.field('consequence'), scope),
            else: orelse,
            at: c,
          },
        ];
      }
    }
    return {
      k: 'if',
      test: cond === null ? this.none(node) : this.expr(cond),
      then: this.blockIn(node.field('consequence'), scope),
      else: orelse,
      at: node,
    };
  }

  /** `match` as a chain of unknown branches; capture names in a pattern take the subject's taint. */
  private match(node: SgNode, scope: string): Stmt[] {
    const subjectNode = node.field('subject');
    const subject = subjectNode === null ? this.none(node) : this.expr(subjectNode);
    const body = node.field('body');
    const cases = body === null ? [] : body.children().filter((c) => c.kind() === 'case_clause');
    let chain: Stmt[] = [];
    for (let i = cases.length - 1; i >= 0; i--) {
      const c = cases[i];
      if (c === undefined) continue;
      const pre: Stmt[] = [];
      for (const pat of c.children().filter((x) => x.kind() === 'case_pattern')) {
        for (const id of pat.findAll({ rule: { kind: 'identifier' } })) {
          if (/^[A-Z]/.test(id.text()) || id.parent()?.kind() === 'attribute') continue;
          pre.push({
            k: 'assign',
            targets: [{ k: 'name', name: id.text(), at: id }],
            value: { k: 'op', operands: [subject], at: id },
            at: id,
          });
        }
      }
      const guardNode = c.field('guard')?.namedChildren()[0];
      const then = [...pre, ...this.blockIn(c.field('consequence'), scope)];
      const patternTest = this.casePattern(c, subject);
      const test: Expr =
        guardNode === undefined
          ? patternTest
          : { k: 'bool', op: 'and', values: [patternTest, this.expr(guardNode)], at: c };
      chain = [{ k: 'if', test, then, else: chain, at: c }];
    }
    return [{ k: 'expr', value: subject, at: node }, ...chain];
  }

  /**
   * The condition under which a case matches: always for `_` and a capture name, `subject == literal`
   * for a literal pattern (so a constant subject selects its case), unknown otherwise.
   */
  private casePattern(clause: SgNode, subject: Expr): Expr {
    const patterns = clause.children().filter((x) => x.kind() === 'case_pattern');
    const unknown: Expr = { k: 'op', operands: [subject], at: clause };
    if (patterns.length !== 1 || patterns[0] === undefined) return unknown;
    const inner = patterns[0].namedChildren().filter((x) => x.kind() !== 'comment');
    if (inner.length === 0) return { k: 'const', value: true, at: clause };
    const only = inner[0];
    if (inner.length !== 1 || only === undefined) return unknown;
    if (only.kind() === 'dotted_name' && only.namedChildren().length === 1) {
      return { k: 'const', value: true, at: clause };
    }
    const lit = literalValue(only);
    if (lit === undefined) return unknown;
    return {
      k: 'compare',
      ops: ['=='],
      operands: [subject, { k: 'const', value: lit, at: only }],
      at: clause,
    };
  }

  // ---------------------------------------------------------------- definitions

  private function(
    node: SgNode,
    decorators: Expr[],
    scope: string,
    className: string | undefined,
  ): FunctionIR {
    const name = node.field('name')?.text() ?? '<anonymous>';
    const id = scope === '' ? name : `${scope}.${name}`;
    const params = this.params(node.field('parameters'));
    const isStatic = decorators.some((d) => exprText(d) === 'staticmethod');
    const fn: FunctionIR = {
      name,
      id,
      params,
      body: [],
      decorators,
      ...(className !== undefined ? { className } : {}),
      isStatic,
      at: node,
    };
    this.functions.push(fn);
    // Bodies are lowered when the engine first needs them: most functions of a file never are.
    let body: Stmt[] | undefined;
    Object.defineProperty(fn, 'body', {
      get: () => (body ??= this.blockIn(node.field('body'), id)),
      enumerable: true,
    });
    return fn;
  }

  private classDef(node: SgNode, scope: string): ClassIR {
    const name = node.field('name')?.text() ?? '<class>';
    const id = scope === '' ? name : `${scope}.${name}`;
    const bases: string[] = [];
    const sup = node.field('superclasses');
    if (sup !== null) {
      for (const b of sup.namedChildren()) {
        if (b.kind() === 'keyword_argument' || b.kind() === 'comment') continue;
        const text = b.text().replace(/\s+/g, '');
        bases.push(text);
        if (DOTTED.test(text)) for (const r of resolveDotted(text, this.imports)) bases.push(r);
      }
    }
    const cls: ClassIR = { name: id, bases, methods: [], body: [], fields: [], at: node };
    this.classes.push(cls);
    const body = node.field('body');
    if (body !== null) {
      for (const child of body.namedChildren()) {
        let def: SgNode | null = null;
        let decorators: Expr[] = [];
        const kind = String(child.kind());
        if (kind === 'function_definition') def = child;
        else if (kind === 'decorated_definition') {
          const d = child.field('definition');
          if (d?.kind() === 'function_definition') {
            def = d;
            decorators = child
              .children()
              .filter((c) => c.kind() === 'decorator')
              .map((x) => {
                const e = x.namedChildren()[0];
                return e === undefined ? this.none(x) : this.expr(e);
              });
          }
        }
        if (def !== null) cls.methods.push(this.function(def, decorators, id, id));
        else {
          const field = kind === 'expression_statement' ? annotatedName(child) : undefined;
          if (field !== undefined) cls.fields.push(field);
          this.stmt(child, cls.body, id, kind);
        }
      }
    }
    return cls;
  }

  private params(node: SgNode | null): Param[] {
    if (node === null) return [];
    const out: Param[] = [];
    for (const p of node.namedChildren()) {
      switch (p.kind()) {
        case 'identifier':
          out.push({ name: p.text(), at: p });
          break;
        case 'typed_parameter': {
          const inner = p.namedChildren()[0];
          const type = p.field('type')?.text();
          if (inner === undefined) break;
          const star =
            inner.kind() === 'list_splat_pattern'
              ? 'args'
              : inner.kind() === 'dictionary_splat_pattern'
                ? 'kwargs'
                : undefined;
          const name =
            star === undefined ? inner.text() : (inner.namedChildren()[0]?.text() ?? inner.text());
          out.push({
            name,
            ...(star !== undefined ? { star } : {}),
            ...(type !== undefined ? { annotation: type } : {}),
            at: p,
          });
          break;
        }
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = p.field('name')?.text();
          const value = p.field('value');
          const type = p.field('type')?.text();
          if (name === undefined) break;
          out.push({
            name,
            ...(value !== null ? { default: this.expr(value) } : {}),
            ...(type !== undefined ? { annotation: type } : {}),
            at: p,
          });
          break;
        }
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern': {
          const name = p.namedChildren()[0]?.text();
          if (name !== undefined) {
            out.push({
              name,
              star: p.kind() === 'list_splat_pattern' ? 'args' : 'kwargs',
              at: p,
            });
          }
          break;
        }
        default:
          break;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- targets

  target(node: SgNode, knownKind?: string): Target {
    switch (knownKind ?? String(node.kind())) {
      case 'identifier':
        return { k: 'name', name: node.text(), at: node };
      case 'attribute': {
        const obj = node.field('object');
        const attr = node.field('attribute');
        if (obj === null || attr === null) return { k: 'other', at: node };
        return { k: 'attr', obj: this.expr(obj), name: attr.text(), at: node };
      }
      case 'subscript': {
        const obj = node.field('value');
        if (obj === null) return { k: 'other', at: node };
        return { k: 'index', obj: this.expr(obj), index: this.subscriptIndex(node), at: node };
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list':
        return { k: 'tuple', items: this.operands(node, (c, k) => this.target(c, k)), at: node };
      case 'list_splat_pattern':
      case 'list_splat': {
        const inner = node.namedChildren()[0];
        return inner === undefined
          ? { k: 'other', at: node }
          : { k: 'star', target: this.target(inner), at: node };
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren()[0];
        return inner === undefined ? { k: 'other', at: node } : this.target(inner);
      }
      default:
        return { k: 'other', at: node };
    }
  }

  // ---------------------------------------------------------------- expressions

  /** Lowers an expression; `knownKind` saves a native call when the caller already read the kind. */
  expr(input: SgNode, knownKind?: string): Expr {
    let node = input;
    let kind = knownKind ?? String(node.kind());
    while (kind === 'parenthesized_expression') {
      const inner = this.firstOperand(node);
      if (inner === undefined) return this.none(node);
      node = inner.node;
      kind = inner.kind;
    }
    if (this.depth > MAX_DEPTH) return this.flat(node);
    this.depth++;
    try {
      return this.exprInner(node, kind);
    } finally {
      this.depth--;
    }
  }

  /** A construct too deep (or too odd) to model: the names it reads, combined. */
  private flat(node: SgNode): Expr {
    const operands: Expr[] = node
      .findAll({ rule: { kind: 'identifier' } })
      .slice(0, 64)
      .map((id) => this.nameExpr(id));
    // Calls keep their names (a source or sink deep inside stays visible), their arguments flattened.
    for (const call of node.findAll({ rule: { kind: 'call' } }).slice(0, 64)) {
      const fn = call.field('function');
      if (fn === null) continue;
      const text = fn.text();
      const compact = text.replace(/\s+/g, '');
      const names = DOTTED.test(compact) ? resolveDotted(compact, this.imports) : [];
      const method = /(\w+)$/.exec(compact)?.[1] ?? '';
      operands.push({
        k: 'call',
        callee: { k: 'op', operands: [], at: fn },
        names,
        method,
        args: [],
        keywords: [],
        kwsplats: [],
        text,
        receiverText: compact.includes('.') ? compact.slice(0, compact.lastIndexOf('.')) : '',
        at: call,
      });
    }
    return { k: 'op', operands, at: node };
  }

  private none(at: SgNode): Expr {
    return { k: 'const', value: null, at };
  }

  private nameExpr(node: SgNode): Expr {
    const name = node.text();
    const bound = this.imports.bindings.get(name);
    return bound === undefined
      ? { k: 'name', name, qn: name, at: node }
      : { k: 'name', name, qn: bound, imported: true, at: node };
  }

  /** The value of `node`'s operands (its named children but comments): one expression or a tuple. */
  private tupleOf(node: SgNode): Expr | undefined {
    const items = this.operands(node, (c, k) => ({ c, k }));
    const only = items[0];
    if (only === undefined) return undefined;
    if (items.length === 1) return this.expr(only.c, only.k);
    return { k: 'tuple', items: items.map((i) => this.expr(i.c, i.k)), at: node };
  }

  private subscriptIndex(node: SgNode): Expr {
    const subs: { node: SgNode; kind: string }[] = [];
    for (const c of node.namedChildren()) {
      const kind = String(c.kind());
      if (kind !== 'comment') subs.push({ node: c, kind });
    }
    subs.shift(); // the subscripted value
    const only = subs[0];
    if (subs.length === 1 && only !== undefined) return this.expr(only.node, only.kind);
    return { k: 'tuple', items: subs.map((c) => this.expr(c.node, c.kind)), at: node };
  }

  /** The named children of `node` that are not comments, each lowered by `lower` with its kind. */
  private operands<T>(node: SgNode, lower: (c: SgNode, kind: string) => T): T[] {
    const out: T[] = [];
    for (const c of node.namedChildren()) {
      const kind = String(c.kind());
      if (kind !== 'comment') out.push(lower(c, kind));
    }
    return out;
  }

  /** The first named child of `node` that is not a comment, with its kind. */
  private firstOperand(node: SgNode): { node: SgNode; kind: string } | undefined {
    for (const c of node.namedChildren()) {
      const kind = String(c.kind());
      if (kind !== 'comment') return { node: c, kind };
    }
    return undefined;
  }

  /** The named grandchildren of `node` of this kind, in document order. */
  private grandchildren(node: SgNode, kind: string): SgNode[] {
    const out: SgNode[] = [];
    for (const c of node.namedChildren()) {
      if (c.kind() === 'block') continue; // a body holds statements only
      for (const g of c.namedChildren()) if (g.kind() === kind) out.push(g);
    }
    return out;
  }

  private exprInner(node: SgNode, kind: string): Expr {
    switch (kind) {
      case 'identifier':
        return this.nameExpr(node);
      case 'true':
      case 'false':
      case 'none':
      case 'integer':
      case 'float': {
        const v = literalValue(node);
        return v === undefined
          ? { k: 'op', operands: [], at: node }
          : { k: 'const', value: v, at: node };
      }
      case 'string':
      case 'concatenated_string':
        return this.string(node, kind);
      case 'parenthesized_expression': {
        const inner = this.firstOperand(node);
        return inner === undefined ? this.none(node) : this.expr(inner.node, inner.kind);
      }
      case 'attribute': {
        const obj = node.field('object');
        const attr = node.field('attribute');
        if (obj === null || attr === null) return this.flat(node);
        const objExpr = this.expr(obj);
        const name = attr.text();
        const qn = qualifiedAttr(objExpr, name);
        return { k: 'attr', obj: objExpr, name, ...(qn !== undefined ? { qn } : {}), at: node };
      }
      case 'subscript': {
        const obj = node.field('value');
        if (obj === null) return this.flat(node);
        const index = this.subscriptIndex(node);
        if (index.k === 'op' && index.at.kind() === 'slice') {
          return { k: 'slice', obj: this.expr(obj), at: node };
        }
        return { k: 'index', obj: this.expr(obj), index, at: node };
      }
      case 'slice':
        return { k: 'op', operands: node.namedChildren().map((c) => this.expr(c)), at: node };
      case 'call':
        return this.call(node);
      case 'binary_operator': {
        const l = node.field('left');
        const r = node.field('right');
        if (l === null || r === null) return this.flat(node);
        return {
          k: 'binop',
          op: node.field('operator')?.text() ?? '?',
          left: this.expr(l),
          right: this.expr(r),
          at: node,
        };
      }
      case 'unary_operator': {
        const a = node.field('argument');
        if (a === null) return this.flat(node);
        const v = literalValue(node);
        if (v !== undefined) return { k: 'const', value: v, at: node };
        return {
          k: 'unop',
          op: node.field('operator')?.text() ?? '-',
          operand: this.expr(a),
          at: node,
        };
      }
      case 'not_operator': {
        const a = node.field('argument');
        if (a === null) return this.flat(node);
        return { k: 'unop', op: 'not', operand: this.expr(a), at: node };
      }
      case 'boolean_operator': {
        const op = node.field('operator')?.text() === 'or' ? 'or' : 'and';
        const values: Expr[] = [];
        const l = node.field('left');
        const r = node.field('right');
        for (const side of [l, r]) {
          if (side === null) continue;
          const e = this.expr(side);
          if (e.k === 'bool' && e.op === op && side.kind() === 'boolean_operator')
            values.push(...e.values);
          else values.push(e);
        }
        return { k: 'bool', op, values, at: node };
      }
      case 'comparison_operator': {
        const ops: string[] = [];
        const operands: Expr[] = [];
        for (const c of node.children()) {
          if (c.isNamed()) {
            const k = String(c.kind());
            if (k !== 'comment') operands.push(this.expr(c, k));
          } else ops.push(c.text().replace(/\s+/g, ' '));
        }
        return { k: 'compare', ops, operands, at: node };
      }
      case 'conditional_expression': {
        const [a, test, b] = this.operands(node, (c, k) => ({ c, k }));
        if (a === undefined || test === undefined || b === undefined) return this.flat(node);
        return {
          k: 'cond',
          test: this.expr(test.c, test.k),
          then: this.expr(a.c, a.k),
          else: this.expr(b.c, b.k),
          at: node,
        };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return {
          k: kind === 'expression_list' ? 'tuple' : kind,
          items: this.operands(node, (c, k) => this.expr(c, k)),
          at: node,
        };
      case 'dictionary': {
        const entries: { key: Expr | null; value: Expr }[] = [];
        for (const c of node.namedChildren()) {
          if (c.kind() === 'pair') {
            const key = c.field('key');
            const value = c.field('value');
            if (key !== null && value !== null)
              entries.push({ key: this.expr(key), value: this.expr(value) });
          } else if (c.kind() === 'dictionary_splat') {
            const inner = c.namedChildren()[0];
            if (inner !== undefined) entries.push({ key: null, value: this.expr(inner) });
          }
        }
        return { k: 'dict', entries, at: node };
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node);
      case 'named_expression': {
        const name = node.field('name')?.text();
        const value = node.field('value');
        if (name === undefined || value === null) return this.flat(node);
        return { k: 'walrus', target: name, value: this.expr(value), at: node };
      }
      case 'list_splat':
      case 'dictionary_splat': {
        const inner = node.namedChildren()[0];
        return inner === undefined
          ? this.none(node)
          : { k: 'star', value: this.expr(inner), at: node };
      }
      case 'yield': {
        const inner = this.firstOperand(node);
        return inner === undefined
          ? { k: 'yield', at: node }
          : { k: 'yield', value: this.expr(inner.node, inner.kind), at: node };
      }
      case 'await': {
        const inner = node.namedChildren()[0];
        return inner === undefined ? this.none(node) : this.expr(inner);
      }
      case 'lambda': {
        const body = node.field('body');
        const fn: FunctionIR = {
          name: '<lambda>',
          id: `<lambda@${String(node.range().start.line + 1)}>`,
          params: this.params(node.field('parameters')),
          body: body === null ? [] : [{ k: 'return', value: this.expr(body), at: body }],
          decorators: [],
          isStatic: true,
          at: node,
        };
        return { k: 'lambda', fn, at: node };
      }
      case 'keyword_argument': {
        const v = node.field('value');
        return v === null ? this.none(node) : this.expr(v);
      }
      case 'comment':
        return this.none(node);
      default:
        return { k: 'op', operands: this.operands(node, (c, k) => this.expr(c, k)), at: node };
    }
  }

  /** A string literal (a constant) or an f-string (a `format` of its parts), in one pass over the children. */
  private string(node: SgNode, kind: string): Expr {
    if (kind === 'string') {
      // Most strings are plain literals: read them from the text in one native call.
      const plain = plainString(node.text());
      if (plain !== undefined) return { k: 'const', value: plain, at: node };
    }
    const parts: Expr[] = [];
    const visit = (n: SgNode, kind: string): void => {
      if (kind === 'concatenated_string') {
        for (const c of n.children()) {
          const k = c.kind();
          if (k === 'string' || k === 'concatenated_string') visit(c, String(k));
        }
        return;
      }
      for (const c of n.children()) {
        const k = c.kind();
        if (k === 'interpolation') {
          const e = c.namedChildren()[0];
          if (e !== undefined) parts.push(this.expr(e));
        } else if (k === 'string_content') {
          parts.push({ k: 'const', value: c.text(), at: c });
        }
      }
    };
    visit(node, kind);
    if (parts.every((p) => p.k === 'const')) {
      const value = parts.map((p) => String(p.value)).join('');
      return { k: 'const', value, at: node };
    }
    return { k: 'format', parts, at: node };
  }

  private comprehension(node: SgNode): Expr {
    const gens: { target: Target; iter: Expr; conds: Expr[] }[] = [];
    for (const c of node.children()) {
      if (c.kind() === 'for_in_clause') {
        const left = c.field('left');
        const right = c.field('right');
        gens.push({
          target: left === null ? { k: 'other', at: c } : this.target(left),
          iter: right === null ? this.none(c) : this.expr(right),
          conds: [],
        });
      } else if (c.kind() === 'if_clause') {
        const cond = c.namedChildren()[0];
        const last = gens[gens.length - 1];
        if (cond !== undefined && last !== undefined) last.conds.push(this.expr(cond));
      }
    }
    const body = node.field('body');
    const kind =
      node.kind() === 'list_comprehension'
        ? 'list'
        : node.kind() === 'set_comprehension'
          ? 'set'
          : node.kind() === 'dictionary_comprehension'
            ? 'dict'
            : 'gen';
    if (body?.kind() === 'pair') {
      const k = body.field('key');
      const v = body.field('value');
      return {
        k: 'comp',
        gens,
        elt: k === null ? this.none(body) : this.expr(k),
        ...(v !== null ? { value: this.expr(v) } : {}),
        kind,
        at: node,
      };
    }
    return {
      k: 'comp',
      gens,
      elt: body === null ? this.none(node) : this.expr(body),
      kind,
      at: node,
    };
  }

  private call(node: SgNode): Expr {
    const fnNode = node.field('function');
    if (fnNode === null) return this.flat(node);
    const callee = this.expr(fnNode);
    // A plain name's text is the name: no second native read.
    const text = callee.k === 'name' && callee.at === fnNode ? callee.name : fnNode.text();
    const compact = text.replace(/\s+/g, '');
    const names = DOTTED.test(compact) ? resolveDotted(compact, this.imports) : [];
    const method = callee.k === 'attr' ? callee.name : callee.k === 'name' ? callee.name : '';
    const args: Expr[] = [];
    const keywords: { name: string; value: Expr }[] = [];
    const kwsplats: Expr[] = [];
    const argList = node.field('arguments');
    if (argList !== null) {
      if (argList.kind() === 'generator_expression') args.push(this.expr(argList));
      else {
        for (const a of argList.namedChildren()) {
          const k = a.kind();
          if (k === 'keyword_argument') {
            const name = a.field('name')?.text();
            const value = a.field('value');
            if (name !== undefined && value !== null)
              keywords.push({ name, value: this.expr(value) });
          } else if (k === 'dictionary_splat') {
            const inner = a.namedChildren()[0];
            if (inner !== undefined) kwsplats.push(this.expr(inner));
          } else if (k !== 'comment') args.push(this.expr(a, String(k)));
        }
      }
    }
    const call: Call = {
      k: 'call',
      callee,
      names,
      method,
      ...(callee.k === 'attr' ? { receiver: callee.obj } : {}),
      args,
      keywords,
      kwsplats,
      text,
      receiverText: callee.k === 'attr' ? text.slice(0, text.lastIndexOf('.')).trim() : '',
      at: node,
    };
    return call;
  }
}

/** The qualified name of `obj.name` when `obj` is an imported name or such a chain. */
function qualifiedAttr(obj: Expr, name: string): string | undefined {
  if (obj.k === 'name') return obj.imported === true ? `${String(obj.qn)}.${name}` : undefined;
  if (obj.k === 'attr' && obj.qn !== undefined) return `${obj.qn}.${name}`;
  return undefined;
}

/**
 * The content of a string literal without interpolation, as written between the quotes (escapes are
 * not decoded, as `expr.ts` stringValue does); undefined for an f-string that may interpolate.
 */
function plainString(text: string): string | undefined {
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(text);
  if (m === null) return undefined;
  const prefix = m[1] ?? '';
  const quote = m[2] ?? '';
  if (/[fFtT]/.test(prefix) && text.includes('{')) return undefined;
  const body = text.slice(prefix.length + quote.length);
  if (!body.endsWith(quote) || body.length < quote.length) return undefined;
  return body.slice(0, body.length - quote.length);
}

/** `name: type` or `name: type = value` (an expression statement) in a class body: a dataclass-style field. */
function annotatedName(stmt: SgNode): string | undefined {
  const a = stmt.namedChildren()[0];
  if (a?.kind() !== 'assignment' || a.field('type') === null) return undefined;
  const left = a.field('left');
  return left?.kind() === 'identifier' ? left.text() : undefined;
}

function exprText(e: Expr): string {
  return e.at.text();
}

/** Lowers a whole module: its body, and every function, method and class (nested ones included). */
export function lowerPythonModule(root: SgNode, imports: ImportTable): ModuleIR {
  const l = new Lowerer(imports);
  const body = l.blockIn(root, '');
  const tops = new Set<string>();
  for (const m of imports.modules) tops.add(m.split('.')[0] ?? m);
  return { body, functions: l.functions, classes: l.classes, imports: tops };
}
