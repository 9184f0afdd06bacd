import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'log-injection',
  title: 'Untrusted data written to a log without neutralising line breaks',
  description:
    'Follows request data into logging calls (logging.* and logger methods) where it is not encoded (repr, json.dumps) or validated.',
  cwe: [117],
  severity: 'warning',
  confidence: 'medium',
  tags: ['injection', 'logging', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is written to the {{sink}} by `{{callee}}` without neutralising line breaks.',
  },
  help: {
    why: 'A line break in a logged value starts a new, forged log entry (`admin logged in` on a line of its own) that misleads whoever reads the log or the tools that parse it, and control sequences can attack the terminal used to read it.',
    fix: 'Log untrusted values with `%r` or `repr()` (or `json.dumps()`), which escape line breaks, replace `\\r` and `\\n` before logging, or use a structured (JSON) log formatter that encodes every field.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['log'],
});
