import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'open-redirect',
  title: 'Untrusted data chooses the target of a redirect (open redirect)',
  description:
    'Follows request data into redirect responses (flask.redirect, Django redirect and HttpResponseRedirect, Starlette RedirectResponse) that are not checked to stay on allowed hosts.',
  cwe: [601],
  severity: 'warning',
  confidence: 'high',
  tags: ['redirect', 'web', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) chooses the {{sink}} of `{{callee}}` without a check that it stays on this site.',
  },
  help: {
    why: "A link to a trusted site that redirects wherever its `next` parameter says lends the site's reputation to a phishing page, and can leak tokens carried in the URL to the attacker's host.",
    fix: 'Redirect to routes of the application (`redirect(url_for("index"))`), or check the target first: `url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})` in Django, or `urlparse(target).netloc` in an allow-list (an empty netloc plus a path starting with a single `/`).',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['redirect'],
});
