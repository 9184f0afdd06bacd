import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { unwrap } from '../../../languages/python/expr.js';
import {
  boundValues,
  describeBuild,
  excerpt,
  isConversion,
  isLocalFileRead,
  readsRequestData,
  shapeOf,
  type Resolver,
} from '../../../languages/python/injection-helpers.js';

const EVALUATORS = new Set(['eval', 'exec', 'builtins.eval', 'builtins.exec']);
/** The last name of every evaluator and compiler, as a whole word. */
const EVAL_NAME = /(?<!\w)(?:eval|exec|compile)(?!\w)/;
const COMPILERS = new Set(['compile', 'builtins.compile']);

/** Bare names the file redefines as its own functions: `eval(...)` then is not the builtin. */
function shadowedBuiltins(root: SgNode, source: string): Set<string> {
  const out = new Set<string>();
  // Such a definition is spelled `def eval` (the name may follow on a continued line).
  if (!/\bdef[\s\\]+(?:eval|exec|compile)(?!\w)/.test(source)) return out;
  for (const def of root.findAll({
    rule: {
      kind: 'function_definition',
      has: { field: 'name', regex: '^(eval|exec|compile)$' },
      not: { inside: { kind: 'class_definition', stopBy: 'end' } },
    },
  })) {
    const name = def.field('name')?.text();
    if (name !== undefined) out.add(name);
  }
  return out;
}

function isBuiltinCall(node: SgNode, resolve: Resolver, names: ReadonlySet<string>): boolean {
  const n = unwrap(node);
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  return fn !== null && resolve(fn).some((x) => names.has(x));
}

/** The source text a code object was compiled from: `compile(src, ...)` -> `src`. */
function compiledSource(node: SgNode, resolve: Resolver): SgNode | undefined {
  const n = unwrap(node);
  if (!isBuiltinCall(n, resolve, COMPILERS)) return undefined;
  return n
    .field('arguments')
    ?.namedChildren()
    .find((c) => c.kind() !== 'comment');
}

function check(
  call: CallSite,
  code: SgNode | undefined,
  resolve: Resolver,
  isCompile: boolean,
): Detection | undefined {
  if (code === undefined || code.kind() === 'keyword_argument') return undefined;
  // setup.py style `exec(open("pkg/version.py").read())`: the code ships with the project.
  if (isLocalFileRead(code, resolve)) return undefined;
  const shape = shapeOf(code, { neutral: (p) => isConversion(p, resolve) });
  if (shape.kind === 'constant') return undefined;
  const fromRequest = readsRequestData(code);
  if (shape.kind === 'built') {
    return {
      node: call.node,
      messageId: isCompile ? 'compile' : 'default',
      data: { callee: call.calleeText, how: describeBuild(shape.how) },
    };
  }
  // An opaque code object handed to compile() is everyday tooling (loaders, REPLs); only its
  // execution, or request data visibly reaching it, is worth a finding.
  if (isCompile && !fromRequest) return undefined;
  return {
    node: call.node,
    messageId: isCompile ? 'compileOpaque' : 'opaque',
    data: { callee: call.calleeText, expr: excerpt(shape.expr) },
  };
}

export default definePythonRule({
  name: 'code-injection-audit',
  title: 'Python code built from non-constant data and run with eval, exec or compile',
  description:
    'Finds eval(), exec() and compile() applied to code that is not a constant, so that data can become executable Python.',
  cwe: [95, 94],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'injection', 'eval'],
  messages: {
    default: '`{{callee}}` runs Python code assembled with {{how}}.',
    opaque: '`{{callee}}` runs Python code taken from `{{expr}}`, which is not a constant.',
    compile: '`{{callee}}` compiles Python code assembled with {{how}} for execution.',
    compileOpaque: '`{{callee}}` compiles Python code taken from request data (`{{expr}}`).',
  },
  help: {
    why: 'eval() and exec() run their argument as Python with the full privileges of the process. If any part of it comes from a request, a file or a message, an attacker can run `__import__("os").system(...)`; restricting globals or builtins does not make this safe, since object introspection escapes any such sandbox.',
    fix: 'Do not evaluate data. Parse literals with `ast.literal_eval()`, numbers with `int()`/`float()`, structured data with `json.loads()`; map names to functions with a dict (`HANDLERS[name]()`); for arithmetic, walk an `ast` tree that allows only the node types you support.',
  },
  inTests: 'lower',
  // eval, exec and compile are named at each call, or in the import that binds an alias of them.
  requires: ['eval', 'exec', 'compile'],
  *detect(ctx) {
    // The name as a whole word (`exec`, not the `execute` of a database cursor), before the calls
    // of the file are indexed.
    if (!EVAL_NAME.test(ctx.source)) return;
    const calls = ctx.calls(...EVALUATORS, ...COMPILERS);
    if (calls.length === 0) return;
    const shadowed = shadowedBuiltins(ctx.root, ctx.source);
    for (const call of calls) {
      const bare = call.calleeText.replace(/^builtins\./, '');
      if (call.calleeText === bare && shadowed.has(bare)) continue;
      const isCompile = call.callee.some((n) => COMPILERS.has(n));
      let code = arg(call, 0, 'source');
      if (isCompile) {
        // exec(compile(src, ...)) is reported once, at the exec.
        const outer = call.node.parent()?.parent();
        if (
          outer !== undefined &&
          outer !== null &&
          isBuiltinCall(outer, ctx.resolve, EVALUATORS)
        ) {
          continue;
        }
      } else if (code !== undefined) {
        code = compiledSource(code, ctx.resolve) ?? code;
        const values = unwrap(code).kind() === 'identifier' ? boundValues(code) : [];
        // A code object from an earlier compile() call, which is reported (or cleared) itself.
        if (values.some((v) => isBuiltinCall(v, ctx.resolve, COMPILERS))) continue;
      }
      const d = check(call, code, ctx.resolve, isCompile);
      if (d !== undefined) yield d;
    }
  },
});
