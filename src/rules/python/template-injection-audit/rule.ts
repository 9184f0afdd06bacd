import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { enclosingFunction, unwrap } from '../../../languages/python/expr.js';
import {
  boundValues,
  describeBuild,
  excerpt,
  isConversion,
  isLocalFileRead,
  shapeOf,
  type Resolver,
} from '../../../languages/python/injection-helpers.js';

/** Calls whose first argument is template source code. */
const TEMPLATE_SOURCES: Readonly<Record<string, string>> = {
  'flask.render_template_string': 'source',
  'flask.templating.render_template_string': 'source',
  'jinja2.Template': 'source',
  'jinja2.environment.Template': 'source',
  'mako.template.Template': 'text',
};

const ENVIRONMENTS = new Set([
  'jinja2.Environment',
  'jinja2.environment.Environment',
  'jinja2.nativetypes.NativeEnvironment',
]);
const SANDBOXES = new Set([
  'jinja2.sandbox.SandboxedEnvironment',
  'jinja2.sandbox.ImmutableSandboxedEnvironment',
]);

type EnvKind = 'jinja' | 'sandbox' | 'unknown';

function envOfCall(node: SgNode, resolve: Resolver): EnvKind {
  const n = unwrap(node);
  if (n.kind() !== 'call') return 'unknown';
  const fn = n.field('function');
  const names = fn === null ? [] : resolve(fn);
  if (names.some((x) => SANDBOXES.has(x))) return 'sandbox';
  if (names.some((x) => ENVIRONMENTS.has(x))) return 'jinja';
  return 'unknown';
}

/** What a `.from_string()` receiver is: a Jinja2 environment, a sandboxed one, or something else. */
function receiverEnv(
  receiver: SgNode,
  root: SgNode,
  resolve: Resolver,
  jinjaFile: boolean,
): EnvKind {
  const r = unwrap(receiver);
  const direct = envOfCall(r, resolve);
  if (direct !== 'unknown') return direct;
  if (r.kind() === 'identifier') {
    let values = boundValues(r);
    if (values.length === 0) {
      values = root
        .findAll({
          rule: {
            kind: 'assignment',
            has: { field: 'left', kind: 'identifier', regex: `^${r.text()}$` },
          },
        })
        .filter((a) => enclosingFunction(a) === null)
        .flatMap((a) => a.field('right') ?? []);
    }
    const kinds = values.map((v) => envOfCall(v, resolve));
    if (kinds.includes('sandbox')) return 'sandbox';
    if (kinds.includes('jinja')) return 'jinja';
  }
  // Flask's `app.jinja_env`, and conventional names in a file that uses Jinja2.
  if (/\bjinja_env(ironment)?$/.test(r.text())) return 'jinja';
  if (jinjaFile && /(^|[._])(env|environment|jinja\w*|template_env|tmpl_env)$/i.test(r.text())) {
    return 'jinja';
  }
  return 'unknown';
}

function check(
  call: CallSite,
  source: SgNode | undefined,
  resolve: Resolver,
): Detection | undefined {
  if (source === undefined || source.kind() === 'keyword_argument') return undefined;
  // A template read from a file that ships with the code is the normal, safe case.
  if (isLocalFileRead(source, resolve)) return undefined;
  const shape = shapeOf(source, { neutral: (p) => isConversion(p, resolve) });
  if (shape.kind === 'constant') return undefined;
  if (shape.kind === 'built') {
    return {
      node: call.node,
      data: { callee: call.calleeText, how: describeBuild(shape.how) },
    };
  }
  return {
    node: call.node,
    messageId: 'opaque',
    data: { callee: call.calleeText, expr: excerpt(shape.expr) },
  };
}

export default definePythonRule({
  name: 'template-injection-audit',
  title: 'Server-side template source built from non-constant data (template injection)',
  description:
    'Finds Jinja2, Flask and Mako templates compiled from template source that is not a constant, so that data can become template code.',
  cwe: [1336, 94],
  severity: 'error',
  confidence: 'low',
  enabledByDefault: false,
  tags: ['audit', 'injection', 'template', 'ssti'],
  messages: {
    default:
      '`{{callee}}` compiles template source assembled with {{how}}; data in it is executed as template code.',
    opaque:
      '`{{callee}}` compiles template source from `{{expr}}`, which is not a constant; data in it is executed as template code.',
  },
  help: {
    why: 'Template source is code: Jinja2 and Mako evaluate expressions in it. When a value is pasted into the template text instead of passed as a variable, `{{ cycler.__init__.__globals__.os.popen("id").read() }}` in that value runs on the server (server-side template injection), and in Mako `${...}` is plain Python.',
    fix: 'Keep template source constant (a file under templates/ or a literal) and pass data as context: `render_template_string("Hello {{ name }}", name=name)`, `env.get_template("page.html").render(user=user)`. If users must author templates, render them in `jinja2.sandbox.SandboxedEnvironment` and expose only plain data.',
  },
  inTests: 'lower',
  // Calls resolved to TEMPLATE_SOURCES (each through flask, jinja2 or mako), or `.from_string()` calls
  // judged only in files importing jinja2 or flask.
  requires: ['jinja', 'mako', 'flask'],
  *detect(ctx) {
    for (const call of ctx.calls(...Object.keys(TEMPLATE_SOURCES))) {
      const keyword = call.callee.map((n) => TEMPLATE_SOURCES[n]).find((k) => k !== undefined);
      const d = check(call, arg(call, 0, keyword), ctx.resolve);
      if (d !== undefined) yield d;
    }
    const jinjaFile = [...ctx.imports.modules].some(
      (m) => m.startsWith('jinja2') || m.startsWith('flask'),
    );
    if (!jinjaFile) return;
    for (const call of ctx.methodCalls('from_string')) {
      if (call.receiver === null) continue;
      if (receiverEnv(call.receiver, ctx.root, ctx.resolve, jinjaFile) !== 'jinja') continue;
      const d = check(call, arg(call, 0, 'source'), ctx.resolve);
      if (d !== undefined) yield d;
    }
  },
});
