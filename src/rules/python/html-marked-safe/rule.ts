import type { SgNode } from '@ast-grep/napi';
import { definePythonRule, type CallSite, type Detection } from '../../../engine/rule-api.js';
import { arg } from '../../../languages/python/calls.js';
import { isLiteralTree, unwrap } from '../../../languages/python/expr.js';
import {
  attributeName,
  describeBuild,
  excerpt,
  isCallOf,
  isConversion,
  readsRequestData,
  shapeOf,
  type Resolver,
} from '../../../languages/python/injection-helpers.js';

/** Wrappers that tell the template engine "this string is HTML, do not escape it". */
const MARKERS = [
  'django.utils.safestring.mark_safe',
  'django.utils.safestring.SafeString',
  'django.utils.safestring.SafeText',
  'django.utils.html.mark_safe',
  'markupsafe.Markup',
  'flask.Markup',
  'jinja2.Markup',
  'jinja2.utils.Markup',
];
const FORMAT_HTML = ['django.utils.html.format_html'];

/** Functions whose result is escaped or sanitised HTML (or cannot contain markup). */
const ESCAPERS = new Set([
  'django.utils.html.escape',
  'django.utils.html.conditional_escape',
  'django.utils.html.format_html',
  'django.utils.html.format_html_join',
  'django.utils.html.json_script',
  'django.utils.html.escapejs',
  'django.utils.html.urlize',
  'django.template.loader.render_to_string',
  'django.shortcuts.render_to_string',
  'html.escape',
  'markupsafe.escape',
  'flask.escape',
  'jinja2.escape',
  'cgi.escape',
  'bleach.clean',
  'bleach.linkify',
  'nh3.clean',
  'urllib.parse.quote',
  'urllib.parse.urlencode',
  'flask.url_for',
  'django.urls.reverse',
  'flask.render_template',
]);
/** Methods with the same guarantee on any receiver (`Markup.escape`, `template.render`). */
const ESCAPING_METHODS = new Set([
  'escape',
  'conditional_escape',
  'format_html',
  'render_to_string',
  'render',
  'clean',
  'sanitize',
]);

/** Translation functions: `_("<b>Note:</b> ...")` returns the (translated) literal. */
const TRANSLATORS =
  /^(_|gettext|gettext_lazy|ugettext|ugettext_lazy|pgettext|pgettext_lazy|ngettext|ngettext_lazy|lazy_gettext)$/;

function isTranslatedLiteral(n: SgNode): boolean {
  if (n.kind() !== 'call') return false;
  const fn = n.field('function');
  const name = fn?.kind() === 'attribute' ? attributeName(fn) : fn?.text();
  if (name === undefined || !TRANSLATORS.test(name)) return false;
  const args = n.field('arguments')?.namedChildren() ?? [];
  return args.length > 0 && args.every((a) => isLiteralTree(a));
}

function isEscaped(node: SgNode, resolve: Resolver): boolean {
  const n = unwrap(node);
  if (isTranslatedLiteral(n)) return true;
  if (isConversion(n, resolve) || isCallOf(n, resolve, ESCAPERS, ESCAPING_METHODS)) return true;
  // "<br>".join(escape(line) for line in lines)
  if (n.kind() === 'call' && attributeName(n.field('function')) === 'join') {
    const args = n.field('arguments');
    // A lone generator argument is the argument list itself in the tree.
    const inner = args?.kind() === 'generator_expression' ? args : args?.namedChildren()[0];
    const body =
      inner?.kind() === 'generator_expression' || inner?.kind() === 'list_comprehension'
        ? inner.namedChildren()[0]
        : undefined;
    return body !== undefined && isEscaped(body, resolve);
  }
  return false;
}

function check(
  call: CallSite,
  value: SgNode | undefined,
  resolve: Resolver,
  formatHtml: boolean,
): Detection | undefined {
  if (value === undefined || value.kind() === 'keyword_argument') return undefined;
  if (isEscaped(value, resolve)) return undefined;
  const shape = shapeOf(value, { neutral: (p) => isEscaped(p, resolve) });
  if (shape.kind === 'constant') return undefined;
  const fromRequest =
    readsRequestData(value) ||
    (shape.kind === 'built' && shape.parts.some((p) => readsRequestData(p)));
  if (shape.kind === 'built') {
    return {
      node: call.node,
      messageId: formatHtml ? 'formatHtml' : 'default',
      data: { callee: call.calleeText, how: describeBuild(shape.how) },
      confidence: 'high',
      ...(fromRequest ? {} : { severity: 'warning' as const }),
    };
  }
  if (formatHtml) return undefined;
  // An opaque value is most often HTML the application produced itself; report it weakly unless
  // request data visibly flows in.
  return {
    node: call.node,
    messageId: 'opaque',
    data: { callee: call.calleeText, expr: excerpt(shape.expr) },
    confidence: fromRequest ? 'high' : 'low',
    ...(fromRequest ? {} : { severity: 'warning' as const }),
  };
}

export default definePythonRule({
  name: 'html-marked-safe',
  title: 'Non-constant string marked as safe HTML, bypassing template escaping (XSS)',
  description:
    'Finds mark_safe(), SafeString(), Markup() and format_html() applied to strings assembled from data, which disables autoescaping for that data.',
  cwe: [79],
  severity: 'error',
  confidence: 'high',
  tags: ['xss', 'django', 'flask'],
  messages: {
    default:
      '`{{callee}}` marks HTML assembled with {{how}} as safe, so the interpolated data is never escaped.',
    opaque: '`{{callee}}` marks `{{expr}}` as safe HTML without visible escaping.',
    formatHtml:
      '`{{callee}}` receives a format string assembled with {{how}}; only the arguments of format_html are escaped, not its format string.',
  },
  help: {
    why: 'Template engines escape variables unless they are marked safe. mark_safe()/Markup() on a string that contains user data turns `<img src=x onerror=alert(document.cookie)>` into live markup in every page that shows it (stored or reflected XSS). format_html() escapes its arguments but trusts its format string, so interpolating data into that string defeats it.',
    fix: 'Build HTML with `format_html("<b>{}</b>", value)` (Django) or `Markup("<b>{}</b>").format(value)` / `Markup("<b>%s</b>") % value` (MarkupSafe), which escape the values; or escape each piece with `escape()`/`conditional_escape()` before joining. Sanitise rich text with an HTML sanitiser (`nh3.clean`, `bleach.clean`) before marking it safe.',
  },
  inTests: 'lower',
  // Every report is a call resolved to one of MARKERS or FORMAT_HTML: through django (`jango`, found
  // faster than a name starting with a common letter), or to a Markup class.
  requires: ['jango', 'Markup'],
  *detect(ctx) {
    for (const call of ctx.calls(...MARKERS)) {
      const d = check(
        call,
        arg(call, 0, call.method === 'mark_safe' ? 's' : 'base'),
        ctx.resolve,
        false,
      );
      if (d !== undefined) yield d;
    }
    for (const call of ctx.calls(...FORMAT_HTML)) {
      const d = check(call, arg(call, 0, 'format_string'), ctx.resolve, true);
      if (d !== undefined) yield d;
    }
  },
});
