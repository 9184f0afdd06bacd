import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type PythonContext } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { stringValue, unwrap } from '../../../languages/python/expr.js';
import { leadingText, soleAssignment } from '../../../languages/python/flow-helpers.js';

/** Functions that return a fresh temporary name without creating the file. */
const NAME_ONLY = ['tempfile.mktemp', 'os.tempnam', 'os.tmpnam'];

/** World-writable, shared directories where a fixed name can be claimed by any local user. */
const SHARED_DIR = /^\/(var\/)?tmp(\/|$)|^\/dev\/shm(\/|$)/;

/** The hard-coded shared-directory path an expression starts with, if it does. */
function sharedTmpPath(ctx: PythonContext, node: SgNode, depth = 0): string | undefined {
  const n = unwrap(node);
  if (n.kind() === 'identifier' && depth < 2) {
    const v = soleAssignment(n);
    return v === undefined ? undefined : sharedTmpPath(ctx, v, depth + 1);
  }
  if (n.kind() === 'call') {
    const fn = n.field('function');
    // os.path.join("/tmp", name), Path("/tmp/app.pid")
    if (
      fn !== null &&
      ctx
        .resolve(fn)
        .some((q) => q === 'os.path.join' || q === 'pathlib.Path' || q === 'pathlib.PosixPath')
    ) {
      const first = n.field('arguments')?.namedChildren()[0];
      const p = first === undefined ? undefined : sharedTmpPath(ctx, first, depth + 1);
      return p;
    }
  }
  if (n.kind() === 'binary_operator' && n.field('operator')?.text() === '/') {
    const left = n.field('left');
    return left === null ? undefined : sharedTmpPath(ctx, left, depth + 1);
  }
  const text = leadingText(n);
  return text !== undefined && SHARED_DIR.test(text) ? text : undefined;
}

function isWriteMode(mode: SgNode | undefined): boolean {
  if (mode === undefined) return false;
  const m = stringValue(mode);
  // 'x' creates exclusively: it fails instead of following a planted file or symlink.
  return m !== undefined && /[wa+]/.test(m) && !m.includes('x');
}

export default definePythonRule({
  name: 'insecure-temp-file',
  title: 'Insecure temporary file: predictable name in a shared directory',
  description:
    'Finds tempfile.mktemp/os.tempnam/os.tmpnam, which return a name without creating the file, and files opened for writing at hard-coded paths under /tmp or /var/tmp.',
  cwe: [377],
  severity: 'warning',
  confidence: 'high',
  tags: ['filesystem', 'race-condition'],
  messages: {
    default:
      '`{{callee}}()` returns a temporary file name without creating the file; another local user can create it, or a symlink with that name, before this program opens it.',
    fixedPath:
      '`{{callee}}` writes to the fixed path `{{path}}` in a world-writable directory; another local user can pre-create it or plant a symlink there.',
  },
  help: {
    why: "In /tmp every local user can create files. A name that is known in advance (a fixed path) or handed out before the file exists (mktemp) lets an attacker create the file first with permissions they control, or plant a symlink so that this program overwrites /etc/passwd or a user's files with its own privileges, or reads data the attacker wrote.",
    fix: 'Let the tempfile module create the file atomically with private permissions: `tempfile.NamedTemporaryFile(delete=False)`, `tempfile.mkstemp()` or `tempfile.TemporaryDirectory()`. For a fixed location use a private directory (e.g. $XDG_RUNTIME_DIR) and open with `"x"` mode.',
  },
  // Calls resolved to NAME_ONLY (mktemp, tempnam, tmpnam), or a path literal starting in a shared
  // directory (SHARED_DIR), whose leading piece of text is a contiguous piece of the source.
  requires: ['ktemp', 'pnam', '/tmp', '/dev/shm'],
  *detect(ctx) {
    for (const call of ctx.calls(...NAME_ONLY)) {
      yield { node: call.node, data: { callee: call.calleeText } };
    }
    // Fixtures and scratch files at fixed /tmp paths are the norm in tests.
    if (ctx.file.testCode) return;
    for (const call of ctx.calls('open', 'io.open', 'codecs.open', 'os.open')) {
      const isOs = call.callee.includes('os.open');
      const target = arg(call, 0, isOs ? 'path' : 'file');
      if (target === undefined) continue;
      if (isOs) {
        const flags = arg(call, 1, 'flags')?.text() ?? '';
        if (!/O_(CREAT|WRONLY|RDWR|TRUNC|APPEND)/.test(flags) || flags.includes('O_EXCL')) continue;
      } else if (!isWriteMode(arg(call, 1, 'mode'))) continue;
      const path = sharedTmpPath(ctx, target);
      if (path === undefined) continue;
      yield {
        node: call.node,
        messageId: 'fixedPath',
        data: { callee: call.calleeText, path: path.slice(0, 60) },
        confidence: 'medium',
      };
    }
    for (const call of ctx.methodCalls('write_text', 'write_bytes', 'open')) {
      if (
        call.receiver === null ||
        call.callee.some((q) => q === 'os.open' || q === 'io.open' || q === 'codecs.open')
      )
        continue;
      if (call.method === 'open' && !isWriteMode(arg(call, 0, 'mode'))) continue;
      const recv = unwrap(call.receiver);
      // Only a path visibly built from a /tmp literal: Path("/tmp/x").write_text(...)
      if (recv.kind() !== 'call' && recv.kind() !== 'binary_operator') continue;
      const path = sharedTmpPath(ctx, recv);
      if (path === undefined) continue;
      yield {
        node: call.node,
        messageId: 'fixedPath',
        data: { callee: call.calleeText, path: path.slice(0, 60) },
        confidence: 'medium',
      };
    }
  },
});
