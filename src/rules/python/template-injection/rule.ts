import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'template-injection',
  title: 'Untrusted data becomes server-side template source (template injection)',
  description:
    'Follows request data into the source text of Jinja2, Flask, Django, Mako and Tornado templates, where it is compiled as template code rather than passed as a context value.',
  cwe: [1336, 94],
  severity: 'error',
  confidence: 'high',
  tags: ['injection', 'template', 'ssti', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) becomes {{sink}} in `{{callee}}` and is executed as template code.',
  },
  help: {
    why: 'Template source is code: `{{ cycler.__init__.__globals__.os.popen("id").read() }}` in Jinja2, or `${...}` in Mako, runs on the server. Values passed as context variables are data and are not evaluated.',
    fix: 'Keep the template constant (a file under templates/ or a literal) and pass the data as context: `render_template_string("Hello {{ name }}", name=name)`. If users must write templates, render them in `jinja2.sandbox.SandboxedEnvironment` with plain data only.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['template'],
});
