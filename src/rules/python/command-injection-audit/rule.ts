import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import {
  dynamicParts,
  dynamicStringKind,
  isConstantValue,
  isTrue,
  type DynamicStringKind,
} from '../../../languages/python/expr.js';
import { SHELL_COMMAND_CALLS } from '../../../languages/python/taint/sinks.js';

/** Calls that hand their first argument to a shell whatever the flags (and pty.spawn, a program). */
const ALWAYS_SHELL = [...SHELL_COMMAND_CALLS, 'pty.spawn'];

/** subprocess entry points that use a shell only with shell=True. */
const SHELL_FLAG = [
  'subprocess.call',
  'subprocess.run',
  'subprocess.Popen',
  'subprocess.check_call',
  'subprocess.check_output',
];

function describeCommand(cmd: SgNode, kind: DynamicStringKind | undefined): string {
  switch (kind) {
    case 'f-string':
      return 'a command built with an f-string';
    case 'percent-format':
      return 'a command built with %-formatting';
    case 'format-method':
      return 'a command built with str.format()';
    case 'concatenation':
      return 'a command built by concatenation';
    default:
      return `a command from \`${cmd.text().slice(0, 40)}\``;
  }
}

/** Values that cannot carry shell metacharacters once converted. */
const SHELL_SAFE = new Set(['shlex.quote', 'pipes.quote', 'int', 'float', 'len', 'str.isdigit']);

function isNeutralised(part: SgNode, resolve: (n: SgNode) => readonly string[]): boolean {
  if (part.kind() !== 'call') return false;
  const fn = part.field('function');
  return fn !== null && resolve(fn).some((name) => SHELL_SAFE.has(name));
}

function detectShellCall(
  call: CallSite,
  cmd: SgNode | undefined,
  resolve: (n: SgNode) => readonly string[],
): Detection | undefined {
  if (cmd === undefined || isConstantValue(cmd)) return undefined;
  const parts = dynamicParts(cmd);
  if (parts.every((p) => isNeutralised(p, resolve))) return undefined;
  const kind = dynamicStringKind(cmd);
  return {
    node: call.node,
    data: { callee: call.calleeText, command: describeCommand(cmd, kind) },
  };
}

export default definePythonRule({
  name: 'command-injection-audit',
  title: 'OS command built from non-constant data and run through a shell',
  description:
    'Finds shell command execution (os.system, os.popen, subprocess with shell=True, ...) whose command is not a constant.',
  cwe: [78],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'injection', 'shell'],
  messages: {
    default: '`{{callee}}` runs {{command}} through a shell.',
    paramiko: '`{{callee}}` runs {{command}} in a remote shell.',
  },
  help: {
    why: 'A shell interprets metacharacters in the command (; | & $(...), backticks, newlines). If any part of it comes from outside, an attacker can append their own commands and run them with the privileges of this process.',
    fix: 'Pass the program and its arguments as a list without a shell: `subprocess.run(["tar", "-xf", path], check=True)`. If a shell is unavoidable, quote every interpolated value with `shlex.quote()` and validate it against an allow-list.',
  },
  // A resolved name needs each of its segments in the file: subprocess (SHELL_FLAG and part of
  // ALWAYS_SHELL), system, popen, getoutput/getstatusoutput, spawn, and exec_command for paramiko.
  // Listed as substrings starting with rarer letters, which are found faster.
  requires: ['bprocess', 'ystem', 'popen', 'output', 'pawn', 'xec_co'],
  *detect(ctx) {
    for (const call of ctx.calls(...ALWAYS_SHELL)) {
      const kw = call.callee[0]?.startsWith('os.') === true ? 'command' : 'cmd';
      const d = detectShellCall(call, arg(call, 0, kw), ctx.resolve);
      if (d !== undefined) yield d;
    }
    for (const call of ctx.calls(...SHELL_FLAG)) {
      if (!isTrue(call.keywords.get('shell'))) continue;
      const d = detectShellCall(call, arg(call, 0, 'args'), ctx.resolve);
      if (d !== undefined) yield d;
    }
    // paramiko's SSHClient.exec_command runs its string in the remote user's shell.
    if (ctx.imports.modules.has('paramiko')) {
      for (const call of ctx.methodCalls('exec_command')) {
        if (call.receiver === null) continue;
        const d = detectShellCall(call, arg(call, 0, 'command'), ctx.resolve);
        if (d !== undefined) yield { ...d, messageId: 'paramiko' };
      }
    }
  },
});
