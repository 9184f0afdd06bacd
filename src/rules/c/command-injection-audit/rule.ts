import {
  defineCRule,
  type CContext,
  type CCallSite,
  type Detection,
} from '../../../engine/rule-api.js';
import { stripCasts, unparenthesize } from '../../../languages/c/expr.js';
import { callsThroughMacros, isFixedText } from '../../../languages/c/rule-helpers.js';
import { EXEC_ARGUMENT_LIST, EXEC_ARGUMENT_VECTOR } from '../../../languages/c/taint/sinks.js';

/** The tree's node type, whatever backend the C context is built on. */
type CNode = CCallSite['node'];

/** Functions that hand a whole command line to a shell: the index of the command. */
const SHELL_CALLS: Readonly<Record<string, number>> = {
  system: 0,
  _wsystem: 0,
  popen: 0,
  _popen: 0,
  _wpopen: 0,
  WinExec: 0,
  CreateProcessA: 1,
  CreateProcessW: 1,
  CreateProcess: 1,
  g_spawn_command_line_sync: 0,
  g_spawn_command_line_async: 0,
};
/** exec functions taking the arguments as a list: `execl(path, arg0, ..., NULL)`. */
const EXEC_LIST = [...EXEC_ARGUMENT_LIST, '_spawnl', '_spawnlp'];
/** exec functions taking an argv array (its index). */
const EXEC_VECTOR: Readonly<Record<string, number>> = {
  ...Object.fromEntries(EXEC_ARGUMENT_VECTOR.map((f) => [f, 1])),
  posix_spawn: 4,
  posix_spawnp: 4,
};
const SHELL_SWITCH = /^(?:-c|\/c|\/C|-Command|-command)$/;
const SHELL_PROGRAM =
  /(?:^|[\\/])(?:sh|bash|dash|zsh|ksh|csh|tcsh|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/i;

/** Whether some element after a `-c` switch in a list of arguments is not fixed. */
function shellCommandAfterSwitch(
  ctx: CContext,
  args: readonly CNode[],
  sink?: CNode,
): CNode | undefined {
  let afterSwitch = false;
  for (const a of args) {
    const v = ctx.stringValue(unparenthesize(a));
    if (v !== undefined && SHELL_SWITCH.test(v)) {
      afterSwitch = true;
      continue;
    }
    if (
      afterSwitch &&
      !isFixedText(ctx, a, sink) &&
      stripCasts(a).kind() !== 'null' &&
      stripCasts(a).text() !== 'NULL'
    ) {
      return a;
    }
  }
  return undefined;
}

/** The elements of an argument list: `{"-c", cmd}`, `QStringList() << "-c" << cmd`, `QStringList{...}`, or a local initialised so. */
function listElements(ctx: CContext, node: CNode, depth = 0): CNode[] | undefined {
  const n = unparenthesize(node);
  const k = n.kind();
  if (k === 'initializer_list') return n.namedChildren().filter((c) => c.kind() !== 'comment');
  if (k === 'compound_literal_expression' || k === 'call_expression') {
    const list = n.find({ rule: { kind: 'initializer_list' } });
    if (list !== null) return listElements(ctx, list, depth + 1);
    return k === 'call_expression' && /QStringList\s*$/.test(n.field('function')?.text() ?? '')
      ? []
      : undefined;
  }
  if (k === 'binary_expression' && n.field('operator')?.text() === '<<') {
    const l = n.field('left');
    const r = n.field('right');
    const left = l === null ? undefined : listElements(ctx, l, depth + 1);
    return left === undefined || r === null ? undefined : [...left, r];
  }
  if (k === 'identifier' && depth < 3) {
    const d = ctx.declarationOf(n.text(), n);
    if (d?.value !== null && d?.value !== undefined) return listElements(ctx, d.value, depth + 1);
  }
  return undefined;
}

function* shellCalls(ctx: CContext): Generator<Detection> {
  for (const { call, name } of callsThroughMacros(ctx, Object.keys(SHELL_CALLS))) {
    const cmd = call.args[SHELL_CALLS[name] ?? 0];
    if (cmd === undefined || isFixedText(ctx, cmd, call.node)) continue;
    if (name.startsWith('CreateProcess') && stripCasts(cmd).text() === 'NULL') continue;
    yield { node: call.node, data: { fn: call.calleeText, cmd: cmd.text() } };
  }
}

function* execCalls(ctx: CContext): Generator<Detection> {
  for (const { call } of callsThroughMacros(ctx, EXEC_LIST)) {
    const bad = shellCommandAfterSwitch(ctx, call.args.slice(1), call.node);
    if (bad !== undefined) {
      yield { node: call.node, messageId: 'shell', data: { fn: call.calleeText, cmd: bad.text() } };
    }
  }
  for (const { call, name } of callsThroughMacros(ctx, Object.keys(EXEC_VECTOR))) {
    const argv = call.args[EXEC_VECTOR[name] ?? 1];
    const elements = argv === undefined ? undefined : listElements(ctx, argv);
    const bad =
      elements === undefined ? undefined : shellCommandAfterSwitch(ctx, elements, call.node);
    if (bad !== undefined) {
      yield { node: call.node, messageId: 'shell', data: { fn: call.calleeText, cmd: bad.text() } };
    }
  }
}

/** Whether a member call is made on a QProcess: a static `QProcess::` call, or a receiver declared as one. */
function onQProcess(ctx: CContext, call: CCallSite): boolean {
  if (call.qualifier === 'QProcess') return true;
  if (call.receiver === null) return false;
  const r = stripCasts(call.receiver);
  if (r.kind() === 'identifier') {
    const d = ctx.declarationOf(r.text(), r);
    if (d !== undefined)
      return /\bQProcess\b/.test(d.typeText) || /\bQProcess\b/.test(d.value?.text() ?? '');
  }
  // A member (`m_process->start(...)`) declared in a header: go by its name in a file that uses QProcess.
  return /process|proc\b/i.test(r.text()) && /\bQProcess\b/.test(ctx.source);
}

function* qprocessCalls(ctx: CContext): Generator<Detection> {
  if (!ctx.isCpp) return;
  for (const call of ctx.methodCalls('start', 'startDetached', 'execute', 'startCommand')) {
    if (!onQProcess(ctx, call)) continue;
    const [program, args] = call.args;
    if (program === undefined) continue;
    if (args === undefined || call.name === 'startCommand') {
      // The one-string overloads split a command line (Qt 5 start/execute/startDetached, Qt 6 startCommand).
      if (!isFixedText(ctx, program)) {
        yield {
          node: call.node,
          messageId: 'qprocessLine',
          data: { fn: call.name, cmd: program.text() },
        };
      }
      continue;
    }
    const prog = ctx.stringValue(unparenthesize(program));
    if (prog === undefined || !SHELL_PROGRAM.test(prog)) continue;
    const elements = listElements(ctx, args);
    const bad = elements === undefined ? undefined : shellCommandAfterSwitch(ctx, elements);
    if (bad !== undefined) {
      yield {
        node: call.node,
        messageId: 'shell',
        data: { fn: `QProcess::${call.name}`, cmd: bad.text() },
      };
    }
  }
}

export default defineCRule({
  name: 'command-injection-audit',
  title: 'Operating system command built from a non-constant string (audit)',
  description:
    'Finds system, popen, WinExec and CreateProcess command lines, exec calls running a shell with -c, and QProcess shell or command-line starts, whose command text is not fixed in the program, wherever it comes from.',
  cwe: [78],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'injection', 'command'],
  messages: {
    default:
      "`{{fn}}` runs `{{cmd}}` through the shell; if any part of it comes from input, shell metacharacters (`;`, `|`, `$( )`) run commands of the attacker's choice.",
    shell:
      '`{{fn}}` runs a shell with `-c` and the non-constant command `{{cmd}}`; shell metacharacters in it run other commands.',
    qprocessLine:
      '`{{fn}}` splits the non-constant command line `{{cmd}}` into a program and arguments; input in it chooses what runs. Pass the program and a QStringList of arguments.',
  },
  help: {
    why: "system(), popen() and `sh -c` hand the whole string to a shell, which interprets `;`, `&&`, `|`, backquotes, `$(...)` and redirections. When a file name, a host name or any other input is pasted into the command, whoever controls it can run arbitrary commands with the program's privileges.",
    fix: 'Do not build shell command lines. Run the program directly with an argument vector: `execvp(prog, argv)`, `posix_spawnp`, or `QProcess::start(program, QStringList{arg1, arg2})`; validate arguments against an allow-list and put `--` before file names. If a shell is unavoidable, quote every argument for the shell.',
  },
  requires: ['system', 'popen', 'exec', 'spawn', 'WinExec', 'CreateProcess', 'start', 'QProcess'],
  *detect(ctx) {
    yield* shellCalls(ctx);
    yield* execCalls(ctx);
    yield* qprocessCalls(ctx);
  },
});
