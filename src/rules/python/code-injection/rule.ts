import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'code-injection',
  title: 'Untrusted data reaches eval, exec or compile (code injection)',
  description:
    'Follows request data and other untrusted input into eval(), exec() and compile(), which run it as Python code.',
  cwe: [95, 94],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'eval', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) reaches {{sink}} in `{{callee}}` and runs as Python code.',
  },
  help: {
    why: 'eval() and exec() run any Python expression or statement: `__import__("os").system("id")` in a request parameter runs a command on the server. Restricting globals or builtins does not make eval safe; object introspection escapes any such sandbox.',
    fix: 'Do not evaluate input. Parse literals with `ast.literal_eval()` or `json.loads()`, convert numbers with `int()`/`float()`, and map names to functions with a dictionary of allowed operations.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['code'],
});
