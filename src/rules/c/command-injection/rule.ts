import { defineCTaintRule } from '../../../engine/dataflow/rule.js';
import { C_TAINT_SPEC } from '../../../languages/c/taint/index.js';

export default defineCTaintRule({
  name: 'command-injection',
  title: 'Untrusted data reaches an OS command (command injection)',
  description:
    'Follows data received from the network, the command line, the environment, standard input, files and the parameters of functions nothing in the file calls to shell commands (system, popen, sh -c, cmd /c), the program of exec*/posix_spawn/CreateProcess and QProcess command lines, through copies, formats and helpers of the same file, unless a number conversion, shell quoting or a check against constants protects it.',
  cwe: [78],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'command', 'dataflow'],
  messages: {
    default:
      'The {{sink}} of `{{callee}}` is built from {{source}} (line {{sourceLine}}), with no shell quoting or validation.',
  },
  help: {
    why: "A shell interprets `;`, `&&`, `|`, backquotes, `$(...)` and redirections anywhere in its command line. A host name, file name or any other value received from a client and pasted into a command lets whoever sent it run their own commands with this program's privileges; a client-chosen program path runs any executable.",
    fix: 'Run a fixed program with an argument vector and no shell: `char *argv[] = {"ping", "-c", "1", "--", host, NULL}; execv("/bin/ping", argv);`, `posix_spawn`, or `QProcess::start("ping", {"-c", "1", host})`. Check values against an allow-list (or convert them to numbers) first; if a shell is unavoidable, quote each value for it (`g_shell_quote`).',
  },
  // Test code drives handlers with fabricated input; what it runs is not deployed.
  inTests: 'lower',
  spec: C_TAINT_SPEC,
  sinkKinds: ['command'],
});
