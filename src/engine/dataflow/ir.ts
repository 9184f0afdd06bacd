import type { SgNode } from '@ast-grep/napi';

/**
 * The intermediate form the dataflow engine analyses: a structured, language-neutral tree of statements
 * and expressions per function (and one for the module body). A language plugs in by lowering its parse
 * tree to this form (see `languages/python/lower.ts`); names of called functions and read values are
 * resolved by the lowering (imports, aliases), so the engine never looks at the language's syntax.
 *
 * Every node keeps the parse-tree node it came from (`at`) so traces can point at source code. Anything
 * a lowering does not understand becomes an `op` expression over its operands (taint flows through it)
 * or an `expr` statement, never an error.
 */

export type ConstValue = string | number | boolean | null;

export type Expr =
  | { k: 'const'; value: ConstValue; at: SgNode }
  /** A read of a local, global or builtin name; `qn` is its qualified name when imported or builtin. */
  | { k: 'name'; name: string; qn?: string; imported?: boolean; at: SgNode }
  /** `obj.name`; `qn` when the whole dotted chain resolves through an import (`flask.request.args`). */
  | { k: 'attr'; obj: Expr; name: string; qn?: string; at: SgNode }
  | { k: 'index'; obj: Expr; index: Expr; at: SgNode }
  | { k: 'slice'; obj: Expr; at: SgNode }
  | Call
  | { k: 'binop'; op: string; left: Expr; right: Expr; at: SgNode }
  | { k: 'unop'; op: string; operand: Expr; at: SgNode }
  /** Comparison chain `a < b < c`: ops[i] compares operands[i] and operands[i+1]. */
  | { k: 'compare'; ops: string[]; operands: Expr[]; at: SgNode }
  | { k: 'bool'; op: 'and' | 'or'; values: Expr[]; at: SgNode }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; at: SgNode }
  | { k: 'list' | 'tuple' | 'set'; items: Expr[]; at: SgNode }
  /** Dictionary display; a null key is a `**splat`. */
  | { k: 'dict'; entries: { key: Expr | null; value: Expr }[]; at: SgNode }
  /** A string built from parts (f-string, template). */
  | { k: 'format'; parts: Expr[]; at: SgNode }
  | { k: 'lambda'; fn: FunctionIR; at: SgNode }
  /** Comprehension: each generator binds `target` from `iter`, filtered by `conds`; yields `elt` (and `value`). */
  | {
      k: 'comp';
      gens: { target: Target; iter: Expr; conds: Expr[] }[];
      elt: Expr;
      value?: Expr;
      kind: 'list' | 'set' | 'dict' | 'gen';
      at: SgNode;
    }
  /** Assignment expression `(name := value)`. */
  | { k: 'walrus'; target: string; value: Expr; at: SgNode }
  /** `yield x` / `yield from x`: the value goes out to whoever iterates the generator. */
  | { k: 'yield'; value?: Expr; at: SgNode }
  /** `*x` in a call or display. */
  | { k: 'star'; value: Expr; at: SgNode }
  /** Anything else: the result depends on the operands in an unknown way. */
  | { k: 'op'; operands: Expr[]; at: SgNode };

export interface Call {
  k: 'call';
  callee: Expr;
  /** Qualified names the callee may denote (after imports); empty when not a dotted name. */
  names: readonly string[];
  /** The last name segment (`execute` for `cur.execute(...)`). */
  method: string;
  /** The receiver of a method call (`cur`), absent for a plain function call. */
  receiver?: Expr;
  args: Expr[];
  keywords: { name: string; value: Expr }[];
  /** `**kwargs` splats. */
  kwsplats: Expr[];
  /** Source text of the callee, for messages. */
  text: string;
  /** Source text of the receiver (`self.db` for `self.db.execute(...)`), '' without one. */
  receiverText: string;
  at: SgNode;
}

export type Target =
  | { k: 'name'; name: string; at: SgNode }
  | { k: 'attr'; obj: Expr; name: string; at: SgNode }
  | { k: 'index'; obj: Expr; index: Expr; at: SgNode }
  | { k: 'tuple'; items: Target[]; at: SgNode }
  | { k: 'star'; target: Target; at: SgNode }
  /** A target the lowering cannot describe: assignments to it are ignored. */
  | { k: 'other'; at: SgNode };

export type Stmt =
  | { k: 'assign'; targets: Target[]; value: Expr; at: SgNode }
  | { k: 'augassign'; target: Target; op: string; value: Expr; at: SgNode }
  | { k: 'expr'; value: Expr; at: SgNode }
  | { k: 'if'; test: Expr; then: Stmt[]; else: Stmt[]; at: SgNode }
  | { k: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[]; at: SgNode }
  | { k: 'for'; target: Target; iter: Expr; body: Stmt[]; orelse: Stmt[]; at: SgNode }
  | { k: 'return'; value?: Expr; at: SgNode }
  | { k: 'raise'; value?: Expr; at: SgNode }
  | { k: 'break'; at: SgNode }
  | { k: 'continue'; at: SgNode }
  | {
      k: 'try';
      body: Stmt[];
      handlers: { name?: string; body: Stmt[]; at: SgNode }[];
      orelse: Stmt[];
      finally: Stmt[];
      at: SgNode;
    }
  | { k: 'with'; items: { value: Expr; target?: Target }[]; body: Stmt[]; at: SgNode }
  /** A nested function definition binds its name. */
  | { k: 'def'; fn: FunctionIR; at: SgNode }
  | { k: 'class'; cls: ClassIR; at: SgNode }
  /** `del x`, `global x` and other statements with no effect on taint. */
  | { k: 'pass'; at: SgNode };

export interface Param {
  name: string;
  /** `*args` / `**kwargs`. */
  star?: 'args' | 'kwargs';
  default?: Expr;
  /** Annotation source text. */
  annotation?: string;
  at: SgNode;
}

export interface FunctionIR {
  name: string;
  /** `Class.method` or `outer.inner`: unique within the file. */
  id: string;
  params: Param[];
  body: Stmt[];
  decorators: Expr[];
  /** The class this function is a method of. */
  className?: string;
  /** Static methods take no receiver. */
  isStatic: boolean;
  at: SgNode;
}

export interface ClassIR {
  name: string;
  /** Base classes as written, and resolved through imports. */
  bases: readonly string[];
  methods: FunctionIR[];
  /** Class-level statements (attribute defaults). */
  body: Stmt[];
  /** Annotated class-level names in order (dataclass-style fields, constructor parameters). */
  fields: string[];
  at: SgNode;
}

export interface ModuleIR {
  body: Stmt[];
  /** Every function, method and lambda in the file, nested ones included. */
  functions: FunctionIR[];
  classes: ClassIR[];
  /** Top-level modules the file imports (for framework handlers). */
  imports: ReadonlySet<string>;
}
