import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'xss',
  title: 'Untrusted data written into an HTML response without escaping (cross-site scripting)',
  description:
    'Follows request data into HTML response bodies (Flask view return values, make_response, Response, Django HttpResponse, HTMLResponse, Markup and mark_safe) that is not HTML-escaped or rendered by an autoescaping template.',
  cwe: [79],
  severity: 'error',
  confidence: 'high',
  tags: ['xss', 'html', 'web', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is written into the {{sink}} (`{{callee}}`) without HTML escaping.',
  },
  help: {
    why: "Markup from the client in a page runs as script in the victim's browser, in the site's origin: it can read the page and its cookies that lack HttpOnly, act as the user, and show fake login forms.",
    fix: 'Render pages with templates that autoescape (`render_template("page.html", name=name)`), or escape each value with `markupsafe.escape()` / `html.escape()` before building HTML. Return JSON with `jsonify()` and never mark client data as safe (`Markup`, `mark_safe`).',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['html'],
});
