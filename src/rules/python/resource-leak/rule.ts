import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type PythonContext } from '../../../engine/rule-api.js';
import { enclosingFunction, unwrap } from '../../../languages/python/expr.js';
import {
  declaredNonLocal,
  fieldNode,
  identifiersNamed,
  inNestedScope,
  kindOf,
} from '../../../languages/python/flow-helpers.js';

const FILE_OPENERS = ['open', 'io.open', 'codecs.open', 'gzip.open', 'bz2.open', 'lzma.open'];
const OTHER_OPENERS = [
  'socket.socket',
  'socket.create_connection',
  'tempfile.TemporaryFile',
  'tempfile.NamedTemporaryFile',
  'tempfile.SpooledTemporaryFile',
];

/** Calls that use a file object and return without keeping it. */
const NON_OWNING = new Set([
  'json.load',
  'json.dump',
  'pickle.load',
  'pickle.dump',
  'marshal.load',
  'marshal.dump',
  'yaml.safe_load',
  'yaml.load',
  'yaml.dump',
  'yaml.safe_dump',
  'tomllib.load',
  'toml.load',
  'toml.dump',
  'print',
  'len',
  'isinstance',
  'shutil.copyfileobj',
  'os.fstat',
]);

/** Methods whose call releases the handle. */
const CLOSERS = new Set(['close', '__exit__', 'detach', 'shutdown_and_close']);
/** Methods that read or write a file in one go: `open(p).read()`. */
const ONE_SHOT = new Set(['read', 'readlines', 'readline', 'write', 'writelines']);
/** Parents under which a name is only read (its value does not flow anywhere). */
const READ_ONLY_PARENTS = new Set([
  'comparison_operator',
  'not_operator',
  'if_statement',
  'elif_clause',
  'while_statement',
  'assert_statement',
  'expression_statement',
]);

type Fate = 'closed' | 'escapes' | 'used' | 'ignore';

function calleeOf(ctx: PythonContext, argList: SgNode): readonly string[] {
  const call = argList.parent();
  const fn = call?.kind() === 'call' ? call.field('function') : null;
  return fn === null ? [] : ctx.resolve(fn);
}

/** What one occurrence of the handle's name does with it. */
function fateOf(ctx: PythonContext, occ: SgNode): Fate {
  let p = occ.parent();
  if (p === null) return 'escapes';
  if (p.kind() === 'attribute') {
    if (p.field('object')?.id() !== occ.id()) return 'ignore';
    // f.close(), atexit.register(f.close)
    return CLOSERS.has(p.field('attribute')?.text() ?? '') ? 'closed' : 'used';
  }
  if (p.kind() === 'keyword_argument') {
    if (p.field('name')?.id() === occ.id()) return 'ignore';
    const list = p.parent();
    if (list?.kind() !== 'argument_list') return 'escapes';
    p = list;
  }
  if (p.kind() === 'argument_list') {
    return calleeOf(ctx, p).some((q) => NON_OWNING.has(q)) ? 'used' : 'escapes';
  }
  const k = kindOf(p);
  if (k === 'with_item' || (k === 'as_pattern' && p.parent()?.kind() === 'with_item'))
    return 'closed';
  if (k === 'delete_statement') return 'closed';
  if ((k === 'assignment' || k === 'augmented_assignment') && p.field('left')?.id() === occ.id()) {
    return 'ignore';
  }
  if (k === 'for_statement' && p.field('right')?.id() === occ.id()) return 'used';
  if (READ_ONLY_PARENTS.has(k)) return 'used';
  // returned, yielded, stored in a container or an attribute, aliased, captured ...
  return 'escapes';
}

/** Where a handle assigned in a function goes: undefined when it is never closed and never escapes. */
function handleFate(
  ctx: PythonContext,
  fn: SgNode,
  target: SgNode,
): 'closed' | 'escapes' | undefined {
  const name = target.text();
  if (declaredNonLocal(fn).has(name)) return 'escapes';
  let closed = false;
  let listens = false;
  for (const occ of identifiersNamed(fn, name)) {
    if (occ.id() === target.id()) continue;
    if (inNestedScope(occ, fn)) return 'escapes';
    const fate = fateOf(ctx, occ);
    if (fate === 'escapes') return 'escapes';
    if (fate === 'closed') closed = true;
    const attr = fieldNode(occ.parent(), 'attribute')?.text();
    if (attr === 'listen' || attr === 'bind') listens = true;
  }
  // A listening socket usually lives as long as the process.
  if (listens) return 'escapes';
  return closed ? 'closed' : undefined;
}

function isFileOpener(call: CallSite): boolean {
  return call.callee.some((q) => FILE_OPENERS.includes(q));
}

export default definePythonRule({
  name: 'resource-leak',
  title: 'File or socket opened without being closed',
  description:
    'Finds files and sockets assigned to a local name that the function never closes, never uses as a context manager and never hands on, and files read inline without closing.',
  cwe: [775],
  severity: 'warning',
  confidence: 'high',
  tags: ['resources', 'reliability'],
  messages: {
    default:
      '`{{name}} = {{callee}}(...)` opens a {{what}} that this function never closes: on any exception, and in long-running processes, the descriptor leaks.',
    inline:
      '`{{callee}}(...)` is used inline and never closed; CPython closes it when the object is collected, other interpreters (PyPy) may keep the descriptor open.',
  },
  help: {
    why: 'Every open file and socket holds an operating-system descriptor, and a process has a limited number. Code that opens without closing leaks one per call; a request handler or loop that an attacker can drive then exhausts the limit (EMFILE, "too many open files") and the service stops accepting connections or opening files. Unflushed writes can also be lost.',
    fix: 'Open with a context manager: `with open(path) as fh: data = fh.read()`, or `with socket.create_connection(addr) as s:`. Where a with block does not fit, close in `finally:` or register the handle with `contextlib.ExitStack`. For whole-file reads, `pathlib.Path(path).read_text()` opens and closes in one call.',
  },
  inTests: 'lower',
  // FILE_OPENERS all end in `open`; OTHER_OPENERS come from socket or tempfile (`...TemporaryFile`).
  requires: ['open', 'socket', 'TemporaryFile'],
  *detect(ctx) {
    for (const call of ctx.calls(...FILE_OPENERS, ...OTHER_OPENERS)) {
      const parent = call.node.parent();
      if (parent === null) continue;
      if (parent.kind() === 'assignment' && parent.field('right')?.id() === call.node.id()) {
        const target = parent.field('left');
        const fn = enclosingFunction(call.node);
        if (target?.kind() !== 'identifier' || fn === null || inNestedScope(call.node, fn))
          continue;
        if (handleFate(ctx, fn, target) !== undefined) continue;
        yield {
          node: call.node,
          data: {
            name: target.text(),
            callee: call.calleeText,
            what: isFileOpener(call)
              ? 'file'
              : call.callee.some((q) => q.startsWith('socket.'))
                ? 'socket'
                : 'temporary file',
          },
        };
        continue;
      }
      if (!isFileOpener(call)) continue;
      // open(p).read()
      const owner = parent.kind() === 'attribute' ? parent.parent() : null;
      const method = parent.field('attribute')?.text() ?? '';
      const oneShot =
        parent.kind() === 'attribute' &&
        owner?.kind() === 'call' &&
        ONE_SHOT.has(method) &&
        parent.field('object')?.id() === call.node.id();
      // json.load(open(p))
      const consumed =
        parent.kind() === 'argument_list' &&
        calleeOf(ctx, parent).some((q) => NON_OWNING.has(q) && q !== 'print' && q !== 'len');
      if (!oneShot && !consumed) continue;
      if (unwrap(call.node).kind() !== 'call') continue;
      yield {
        node: call.node,
        messageId: 'inline',
        data: { callee: call.calleeText },
        severity: 'note',
        confidence: 'low',
      };
    }
  },
});
