import { defineTaintRule } from '../../../engine/dataflow/rule.js';
import { PYTHON_TAINT_SPEC } from '../../../languages/python/taint/index.js';

export default defineTaintRule({
  name: 'trust-boundary-violation',
  title: 'Untrusted request data stored in the server-side session',
  description:
    'Follows request data into session stores (Flask session, Django request.session) where it is not validated, mixing trusted and untrusted data.',
  cwe: [501],
  severity: 'warning',
  confidence: 'medium',
  tags: ['session', 'web', 'dataflow'],
  messages: {
    default:
      'Data from {{source}} (line {{sourceLine}}) is stored in the {{sink}} (`{{callee}}`) without validation.',
  },
  help: {
    why: 'Code that reads the session trusts it: values there are usually put by the application after a check (the logged-in user, a role, a verified e-mail). Unvalidated client data stored alongside them can later be taken for a checked value and used to bypass authorization.',
    fix: 'Validate request data before it crosses into the session: convert it (`int()`), check it against an allow-list, or store only values the server derived itself (the user id after authentication). Keep untrusted input in request-scoped variables.',
  },
  // Test code exercises handlers with fabricated requests; what it does is not deployed.
  inTests: 'lower',
  spec: PYTHON_TAINT_SPEC,
  sinkKinds: ['trust-boundary'],
});
