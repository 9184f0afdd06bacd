import type { SgNode } from '@ast-grep/napi';
import {
  definePythonRule,
  type CallSite,
  type Detection,
  type PythonContext,
} from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { unwrap } from '../../../languages/python/expr.js';
import { intLiteral, soleAssignment } from '../../../languages/python/flow-helpers.js';

const STAT_BITS: Readonly<Record<string, number>> = {
  S_ISUID: 0o4000,
  S_ISGID: 0o2000,
  S_ISVTX: 0o1000,
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IRWXG: 0o70,
  S_IRGRP: 0o40,
  S_IWGRP: 0o20,
  S_IXGRP: 0o10,
  S_IRWXO: 0o7,
  S_IROTH: 0o4,
  S_IWOTH: 0o2,
  S_IXOTH: 0o1,
  S_IREAD: 0o400,
  S_IWRITE: 0o200,
  S_IEXEC: 0o100,
};

const WORLD_WRITE = 0o002;

/** The numeric value of a permission expression: octal literals, stat.S_* flags and |, &, ~, +, ^. */
function modeValue(ctx: PythonContext, node: SgNode, depth = 0): number | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(node);
  const lit = intLiteral(n);
  if (lit !== undefined) return lit;
  const k = n.kind();
  if (k === 'identifier' || k === 'attribute') {
    for (const q of ctx.resolve(n)) {
      const m = /^stat\.(S_[A-Z]+)$/.exec(q);
      const bit = m?.[1] === undefined ? undefined : STAT_BITS[m[1]];
      if (bit !== undefined) return bit;
    }
    if (k === 'identifier' && depth < 3) {
      const v = soleAssignment(n);
      return v === undefined ? undefined : modeValue(ctx, v, depth + 1);
    }
    return undefined;
  }
  if (k === 'unary_operator') {
    const a = n.field('argument');
    const v = a === null ? undefined : modeValue(ctx, a, depth + 1);
    return v === undefined || n.field('operator')?.text() !== '~' ? undefined : ~v;
  }
  if (k === 'binary_operator') {
    const l = n.field('left');
    const r = n.field('right');
    const a = l === null ? undefined : modeValue(ctx, l, depth + 1);
    const b = r === null ? undefined : modeValue(ctx, r, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    switch (n.field('operator')?.text()) {
      case '|':
        return a | b;
      case '+':
        return a + b;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      default:
        return undefined;
    }
  }
  return undefined;
}

function octal(v: number): string {
  return `0o${(v & 0o7777).toString(8)}`;
}

/** Functions that set a mode outright, and the position of the mode argument. */
const SETTERS: readonly (readonly [string, number])[] = [
  ['os.chmod', 1],
  ['os.lchmod', 1],
  ['os.fchmod', 1],
];
/** Functions that create with a mode that the umask still filters. */
const CREATORS: readonly (readonly [string, number])[] = [
  ['os.mkdir', 1],
  ['os.makedirs', 1],
  ['os.open', 2],
  ['os.mkfifo', 1],
];

/**
 * `old = os.umask(0); os.umask(old)`: the idiom that reads the current umask, restoring it at once.
 */
function isUmaskQuery(call: CallSite): boolean {
  const asg = call.node.parent();
  const target = asg?.kind() === 'assignment' ? asg.field('left') : null;
  const stmt = asg?.parent();
  if (target?.kind() !== 'identifier' || stmt?.kind() !== 'expression_statement') return false;
  const next = stmt.next();
  const restore = next?.kind() === 'expression_statement' ? next.namedChildren()[0] : undefined;
  if (restore?.kind() !== 'call') return false;
  const fn = restore.field('function')?.text() ?? '';
  const args = restore.field('arguments')?.namedChildren() ?? [];
  return /(^|\.)umask$/.test(fn) && args.length === 1 && args[0]?.text() === target.text();
}

/** The mode argument of a Path/SFTP method call (`p.chmod(0o777)`, `sftp.chmod(path, 0o777)`). */
function methodMode(call: CallSite): SgNode | undefined {
  const kw = call.keywords.get('mode');
  if (kw !== undefined) return kw;
  if (call.method === 'touch') return undefined; // Path.touch takes mode only by keyword in practice
  if (call.args.length === 1) return arg(call, 0);
  if (call.args.length === 2 && call.method === 'chmod') return arg(call, 1);
  return undefined;
}

export default definePythonRule({
  name: 'world-writable-permissions',
  title: 'World-writable permissions on a file or directory',
  description:
    'Finds chmod, mkdir, makedirs, os.open and Path methods given a literal mode that lets other users write (0o002 bit, such as 0o777 or 0o666), and umask values that allow it.',
  cwe: [732],
  severity: 'warning',
  confidence: 'high',
  tags: ['permissions', 'filesystem'],
  messages: {
    default: '`{{callee}}` sets mode {{mode}}, which lets every local user modify {{what}}.',
    create:
      '`{{callee}}` requests mode {{mode}}, which is world-writable; only the process umask stands between this and a file every local user can modify.',
    umask:
      '`{{callee}}({{mode}})` does not mask the world-write bit: files and directories created afterwards can be world-writable.',
  },
  help: {
    why: 'A world-writable file or directory can be changed by every account on the machine, including a compromised web server or a container neighbour. Attackers use it to replace scripts and configuration that a privileged process later runs or trusts, to plant symlinks, or to tamper with logs and data.',
    fix: 'Grant only what the owner needs: `0o600` for private files, `0o644`/`0o755` for shared read-only ones, `0o700` for private directories. Use a group (`0o660`, `0o770`) when several service accounts must write. Keep the umask at `0o022` or stricter (`0o077`).',
  },
  // The names of the functions and methods below (chmod, mkdir, makedirs, mkfifo and umask as
  // substrings starting with rarer letters, found faster).
  requires: ['open', 'hmod', 'kdir', 'kedirs', 'kfifo', 'touch', 'mask'],
  *detect(ctx) {
    const seen = new Set<number>();
    const report = (
      call: CallSite,
      modeNode: SgNode | undefined,
      kind: 'set' | 'create',
    ): Detection | undefined => {
      if (modeNode === undefined || seen.has(call.node.id())) return undefined;
      const v = modeValue(ctx, modeNode);
      if (v === undefined || (v & WORLD_WRITE) === 0) return undefined;
      const isDir = /mkdir|makedirs/.test(call.method);
      // 0o666 for a new regular file is open()'s own default: "let the umask decide", not a grant.
      if (kind === 'create' && !isDir && (v & 0o7777) === 0o666) return undefined;
      seen.add(call.node.id());
      return {
        node: call.node,
        messageId: kind === 'set' ? 'default' : 'create',
        data: {
          callee: call.calleeText,
          mode: octal(v),
          what: isDir ? 'the directory' : 'the file',
        },
        // The umask usually removes the world-write bit from newly created files.
        confidence: kind === 'set' ? 'high' : 'medium',
      };
    };
    for (const [name, pos] of SETTERS) {
      for (const call of ctx.calls(name)) {
        const d = report(call, arg(call, pos, 'mode'), 'set');
        if (d !== undefined) yield d;
      }
    }
    for (const [name, pos] of CREATORS) {
      for (const call of ctx.calls(name)) {
        const d = report(call, arg(call, pos, 'mode'), 'create');
        if (d !== undefined) yield d;
      }
    }
    for (const call of ctx.methodCalls('chmod', 'mkdir', 'touch')) {
      if (call.receiver === null || call.callee.some((q) => q.startsWith('os.'))) continue;
      const d = report(call, methodMode(call), call.method === 'chmod' ? 'set' : 'create');
      if (d !== undefined) yield d;
    }
    for (const call of ctx.calls('os.umask')) {
      const maskNode = arg(call, 0, 'mask');
      const v = maskNode === undefined ? undefined : modeValue(ctx, maskNode);
      if (v === undefined || (v & WORLD_WRITE) !== 0 || isUmaskQuery(call)) continue;
      yield {
        node: call.node,
        messageId: 'umask',
        data: { callee: call.calleeText, mode: octal(v) },
      };
    }
  },
});
