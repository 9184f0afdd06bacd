import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import type { PythonContext } from '../../../languages/python/context.js';
import { enclosingFunction, literalValue, unwrap } from '../../../languages/python/expr.js';
import { compact, importsAny } from '../../../languages/python/web-helpers.js';

/** paramiko policies that accept an unknown host key (WarningPolicy only logs it). */
const ACCEPTING_POLICIES = new Map<string, string>([
  ['paramiko.AutoAddPolicy', 'AutoAddPolicy'],
  ['paramiko.client.AutoAddPolicy', 'AutoAddPolicy'],
  ['paramiko.WarningPolicy', 'WarningPolicy'],
  ['paramiko.client.WarningPolicy', 'WarningPolicy'],
]);
const BASE_POLICIES = new Set([
  'paramiko.MissingHostKeyPolicy',
  'paramiko.client.MissingHostKeyPolicy',
]);

/** The accepting policy an expression denotes: `AutoAddPolicy()`, `paramiko.WarningPolicy`. */
function policyName(ctx: PythonContext, node: SgNode): string | undefined {
  let n = unwrap(node);
  if (n.kind() === 'call') {
    const fn = n.field('function');
    if (fn === null) return undefined;
    n = fn;
  }
  for (const name of ctx.resolve(n)) {
    const p = ACCEPTING_POLICIES.get(name);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * Classes of this file that accept every unknown key: subclasses of AutoAddPolicy / WarningPolicy, and
 * subclasses of MissingHostKeyPolicy whose `missing_host_key` never raises.
 */
function acceptingClasses(ctx: PythonContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const cls of ctx.root.findAll({
    rule: { kind: 'class_definition', has: { field: 'superclasses', kind: 'argument_list' } },
  })) {
    const name = cls.field('name')?.text();
    const bases = cls.field('superclasses')?.namedChildren() ?? [];
    if (name === undefined) continue;
    for (const base of bases) {
      const inherited = policyName(ctx, base);
      if (inherited !== undefined) {
        out.set(name, `${name} (a subclass of ${inherited})`);
        break;
      }
      if (ctx.resolve(base).some((b) => BASE_POLICIES.has(b))) {
        const handler = cls.find({
          rule: {
            kind: 'function_definition',
            has: { field: 'name', regex: '^missing_host_key$' },
          },
        });
        if (handler !== null && handler.find({ rule: { kind: 'raise_statement' } }) === null) {
          out.set(name, `${name} (whose missing_host_key never raises)`);
        }
        break;
      }
    }
  }
  return out;
}

/** A local name assigned once in the same function from a policy: `policy = AutoAddPolicy()`. */
function assignedPolicy(
  ctx: PythonContext,
  ident: SgNode,
  classes: Map<string, string>,
): string | undefined {
  const scope = enclosingFunction(ident) ?? ctx.root;
  const assigned = scope.findAll({
    rule: {
      kind: 'assignment',
      has: { field: 'left', kind: 'identifier', regex: `^${ident.text()}$` },
    },
  });
  if (assigned.length !== 1) return undefined;
  const right = assigned[0]?.field('right');
  if (right === null || right === undefined) return undefined;
  return describePolicy(ctx, right, classes, false);
}

function describePolicy(
  ctx: PythonContext,
  node: SgNode,
  classes: Map<string, string>,
  followNames: boolean,
): string | undefined {
  const direct = policyName(ctx, node);
  if (direct !== undefined) return direct;
  const n = unwrap(node);
  const callee = n.kind() === 'call' ? n.field('function') : n;
  if (callee?.kind() === 'identifier') {
    const local = classes.get(callee.text());
    if (local !== undefined) return local;
    if (followNames && n.kind() === 'identifier') return assignedPolicy(ctx, n, classes);
  }
  return undefined;
}

export default definePythonRule({
  name: 'ssh-host-key-unverified',
  title: 'SSH connection accepts unknown host keys without verification',
  description:
    'Finds SSH clients (paramiko, asyncssh, pysftp) configured to accept a server host key that is not already known.',
  cwe: [322],
  severity: 'error',
  confidence: 'high',
  tags: ['ssh', 'transport', 'mitm'],
  messages: {
    default:
      '`{{callee}}` installs {{policy}}, which accepts a host key it has never seen instead of refusing the connection, so a man-in-the-middle can pose as the server.',
    asyncssh:
      '`{{callee}}` is called with known_hosts=None, which disables host key checking for this connection.',
    pysftp:
      '`{{target}}.hostkeys = None` disables host key checking for the SFTP connections made with these options.',
  },
  help: {
    why: 'The host key is how an SSH client knows it is talking to the real server. A client that accepts unknown keys (AutoAddPolicy, WarningPolicy) lets anyone who can intercept or redirect the connection (DNS spoofing, ARP spoofing, a hostile network) pose as the server, capture the password or agent-forwarded keys, and read or alter every command and file transfer.',
    fix: 'Load known keys and reject the rest: `client.load_system_host_keys()` (or `client.load_host_keys(path)`) and `client.set_missing_host_key_policy(paramiko.RejectPolicy())`. Distribute host keys ahead of time (a managed known_hosts file, SSHFP records or an SSH certificate authority).',
  },
  inTests: 'lower',
  // paramiko's set_missing_host_key_policy (by its method name), asyncssh calls, pysftp files.
  requires: ['set_missing_host_key_policy', 'asyncssh', 'pysftp'],
  *detect(ctx) {
    const policyCalls = ctx.methodCalls('set_missing_host_key_policy');
    // The file's own policy classes are only looked for when a policy is installed.
    const classes =
      policyCalls.length > 0 && importsAny(ctx, 'paramiko')
        ? acceptingClasses(ctx)
        : new Map<string, string>();
    for (const call of policyCalls) {
      const policyArg = arg(call, 0, 'policy');
      if (call.receiver === null || policyArg === undefined) continue;
      const policy = describePolicy(ctx, policyArg, classes, true);
      if (policy === undefined) continue;
      yield { node: call.node, data: { callee: call.calleeText, policy } } satisfies Detection;
    }
    for (const call of ctx.calls(
      'asyncssh.connect',
      'asyncssh.connect_reverse',
      'asyncssh.SSHClientConnectionOptions',
      'asyncssh.scp',
    )) {
      const kh = call.keywords.get('known_hosts');
      if (kh !== undefined && literalValue(kh) === null) {
        yield { node: call.node, messageId: 'asyncssh', data: { callee: call.calleeText } };
      }
    }
    if (importsAny(ctx, 'pysftp')) {
      for (const asg of ctx.root.findAll({
        rule: {
          kind: 'assignment',
          has: { field: 'left', kind: 'attribute', regex: '\\.\\s*hostkeys$' },
        },
      })) {
        const right = asg.field('right');
        const receiver = asg.field('left')?.field('object');
        if (right === null || receiver === null || receiver === undefined) continue;
        if (literalValue(right) !== null) continue;
        yield { node: asg, messageId: 'pysftp', data: { target: compact(receiver.text()) } };
      }
    }
  },
});
