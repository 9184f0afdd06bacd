import type { SyntaxNode } from '../../../core/syntax.js';
import { defineCRule, type CContext } from '../../../engine/rule-api.js';
import { mentions } from '../../../languages/c/rule-helpers.js';

const PRIVILEGE_CALLS = [
  'setuid',
  'setgid',
  'seteuid',
  'setegid',
  'setreuid',
  'setregid',
  'setresuid',
  'setresgid',
  'setgroups',
  'initgroups',
  'chroot',
  'cap_set_proc',
];

/** How a call's result is used: discarded, kept in a variable, or consumed by an expression. */
function resultUse(
  call: SyntaxNode,
): { kind: 'discarded' } | { kind: 'stored'; name: string; at: SyntaxNode } | { kind: 'used' } {
  let n = call;
  for (let p = call.parent(); p !== null; p = p.parent()) {
    const k = p.kind();
    // `(void)setuid(uid);` says "ignored on purpose", which is still unchecked.
    if (k === 'parenthesized_expression' || k === 'cast_expression') {
      n = p;
      continue;
    }
    if (k === 'expression_statement') return { kind: 'discarded' };
    if (k === 'comma_expression' && p.field('left')?.id() === n.id()) return { kind: 'discarded' };
    if (k === 'init_declarator') {
      const name = p.field('declarator')?.text();
      return name === undefined ? { kind: 'used' } : { kind: 'stored', name, at: p };
    }
    if (k === 'assignment_expression' && p.field('right')?.id() === n.id()) {
      const left = p.field('left');
      return left?.kind() === 'identifier'
        ? { kind: 'stored', name: left.text(), at: p }
        : { kind: 'used' };
    }
    return { kind: 'used' };
  }
  return { kind: 'used' };
}

/** Whether a variable holding the result is read after it is stored. */
function readLater(ctx: CContext, name: string, at: SyntaxNode): boolean {
  const body = ctx.enclosingFunction(at)?.body;
  if (body === null || body === undefined) return true;
  const after = at.range().end.index;
  return body
    .findAll({ rule: { kind: 'identifier', regex: `^${name}$` } })
    .some((id) => id.range().start.index >= after && mentions(id, name));
}

export default defineCRule({
  name: 'unchecked-privilege-change',
  title: 'Result of setuid, setgid, chroot or a similar privilege change ignored',
  description:
    'Finds calls of setuid, setgid, seteuid, setresuid, setgroups, initgroups, chroot, and cap_set_proc whose return value is discarded or never read.',
  cwe: [252],
  severity: 'error',
  confidence: 'high',
  tags: ['privileges', 'error-handling'],
  messages: {
    default:
      'The result of `{{fn}}` is ignored; if it fails (resource limits, missing capability), the program goes on with the privileges it meant to drop.',
  },
  help: {
    why: 'setuid() and its relatives can fail, for instance when RLIMIT_NPROC is reached or a capability is missing. A program that drops root and carries on regardless keeps running as root while believing it is unprivileged; everything it does next on behalf of a user happens with full privileges. The same holds for chroot() and setgroups().',
    fix: 'Check every call and stop on failure: `if (setgid(gid) != 0 || setuid(uid) != 0) { perror("drop privileges"); exit(EXIT_FAILURE); }`. Drop supplementary groups and the group before the user, and verify with getuid()/geteuid() afterwards.',
  },
  requires: ['set', 'initgroups', 'chroot', 'cap_set_proc'],
  *detect(ctx) {
    for (const call of ctx.calls(...PRIVILEGE_CALLS)) {
      const use = resultUse(call.node);
      if (use.kind === 'used') continue;
      if (use.kind === 'stored' && readLater(ctx, use.name, use.at)) continue;
      yield { node: call.node, data: { fn: call.name } };
    }
  },
});
