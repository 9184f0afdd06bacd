import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'command-injection',
  title: 'Untrusted data reaches an OS command (command injection)',
  description:
    'Follows request data, command-line arguments, the environment and socket input to shell commands and program executions (os.system, subprocess with a shell or a variable program, os.exec*) that no shell quoting or validation protects.',
  cwe: [78],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'shell', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) reaches the {{sink}} of `{{callee}}` without shell quoting or validation.',
  },
  help: {
    why: 'A shell interprets metacharacters in the command line (; | & $(...), backticks, newlines). A value from the client appended to a command lets an attacker run their own commands with the privileges of this process; a client-chosen program name runs any executable.',
    fix: 'Run a fixed program with an argument list and no shell: `subprocess.run(["ping", "-c", "1", host], check=True)`. If a shell is unavoidable, quote each value with `shlex.quote()` and check it against an allow-list or a strict pattern first.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['command'],
});
