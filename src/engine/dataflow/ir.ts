import type { SyntaxNode } from '../../core/syntax.js';

/**
 * The parse-tree node an IR node came from. The engine only reads its text and range (for traces and
 * findings; a lowering may read the kind back), so any language's tree fits: ast-grep's `SgNode` (Python) and the C tree's `SyntaxNode`.
 */
export type IrNode = Pick<SyntaxNode, 'text' | 'range'> & {
  /** ast-grep types a kind loosely (string or number); the engine never reads it. */
  kind(): unknown;
};

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
  | { k: 'const'; value: ConstValue; at: IrNode }
  /** A read of a local, global or builtin name; `qn` is its qualified name when imported or builtin. */
  | { k: 'name'; name: string; qn?: string; imported?: boolean; at: IrNode }
  /** `obj.name`; `qn` when the whole dotted chain resolves through an import (`flask.request.args`). */
  | { k: 'attr'; obj: Expr; name: string; qn?: string; at: IrNode }
  | { k: 'index'; obj: Expr; index: Expr; at: IrNode }
  | { k: 'slice'; obj: Expr; at: IrNode }
  | Call
  | { k: 'binop'; op: string; left: Expr; right: Expr; at: IrNode }
  | { k: 'unop'; op: string; operand: Expr; at: IrNode }
  /** Comparison chain `a < b < c`: ops[i] compares operands[i] and operands[i+1]. */
  | { k: 'compare'; ops: string[]; operands: Expr[]; at: IrNode }
  | { k: 'bool'; op: 'and' | 'or'; values: Expr[]; at: IrNode }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; at: IrNode }
  | { k: 'list' | 'tuple' | 'set'; items: Expr[]; at: IrNode }
  /** Dictionary display; a null key is a `**splat`. */
  | { k: 'dict'; entries: { key: Expr | null; value: Expr }[]; at: IrNode }
  /** A string built from parts (f-string, template). */
  | { k: 'format'; parts: Expr[]; at: IrNode }
  | { k: 'lambda'; fn: FunctionIR; at: IrNode }
  /** Comprehension: each generator binds `target` from `iter`, filtered by `conds`; yields `elt` (and `value`). */
  | {
      k: 'comp';
      gens: { target: Target; iter: Expr; conds: Expr[] }[];
      elt: Expr;
      value?: Expr;
      kind: 'list' | 'set' | 'dict' | 'gen';
      at: IrNode;
    }
  /** Assignment expression `(name := value)`. */
  | { k: 'walrus'; target: string; value: Expr; at: IrNode }
  /** `yield x` / `yield from x`: the value goes out to whoever iterates the generator. */
  | { k: 'yield'; value?: Expr; at: IrNode }
  /** `*x` in a call or display. */
  | { k: 'star'; value: Expr; at: IrNode }
  /**
   * An assignment used as an expression (C: `(n = recv(...)) > 0`, `*p++ = c`): assigns, and its value
   * is the assigned value. With `op` (`+=`), the target is combined with the value first.
   */
  | { k: 'assign'; target: Target; value: Expr; op?: string; at: IrNode }
  /** Anything else: the result depends on the operands in an unknown way. */
  | { k: 'op'; operands: Expr[]; at: IrNode };

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
  /**
   * C/C++: `names` are ordered most specific first and only the first name some spec entry matches
   * counts (`std::getline` before `getline`). Python leaves it unset: every name counts.
   */
  firstNameWins?: boolean;
  /**
   * The function of this file the call certainly reaches, by id, when the lowering resolved it
   * statically (C++: `run(x)` inside a method of the class, `obj.run(x)` with `obj` of a class of the
   * file). A method receives the receiver, or a clean value without one.
   */
  resolved?: string;
  /** Source text of the callee, for messages. */
  text: string;
  /** Source text of the receiver (`self.db` for `self.db.execute(...)`), '' without one. */
  receiverText: string;
  at: IrNode;
}

export type Target =
  | { k: 'name'; name: string; at: IrNode }
  | { k: 'attr'; obj: Expr; name: string; at: IrNode }
  | { k: 'index'; obj: Expr; index: Expr; at: IrNode }
  | { k: 'tuple'; items: Target[]; at: IrNode }
  | { k: 'star'; target: Target; at: IrNode }
  /** A target the lowering cannot describe: assignments to it are ignored. */
  | { k: 'other'; at: IrNode };

export type Stmt =
  | { k: 'assign'; targets: Target[]; value: Expr; at: IrNode }
  | { k: 'augassign'; target: Target; op: string; value: Expr; at: IrNode }
  | { k: 'expr'; value: Expr; at: IrNode }
  | { k: 'if'; test: Expr; then: Stmt[]; else: Stmt[]; at: IrNode }
  | {
      k: 'while';
      test: Expr;
      body: Stmt[];
      orelse: Stmt[];
      /** C `do body while (test);`: the body runs before the test (`while (0)`: exactly once). */
      doWhile?: boolean;
      /**
       * C: iterate to a fixed point at once, without running a constant test's body iteration by
       * iteration (`for (;;)` and `while (1)` would only repeat it).
       */
      fixpoint?: boolean;
      at: IrNode;
    }
  | { k: 'for'; target: Target; iter: Expr; body: Stmt[]; orelse: Stmt[]; at: IrNode }
  | { k: 'return'; value?: Expr; at: IrNode }
  | { k: 'raise'; value?: Expr; at: IrNode }
  | { k: 'break'; at: IrNode }
  | { k: 'continue'; at: IrNode }
  | {
      k: 'try';
      body: Stmt[];
      handlers: { name?: string; body: Stmt[]; at: IrNode }[];
      orelse: Stmt[];
      finally: Stmt[];
      at: IrNode;
    }
  | { k: 'with'; items: { value: Expr; target?: Target }[]; body: Stmt[]; at: IrNode }
  /** A nested function definition binds its name. */
  | { k: 'def'; fn: FunctionIR; at: IrNode }
  | { k: 'class'; cls: ClassIR; at: IrNode }
  /**
   * C/C++ `switch`: `cases` in source order; control enters any case (or the end, without a
   * `default`), falls through to the next case, and leaves at `break`.
   */
  | { k: 'switch'; test: Expr; cases: Stmt[][]; hasDefault: boolean; at: IrNode }
  /** C/C++ `goto label;` and `label:`: a label is reached from every `goto` to it (forward or back). */
  | { k: 'goto'; label: string; at: IrNode }
  | { k: 'label'; label: string; at: IrNode }
  /** `del x`, `global x` and other statements with no effect on taint. */
  | { k: 'pass'; at: IrNode };

export interface Param {
  name: string;
  /** `*args` / `**kwargs`. */
  star?: 'args' | 'kwargs';
  default?: Expr;
  /** Annotation source text. */
  annotation?: string;
  /**
   * C/C++: a pointer, array or reference parameter: what the function writes through it reaches the
   * caller's argument (out-parameter summaries).
   */
  out?: boolean;
  at: IrNode;
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
  /**
   * C/C++: parameters and locals declared only with an arithmetic type (`int`, `size_t`, `double`):
   * whatever is written to them is a number, which carries no syntax (clean for every sink kind).
   */
  scalars?: ReadonlySet<string>;
  /** C/C++: the function returns an arithmetic type (its result is clean for every sink kind). */
  scalarReturn?: boolean;
  /**
   * C/C++: file-scope variables the function may write (those it does not declare itself): what it
   * leaves in them is seen by the other functions of the file.
   */
  globals?: ReadonlySet<string>;
  /**
   * C/C++: locals and parameters declared only as pointers or references (`char *p`, `T &r`): after
   * `p = buf` a write through `p` lands in `buf`.
   */
  pointers?: ReadonlySet<string>;
  at: IrNode;
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
  at: IrNode;
}

export interface ModuleIR {
  body: Stmt[];
  /** Every function, method and lambda in the file, nested ones included. */
  functions: FunctionIR[];
  classes: ClassIR[];
  /** Top-level modules the file imports (for framework handlers). */
  imports: ReadonlySet<string>;
}
